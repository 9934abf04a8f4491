"""The review round trip without a browser: scan, decisions, apply.

One small set is scanned once; every test applies to its own copy of the review folder, so
the scan's work folder is what each apply continues from. What is checked from the output
PDFs: exactly the accepted, the unmentioned proposed and the drawn redactions are burnt; every
error leaves nothing written; the audit log holds the reviewer's decisions and verifies.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pymupdf
import pytest

from tests.conftest import page_text, write_pdf
from woo_redact import pipeline
from woo_redact.apply import ApplyError, apply
from woo_redact.decisions import DecisionsError
from woo_redact.pipeline import Options, run, scan
from woo_redact.record.audit import verify_log
from woo_redact.record.audit_key import read_key
from woo_redact.types import Status

pytestmark = pytest.mark.slow

OPINION = "Volgens mij is dit plan een slecht idee en moet het worden gestopt."
PAGES_A = [
    [
        "Aan: Pieter Smulders",
        "Datum: 3 maart 2024",
        "Geachte heer Smulders,",
        "Uw BSN 111222333 is bij ons bekend. Bel 06-12345678 of mail p.smulders@gmail.com.",
        "Wethouder Jan de Boer heeft de brief gelezen.",
        "Met vriendelijke groet,",
        "Karin Verbeek",
    ],
    ["Pieter Smulders belde nogmaals over de aanvraag.", "Karin Verbeek heeft hem teruggebeld."],
    ["Bijlage: planning van het project", "", OPINION],
]
PAGE_B = [["Notulen overleg", "Aanwezig: Karin Verbeek, Pieter Smulders",
           "Karin Verbeek opende het overleg."]]  # fmt: skip


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    """(inputs, review folder of the scan, findings.json) — read only: copy before applying."""
    root = tmp_path_factory.mktemp("scan")
    write_pdf(root / "in" / "a.pdf", PAGES_A)
    write_pdf(root / "in" / "b.pdf", PAGE_B)
    summary = scan([root / "in"], Options(out=root / "pub", workers=2))
    assert [r.status for r in summary.results] == [Status.SCANNED, Status.SCANNED]
    assert not (root / "pub").exists()  # a scan publishes nothing
    review = root / "pub-review"
    return root / "in", review, json.loads((review / "findings.json").read_text("utf-8"))


def row(data: dict, text: str, file: str = "a.pdf", page: int = 1) -> dict:
    return next(
        r for r in data["findings"] if r["text"] == text and r["file"] == file and r["page"] == page
    )


def workspace(scanned, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the scan's review folder beside a new publication folder."""
    review = tmp_path / "pub-review"
    shutil.copytree(scanned[1], review)
    return tmp_path / "pub", review


def decisions_file(tmp_path: Path, data: dict, decisions=(), manual=(), **extra) -> Path:
    path = tmp_path / "decisions.json"
    payload = {"scan": data["scan"], "reviewer": "A. Beoordelaar", "decisions": list(decisions),
               "manual": list(manual), **extra}  # fmt: skip
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def text_in(pdf: Path, page: int, rect: tuple[float, float, float, float]) -> str:
    with pymupdf.open(pdf) as doc:
        return doc[page].get_text("text", clip=pymupdf.Rect(rect)).strip()


def dark_share(pdf: Path, page: int, rect: tuple[float, float, float, float]) -> float:
    """The share of the region's pixels that are black (a box), the label's aside."""
    with pymupdf.open(pdf) as doc:
        pix = doc[page].get_pixmap(clip=pymupdf.Rect(rect), colorspace=pymupdf.csGRAY)
    return sum(1 for v in pix.samples if v < 60) / len(pix.samples)


def records(out: Path, event: str) -> list[dict]:
    lines = (out / "audit.jsonl").read_text("utf-8").splitlines()
    return [r for r in map(json.loads, lines) if r["event"] == event]


# -- run is scan + apply ---------------------------------------------------------------------------


