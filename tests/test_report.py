"""review/report.html: the page's data, its strings (nl/en) and that it is self-contained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import embedded_payload
from woo_redact.decide import SetDecisions
from woo_redact.record.messages import MESSAGES, SHORTCUTS, messages
from woo_redact.record.report import document_counts, render_report, review_payload, write_report
from woo_redact.rules import RuleSet
from woo_redact.types import Action, Decision, DocumentResult, Finding, PagePicture, Status

HOSTILE = "</script><script>alert(1)</script><!--"


def scan() -> tuple[list[DocumentResult], SetDecisions]:
    def f(fid: str, text: str, type_: str, recognizer: str, page: int = 0) -> Finding:
        box = (72.0, 72.0 + 20 * len(fid), 150.0, 84.0)
        context = f"ctx «{text}» ctx"
        return Finding(fid, "a.pdf", page, 0, len(text), text, type_, 0.9, recognizer, context,
                       (box,))  # fmt: skip

    findings = [
        f("1", "Karin Verbeek", "PERSON", "ModelNameRecognizer"),
        f("22", "111222333", "NL_BSN", "BsnRecognizer"),
        f("333", HOSTILE, "PERSON", "NameRuleRecognizer:closing"),
        f("4444", "info@gemeente.nl", "EMAIL_ADDRESS", "EmailRecognizer", page=1),
        f("55555", "X", "NEW_TYPE", "CustomRecognizer"),
    ]
    grounds = {"1": "5.1.2e", "22": "5.1.1e", "333": "5.1.2e", "4444": "5.1.2e", "55555": "5.1.2i"}
    keep = {"4444"}
    decisions = {
        x.id: Decision(
            x.id,
            Action.KEEP if x.id in keep else Action.REDACT,
            grounds[x.id],
            "why",
            "rule:policy",
        )  # fmt: skip
        for x in findings
    }
    pics = {
        0: PagePicture(0, "pages/a.p1.jpg", 595, 842, 842, 595, 90, (0, 1, -1, 0, 842, 0), 120),
        1: PagePicture(1, "pages/a.p2.jpg", 595, 842, 595, 842, dpi=72, sharp=False),
    }
    results = [
        DocumentResult("a.pdf", Status.OK, pages=2, page_images=pics),
        DocumentResult("kapot.pdf", Status.FAILED, error="cannot open PDF: broken"),
    ]
    return results, SetDecisions(findings=findings, decisions=decisions)


def test_every_language_has_every_string_with_the_same_placeholders() -> None:
    nl, en = MESSAGES["nl"], MESSAGES["en"]
    assert nl.keys() == en.keys()
    for key in nl:
        assert sorted(re.findall(r"\{\d\}", nl[key])) == sorted(re.findall(r"\{\d\}", en[key])), key
    assert all(key in nl for _, key in SHORTCUTS)
    assert messages() is nl  # Dutch by default
    with pytest.raises(ValueError, match="unknown report language"):
        messages("fr")


def test_the_page_is_self_contained_and_the_data_cannot_escape_its_script(rules: RuleSet) -> None:
    results, decided = scan()
    html = render_report(results, decided, "scan123", rules)
    assert html.count("</script>") == 2  # the data's and the app's: the hostile text is inert
    assert "alert(1)</script>" not in html and "<!--" not in html
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert "http://" not in html and "https://" not in html  # no CDN, no network
    assert "connect-src" not in html and "default-src 'none'" in html
    data = embedded_payload(html)
    assert HOSTILE in {r["text"] for r in data["findings"]}
    assert data["scan"] == "scan123" and data["lang"] == "nl"
    assert '<html lang="nl">' in html and "Intern werkbestand." in html
    assert "kapot.pdf: cannot open PDF: broken" in html  # failures readable without script


def test_payload_documents_pictures_grounds_and_labels(rules: RuleSet) -> None:
    results, decided = scan()
    data = review_payload(results, decided, "scan123", rules, lang="en")
    doc = data["docs"][0]
    assert doc["pictures"][0] == {"n": 1, "img": "pages/a.p1.jpg", "w": 595, "h": 842,
                                  "vw": 842, "vh": 595, "sharp": True,
                                  "m": [0, 1, -1, 0, 842, 0]}  # fmt: skip
    assert "m" not in doc["pictures"][1] and doc["pictures"][1]["sharp"] is False
    assert doc["by_ground"] == {"5.1.1e": 1, "5.1.2e": 2, "5.1.2i": 1}
    assert doc["by_type"]["PERSON"] == [2, 0] and doc["by_type"]["EMAIL_ADDRESS"] == [0, 1]
    assert doc["rules"]["ModelNameRecognizer"] == 1 and len(doc["rules"]) == 5
    assert data["docs"][1]["pictures"] == [] and data["docs"][1]["status"] == "failed"
    assert [g["code"] for g in data["grounds"]] == list(rules.grounds)
    assert data["types"]["PERSON"] == "name" and data["types"]["NEW_TYPE"] == "NEW_TYPE"
    assert data["msg"]["export"] == "Export decisions.json"
    assert all("detections" not in r for r in data["findings"])
    assert review_payload(results, decided, "s", rules)["types"]["PERSON"] == "naam"


def test_document_counts_take_every_recognizer_of_a_merged_row() -> None:
    rows = [
        {"file": "a", "status": "proposed", "ground": "5.1.2e", "type": "PERSON",
         "recognizers": ["consistency", "ModelNameRecognizer"]},
        {"file": "a", "status": "keep", "ground": "5.1.2e", "type": "PERSON",
         "recognizers": ["ModelNameRecognizer"]},
    ]  # fmt: skip
    assert document_counts(rows) == {
        "a": {
            "by_ground": {"5.1.2e": 1},
            "by_type": {"PERSON": [1, 1]},
            "rules": {"ModelNameRecognizer": 2, "consistency": 1},
        }
    }


def test_the_written_page_is_the_rendered_page(rules: RuleSet, tmp_path: Path) -> None:
    """write_report streams the data into the page (never one string in memory): byte for
    byte what render_report makes, hostile text made inert the same way."""
    results, decided = scan()
    write_report(tmp_path / "report.html", results, decided, "scan123", rules)
    written = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert written == render_report(results, decided, "scan123", rules)
    assert "alert(1)</script>" not in written and "\x00" not in written
