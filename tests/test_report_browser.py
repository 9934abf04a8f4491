"""The review page in a real browser: Debian's chromium, driven by Playwright.

A small generated set is scanned; the page is opened from disk (file://, no server) and a
reviewer's session is played: filter, reject one finding, reject every mention of one person
(keyboard), change a ground, draw a manual box on a page without findings, reload (the
decisions persist), export decisions.json and check it exactly. Then the export is applied
(``apply``) and the published PDFs are checked: the rejected text is there, the drawn region
is empty (text and pixels), everything else is redacted, and the audit log holds the
reviewer's decisions and verifies (``woo-redact audit verify``). A screenshot is kept as a CI
artefact in ``$WOO_ARTIFACTS`` (default /tmp): review-report.png, and the published pages 1
and 3 after apply: review-applied-p1.png, review-applied-p3.png.

Skipped only when chromium or Playwright is absent; CI installs both (.ci/run).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner

from tests.conftest import page_text, write_pdf
from woo_redact.apply import apply
from woo_redact.cli import main
from woo_redact.pipeline import Options, run, scan

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
OPINION = "Volgens mij is dit plan een slecht idee en moet het worden gestopt."

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed"),
]


def artefact(name: str) -> Path:
    folder = Path(os.environ.get("WOO_ARTIFACTS") or "/tmp")
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("review")
    write_pdf(
        root / "in" / "a.pdf",
        [
            ["Aan: Pieter Smulders", "Datum: 3 maart 2024", "Geachte heer Smulders,",
             "Uw BSN 111222333 is bij ons bekend. Bel 06-12345678 of mail p.smulders@gmail.com.",
             "Met vriendelijke groet,", "Karin Verbeek"],
            ["Pieter Smulders belde nogmaals over de aanvraag.",
             "Karin Verbeek heeft hem teruggebeld."],
            ["Bijlage: planning van het project", "", OPINION],
        ],
    )  # fmt: skip
    write_pdf(
        root / "in" / "b.pdf",
        [["Notulen overleg", "Aanwezig: Karin Verbeek, Pieter Smulders",
          "Karin Verbeek opende het overleg."]],
    )  # fmt: skip
    scan([root / "in"], Options(out=root / "out", workers=1))
    review = root / "out-review"
    return review, json.loads((review / "findings.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_page(context, report: Path):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(report.as_uri())
    page.wait_for_selector("html[data-ready='1']")
    return page, errors


def rows_shown(page) -> list[str]:
    return page.eval_on_selector_all("#list .row", "rows => rows.map(r => r.dataset.id)")


def word_box(pdf: Path, page_no: int, words: str) -> tuple[float, float, float, float]:
    """The union of the boxes of the words of one line, in PyMuPDF points."""
    with pymupdf.open(pdf) as doc:
        found = doc[page_no].search_for(words)
    return (found[0].x0, found[0].y0, found[0].x1, found[0].y1)


def drag_box(page, rect: tuple[float, float, float, float], view_width: float) -> None:
    """Draw ``rect`` (points, unrotated page) on the picture as a reviewer would."""
    page.locator("#viewport").evaluate("e => e.scrollTop = 0")
    stage = page.locator("#stage").bounding_box()
    k = stage["width"] / view_width  # CSS pixels per point
    page.mouse.move(stage["x"] + rect[0] * k, stage["y"] + rect[1] * k)
    page.mouse.down()
    page.mouse.move(stage["x"] + (rect[0] + rect[2]) / 2 * k, stage["y"] + rect[3] * k / 2)
    page.mouse.move(stage["x"] + rect[2] * k, stage["y"] + rect[3] * k)
    page.mouse.up()


def test_a_reviewer_session_round_trip(scanned: tuple[Path, dict], browser) -> None:
    review, data = scanned
    rows = data["findings"]
    person = next(p for p in data["persons"] if p["name"] == "Karin Verbeek")
    mail = next(r for r in rows if r["type"] == "EMAIL_ADDRESS")
    phone = next(r for r in rows if r["type"] == "PHONE_NUMBER")
    mentions = [r["id"] for r in rows if r["person"] == person["id"]]
    assert len(mentions) >= 3 and set(mentions) == set(person["mentions"])

    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page, errors = open_page(context, review / "report.html")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator(".warn").first.inner_text().startswith("Intern werkbestand")
    page.fill("#reviewer", "J. de Tester")

    # filter: only the e-mail address is left; reject it with its row button, motivate it
    page.select_option("#f-type", "EMAIL_ADDRESS")
    assert rows_shown(page) == [mail["id"]]
    page.click(f"#list .row[data-id='{mail['id']}'] button.rej")
    page.click(f"#list .row[data-id='{mail['id']}']")
    page.fill("#d-motivation", "functioneel adres")
    page.press("#d-motivation", "Enter")
    assert "st-reject" in page.get_attribute(f"#list .row[data-id='{mail['id']}']", "class")
    page.click("#f-clear")
    assert len(rows_shown(page)) == len(rows)

    # every mention of one person, from the keyboard: search, choose a row, Shift+R
    page.fill("#f-search", person["id"].lower())
    assert set(rows_shown(page)) == set(mentions)
    page.click(f"#list .row[data-id='{mentions[0]}']")
    page.keyboard.press("Shift+R")
    states = page.eval_on_selector_all("#list .row", "rs => rs.map(r => r.className)")
    assert all("st-reject" in s for s in states)

    # a: redact, then u: undo — the finding is back to the proposal
    page.fill("#f-search", "")
    page.click(f"#list .row[data-id='{phone['id']}']")
    page.keyboard.press("a")
    assert "st-accept" in page.get_attribute(f"#list .row[data-id='{phone['id']}']", "class")
    page.keyboard.press("u")
    assert "st-proposed" in page.get_attribute(f"#list .row[data-id='{phone['id']}']", "class")

    # another ground for the phone number (that redacts it on that ground)
    page.select_option("#d-ground", "5.1.2h")

    # a page without findings has a (preview) picture too: go there and draw a box
    page.click(f"#list .row[data-id='{phone['id']}']")
    page.keyboard.press("]")
    page.keyboard.press("]")
    assert "pagina 3 van 3" in page.inner_text("#pg-label")
    page.keyboard.press("d")
    opinion = word_box(review.parent / "in" / "a.pdf", 2, OPINION)
    drag_box(page, opinion, 595.0)
    page.fill("#d-motivation", "persoonlijke beleidsopvatting")
    page.press("#d-motivation", "Enter")
    page.select_option("#d-ground", "5.2.1")
    assert page.locator("#overlay .box.st-manual").count() == 1
    page.screenshot(path=str(artefact("review-report.png")))

    # reload: everything is still there (localStorage, per scan id)
    page.reload()
    page.wait_for_selector("html[data-ready='1']")
    assert page.input_value("#reviewer") == "J. de Tester"
    assert page.inner_text("#progress").startswith(f"{len(mentions) + 2} van")
    with page.expect_download() as download:
        page.click("#export")
    assert download.value.suggested_filename == "decisions.json"
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert not errors, errors
    for tab in ("findings", "overview", "persons", "help"):
        page.click(f".tabs button[data-tab={tab}]")
        text = page.inner_text("main")
        assert "[object" not in text and "undefined" not in text and "NaN" not in text, tab

    manual = exported.pop("manual")
    order = [r["id"] for r in rows]
    expected = {
        "scan": data["scan"],
        "reviewer": "J. de Tester",
        "decisions": sorted(
            [
                {"id": mail["id"], "action": "reject", "ground": "5.1.2e",
                 "motivation": "functioneel adres"},
                {"id": phone["id"], "action": "accept", "ground": "5.1.2h", "motivation": ""},
                *({"id": i, "action": "reject", "ground": "5.1.2e", "motivation": ""}
                  for i in mentions),
            ],
            key=lambda d: order.index(d["id"]),
        ),
    }  # fmt: skip
    assert exported == expected
    assert [{k: v for k, v in m.items() if k != "rect"} for m in manual] == [
        {"file": "a.pdf", "page": 3, "ground": "5.2.1",
         "motivation": "persoonlijke beleidsopvatting"}
    ]  # fmt: skip
    # the box was drawn around the sentence: its rect is that sentence's, within a pixel
    assert manual[0]["rect"] == pytest.approx(opinion, abs=1.5)
    context.close()

    # apply the export and check the published PDFs and the audit log
    decisions = review.parent / "decisions.json"
    decisions.write_text(json.dumps({**expected, "manual": manual}), encoding="utf-8")
    out = review.parent / "out"
    summary = apply(Options(out=out, workers=1), "J. de Tester", decisions)
    assert summary.exit_code == 0, [r.error for r in summary.failed]
    a, b = page_text(out / "a.pdf"), page_text(out / "b.pdf")
    assert "p.smulders@gmail.com" in a  # rejected
    assert a.count("Karin Verbeek") == 2 and b.count("Karin Verbeek") == 2  # every mention
    for gone in ("Pieter Smulders", "Smulders,", "111222333", "06-12345678"):
        assert gone not in a and gone not in b  # accepted or not mentioned: redacted
    assert OPINION.split()[3] not in a and "Bijlage: planning van het project" in a
    assert_region_empty(out / "a.pdf", 2, manual[0]["rect"])
    with pymupdf.open(out / "a.pdf") as doc:  # the published pages, to look at beside the page
        for n in (0, 2):
            doc[n].get_pixmap(dpi=72).save(str(artefact(f"review-applied-p{n + 1}.png")))
    log = [json.loads(x) for x in (out / "audit.jsonl").read_text("utf-8").splitlines()]
    decided = [r for r in log if r["event"] == "decision"]
    assert len(decided) == len(expected["decisions"]) + 1
    assert {d["reviewer"] for d in decided} == {"J. de Tester"}
    assert [d["ground"] for d in decided if not d["previous_action"]] == ["5.2.1"]
    checked = CliRunner().invoke(main, ["audit", "verify", str(out / "audit.jsonl"), "--outputs",
                                        str(out), "--key", str(review / "audit.key")])  # fmt: skip
    assert checked.exit_code == 0 and checked.output.startswith("OK:"), checked.output


def assert_region_empty(pdf: Path, page_no: int, rect: list[float]) -> None:
    """No text of the input is left in the drawn region (only the label), and its pixels are
    the black box: no glyph of the sentence shows through."""
    with pymupdf.open(pdf) as doc:
        page = doc[page_no]
        assert page.get_text("text", clip=pymupdf.Rect(rect)).split() == ["[Redacted]"]
        pix = page.get_pixmap(clip=pymupdf.Rect(rect), colorspace=pymupdf.csGRAY, dpi=144)
    dark = sum(1 for v in pix.samples if v < 60) / len(pix.samples)
    assert dark > 0.8, dark


def test_boxes_on_a_rotated_page_sit_on_their_words(tmp_path: Path, browser) -> None:
    """A /Rotate 90 page: boxes (unrotated points) are drawn where the words are on the
    rotated picture, and a box drawn there comes back in unrotated points."""
    src = write_pdf(tmp_path / "in" / "landscape.pdf", [["Uw BSN is 111222333, dank u."]])
    with pymupdf.open(src) as doc:
        doc[0].set_rotation(90)
        doc.saveIncr()
    run([tmp_path / "in"], Options(out=tmp_path / "out", workers=1))
    review = tmp_path / "out-review"
    data = json.loads((review / "findings.json").read_text(encoding="utf-8"))
    bsn = next(r for r in data["findings"] if r["type"] == "NL_BSN")
    assert data["pages"]["landscape.pdf"][0]["rotation"] == 90
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page, errors = open_page(context, review / "report.html")
    page.click(f"#list .row[data-id='{bsn['id']}']")
    page.locator("#viewport").evaluate("e => e.scrollTop = 0")
    stage = page.locator("#stage").bounding_box()
    box = page.locator(f"#overlay .box[data-id='{bsn['id']}']").bounding_box()
    with pymupdf.open(src) as doc:
        expected = pymupdf.Rect(bsn["boxes"][0]) * doc[0].rotation_matrix
        view_width = doc[0].rect.width
    k = stage["width"] / view_width
    got = (box["x"] - stage["x"], box["y"] - stage["y"])
    assert got == pytest.approx((expected.x0 * k, expected.y0 * k), abs=3)
    assert box["height"] > box["width"]  # a horizontal word stands upright on the picture
    page.keyboard.press("d")
    page.mouse.move(stage["x"] + expected.x0 * k, stage["y"] + expected.y0 * k)
    page.mouse.down()
    page.mouse.move(stage["x"] + expected.x1 * k, stage["y"] + expected.y1 * k)
    page.mouse.up()
    page.keyboard.press("Escape")  # out of the motivation field the new box focused
    with page.expect_download() as download:
        page.keyboard.press("e")
    manual = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))["manual"]
    assert manual[0]["rect"] == pytest.approx(bsn["boxes"][0], abs=1.5)
    assert not errors, errors
    context.close()