def _without_id(pdf: Path) -> bytes:
    """The file's bytes without the trailer's /ID (MuPDF makes a new random one per save, and
    writes each half as a hex string or, when its bytes happen to be printable, a literal one)."""
    half = rb"(?:<[0-9A-Fa-f]*>|\((?:\\.|[^\\)])*\))"
    trailer_id = rb"/ID\s*\[\s*" + half + rb"\s*" + half + rb"\s*\]"
    return re.sub(trailer_id, b"", pdf.read_bytes(), flags=re.S)


def _comparable(record: dict) -> dict:
    """A record without what differs between two runs: time, ids, the chain, and the
    published PDFs' hashes (their /ID)."""
    skip = {"time", "run", "seq", "prev", "hash", "mac", "command", "options", "sha256_out",
            "files"}  # fmt: skip
    return {k: v for k, v in record.items() if k not in skip}


def test_run_is_scan_plus_apply_without_decisions(scanned, tmp_path: Path) -> None:
    src = scanned[0]
    key = tmp_path / "set.key"
    one = run([src], Options(out=tmp_path / "run", workers=2, audit_key=key))
    scan([src], Options(out=tmp_path / "two", workers=2))
    two = apply(Options(out=tmp_path / "two", workers=2, audit_key=key), "A. Beoordelaar")
    assert [r.status for r in one.results] == [r.status for r in two.results] == [Status.OK] * 2
    assert one.scan_id == two.scan_id == scanned[2]["scan"]
    for name in ("a.pdf", "b.pdf"):
        assert _without_id(tmp_path / "run" / name) == _without_id(tmp_path / "two" / name)
    assert (tmp_path / "run" / "inventory.csv").read_bytes() == (
        tmp_path / "two" / "inventory.csv"
    ).read_bytes()
    for name in ("findings.json", "report.html", "names.csv"):
        a = (tmp_path / "run-review" / name).read_text("utf-8")
        b = (tmp_path / "two-review" / name).read_text("utf-8")
        assert a.replace(str(tmp_path / "run"), "") == b.replace(str(tmp_path / "two"), ""), name
    pics = sorted(p.name for p in (tmp_path / "run-review" / "pages").iterdir())
    assert pics == sorted(p.name for p in (tmp_path / "two-review" / "pages").iterdir())
    logs = [
        [_comparable(json.loads(x)) for x in (tmp_path / d / "audit.jsonl").read_text().split("\n")
         if x]
        for d in ("run", "two")
    ]  # fmt: skip
    assert logs[0] == logs[1]
    assert records(tmp_path / "two", "run")[0]["command"] == "apply"
    assert records(tmp_path / "two", "decision") == []  # nothing decided, nothing recorded


# -- what apply redacts ----------------------------------------------------------------------------


