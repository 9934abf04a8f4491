"""Fuzz the whole pipeline with mutated sample PDFs that carry a planted name.

Run it as a separate command (not part of the normal test run); see fuzz/README.md:

    python fuzz/fuzz_pipeline.py --examples 10000

Each input is a seed PDF (the samples in samples/, each with the planted name added to its page
text, metadata and a note, saved both compressed and uncompressed so that mutations hit the text
operators) with byte-level mutations applied. It goes through ``woo_redact.pipeline.run`` in this
process (fast path: the analyzer is loaded once); every ``--cli-every``-th input also goes
through the ``woo-redact run`` command line, with worker isolation. Invariants:

- no unhandled exception, and the CLI exits 0 or 1 (never a traceback or another code);
- no input takes longer than ``--hang`` seconds (faulthandler ends the process, the input is
  kept in fuzz/last_input.pdf);
- a document reported ``ok`` has no planted name in its output (page text, annotations,
  metadata), and a document not reported ``ok`` has no output at all, nor a ``.part`` file.

A failing input is saved under tests/fixtures/fuzz/ (tests/test_hostile_inputs.py runs every
file there as a regression test).
"""

from __future__ import annotations

import argparse
import faulthandler
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pymupdf
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from woo_redact.errors import DOCUMENT_CODES
from woo_redact.pipeline import Options, run
from woo_redact.types import Status
from woo_redact.variants import exact_needle

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CRASHERS = ROOT / "tests" / "fixtures" / "fuzz"
FINDINGS = Path(__file__).resolve().parent / "findings"
LAST_INPUT = Path(__file__).resolve().parent / "last_input.pdf"
PLANTED = "Zwanetta Kwakernaat"
PLANTED_PATTERN = exact_needle("Kwakernaat").pattern  # compiled, case-insensitive


# -- seeds and rules ---------------------------------------------------------------------------


def plant_channels(doc: pymupdf.Document) -> None:
    """The planted name in the places a PDF carries strings besides the page text: a note, the
    author, a custom Info key, XMP, a bookmark, a link URI and its /Contents, a named
    destination, a structure element's /Alt, and the document's PieceInfo."""
    page = doc[0]
    page.insert_text((72, page.rect.height - 60), f"Behandelaar: {PLANTED}", fontname="helv")
    page.add_text_annot((40, 40), f"Graag reactie van {PLANTED}")
    doc.set_metadata({**(doc.metadata or {}), "author": PLANTED})
    info = doc.xref_get_key(-1, "Info")
    if info[0] == "xref":
        doc.xref_set_key(int(info[1].split()[0]), "Manager", pymupdf.get_pdf_str(PLANTED))
    doc.set_xml_metadata(f"<x:xmpmeta xmlns:x='adobe:ns:meta/'><dc>{PLANTED}</dc></x:xmpmeta>")
    doc.set_toc([[1, f"Notitie {PLANTED}", 1]])
    mail = "mailto:" + PLANTED.lower().replace(" ", ".") + "@example.nl"
    page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(20, 20, 60, 30), "uri": mail})
    cat = doc.pdf_catalog()
    alt = doc.get_new_xref()
    doc.update_object(
        alt, f"<< /Type /StructElem /S /Figure /Alt {pymupdf.get_pdf_str(PLANTED)} >>"
    )
    doc.xref_set_key(cat, "StructTreeRoot", f"<< /Type /StructTreeRoot /K {alt} 0 R >>")
    doc.xref_set_key(cat, "PieceInfo", f"<< /App << /Private {pymupdf.get_pdf_str(PLANTED)} >> >>")


def make_seeds(folder: Path) -> list[bytes]:
    """The samples with the planted name on their first page and in every other channel."""
    seeds: list[bytes] = []
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        doc = pymupdf.open(pdf)
        plant_channels(doc)
        seeds.append(doc.tobytes(garbage=3, deflate=True))
        seeds.append(doc.tobytes(garbage=1, expand=255, deflate=False))
        doc.close()
    for i, data in enumerate(seeds):
        (folder / f"seed{i:02d}.pdf").write_bytes(data)
    return seeds


