"""Verification does not trust the redactor: detection runs again on the written file, and the
values the whole set redacts are looked for in every output."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tests.conftest import write_pdf
from woo_redact.decide import decide_set
from woo_redact.detect import detect_document
from woo_redact.detect.engine import get_analyzer
from woo_redact.extract import build_page_text, extract_document
from woo_redact.pipeline import label_words
from woo_redact.redact import burn
from woo_redact.rules import load_rules
from woo_redact.types import PageText, Word
from woo_redact.verify import (
    as_decided,
    compile_spread,
    document_context,
    redetect_problems,
    unflagged_text,
    verify,
)


def set_context(decided, text, labels, spread):
    """The verification context of ``text`` from the set's decisions (as a redact job makes it
    from its own findings)."""
    own = [(f, decided.decisions[f.id].action) for f in decided.findings if f.doc == text.rel]
    return document_context(text, own, labels, spread, decided.redactions.get(text.rel, []))


LINES = [
    "Aan de Minister van Economische Zaken en Klimaat",
    "Contactpersoon: mevrouw Hanneke Zwartsenberg, tel. 06-41827395",
    "Het ministerie investeert in Brainport-Eindhoven en Twente.",
]


def _decided(tmp_path: Path, names: list[str]):
    rules = load_rules()
    texts = [extract_document(write_pdf(tmp_path / n, [LINES]), n) for n in names]
    findings = [f for t in texts for f in detect_document(t, get_analyzer())]
    return rules, texts, decide_set(texts, findings, rules)


def _check(tmp_path: Path, rules, text, decided, reds) -> list[str]:
    out = tmp_path / f"out-{text.rel}"
    burnt = burn(text.path, out, text, reds)
    context = set_context(decided, text, label_words("[Redacted]", rules), compile_spread(decided))
    return verify(out, text, reds, burnt) + redetect_problems(
        out, text, get_analyzer(), rules, context
    )


def test_a_clean_output_passes(tmp_path: Path) -> None:
    rules, (text,), decided = _decided(tmp_path, ["a.pdf"])
    assert _check(tmp_path, rules, text, decided, decided.redactions["a.pdf"]) == []


def test_a_finding_the_redactor_dropped_is_found_again(tmp_path: Path) -> None:
    """The redactor is handed the redactions minus the phone number: its own check of its own
    redactions has nothing to look for; detection on the output finds it."""
    rules, (text,), decided = _decided(tmp_path, ["a.pdf"])
    reds = [r for r in decided.redactions["a.pdf"] if r.type != "PHONE_NUMBER"]
    problems = _check(tmp_path, rules, text, decided, reds)
    assert any("PHONE_NUMBER" in p for p in problems), problems
    assert not any("06-41827395" in p for p in problems)  # never the value itself


def test_a_copy_whose_decisions_were_lost_is_caught(tmp_path: Path) -> None:
    """The breach of issue 8: the second copy gets no redactions at all."""
    rules, (a, b), decided = _decided(tmp_path, ["a.pdf", "b.pdf"])
    decided.findings = [f for f in decided.findings if f.doc == "a.pdf"]  # b's were swallowed
    problems = _check(tmp_path, rules, b, decided, [])
    # re-detection sees nothing new here (the first pass "left it alone"); the set-wide check
    # of the values redacted in the other copy is what catches it
    assert any("redacted elsewhere in the set" in p for p in problems), problems


def test_a_spread_value_without_its_needle_is_searched_in_full(tmp_path: Path) -> None:
    """``decided.spread`` says what verification looks for; decisions rebuilt without the
    needles (where a value can begin) check as much, not less."""
    rules, (a, b), decided = _decided(tmp_path, ["a.pdf", "b.pdf"])
    assert decided.spread and decided.spread_needles
    bare = replace(decided, spread_needles=[])
    for chosen in (decided, bare):
        index = compile_spread(chosen)
        assert index is not None and len(index.needles) == len(decided.spread)
        assert index.matches(b.pages[0].text)
    decided.findings = [f for f in decided.findings if f.doc == "a.pdf"]  # b's were swallowed
    bare = replace(decided, spread_needles=[])
    problems = _check(tmp_path, rules, b, bare, [])
    assert any("redacted elsewhere in the set" in p for p in problems), problems


def test_a_review_keeps_the_needles_of_the_spread_values_it_keeps(tmp_path: Path) -> None:
    from woo_redact.decide.review import Review, apply_review

    rules, texts, decided = _decided(tmp_path, ["a.pdf", "b.pdf"])
    same = apply_review(decided, Review("R", ()), texts, rules)
    assert same.spread == decided.spread
    assert same.spread_needles == decided.spread_needles


def test_a_string_left_on_the_page_is_counted_with_the_sets_secrets_as_the_first_look(
    tmp_path: Path,
) -> None:
    """The quick look for a page worth counting is the set's one pattern when the document's
    secrets are among the set's; the count still finds what the redactor left."""
    from woo_redact.redact import secret_patterns

    rules, (a, b), decided = _decided(tmp_path, ["a.pdf", "b.pdf"])
    reds = decided.redactions["b.pdf"]
    set_secrets = secret_patterns([r for rs in decided.redactions.values() for r in rs])
    out = tmp_path / "out-b.pdf"
    burnt = burn(b.path, out, b, [r for r in reds if r.type != "PHONE_NUMBER"])
    for given in (set_secrets, None):
        problems = verify(out, b, reds, burnt, given)
        assert any("still in the page text" in p for p in problems), problems
    full = tmp_path / "full-b.pdf"
    assert verify(full, b, reds, burn(b.path, full, b, reds), set_secrets) == []