def test_accept_reject_ground_and_a_drawn_box(scanned, tmp_path: Path) -> None:
    _, _, data = scanned
    out, review = workspace(scanned, tmp_path)
    mail = row(data, "p.smulders@gmail.com")
    phone = row(data, "06-12345678")
    boer = row(data, "Jan de Boer")
    assert boer["status"] == "keep" and mail["status"] == "proposed"
    with pymupdf.open(scanned[0] / "a.pdf") as doc:
        opinion = tuple(doc[2].search_for(OPINION)[0])
    path = decisions_file(
        tmp_path,
        data,
        decisions=[
            {"id": mail["id"], "action": "reject", "ground": "5.1.2e",
             "motivation": "functioneel adres van Pieter Smulders"},
            {"id": phone["id"], "action": "accept", "ground": "5.1.2h"},
            {"id": boer["id"], "action": "accept", "motivation": "niet in functie"},
        ],
        manual=[{"file": "a.pdf", "page": 3, "rect": list(opinion), "ground": "5.2.1",
                 "motivation": "persoonlijke beleidsopvatting"}],
    )  # fmt: skip
    summary = apply(Options(out=out, workers=1), "J. de Tester", path)
    assert summary.exit_code == 0, [r.error for r in summary.failed]
    pdf = out / "a.pdf"
    text = page_text(pdf)
    assert "p.smulders@gmail.com" in text  # rejected: visible
    assert "Jan de Boer" not in text  # a kept finding the reviewer accepted
    for gone in ("06-12345678", "111222333", "Pieter Smulders", "Karin Verbeek", "Smulders,"):
        assert gone not in text  # accepted, or not mentioned: still redacted
    assert "Wethouder" in text and "heeft de brief gelezen." in text
    # the drawn region: only the run's label is left under it, black over it, the page title
    # above it intact
    assert text_in(pdf, 2, opinion) == "[Redacted]"
    assert "Bijlage: planning van het project" in text
    assert dark_share(pdf, 2, opinion) > 0.8
    # b.pdf: nothing decided there, every proposed redaction burnt
    assert "Verbeek" not in page_text(out / "b.pdf")

    reds = records(out, "redaction")
    by_finding = {r["finding_id"]: r for r in reds}
    assert by_finding[phone["detections"][0]]["ground"] == "5.1.2h"
    assert by_finding[phone["detections"][0]]["by"] == "reviewer:A. Beoordelaar"
    drawn = [r for r in reds if r["type"] == "MANUAL_REDACTION"]
    assert len(drawn) == 1 and drawn[0]["ground"] == "5.2.1" and drawn[0]["page"] == 3
    assert drawn[0]["motivation"] == "persoonlijke beleidsopvatting"
    kept = {r["finding_id"] for r in records(out, "keep")}
    assert set(mail["detections"]) <= kept
    decided = records(out, "decision")
    assert [(d["action"], d["previous_action"], d["ground"], d["previous_ground"])
            for d in decided] == [
        ("keep", "redact", "5.1.2e", "5.1.2e"),
        ("redact", "redact", "5.1.2h", "5.1.2e"),
        ("redact", "keep", "5.1.2e", "5.1.2e"),
        ("redact", "", "5.2.1", ""),
    ]  # fmt: skip
    assert {d["reviewer"] for d in decided} == {"A. Beoordelaar"}
    assert decided[0]["motivation"] == "functioneel adres van [gelakt]"  # scrubbed
    assert all("text_hmac" in d for d in decided)
    log = (out / "audit.jsonl").read_text("utf-8")
    assert "Smulders" not in log and OPINION not in log
    run_record = records(out, "run")[0]
    assert run_record["options"]["reviewer"] == "J. de Tester"
    assert run_record["options"]["review_source"].startswith("decisions file sha256:")
    key = read_key(review / "audit.key")
    assert verify_log(out / "audit.jsonl", out, key).problems == []
    applied = json.loads((review / "work" / "decisions.json").read_text("utf-8"))
    assert applied["applied_by"] == "J. de Tester" and len(applied["decisions"]) == 3


def test_a_finding_the_decisions_do_not_mention_is_redacted(scanned, tmp_path: Path) -> None:
    _, _, data = scanned
    out, _ = workspace(scanned, tmp_path)
    bsn = row(data, "111222333")
    path = decisions_file(tmp_path, data, [{"id": bsn["id"], "action": "reject"}])
    summary = apply(Options(out=out, workers=1), "J. de Tester", path)
    assert summary.exit_code == 0
    text = page_text(out / "a.pdf")
    assert "111222333" in text  # the one rejection
    proposed = [r for r in data["findings"] if r["status"] == "proposed" and r["id"] != bsn["id"]]
    assert proposed
    for r in proposed:
        assert r["text"] not in page_text(out / r["file"]) or r["text"] in ("Smulders",), r
    assert "Smulders" not in page_text(out / "a.pdf")


def test_an_empty_decisions_file_publishes_the_proposal(scanned, tmp_path: Path) -> None:
    _, _, data = scanned
    out, _ = workspace(scanned, tmp_path)
    apply(Options(out=out, workers=1), "J. de Tester", decisions_file(tmp_path, data))
    assert "Verbeek" not in page_text(out / "a.pdf") and "Jan de Boer" in page_text(out / "a.pdf")


