"""``apply``: a review round. The scan's work folder and a reviewer's decisions in, the
publication out, as ``run`` writes it, with the reviewer's decisions in the audit log.

Nothing is detected again: every document's text, findings and the set's decisions come from
the work folder (``work.py``). Before anything is written, everything that could make the
result differ from what the reviewer saw is checked, each with a clear error: the work folder
is this version's, the inputs are the bytes that were scanned (SHA-256), the rules, model and
officer's lists have the content they had, and the decisions are for this scan and make sense
(``decisions.py``). Then the documents are redacted and verified like ``run`` (a reviewer's
"do not redact" is a kept finding for verification, in its own place only) and the
publication and review folders are replaced as a whole.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from woo_redact import __version__, atomic
from woo_redact.decide import SetDecisions
from woo_redact.decide.review import Review, apply_review, manual_finding, manual_id
from woo_redact.decisions import DecisionsError, ScanIndex, check_decisions, read_decisions
from woo_redact.detect.engine import get_analyzer
from woo_redact.errors import ExitCode, UsageError
from woo_redact.inputs import sha256_file
from woo_redact.pipeline import (
    DetectOutcome,
    Finish,
    InputDoc,
    Options,
    Plan,
    Progress,
    ReviewRecords,
    RunSummary,
    Scan,
    _check_key_place,
    _check_places,
    _start,
    apply_phase,
    copy_marks,
    in_staging,
    run_fingerprints,
    scan_id_for,
    work_schema,
)
from woo_redact.record.audit_records import Batch, Scrubber, decision_record
from woo_redact.record.audit_setup import prepare_audit
from woo_redact.record.findings import review_rows
from woo_redact.resume import Resume, resume_dir
from woo_redact.review_copy import COPIES, KEY_FILE, CopyContent, copy_decisions, read_copy
from woo_redact.rules import RuleSet, load_rules
from woo_redact.types import DocumentText, Finding, PagePicture
from woo_redact.work import (
    APPLIED_FILE,
    DECIDED_FILE,
    SCAN_FILE,
    WORK,
    WorkFolderError,
    from_json,
    read_gz,
    read_json,
    write_json,
)
from woo_redact.work import FORMAT as WORK_FORMAT
from woo_redact.workers import JobFailure, run_jobs


class ApplyError(UsageError):
    """apply cannot continue from this review folder: nothing was written."""

    exit_code = ExitCode.DECISIONS


@dataclass(frozen=True)
class WorkFolder:
    """A scan's work folder as read: its record (``scan.json``) and where it is."""

    folder: Path
    record: dict

    @property
    def scan_id(self) -> str:
        return str(self.record["scan"])

    def options(self, given: Options) -> Options:
        """The scan's options over ``given``: apply uses what the scan used."""
        o = self.record["options"]
        return replace(
            given,
            label=o["label"],
            ocr=o["ocr"],
            output_names=o["output_names"],
            max_pages=o["max_pages"],
            rules_dir=Path(o["rules_dir"]) if o["rules_dir"] else None,
            model=Path(o["model"]) if o["model"] else None,
            keep_names=tuple(o["keep_names"]),
            redact_names=tuple(o["redact_names"]),
        )

    def docs(self) -> list[InputDoc]:
        return [InputDoc(Path(i["path"]), i["rel"], i["skip"]) for i in self.record["inputs"]]

    def hashes(self) -> list[str]:
        return [i["sha256"] for i in self.record["inputs"]]

    def load(self) -> Scan:
        """Every document's outcome, the set's decisions and the pictures: the scan again."""
        outcomes: list[DetectOutcome | None] = []
        for item in self.record["inputs"]:
            if item["skip"]:
                outcomes.append(None)
                continue
            # the words stay in the work folder (Scan.load reads a document's back at the
            # input's path now, checked unchanged)
            outcomes.append(read_gz(self.folder / item["work"], DetectOutcome).stored())
        decided = read_gz(self.folder / DECIDED_FILE, SetDecisions)
        pictures = {
            rel: {p.page: p for p in from_json(list[PagePicture], pics)}
            for rel, pics in self.record.get("pictures", {}).items()
        }
        return Scan(
            self.scan_id,
            self.docs(),
            self.hashes(),
            outcomes,
            decided,
            pictures,
            dict(self.record.get("picture_remarks", {})),
            work=self.folder,
        )