# -- when the language model is asked again ------------------------------------------------------


def _page(rows: list[list[str]], page: int = 0) -> PageText:
    """A page of words laid out in rows (12 pt apart, 6 pt a character)."""
    words = []
    for r, row in enumerate(rows):
        x = 72.0
        for text in row:
            words.append(Word(text, (x, 100.0 + 14 * r, x + 6 * len(text), 110.0 + 14 * r), page,
                              0, r))  # fmt: skip
            x += 6 * len(text) + 4
    return build_page_text(page, words, 595, 842)


def _blank(page: PageText, *texts: str) -> str:
    """The page text with the given words (whole or part) blanked, as SetContext.unflagged."""
    spans = []
    for text in texts:
        start = page.text.index(text)
        spans.append((start, start + len(text)))
    return unflagged_text(page, spans)


INPUT = [["Gesprek", "met", "Hanneke", "Zwartsenberg", "over"], ["de", "planning", "van", "2025."]]


def _without(page: PageText, *texts: str) -> PageText:
    """The page as its output reads: the same words at the same places, some of them gone."""
    return build_page_text(page.page, [w for w in page.words if w.text not in texts], 595, 842)


def test_a_page_that_is_the_input_minus_its_redacted_words_needs_no_model() -> None:
    page = _page(INPUT)
    out = _without(page, "Hanneke", "Zwartsenberg")
    assert as_decided(out, page, _blank(page, "Hanneke Zwartsenberg"))
    assert as_decided(page, page, _blank(page))  # nothing redacted, nothing changed


def test_a_redacted_word_left_on_the_page_needs_the_model() -> None:
    page = _page(INPUT)
    assert not as_decided(page, page, _blank(page, "Hanneke Zwartsenberg"))  # nothing burnt
    assert not as_decided(_without(page, "Zwartsenberg"), page, _blank(page, "Hanneke Zwarts"))


def test_a_moved_or_partly_redacted_word_needs_the_model() -> None:
    page = _page(INPUT)
    first = replace(page.words[0], rect=(73.0, 100.0, 115.0, 110.0))
    assert not as_decided(replace(page, words=(first, *page.words[1:])), page, _blank(page))
    # "Zwartsenberg" partly redacted ("Zwarts"): the whole word is burnt, its rest still stands
    # between "Hanneke" and "over" in what the input keeps
    assert not as_decided(_without(page, "Zwartsenberg"), page, _blank(page, "Zwarts"))
    # the same words in another reading order (a row read differently)
    swapped = replace(page, words=(page.words[1], page.words[0], *page.words[2:]))
    assert not as_decided(swapped, page, _blank(page))


def test_detection_on_the_output_still_finds_a_dropped_name(tmp_path: Path) -> None:
    """The redactor is handed the redactions minus the person: the page is not what the set
    decided, so the model reads it again and the name is found."""
    rules, (text,), decided = _decided(tmp_path, ["a.pdf"])
    reds = [r for r in decided.redactions["a.pdf"] if r.type != "PERSON"]
    assert len(reds) < len(decided.redactions["a.pdf"])
    problems = _check(tmp_path, rules, text, decided, reds)
    assert any("PERSON" in p for p in problems), problems