def make_rules(folder: Path) -> Path:
    """The bundled rules with the planted name on the deny list: redacted wherever it is read."""
    from woo_redact.rules import bundled_dir

    rules = folder / "rules"
    shutil.copytree(bundled_dir("rules"), rules)
    with (rules / "deny.txt").open("a", encoding="utf-8") as fh:
        fh.write(f"\n{PLANTED}\nKwakernaat\nZwanetta\n")
    return rules


def small_good() -> bytes:
    """One page with the planted name in every channel: the good file of each batch."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Verslag van het overleg over de subsidieregeling.", fontname="helv")
    page.insert_text((72, 90), "Het besluit volgt in de volgende vergadering.", fontname="helv")
    plant_channels(doc)
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data


def near_bytes(data: bytes) -> bytes:
    """The same bytes with a comment after the end: another hash, the same document."""
    return data + b"\n% a near-identical copy\n"


def near_copy(data: bytes) -> bytes:
    """The same document saved again with another title: other bytes, the same content."""
    doc = pymupdf.open("pdf", data)
    doc.set_metadata({**(doc.metadata or {}), "title": "kopie uit een andere mailbox"})
    out = doc.tobytes(garbage=1, deflate=True)
    doc.close()
    return out


GOOD_COPIES_EVERY = 10  # batches that also hold a copy and a near copy of the good file


# -- mutations ---------------------------------------------------------------------------------

INTERESTING = [
    b"0",
    b"-1",
    b"4294967296",
    b"99999999",
    b"R",
    b"obj",
    b"endobj",
    b"stream",
    b"endstream",
    b"<<",
    b">>",
    b"[",
    b"]",
    b"(",
    b")",
    b"/Length 0",
    b"/Filter /FlateDecode",
    b"/Type /Page",
    b"/Kids [1 0 R]",
    b"BT",
    b"ET",
    b"Tj",
    b"TJ",
    b"Tf",
    b"xref",
    b"trailer",
    b"%%EOF",
    b"\x00",
    b"\xff" * 8,
    b"/Encrypt 1 0 R",
    b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
]


def mutate(data: bytes, ops: list[tuple[int, int, int, int]], other: bytes) -> bytes:
    """Apply byte-level mutations; each op is (kind, position, length, value) scaled to data."""
    buf = bytearray(data)
    for kind, pos, length, value in ops:
        if not buf:
            break
        p = pos % len(buf)
        n = 1 + length % 64
        if kind == 0:  # flip one bit
            buf[p] ^= 1 << (value % 8)
        elif kind == 1:  # overwrite a byte
            buf[p] = value % 256
        elif kind == 2:  # delete a range
            del buf[p : p + n]
        elif kind == 3:  # insert random-ish bytes
            buf[p:p] = bytes((value + i * 31) % 256 for i in range(n))
        elif kind == 4:  # duplicate a range
            buf[p:p] = buf[p : p + n * 8]
        elif kind == 5:  # truncate
            del buf[max(1, p) :]
        elif kind == 6:  # insert a token that matters to a PDF parser
            buf[p:p] = INTERESTING[value % len(INTERESTING)]
        elif kind == 7:  # change a number in place (lengths, offsets, object numbers)
            start = p
            while start < len(buf) and not 48 <= buf[start] <= 57:
                start += 1
            end = start
            while end < len(buf) and 48 <= buf[end] <= 57:
                end += 1
            if start < end:
                buf[start:end] = str(int(buf[start:end]) + value - 128).encode()
        else:  # splice in a range of another seed
            q = pos % max(1, len(other))
            buf[p:p] = other[q : q + n * 16]
    return bytes(buf)


# -- invariants ------------------------------------------------------------------------------


def graph_leaks(path: Path) -> list[str]:
    """Every object of the file, its source and its decompressed stream, searched for the
    planted name as bytes (Latin-1, UTF-8 and UTF-16BE): independent of how the tool reads."""
    forms = [
        PLANTED_BYTES.lower(),
        "kwakernaat".encode("utf-16-be"),
        "KWAKERNAAT".encode("utf-16-be"),
        "Kwakernaat".encode("utf-16-be"),
    ]
    found: list[str] = []
    with pymupdf.open(path) as doc:
        for xref in range(1, doc.xref_length()):
            try:
                blobs = [doc.xref_object(xref, compressed=False).encode("latin-1", "replace")]
                if doc.xref_is_stream(xref):
                    blobs.append(doc.xref_stream(xref) or b"")
            except Exception:  # an object MuPDF cannot read is not a string a reader sees
                continue
            for blob in blobs:
                if _word_in(blob, forms) or _hex_leak(blob):
                    found.append(f"object {xref}")
                    break
    return found


PLANTED_BYTES = b"Kwakernaat"


def _word_in(blob: bytes, forms: list[bytes]) -> bool:
    """A form as a whole word (not glued to letters or digits), as the tool's own rule has it:
    "/MKwakernaat", a mutation that fused a key with the name, is no mention of the name."""
    low = blob.lower()
    for form in forms:
        for hay in (blob, low):
            start = hay.find(form)
            while start >= 0:
                before = hay[start - 1 : start]
                after = hay[start + len(form) : start + len(form) + 1]
                if not (before.isalnum() or after.isalnum()):
                    return True
                start = hay.find(form, start + 1)
    return False


def _hex_leak(blob: bytes) -> bool:
    """The name inside a hex string <...> (how PyMuPDF writes non-ASCII strings)."""
    for m in re.finditer(rb"<([0-9A-Fa-f\s]{8,})>", blob):
        try:
            raw = bytes.fromhex(m.group(1).decode().replace(" ", "").replace("\n", ""))
        except ValueError:
            continue
        for enc in ("utf-16-be", "latin-1"):
            if _word_in(raw.decode(enc, "replace").lower().encode(), [b"kwakernaat"]):
                return True
    return False


def leaks(path: Path) -> tuple[list[str], list[str]]:
    """Where the planted name can still be read in a published output: (page text, other).

    Both are invariants: notes and metadata are searched like a page since the fuzz finding
    of 28 Nov 2026 (a note naming someone not named on the page was published unchanged).
    """
    pattern = PLANTED_PATTERN
    text: list[str] = []
    other: list[str] = []
    with pymupdf.open(path) as doc:
        for page in doc:
            if pattern.search(page.get_text()):
                text.append(f"page {page.number + 1} text")
            for annot in page.annots() or []:
                info = annot.info
                if pattern.search(" ".join(str(v) for v in info.values())):
                    other.append(f"page {page.number + 1} annotation")
        meta = " ".join(str(v) for v in (doc.metadata or {}).values())
        if pattern.search(meta) or pattern.search(doc.get_xml_metadata() or ""):
            other.append("metadata")
    other += graph_leaks(path)
    return text, other


def check_outputs(out: Path, statuses: dict[str, str]) -> tuple[list[str], list[str]]:
    """(invariant violations, other-channel leaks) for one run's output folder."""
    problems: list[str] = []
    channel: list[str] = []
    for rel, status in statuses.items():
        target = out / rel
        if status == Status.OK.value:
            if not target.is_file():
                problems.append(f"{rel}: reported ok but no output")
            else:
                text, other = leaks(target)
                problems += [f"{rel}: planted name leaked ({w})" for w in text + other]
                channel += [f"{rel}: planted name left in {w}" for w in other]
        elif target.exists():
            problems.append(f"{rel}: reported {status} but an output was written")
    parts = [p.name for p in out.rglob("*.part")]
    if parts:
        problems.append(f"left-over temporary files: {parts}")
    return problems, channel


