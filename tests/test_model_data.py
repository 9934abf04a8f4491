"""Tests for the training-data generator (models/make_data.py) and its OCR noise
(models/ocr_noise.py): entity offsets stay right, negatives are never names, and the shipped
recipe's data does not change."""

from __future__ import annotations

import hashlib
import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "models"))

pytest.importorskip("spacy")

import make_data  # noqa: E402
import ocr_noise  # noqa: E402
from woo_nlp import make_nlp  # noqa: E402

NONE = ocr_noise.Level(diacritic=0.0, lookalike=0.0, merge=0.0, split=0.0, stray=0.0)


def spans_text(text: str, ents: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    return [(text[s:e], lab) for s, e, lab in ents]


def test_ocr_noise_level_zero_changes_nothing() -> None:
    text = "Gesprek met José Müller van het ministerie."
    ents = [(12, 23, "PERSON")]
    assert ocr_noise.ocr_noise(text, ents, random.Random(1), level=NONE) == (text, ents)


@pytest.mark.parametrize(
    ("level", "text", "ents", "want_text", "want_spans"),
    [
        (  # every diacritic read some other way, the span follows the shorter or longer text
            NONE.__class__(1.0, 0.0, 0.0, 0.0, 0.0),
            "Financiën: José Müller",
            [(11, 22, "PERSON")],
            None,
            None,
        ),
        (  # every space that may be merged is: inside one entity or between outside words
            NONE.__class__(0.0, 0.0, 1.0, 0.0, 0.0),
            "Gesprek met Jan Jansen over het plan.",
            [(12, 22, "PERSON")],
            "Gesprekmet JanJansen overhetplan.",
            [("JanJansen", "PERSON")],
        ),
        (  # a stray mark stands between outside words only, never next to the name
            NONE.__class__(0.0, 0.0, 0.0, 0.0, 1.0),
            "met Jan Jansen over",
            [(4, 14, "PERSON")],
            None,
            [("Jan Jansen", "PERSON")],
        ),
    ],
)
def test_ocr_noise_keeps_entities(level, text, ents, want_text, want_spans) -> None:  # noqa: ANN001
    got_text, got_ents = ocr_noise.ocr_noise(text, ents, random.Random(7), level=level)
    if want_text is not None:
        assert got_text == want_text
    if want_spans is not None:
        assert spans_text(got_text, got_ents) == want_spans
    if level.diacritic:
        assert not set("ëéü") & set(got_text)
        name = got_text[got_ents[0][0] : got_ents[0][1]]
        assert name.startswith("Jos") and name.endswith("ller")


def test_ocr_noise_stray_marks_stay_outside_entities() -> None:
    level = NONE.__class__(0.0, 0.0, 0.0, 0.0, 1.0)
    text, ents = ocr_noise.ocr_noise(
        "met Jan Jansen over", [(4, 14, "PERSON")], random.Random(3), level=level
    )
    # "met <mark> Jan Jansen <mark> over": the marks stand alone, the name is whole
    words = text.split()
    assert words[0] == "met" and words[-1] == "over" and "Jan" in words and "Jansen" in words
    assert len(words) == 6


def test_ocr_noise_documents_stay_aligned_with_the_tokenizer() -> None:
    """Noisy documents keep almost every entity on token boundaries (the rest is skipped by
    make_data.to_docbin, and counted)."""
    nlp = make_nlp()
    gen = make_data.DocGen(11, negatives=True, sentence_negatives=True, ocr_share=1.0)
    bad = 0
    n = 150
    for _ in range(n):
        t = gen.document()
        doc = nlp.make_doc(t.text)
        for s, e, lab in t.ents:
            while s < e and t.text[s].isspace():
                s += 1
            while e > s and t.text[e - 1].isspace():
                e -= 1
            if doc.char_span(s, e, label=lab, alignment_mode="strict") is None:
                bad += 1
                break
    assert bad <= n * 0.03


def test_start_words_are_never_names_and_the_splits_are_disjoint() -> None:
    names = {
        w.lower()
        for f in make_data.LISTS.glob("*.txt")
        if "first" in f.name or "surname" in f.name
        for w in make_data.load(f.name)
    }
    train = set().union(*make_data.start_words("train"))
    held = set().union(*make_data.start_words("eval"))
    assert len(train) > 10_000 and len(held) > 2_000
    assert not (train | held) & names
    assert not train & held
    for word in ("kosten", "bakker", "roos"):  # ordinary words that are also names
        assert word not in train | held


def test_sentence_starts_are_ordinary_words_or_names_in_the_same_frames() -> None:
    """A frame's head is an ordinary word (no entity) or a name (PERSON), both often."""
    gen = make_data.DocGen(5, sentence_negatives=True)
    heads = {None: 0, "PERSON": 0}
    for _ in range(400):
        first_text, first_label = gen.start_sentence()[0]
        assert first_text[:1].isupper()
        if first_label in heads:
            heads[first_label] += 1
    assert heads[None] > 100 and heads["PERSON"] > 60


def test_table_rows_start_with_a_name_below_a_header() -> None:
    gen = make_data.DocGen(2, sentence_negatives=True)
    pieces = make_data.table_lines(gen.neg, random.Random(2))
    text = "".join(s for s, _ in pieces)
    header, *rows = [line for line in text.split("\n") if line]
    assert 2 <= len(rows) <= 5
    assert any(lab == "PERSON" for _, lab in pieces)
    assert not any(lab for s, lab in pieces if s.startswith(header[:4]))


def _digest(gen: make_data.DocGen, n: int) -> str:
    h = hashlib.sha256()
    for _ in range(n):
        t = gen.document()
        h.update(t.text.encode())
        h.update(repr(sorted(t.ents)).encode())
    return h.hexdigest()[:16]


def test_new_flags_leave_the_earlier_recipes_data_unchanged() -> None:
    """Without the recipe-2 flags the generator gives the same documents as before them (the
    shipped model's data and attempt 3's), so their models can still be rebuilt."""
    assert _digest(make_data.DocGen(20240501), 40) == _digest(
        make_data.DocGen(20240501, sentence_negatives=False, ocr_share=0.0), 40
    )
    assert _digest(make_data.DocGen(20240501), 40) == SHIPPED_DIGEST
    assert _digest(make_data.DocGen(20240501, negatives=True), 40) == NEGATIVES_DIGEST


SHIPPED_DIGEST = "57d57bc03c1cc7e6"
NEGATIVES_DIGEST = "6dd4450df055aab0"


def test_ocr_noise_can_leave_places_and_organisations_as_written() -> None:
    """Places and organisations keep their spelling (make_data.CLEAN_LABELS); names and the
    text around them get the noise."""
    full = ocr_noise.Level(diacritic=1.0, lookalike=1.0, merge=1.0, split=1.0, stray=0.0)
    text = "Overleg in Leeuwarden met Femmigje Boël over Financiën bij Rijkswaterstaat."
    ents = [(text.index(w), text.index(w) + len(w), lab)
            for w, lab in (("Leeuwarden", "LOC"), ("Femmigje Boël", "PERSON"),
                           ("Rijkswaterstaat", "ORG"))]  # fmt: skip
    got, spans = ocr_noise.ocr_noise(text, ents, random.Random(4), level=full,
                                     keep_labels=make_data.CLEAN_LABELS)  # fmt: skip
    named = dict((lab, got[s:e]) for s, e, lab in spans)
    assert named["LOC"] == "Leeuwarden" and named["ORG"] == "Rijkswaterstaat"
    assert named["PERSON"] != "Femmigje Boël" and "Financiën" not in got
