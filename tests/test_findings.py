"""review/findings.json: one row per place the reviewer judges, with a stable id."""

from __future__ import annotations

from dataclasses import replace

from woo_redact.decide import SetDecisions
from woo_redact.decide.registry import Person, Registry
from woo_redact.record.findings import KEEP, PROPOSED, findings_payload, review_id, review_rows
from woo_redact.types import (
    SIDE_PAGE,
    Action,
    Decision,
    DocumentResult,
    Finding,
    PagePicture,
    Status,
)
from woo_redact.variants import PersonName

BOX = (72.0, 100.0, 140.5, 111.25)


def finding(fid: str, recognizer: str = "ModelNameRecognizer", **kw: object) -> Finding:
    base = Finding(fid, "map/a.pdf", 0, 10, 20, "Karin Verbeek", "PERSON", 0.8, recognizer,
                   "met «Karin Verbeek» gesproken", (BOX,))  # fmt: skip
    return replace(base, **kw)  # type: ignore[arg-type]


def decided(*pairs: tuple[Finding, Action], person: str = "") -> SetDecisions:
    decisions = {
        f.id: Decision(f.id, action, "5.1.2e", f"because {f.id}", "rule:policy", person)
        for f, action in pairs
    }
    return SetDecisions(findings=[f for f, _ in pairs], decisions=decisions)


def test_review_id_is_the_place_not_the_detector() -> None:
    a = finding("f1")
    same_place = finding("f2", recognizer="consistency", start=11, end=21, score=0.95)
    assert review_id(a) == review_id(same_place) == review_id(finding("f1"))
    for other in (
        finding("f1", doc="map/b.pdf"),
        finding("f1", page=1),
        finding("f1", boxes=((72.0, 100.0, 140.51, 111.25),)),
        finding("f1", boxes=(BOX, (72.0, 114.0, 90.0, 125.0))),
        finding("f1", type="NL_ADDRESS"),
    ):
        assert review_id(other) != review_id(a)


def test_findings_of_one_place_are_one_row_led_by_the_redaction() -> None:
    kept = finding("aaaa", recognizer="ModelNameRecognizer", score=0.9)
    redacted = finding("bbbb", recognizer="NameRuleRecognizer:closing", score=0.85)
    rows = review_rows(decided((kept, Action.KEEP), (redacted, Action.REDACT)))
    assert len(rows) == 1
    row = findings_payload("scan", decided((kept, Action.KEEP), (redacted, Action.REDACT)))[
        "findings"
    ][0]
    assert row["status"] == PROPOSED  # burnt either way: the row says so
    assert row["reason"] == "because bbbb" and row["recognizer"] == "NameRuleRecognizer:closing"
    assert row["recognizers"] == ["ModelNameRecognizer", "NameRuleRecognizer:closing"]
    assert row["score"] == 0.9 and row["detections"] == ["aaaa", "bbbb"]


def test_statuses_pages_and_order() -> None:
    name = finding("n1", start=30, end=40, boxes=((72.0, 200.0, 120.0, 211.0),))
    earlier = finding("e1", type="EMAIL_ADDRESS", text="k@x.nl", start=5, end=11)
    side = finding("s1", page=SIDE_PAGE, start=0, end=13, boxes=((0.0, 0.0, 78.0, 12.0),))
    payload = findings_payload(
        "scan", decided((name, Action.KEEP), (earlier, Action.REDACT), (side, Action.REDACT))
    )
    rows = payload["findings"]
    assert [(r["page"], r["type"], r["status"]) for r in rows] == [
        (0, "PERSON", PROPOSED),  # outside the pages first, without boxes
        (1, "EMAIL_ADDRESS", PROPOSED),
        (1, "PERSON", KEEP),
    ]
    assert rows[0]["boxes"] == [] and rows[1]["boxes"] == [list(BOX)]


def test_person_mentions_name_rows_and_page_sizes_come_from_the_pictures() -> None:
    a, b = finding("m1"), finding("m2", recognizer="consistency")  # one place
    c = finding("m3", page=1)
    d = decided((a, Action.REDACT), (b, Action.REDACT), (c, Action.REDACT), person="P0001")
    person = Person("P0001", "Karin Verbeek", PersonName(("karin",), "k", "verbeek"))
    person.mentions = ["m1", "m2", "m3"]
    d.registry = Registry()
    d.registry.add(person)
    pic = PagePicture(1, "pages/x.p2.jpg", 595.0, 842.0, 842.0, 595.0, rotation=90)
    res = DocumentResult("map/a.pdf", Status.OK, pages=2, page_images={1: pic})
    payload = findings_payload("scan", d, [res, DocumentResult("b.pdf", Status.FAILED)])
    rows = {r["id"] for r in payload["findings"]}
    assert payload["persons"][0]["mentions"] == [review_id(a), review_id(c)]
    assert set(payload["persons"][0]["mentions"]) == rows
    assert all(r["person"] == "P0001" for r in payload["findings"])
    assert payload["pages"] == {
        "map/a.pdf": [{"page": 2, "width": 595.0, "height": 842.0, "rotation": 90}]
    }
