"""Build models/namelists/dutch_words.txt.gz: lower-case Dutch word forms and lemmas.

    pip install spacy-lookups-data==1.0.5     # build time only (MIT licence)
    python models/build_wordlist.py

The words come from spaCy's Dutch lemma lookup tables (keys, values and the per-POS index).
The policy uses them to tell a capitalised common word at the start of a sentence, which the
statistical model sometimes calls a person ("Ondergetekende", "Antwoord"), from a name.
"""

from __future__ import annotations

import gzip
import json
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parent / "namelists" / "dutch_words.txt.gz"


def main() -> int:
    data = resources.files("spacy_lookups_data") / "data"
    lookup = json.loads(gzip.decompress((data / "nl_lemma_lookup.json.gz").read_bytes()))
    index = json.loads(gzip.decompress((data / "nl_lemma_index.json.gz").read_bytes()))
    words = set(lookup) | {v for v in lookup.values() if isinstance(v, str)}
    for forms in index.values():
        words.update(forms)
    words = {w for w in words if w.isalpha() and w.islower() and len(w) > 1}
    body = "".join(f"{w}\n" for w in sorted(words)).encode()
    # a fixed mtime keeps the file byte-identical between builds
    OUT.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    print(f"{len(words)} words → {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