def open_work(review: Path) -> WorkFolder:
    """The work folder of the review folder ``review``, refused when it is not this version's."""
    folder = review / WORK
    if not (folder / SCAN_FILE).is_file():
        raise ApplyError(
            f"{review} has no work folder ({WORK}/{SCAN_FILE}): apply continues from a "
            "`woo-redact scan` (or run) into that review folder; scan first"
        )
    try:
        record = read_json(folder / SCAN_FILE)
    except WorkFolderError as exc:
        raise ApplyError(str(exc)) from exc
    if record.get("format") != WORK_FORMAT or record.get("schema") != work_schema():
        raise ApplyError(
            f"the work folder {folder} was written by another version of woo-redact "
            f"({record.get('version', '?')}, schema {record.get('schema', '?')}; this is "
            f"{__version__}, schema {work_schema()}): scan again"
        )
    for key in ("scan", "options", "fingerprints", "inputs"):
        if key not in record:
            raise ApplyError(f"{folder / SCAN_FILE} has no {key!r}: scan again")
    return WorkFolder(folder, record)


def check_unchanged(work: WorkFolder, options: Options) -> None:
    """The rules, model and lists have the content, and the inputs the bytes, the scan had."""
    now = run_fingerprints(options)
    changed = [name for name, sha in work.record["fingerprints"].items() if now.get(name) != sha]
    if changed:
        raise ApplyError(
            f"the {', '.join(changed)} changed since the scan {work.scan_id} (their content "
            "differs): the findings may no longer be what the tool would propose; scan again"
        )
    problems = []
    for item in work.record["inputs"]:
        path, sha = Path(item["path"]), item["sha256"]
        if not sha:
            continue  # listed but never readable (a FIFO, a folder link): nothing was scanned
        try:
            now_sha = sha256_file(path)
        except OSError as exc:
            problems.append(f"{item['rel']}: cannot be read at {path} ({exc.strerror})")
            continue
        if now_sha != sha:
            problems.append(f"{item['rel']}: changed since the scan ({path}, SHA-256 differs)")
    if problems:
        raise ApplyError(
            f"the inputs of scan {work.scan_id} are not the files that were scanned; nothing "
            "was written (scan again):\n" + "\n".join(f"  - {p}" for p in problems)
        )


def scan_index(scan: Scan, rules: RuleSet) -> ScanIndex:
    """What a reviewer's decisions are checked against (only documents that are redacted
    have pictures, hence page sizes, and can take a drawn box)."""
    documents = {}
    for i, doc in enumerate(scan.docs):
        outcome = scan.outcomes[i]
        if doc.skip:
            documents[doc.rel] = "not processed"
        elif outcome is None or not outcome.readable:
            documents[doc.rel] = "failed"
        elif outcome.review:
            documents[doc.rel] = "needs manual handling"
        else:
            documents[doc.rel] = "scanned"
    redactable = {scan.docs[i].rel for i in scan.to_redact()}
    pictures = {rel: pics for rel, pics in scan.pictures.items() if rel in redactable}
    return ScanIndex.of(scan.scan_id, scan.decided, pictures, documents, rules)