def test_a_reviewers_keep_holds_on_its_own_page_only(tmp_path: Path) -> None:
    """A reviewer rejects the BSN on page 1; the same BSN on page 2 stays redacted. Detection
    on the output allows it on page 1 (without the reviewer's keep it would fail the
    document), and still fails page 2 if the redactor left it there."""
    from woo_redact.decide.review import FindingDecision, Review, apply_review
    from woo_redact.types import Action

    rules = load_rules()
    src = write_pdf(tmp_path / "a.pdf", [["Uw BSN is 111222333."], ["Nogmaals: BSN 111222333."]])
    text = extract_document(src, "a.pdf")
    decided = decide_set([text], detect_document(text, get_analyzer()), rules)
    first = next(f for f in decided.findings if f.type == "NL_BSN" and f.page == 0)
    kept = apply_review(
        decided,
        Review("R", (FindingDecision("row", (first.id,), Action.KEEP, "5.1.1e"),)),
        [text],
        rules,
    )
    labels = label_words("[Redacted]", rules)

    def problems(chosen, reds) -> list[str]:
        out = tmp_path / f"out-{len(reds)}-{id(chosen)}.pdf"
        burn(text.path, out, text, reds)
        context = set_context(chosen, text, labels, compile_spread(chosen))
        return redetect_problems(out, text, get_analyzer(), rules, context)

    page_two = kept.redactions["a.pdf"]
    assert [r.page for r in page_two] == [1]
    assert problems(kept, page_two) == []  # the reviewer's keep is allowed where it was made
    assert any(p.startswith("page 1:") for p in problems(decided, page_two))  # not without it
    leak = problems(kept, [])  # the redactor left page 2's BSN: the keep on page 1 hides nothing
    assert any(p.startswith("page 2:") and "NL_BSN" in p for p in leak), leak
    assert not any(p.startswith("page 1:") for p in leak)


def _ocr_word(text: str, rect: tuple[float, float, float, float], line: int = 0) -> Word:
    return Word(text, rect, 0, 0, line, "ocr", 90.0)


def test_what_ocr_reads_inside_a_redacted_region_is_not_the_authors() -> None:
    """Inside a region decided to be redacted (its pixels are checked blank) OCR reads our
    label or noise: in a set of thousands of names "Ciel" in "[Redacted]" matches one."""
    from woo_redact.verify import outside_regions

    inside = _ocr_word("Ciel", (105, 500, 130, 512))
    outside = _ocr_word("Ciel", (300, 500, 325, 512))
    read = {0: [inside, outside], 1: [inside]}
    kept = outside_regions(read, {0: ((100, 495, 200, 515),), 1: ((100, 495, 200, 515),)})
    assert kept == {0: [outside]}
    assert outside_regions(read, {}) == read


def test_a_short_secret_read_across_a_space_is_two_words() -> None:
    """Secrets match with spaces between their letters (OCR spaces letters out); for a short
    name that makes "is Ik" the name "Isik". From six letters a spaced reading still counts."""
    from woo_redact.redact import secret_patterns
    from woo_redact.verify import reread_problems

    words = [("nummer", 60, 100), ("is", 105, 115), ("Ik", 120, 130), ("ben", 135, 155)]
    read = {0: [_ocr_word(t, (x0, 500, x1, 512)) for t, x0, x1 in words]}
    assert reread_problems(read, secret_patterns(["Isik"]), {0: ""}) == []
    assert reread_problems(read, secret_patterns(["Nummeris"]), {0: ""})  # 8 letters, spaced
    read[0].append(_ocr_word("Isik", (160, 500, 180, 512)))
    assert reread_problems(read, secret_patterns(["Isik"]), {0: ""})  # as one word: a leak


def test_ocr_words_merged_again_are_text_the_first_pass_left() -> None:
    """Our OCR text layer, extracted again, has words joined ("Deregeling"); the letters with
    a space between, as the first pass read them, are not new text. Another name is."""
    from woo_redact.verify import _stands_in, _stands_in_merged

    seen = "een pilot. De regeling loopt tot\nen met 2026"
    assert not _stands_in("Deregeling", seen)
    assert _stands_in_merged("Deregeling", seen)
    assert _stands_in_merged("loopt-tot", seen)
    assert not _stands_in_merged("Dereling", seen)
    assert not _stands_in_merged("Deregelingen", seen)