def save_crasher(data: bytes, why: str) -> Path:
    CRASHERS.mkdir(parents=True, exist_ok=True)
    path = CRASHERS / f"crash-{hashlib.sha256(data).hexdigest()[:16]}.pdf"
    path.write_bytes(data)
    path.with_suffix(".txt").write_text(why + "\n", encoding="utf-8")
    return path


# -- the harness -----------------------------------------------------------------------------


class Harness:
    def __init__(self, work: Path, cli_every: int, hang: float) -> None:
        self.work = work
        self.seeds = make_seeds(work)
        self.rules = make_rules(work)
        self.cli_every = cli_every
        self.hang = hang
        self.count = 0
        self.statuses: dict[str, int] = {}
        self.cli_runs = 0
        self.channel_leaks = 0
        self.good = self._pick_good()
        self.near = near_copy(self.good) if self.good is not None else b""

    def _pick_good(self) -> bytes | None:
        """A small document that is redacted on its own: in every batch it must stay so."""
        for i, data in enumerate([small_good(), *self.seeds]):
            case = self.work / "baseline"
            shutil.rmtree(case, ignore_errors=True)
            (case / "in").mkdir(parents=True)
            (case / "in" / "good.pdf").write_bytes(data)
            summary = run(
                [case / "in"],
                Options(out=case / "out", workers=1, rules_dir=self.rules, isolate=False),
            )
            if summary.results[0].status is Status.OK:
                print(f"good file of every batch: seed {i}", flush=True)
                return data
        print("no seed is redacted on its own: the good-file check is off", flush=True)
        return None

    def run_one(self, data: bytes) -> None:
        self.count += 1
        LAST_INPUT.write_bytes(data)
        case = self.work / "case"
        shutil.rmtree(case, ignore_errors=True)
        (case / "in").mkdir(parents=True)
        (case / "in" / "fuzzed.pdf").write_bytes(data)
        (case / "in" / "copies").mkdir()
        (case / "in" / "copies" / "fuzzed.pdf").write_bytes(data)  # the same file twice
        (case / "in" / "fuzzed-near.pdf").write_bytes(near_bytes(data))
        if self.good is not None:
            (case / "in" / "good.pdf").write_bytes(self.good)
            if self.count % GOOD_COPIES_EVERY == 0:
                (case / "in" / "copies" / "good.pdf").write_bytes(self.good)
                (case / "in" / "good-near.pdf").write_bytes(self.near)
        faulthandler.dump_traceback_later(self.hang, exit=True)
        try:
            if self.cli_every and self.count % self.cli_every == 0:
                problems = self._via_cli(case)
            else:
                problems = self._in_process(case)
        except Exception as exc:
            save_crasher(data, f"unhandled exception: {type(exc).__name__}: {exc}")
            raise
        finally:
            faulthandler.cancel_dump_traceback_later()
        problems, channel = problems
        if channel:
            self.channel_leaks += 1
            if self.channel_leaks <= 20:
                FINDINGS.mkdir(parents=True, exist_ok=True)
                name = f"channel-{hashlib.sha256(data).hexdigest()[:16]}"
                (FINDINGS / f"{name}.pdf").write_bytes(data)
                (FINDINGS / f"{name}.txt").write_text("; ".join(channel) + "\n", encoding="utf-8")
        if problems:
            path = save_crasher(data, "; ".join(problems))
            raise AssertionError(f"{path.name}: {'; '.join(problems)}")

    def _in_process(self, case: Path) -> tuple[list[str], list[str]]:
        out = case / "out"
        summary = run(
            [case / "in"],
            Options(out=out, workers=1, rules_dir=self.rules, isolate=False, ocr="never"),
        )
        statuses = {r.rel: r.status.value for r in summary.results}
        for status in statuses.values():
            self.statuses[status] = self.statuses.get(status, 0) + 1
        problems, channel = check_outputs(out, statuses)
        if statuses.get("fuzzed.pdf") != statuses.get("copies/fuzzed.pdf"):
            problems.append(f"identical copies of the fuzzed file ended differently: {statuses}")
        if self.good is not None:
            for rel in ("good.pdf", "copies/good.pdf", "good-near.pdf"):
                if rel in statuses and statuses[rel] != Status.OK.value:
                    problems.append(f"{rel} (the good file or its copy) was not redacted")
            counts = {
                r.rel: len(r.redactions) for r in summary.results if r.rel.endswith("good.pdf")
            }
            if len(set(counts.values())) > 1:
                problems.append(f"identical copies redacted differently: {counts}")
        return problems, channel

    def _via_cli(self, case: Path) -> tuple[list[str], list[str]]:
        self.cli_runs += 1
        out = case / "out"
        cmd = [sys.executable, "-m", "woo_redact.cli", "run", str(case / "in"), "--out", str(out)]
        cmd += ["--rules", str(self.rules), "--quiet", "--workers", "1", "--timeout", "60"]
        cmd += ["--ocr", "never"]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=self.hang)
        problems = []
        # a document's outcome (failed, manual handling, not a PDF) is no problem of the tool
        if proc.returncode not in (0, *DOCUMENT_CODES) or "Traceback" in proc.stderr:
            problems.append(f"CLI exit {proc.returncode}: {proc.stderr[-500:]}")
        statuses = {}
        audit = out / "audit.jsonl"
        if audit.exists():
            for line in audit.read_text(encoding="utf-8").splitlines():
                rec = json.loads(line)
                if rec["event"] == "document":
                    statuses[rec["file"]] = rec["status"]
        elif not problems:
            problems.append("CLI wrote no audit.jsonl")
        more, channel = check_outputs(out, statuses)
        return problems + more, channel


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--cli-every", type=int, default=250, help="0: never via the CLI")
    parser.add_argument("--hang", type=float, default=120.0, help="seconds before a hang")
    parser.add_argument("--seed", type=int, default=0, help="random seed (reproducible runs)")
    args = parser.parse_args()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)

    with tempfile.TemporaryDirectory(prefix="woo-fuzz-") as tmp:
        harness = Harness(Path(tmp), args.cli_every, args.hang)
        seeds = harness.seeds
        op = st.tuples(
            st.integers(0, 8),
            st.integers(0, 1 << 24),
            st.integers(0, 1 << 16),
            st.integers(0, 255),
        )

        @settings(
            max_examples=args.examples,
            deadline=None,
            database=None,
            derandomize=False,
            phases=[Phase.generate],  # keep what fails as it is; shrinking re-runs the pipeline
            suppress_health_check=list(HealthCheck),
        )
        @given(
            seed=st.integers(0, len(seeds) - 1),
            other=st.integers(0, len(seeds) - 1),
            ops=st.lists(op, min_size=1, max_size=8),
        )
        def target(seed: int, other: int, ops: list[tuple[int, int, int, int]]) -> None:
            harness.run_one(mutate(seeds[seed], ops, seeds[other]))
            if harness.count % 500 == 0:
                rate = harness.count / (time.monotonic() - started)
                print(
                    f"{harness.count} inputs, {rate:.1f}/s, statuses {harness.statuses}, "
                    f"other-channel leaks {harness.channel_leaks}",
                    flush=True,
                )

        import random

        random.seed(args.seed)
        started = time.monotonic()
        failed = ""
        try:
            target()
        except Exception as exc:  # report, keep the crasher (saved by run_one)
            failed = f"{type(exc).__name__}: {exc}"
        elapsed = time.monotonic() - started
        print(
            json.dumps(
                {
                    "inputs": harness.count,
                    "cli_runs": harness.cli_runs,
                    "seconds": round(elapsed),
                    "statuses": harness.statuses,
                    "other_channel_leaks": harness.channel_leaks,
                    "failure": failed,
                }
            ),
            flush=True,
        )
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