def review_records(scan: Scan, review: Review) -> ReviewRecords:
    """The audit log's ``decision`` records of a review round: one per decided finding (what
    the tool proposed, what the reviewer decided) and one per drawn box."""
    rows = {row.id: row for row in review_rows(scan.decided)}
    drawn = [manual_finding(box, scan.load(box.doc).pages[box.page]) for box in review.manual]

    def records(batch: Batch, scrub: Scrubber, names: Mapping[str, str]) -> list[dict]:
        out = []
        for d in review.decisions:
            row = rows[d.row]
            f, before = row.lead, row.decision
            out.append(
                decision_record(
                    batch,
                    reviewer=review.reviewer,
                    file=names.get(f.doc, f.doc),
                    action=d.action.value,
                    motivation=scrub(d.motivation),
                    finding_id=d.row,
                    previous_action=before.action.value,
                    ground=d.ground,
                    previous_ground=before.ground,
                    page=f.page + 1 if f.page >= 0 else None,
                    boxes=f.boxes if f.page >= 0 else (),
                    text=f.text,
                )
            )
        for box, f in zip(review.manual, drawn, strict=True):
            out.append(
                decision_record(
                    batch,
                    reviewer=review.reviewer,
                    file=names.get(box.doc, box.doc),
                    action="redact",
                    motivation=scrub(box.motivation),
                    finding_id=manual_id(box),
                    ground=box.ground,
                    page=box.page + 1,
                    boxes=[box.rect],
                    text=f.text,
                )
            )
        return out

    return records


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _read_by_ocr(f: Finding, doc: DocumentText | None) -> bool:
    """Some word of the finding came from our OCR (no text layer of the input holds it)."""
    if doc is None or f.start < 0 or not 0 <= f.page < len(doc.pages):
        return False
    page = doc.pages[f.page]
    return any(page.words[i].source == "ocr" for i in page.words_for_span(f.start, f.end))


def _copy_texts(scan: Scan, index: ScanIndex) -> dict[str, str]:
    """What a review copy's text layer can show of each row: a finding read by our OCR (a
    scan, a picture) is not in the input's text layer, so it is checked like a region without
    text. Documents are read one at a time."""
    readable = set(scan.rels())
    by_doc: dict[str, list] = {}
    for row in index.rows.values():
        by_doc.setdefault(row.lead.doc, []).append(row)
    texts: dict[str, str] = {}
    for rel, rows in by_doc.items():
        doc = scan.load(rel) if rel in readable else None
        for row in rows:
            texts[row.id] = "" if _read_by_ocr(row.lead, doc) else row.lead.text
    return texts


def _applied_in_editor(
    decisions: list[dict], mine: Mapping, texts: Mapping[str, str], under: Mapping[str, str]
) -> list[str]:
    """Rejections read from a copy that look like redactions applied in the editor: the text
    of the finding is gone from under its box. A region without text (a signature) cannot be
    checked that way: when every annotation of a copy is gone, such a rejection is refused."""
    rejected = [d["id"] for d in decisions if d["action"] == "reject"]
    every = bool(mine) and len(rejected) == len(mine)
    out = []
    for rid in rejected:
        words = _words(texts[rid])
        if (words and not set(words) <= set(_words(under.get(rid, "")))) or (not words and every):
            out.append(rid)
    return out


def read_copies(folder: Path, scan: Scan, index: ScanIndex, rules: RuleSet, options: Options,
                workers: int) -> tuple[list[dict], list[dict], list[str]]:  # fmt: skip
    """The decisions a reviewer made in review copies (decisions.json form: decisions,
    manual boxes) and what to tell about them; a copy that cannot be trusted: DecisionsError."""
    if not folder.is_dir():
        raise DecisionsError(f"--review-copies {folder} is not a folder")
    paths = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
    if not paths:
        raise DecisionsError(f"--review-copies {folder} holds no PDF")
    marks = copy_marks(scan.decided, rules)
    rows = {m.row: (rel, m.page, m.boxes) for rel, ms in marks.items() for m in ms}
    contents: list[CopyContent | None] = [None] * len(paths)

    def done(i: int, value: object) -> None:
        if isinstance(value, JobFailure):
            value = CopyContent(str(paths[i]), error=f"cannot be read ({value.reason})")
        contents[i] = value  # type: ignore[assignment]

    run_jobs(read_copy, [(p, rows) for p in paths], done, workers=workers,
             limits=options.job_limits, isolate=options.isolate,
             scheduler=options.cluster)  # fmt: skip
    sha = dict(zip([d.rel for d in scan.docs], scan.hashes, strict=True))
    pages = {scan.docs[i].rel: scan.outcomes[i].pages for i in scan.readable()}  # type: ignore[union-attr]
    texts = _copy_texts(scan, index)
    problems: list[str] = []
    seen: dict[str, str] = {}
    decisions: list[dict] = []
    manual: list[dict] = []
    remarks: list[str] = []
    for path, content in zip(paths, contents, strict=True):
        assert content is not None
        name = path.relative_to(folder).as_posix()
        problem = _copy_problem(content, scan.scan_id, index, sha, pages, seen.get(content.file))
        if problem:
            problems.append(f"{name}: {problem}")
            continue
        seen[content.file] = name
        mine = {m.row: m for m in marks.get(content.file, [])}
        got = copy_decisions(content, mine, index.grounds, index.default_ground)
        if _applied_in_editor(got.decisions, mine, texts, content.text_under):
            problems.append(
                f"{name}: deleted annotations no longer have their text under them: the "
                "redactions were applied in the PDF editor. Give apply the copy with unapplied "
                "annotations (reject a finding by deleting its annotation only)"
            )
            continue
        decisions += got.decisions
        manual += got.manual
        remarks += got.remarks
    if problems:
        raise DecisionsError(
            f"--review-copies {folder}: {len(problems)} problem(s); nothing was applied or "
            "written:\n" + "\n".join(f"  - {p}" for p in problems)
        )
    return decisions, manual, remarks