# -- verification and the reviewer's keeps ---------------------------------------------------------


def test_a_rejected_finding_is_kept_for_verification(scanned, tmp_path: Path) -> None:
    """Detection finds the BSN again in the output: the reviewer's keep is what allows it."""
    _, _, data = scanned
    out, _ = workspace(scanned, tmp_path)
    bsn = row(data, "111222333")
    path = decisions_file(tmp_path, data, [{"id": bsn["id"], "action": "reject"}])
    summary = apply(Options(out=out, workers=1), "J. de Tester", path)
    assert [r.status for r in summary.results] == [Status.OK, Status.OK]


def test_a_keep_in_one_place_does_not_hide_a_leak_in_another(
    scanned, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Karin Verbeek is kept where she signs (page 1) and stays redacted on page 2. If the
    page-2 redaction were not burnt, verification must fail the document, not accept the name
    because the reviewer kept it elsewhere."""
    _, _, data = scanned
    out, _ = workspace(scanned, tmp_path)
    signed = row(data, "Karin Verbeek")
    on_two = row(data, "Karin Verbeek", page=2)
    path = decisions_file(tmp_path, data, [{"id": signed["id"], "action": "reject"}])
    burn = pipeline.burn

    def skip_one(src, dst, doc, redactions, *args):
        left = [r for r in redactions if r.finding_id not in on_two["detections"]]
        assert len(left) < len(redactions)
        return burn(src, dst, doc, left, *args)

    monkeypatch.setattr(pipeline, "burn", skip_one)
    summary = apply(Options(out=out, workers=1, isolate=False), "J. de Tester", path)
    a = next(r for r in summary.results if r.rel == "a.pdf")
    assert a.status is Status.FAILED and "verification failed" in a.error, a.error
    assert "a redacted string is still in the page text" in a.error
    assert not (out / "a.pdf").exists()


# -- errors: a clear message and nothing written ---------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}  # fmt: skip


BAD = {
    "another scan": ({"scan": "0123456789abcdef"}, "are for scan '0123456789abcdef'"),
    "unknown id": ({"decisions": [{"id": "ffffffffffffffff", "action": "reject"}]},
                   "unknown finding id"),
    "decided twice": ({"decisions": [{"id": "@bsn", "action": "reject"},
                                     {"id": "@bsn", "action": "accept"}]}, "decided twice"),
    "unknown action": ({"decisions": [{"id": "@bsn", "action": "delete"}]}, "unknown action"),
    "unknown ground": ({"decisions": [{"id": "@bsn", "action": "accept", "ground": "9.9"}]},
                       "unknown ground '9.9'"),
    "box outside the page": ({"manual": [{"file": "a.pdf", "page": 1,
                                          "rect": [500, 800, 640, 900], "ground": "5.2.1"}]},
                             "outside the page"),
    "box on no page": ({"manual": [{"file": "a.pdf", "page": 4, "rect": [1, 1, 20, 20],
                                    "ground": "5.2.1"}]}, "has no page 4"),
    "box on an unknown file": ({"manual": [{"file": "c.pdf", "page": 1, "rect": [1, 1, 20, 20],
                                            "ground": "5.2.1"}]}, "not a document of this scan"),
    "box without a ground": ({"manual": [{"file": "a.pdf", "page": 1, "rect": [1, 1, 20, 20]}]},
                             "no ground"),
    "inverted box": ({"manual": [{"file": "a.pdf", "page": 1, "rect": [50, 50, 20, 20],
                                  "ground": "5.2.1"}]}, "empty or inverted"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD))
def test_decisions_that_do_not_fit_the_scan_write_nothing(case, scanned, tmp_path: Path) -> None:
    _, _, data = scanned
    out, review = workspace(scanned, tmp_path)
    change, message = BAD[case]
    bsn = row(data, "111222333")["id"]
    payload = json.loads(json.dumps(change).replace("@bsn", bsn))
    path = decisions_file(tmp_path, data, **{k: v for k, v in payload.items() if k != "scan"})
    if "scan" in payload:
        body = json.loads(path.read_text())
        path.write_text(json.dumps({**body, "scan": payload["scan"]}))
    before = _snapshot(review)
    with pytest.raises(DecisionsError, match=re.escape(message)) as err:
        apply(Options(out=out, workers=1), "J. de Tester", path)
    assert "nothing was applied or written" in str(err.value)
    assert not out.exists() and _snapshot(review) == before


def test_malformed_json_is_refused(scanned, tmp_path: Path) -> None:
    out, review = workspace(scanned, tmp_path)
    path = tmp_path / "decisions.json"
    path.write_text('{"scan": "x", "decisions": [', encoding="utf-8")
    with pytest.raises(DecisionsError, match="not valid JSON"):
        apply(Options(out=out, workers=1), "J. de Tester", path)
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(DecisionsError, match="not a JSON object"):
        apply(Options(out=out, workers=1), "J. de Tester", path)
    assert not out.exists()


def test_an_input_changed_since_the_scan_is_refused(tmp_path: Path) -> None:
    src = write_pdf(tmp_path / "in" / "a.pdf", [["Contact: p.smulders@gmail.com"]])
    scan([tmp_path / "in"], Options(out=tmp_path / "pub", workers=1))
    write_pdf(src, [["Contact: k.verbeek@gmail.com"]])
    with pytest.raises(ApplyError, match=r"a\.pdf: changed since the scan"):
        apply(Options(out=tmp_path / "pub", workers=1), "J. de Tester")
    src.unlink()
    with pytest.raises(ApplyError, match=r"a\.pdf: cannot be read"):
        apply(Options(out=tmp_path / "pub", workers=1), "J. de Tester")
    assert not (tmp_path / "pub").exists()


def test_changed_rules_and_a_missing_work_folder_are_refused(tmp_path: Path) -> None:
    from woo_redact.rules import bundled_dir

    rules = tmp_path / "rules"
    shutil.copytree(bundled_dir("rules"), rules)
    write_pdf(tmp_path / "in" / "a.pdf", [["Contact: p.smulders@gmail.com"]])
    scan([tmp_path / "in"], Options(out=tmp_path / "pub", workers=1, rules_dir=rules))
    with (rules / "deny.txt").open("a", encoding="utf-8") as fh:
        fh.write("\nprojectgeheim\t5.1.2i\n")
    with pytest.raises(ApplyError, match="the rules changed since the scan"):
        apply(Options(out=tmp_path / "pub", workers=1), "J. de Tester")
    with pytest.raises(ApplyError, match="has no work folder"):
        apply(Options(out=tmp_path / "other", workers=1), "J. de Tester")


# -- the audit chain over runs and review rounds ---------------------------------------------------


def test_a_run_a_review_round_and_another_run_form_one_chain(scanned, tmp_path: Path) -> None:
    src, _, data = scanned
    out = tmp_path / "pub"
    run([src], Options(out=out, workers=2))
    scan([src], Options(out=out, workers=2))  # replaces the review folder, keeps the key
    mail = row(data, "p.smulders@gmail.com")
    path = decisions_file(tmp_path, data, [{"id": mail["id"], "action": "reject"}])
    apply(Options(out=out, workers=2), "J. de Tester", path)
    assert "p.smulders@gmail.com" in page_text(out / "a.pdf")
    run([src], Options(out=out, workers=2))
    assert "p.smulders@gmail.com" not in page_text(out / "a.pdf")
    key = read_key(tmp_path / "pub-review" / "audit.key")
    report = verify_log(out / "audit.jsonl", out, key)
    assert report.problems == [] and report.runs == 3 and report.seals_checked == 3
    assert [r["command"] for r in records(out, "run")] == ["run", "apply", "run"]
    assert len(records(out, "decision")) == 1
