"""Verification does not trust the redactor: detection runs again on the written file, and the
values the whole set redacts are looked for in every output."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_pdf
from woo_redact.decide import decide_set
from woo_redact.detect import detect_document
from woo_redact.detect.engine import get_analyzer
from woo_redact.extract import extract_document
from woo_redact.pipeline import label_words
from woo_redact.redact import burn
from woo_redact.rules import load_rules
from woo_redact.verify import compile_spread, redetect_problems, set_context, verify

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