def _copy_problem(
    content: CopyContent,
    scan_id: str,
    index: ScanIndex,
    sha: Mapping[str, str],
    pages: Mapping[str, int],
    earlier: str | None,
) -> str:
    """Why a review copy cannot be taken back ("" when it can): it must be a copy of this
    scan's input as scanned, the only one of its document."""
    rel = content.file
    if content.error:
        return content.error
    if not rel or not content.source:
        return f"not a review copy of woo-redact (no {KEY_FILE} in its document information)"
    if content.scan != scan_id:
        return f"a review copy of scan {content.scan}, this is scan {scan_id}"
    if rel not in index.pages:
        return f"{rel} is not a document this scan redacts"
    if content.source != sha.get(rel):
        return f"its base is not the scanned {rel} (SHA-256 differs)"
    if earlier is not None:
        return f"a second review copy of {rel} (also {earlier})"
    if content.pages != pages.get(rel):
        return f"{content.pages} page(s), the scanned {rel} has {pages.get(rel)}"
    return ""


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)  # never written in place, so the new folder may share the file
    except OSError:
        shutil.copy2(src, dst)


def _attach_remarks(scan: Scan, review: Review) -> None:
    """What was said about the decisions goes with each document into the report."""
    for remark in review.remarks:
        rel = remark.split(", p. ", 1)[0]
        for doc, outcome in zip(scan.docs, scan.outcomes, strict=True):
            if doc.rel == rel and outcome is not None:
                outcome.remarks.append(remark)


def carry_scan(review: Path, stage: Path) -> None:
    """The scan's pictures, work folder and review copies (as the reviewer may have edited
    them in place) into the new review folder: the scan is kept, a later round applies its
    decisions to the same scan."""
    for sub in ("pages", WORK, COPIES):
        base = review / sub
        if not base.is_dir():
            continue
        for rel in atomic.files_below(base):
            src = base / rel
            if src.is_file() and not src.is_symlink() and (sub, rel) != (WORK, APPLIED_FILE):
                _link_or_copy(src, stage / sub / rel)


def applied_payload(review: Review, scan_id: str, reviewer: str) -> dict:
    """The decisions as applied (checked, row by row), kept in the work folder."""
    return {
        "scan": scan_id,
        "reviewer": review.reviewer,
        "applied_by": reviewer,
        "decisions": [
            {
                "id": d.row,
                "action": "accept" if d.action.value == "redact" else "reject",
                "ground": d.ground,
                "motivation": d.motivation,
            }  # fmt: skip
            for d in review.decisions
        ],
        "manual": [
            {
                "file": m.doc,
                "page": m.page + 1,
                "rect": list(m.rect),
                "ground": m.ground,
                "motivation": m.motivation,
                "note": m.note,
            }  # fmt: skip
            for m in review.manual
        ],
        "remarks": list(review.remarks),
    }


def load_checked(options: Options) -> tuple[WorkFolder, Options, Scan, RuleSet]:
    """The scan of ``options.review`` with the options it was made with, after every check
    that can be made before a reviewer's decisions are read (nothing written)."""
    review_dir = options.review
    work = open_work(review_dir)
    options = work.options(replace(options, command="apply"))
    check_unchanged(work, options)
    rules = load_rules(options.rules_dir)
    get_analyzer(
        str(options.rules_dir) if options.rules_dir else None,
        str(options.model) if options.model else None,
    )  # loads and checks the model (verify runs detection again)
    _check_places([d.path for d in work.docs()], options.out.resolve(), review_dir)
    atomic.check_destination(options.out.resolve(), "--out")
    atomic.check_destination(review_dir, "--review-dir")
    try:
        found = work.load()
    except WorkFolderError as exc:
        raise ApplyError(f"{exc}; scan again") from exc
    if scan_id_for(found.docs, found.hashes, options, work.record["fingerprints"]) != found.scan_id:
        raise ApplyError(
            f"the work folder {work.folder} does not add up to its scan id: scan again"
        )
    return work, options, found, rules


def read_review(
    found: Scan,
    rules: RuleSet,
    options: Options,
    reviewer: str,
    decisions: Path | None,
    copies: Path | None,
) -> tuple[Review, str]:
    """The reviewer's decisions from a decisions file and/or review copies, checked against
    the scan as one decisions.json; and where they came from, for the audit log."""
    index = scan_index(found, rules)
    data: dict = {"scan": found.scan_id}
    sources = []
    if decisions is not None:
        data = read_decisions(decisions)
        sources.append(f"decisions file sha256:{sha256_file(decisions)}")
    remarks: list[str] = []
    if copies is not None:
        workers = max(1, min(options.workers or os.cpu_count() or 1, len(found.docs)))
        from_copies, boxes, remarks = read_copies(copies, found, index, rules, options, workers)
        data = {**data, "decisions": [*(data.get("decisions") or []), *from_copies],
                "manual": [*(data.get("manual") or []), *boxes]}  # fmt: skip
        sources.append(f"review copies: {len(list(copies.rglob('*.pdf')))}")
    where = " and ".join(str(p) for p in (decisions, copies) if p is not None) or "decisions"
    review = check_decisions(data, index, reviewer, source=where)
    return replace(review, remarks=tuple(remarks)), "; ".join(sources)


def apply(
    options: Options,
    reviewer: str,
    decisions: Path | None = None,
    progress: Progress | None = None,
    copies: Path | None = None,
    finish: Finish | None = None,
) -> RunSummary:
    """Apply a reviewer's decisions to the scan in ``options.review`` and publish into
    ``options.out`` (both replaced as a whole at the end), like ``run`` does.

    ``decisions``: a decisions.json (see decisions.py); ``copies``: a folder of review copies
    edited in a PDF editor (review_copy.py); both may be given (a finding decided in both is
    an error). Without either the scan's own decisions are applied (what ``run`` would have
    published). ``reviewer`` is who applies them; the decisions file may name who made them.
    """
    reviewer = " ".join(reviewer.split())
    if not reviewer:
        raise UsageError("--reviewer must name who applies the decisions")
    work, options, found, rules = load_checked(options)
    review, source = read_review(found, rules, options, reviewer, decisions, copies)
    _attach_remarks(found, review)
    review_dir, out = options.review, options.out.resolve()
    if options.audit_key is not None:
        _check_key_place(options.audit_key, found.docs, review_dir)
    setup = prepare_audit(out, review_dir, options.audit_key, options.new_audit_key)
    options = replace(options, reviewer=reviewer, review_source=source)
    resume = Resume(resume_dir(review_dir)) if options.resume else None
    plan = Plan(found.docs, out, review_dir, rules, setup, dict(work.record["fingerprints"]),
                resume)  # fmt: skip
    workers, tick = _start(plan, options, progress)
    decided = apply_review(found.decided, review, found, rules)

    def round_trip(staged: Plan) -> RunSummary:
        carry_scan(review_dir, staged.review)
        applied = applied_payload(review, found.scan_id, reviewer)
        write_json(staged.review / WORK / APPLIED_FILE, applied)
        summary = apply_phase(found, decided, staged, options, workers, tick,
                              review_records(found, review))  # fmt: skip
        summary.review_remarks = list(review.remarks)
        return summary

    return in_staging(plan, options, round_trip, finish=finish)
