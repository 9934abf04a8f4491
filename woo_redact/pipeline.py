"""Order the stages for a document set: extract+detect (parallel) → decide (once, set-wide) →
redact+verify (parallel) → record."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from woo_redact import __version__
from woo_redact.atomic import part_path
from woo_redact.decide import SetDecisions, decide_set
from woo_redact.detect import detect_document
from woo_redact.detect.engine import get_analyzer
from woo_redact.errors import OcrUnavailableError, UsageError, WooRedactError
from woo_redact.extract import extract_document
from woo_redact.inputs import (
    InputLimits,
    inspect_pdf,
    ocr_covered,
    output_problems,
    set_passwords,
    sha256_file,
    unreadable_reason,
)
from woo_redact.record.audit import write_audit
from woo_redact.record.findings import write_findings
from woo_redact.record.inventory import write_inventory
from woo_redact.record.pages import PageBoxes, boxes_by_document, render_page_images
from woo_redact.record.report import write_report
from woo_redact.redact import DEFAULT_LABEL, burn
from woo_redact.rules import RuleSet, load_rules
from woo_redact.types import DocumentResult, DocumentText, Finding, Redaction, Status
from woo_redact.verify import verify
from woo_redact.workers import (
    GB,
    JobFailure,
    JobLimits,
    is_memory_error,
    memory_reason,
    report_pages,
    run_jobs,
)


@dataclass(frozen=True)
class InputDoc:
    path: Path
    rel: str


@dataclass(frozen=True)
class Options:
    out: Path
    label: str = DEFAULT_LABEL
    workers: int = 0  # 0: all CPUs
    rules_dir: Path | None = None
    model: Path | None = None
    ocr: str = "auto"  # auto | always | never
    timeout: float = 300.0  # seconds per document and stage, plus page_timeout per page
    page_timeout: float = 30.0  # OCR of one scanned page can take several seconds
    max_memory: int = 4 * GB  # bytes a document may use above the loaded model; 0: no limit
    max_pages: int = 5_000
    passwords: tuple[str, ...] = field(default=(), repr=False)  # never printed or logged
    keep_names: tuple[str, ...] = ()  # the officer's lists: override the rules
    redact_names: tuple[str, ...] = ()
    isolate: bool = True  # each document in its own worker process (False: fuzzing, debugging)

    @property
    def job_limits(self) -> JobLimits:
        return JobLimits(self.timeout, self.page_timeout, self.max_memory)

    @property
    def input_limits(self) -> InputLimits:
        return InputLimits(max_pages=self.max_pages)


@dataclass
class RunSummary:
    scan_id: str
    results: list[DocumentResult] = field(default_factory=list)
    decided: SetDecisions = field(default_factory=SetDecisions)

    @property
    def failed(self) -> list[DocumentResult]:
        """Every document that was not published: errors and those needing manual handling."""
        return [r for r in self.results if r.status is not Status.OK]

    @property
    def errors(self) -> list[DocumentResult]:
        return [r for r in self.results if r.status is Status.FAILED]

    @property
    def needs_review(self) -> list[DocumentResult]:
        return [r for r in self.results if r.status is Status.NEEDS_REVIEW]

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results)

    def redactions_by_type(self) -> Counter[str]:
        return Counter(red.type for r in self.results for red in r.redactions)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


Progress = Callable[[str, int], None]  # (event, pages) — "doc" when a document is done


def collect_inputs(inputs: Iterable[Path], out: Path) -> list[InputDoc]:
    """PDF files given and PDFs found below folders given, with their output-relative names."""
    out_res = out.resolve()
    docs: list[InputDoc] = []
    for item in inputs:
        item_res = item.resolve()
        if not item.exists():
            raise UsageError(f"input does not exist: {item}")
        if item.is_dir():
            if out_res == item_res or item_res in out_res.parents:
                raise UsageError(f"refusing to write into an input folder: {out}")
            found = sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
            # skip what an earlier run wrote into this folder (an output folder inside it)
            docs.extend(InputDoc(p, p.relative_to(item).as_posix()) for p in found)
        else:
            docs.append(InputDoc(item, item.name))
    seen: dict[str, Path] = {}
    for doc in docs:
        if doc.rel in seen:
            raise UsageError(
                f"two inputs map to the same output name {doc.rel}: {seen[doc.rel]} and {doc.path}"
            )
        seen[doc.rel] = doc.path
        target = (out / doc.rel).resolve()
        if target == doc.path.resolve():
            raise UsageError(f"refusing to overwrite an input file: {doc.path}")
    return docs


def scan_id_for(docs: list[InputDoc], hashes: list[str], options: Options) -> str:
    """Identifies a scan by its inputs and settings, so a re-scan gives the same id."""
    h = hashlib.sha256()
    for doc, sha in zip(docs, hashes, strict=True):
        h.update(f"{doc.rel}\0{sha}\n".encode())
    h.update(f"{__version__}\0{options.rules_dir}\0{options.model}".encode())
    return h.hexdigest()[:16]


# -- worker functions (top level; they run in a forked worker per document) ----------------------


@dataclass
class DetectOutcome:
    """What the detect stage learnt about one document."""

    text: DocumentText | None
    findings: list[Finding] = field(default_factory=list)
    error: str = ""  # set: the document failed
    review: list[str] = field(default_factory=list)  # set: readable, but not publishable as is
    remarks: list[str] = field(default_factory=list)


def _quiet_mupdf() -> None:
    """MuPDF prints every repair and syntax warning on stderr; we collect them instead."""
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)


def _detect_job(
    path: Path,
    rel: str,
    rules_dir: str | None,
    model: str | None,
    ocr: str,
    limits: InputLimits,
    job_limits: JobLimits,
) -> DetectOutcome:
    _quiet_mupdf()
    try:
        inspection = inspect_pdf(path, limits)
        report_pages(inspection.pages)
        doc = extract_document(path, rel, ocr=ocr, page_timeout=job_limits.page_timeout)
    except WooRedactError as exc:
        if isinstance(exc, OcrUnavailableError):
            return DetectOutcome(None, review=[f"{exc} (OCR or manual review needed)"])
        return DetectOutcome(None, error=str(exc))
    except Exception as exc:  # a broken file must not stop the batch
        if is_memory_error(exc):
            return DetectOutcome(None, error=memory_reason(job_limits))
        return DetectOutcome(None, error=f"cannot read the file: {type(exc).__name__}: {exc}")
    outcome = DetectOutcome(doc, remarks=list(inspection.remarks))
    # Fail closed: a page whose text layer cannot be trusted is not "nothing to redact".
    unreadable = dict(inspection.unreadable)
    for page in doc.pages:
        if page.needs_ocr:
            unreadable.setdefault(page.page, "scanned")
    for page_no, kind in sorted(unreadable.items()):
        if page_no < len(doc.pages) and ocr_covered(doc.pages[page_no]):
            continue  # OCR read this page: its text layer was not relied on
        outcome.review.append(unreadable_reason(page_no, kind))
    try:
        analyzer = get_analyzer(rules_dir, model)
        outcome.findings = detect_document(doc, analyzer, page_timeout=job_limits.page_timeout)
    except Exception as exc:
        outcome.text = None
        outcome.error = (
            memory_reason(job_limits)
            if is_memory_error(exc)
            else f"detection failed: {type(exc).__name__}: {exc}"
        )
    return outcome


def _redact_job(
    doc: DocumentText,
    redactions: list[Redaction],
    out: Path,
    label: str,
    job_limits: JobLimits | None = None,
    review_boxes: PageBoxes | None = None,
) -> DocumentResult:
    _quiet_mupdf()
    target = out / doc.rel
    tmp = part_path(target)
    result = DocumentResult(
        rel=doc.rel,
        status=Status.OK,
        pages=len(doc.pages),
        sha256_in=doc.sha256,
        redactions=redactions,
    )
    try:
        burnt = burn(doc.path, tmp, doc, redactions, label)
        problems = verify(tmp, doc, redactions, burnt) + output_problems(tmp)
        result.remarks.extend(burnt.remarks)
        if problems:
            tmp.unlink(missing_ok=True)
            result.status = Status.FAILED
            result.error = "verification failed, not published: " + "; ".join(problems)
            result.redactions = []  # nothing was published
            return result
        result.sha256_out = sha256_file(tmp)
        os.replace(tmp, target)
        result.output = target
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        result.status = Status.FAILED
        result.redactions = []
        if is_memory_error(exc):
            result.error = memory_reason(job_limits or JobLimits())
        else:
            result.error = f"redaction failed: {type(exc).__name__}: {exc}"
    if review_boxes:
        try:  # pictures for the reviewers; a failure here never changes the outcome
            result.page_images = render_page_images(
                doc.path, doc.rel, review_boxes, out / "review" / "pages"
            )
        except Exception as exc:
            result.remarks.append(f"page pictures for the report failed: {exc}")
    return result


def _child_part_path(target: Path, pid: int) -> Path:
    """``atomic.part_path(target)`` as computed in the worker with process id ``pid``."""
    return target.with_name(f".{target.name}.{pid}.part")


def run(inputs: Iterable[Path], options: Options, progress: Progress | None = None) -> RunSummary:
    """The whole job for one document set. Inputs are only read; outputs go to ``options.out``.

    Every document is read and redacted in a worker process of its own, with a time budget and
    a memory ceiling (``Options.job_limits``): a crash, hang or out-of-memory fails that document
    only. A document that cannot be proven clean is never written as a finished output.
    """
    rules = load_rules(options.rules_dir)
    docs = collect_inputs([Path(p) for p in inputs], options.out)
    workers = options.workers or os.cpu_count() or 1
    workers = max(1, min(workers, len(docs)))
    options.out.mkdir(parents=True, exist_ok=True)
    tick = progress or (lambda event, pages: None)
    rules_dir = str(options.rules_dir) if options.rules_dir else None
    model = str(options.model) if options.model else None
    limits = options.job_limits
    if options.isolate:
        _warm_up(rules_dir, model, options.label)  # load once before forking: workers share it
    else:
        get_analyzer(rules_dir, model)
    set_passwords(options.passwords)
    try:
        return _run(docs, options, rules, rules_dir, model, workers, limits, tick)
    finally:
        set_passwords(())


WARM_UP_TEXT = [
    "Van: Jan de Vries <jan.devries@gmail.com>, tel. 06-12345678",
    "BSN 111222333, IBAN NL91ABNA0417164300, Kerkstraat 1, 1234 AB Amsterdam",
    "geboren 01-02-1980, kenteken 12-ABC-3. Met vriendelijke groet, P. Jansen",
]


def _warm_up(rules_dir: str | None, model: str | None, label: str) -> None:
    """Run every stage once on a tiny generated PDF, in this process, before forking.

    Libraries initialise lazily on first use (spaCy, Presidio's recognizers, phone number
    metadata, MuPDF fonts); done here once, every forked worker inherits the result instead of
    paying for it per document (measured: about 60 ms per document).
    """
    analyzer = get_analyzer(rules_dir, model)
    with tempfile.TemporaryDirectory(prefix="woo-warm-up-") as tmp:
        src = Path(tmp) / "warm-up.pdf"
        doc = pymupdf.open()
        page = doc.new_page()
        for i, line in enumerate(WARM_UP_TEXT):
            page.insert_text((72, 72 + 14 * i), line, fontname="helv", fontsize=11)
        doc.save(src)
        doc.close()
        try:
            text = extract_document(src, src.name, ocr="never")
            findings = detect_document(text, analyzer)
            reds = [
                Redaction(
                    doc=text.rel,
                    page=f.page,
                    rects=f.boxes,
                    ground="5.1.2e",
                    type=f.type,
                    recognizer=f.recognizer,
                    score=f.score,
                    finding_id=f.id,
                    text=f.text,
                )
                for f in findings
                if f.boxes
            ]
            _redact_job(text, reds, Path(tmp), label)
        except Exception:  # warming up is an optimisation; the real run reports real errors
            pass


def _run(
    docs: list[InputDoc],
    options: Options,
    rules: RuleSet,
    rules_dir: str | None,
    model: str | None,
    workers: int,
    limits: JobLimits,
    tick: Progress,
) -> RunSummary:
    outcomes: list[DetectOutcome] = [DetectOutcome(None) for _ in docs]

    def detected(i: int, value: object) -> None:
        if isinstance(value, JobFailure):
            value = DetectOutcome(None, error=f"{value.reason} (while reading the file)")
        outcomes[i] = value  # type: ignore[assignment]
        text = outcomes[i].text
        tick("detect", len(text.pages) if text else 0)

    run_jobs(
        _detect_job,
        [
            (d.path, d.rel, rules_dir, model, options.ocr, options.input_limits, limits)
            for d in docs
        ],
        detected,
        workers=workers,
        limits=limits,
        isolate=options.isolate,
    )

    texts = [o.text for o in outcomes]
    # documents that need review still take part in set-wide consistency: a name found there is
    # redacted everywhere else too
    good = [t for t in texts if t is not None]
    decided = decide_set(
        good,
        [f for o in outcomes for f in o.findings],
        rules,
        keep_names=options.keep_names,
        redact_names=options.redact_names,
    )
    hashes = [t.sha256 if t else _safe_sha(d.path) for d, t in zip(docs, texts, strict=True)]
    summary = RunSummary(scan_id=scan_id_for(docs, hashes, options), decided=decided)

    results: dict[int, DocumentResult] = {}
    for i, (doc, outcome) in enumerate(zip(docs, outcomes, strict=True)):
        pages = len(outcome.text.pages) if outcome.text else 0
        if outcome.text is None and not outcome.review:
            results[i] = DocumentResult(
                rel=doc.rel,
                status=Status.FAILED,
                sha256_in=hashes[i],
                error=outcome.error or "unknown error",
                remarks=outcome.remarks,
            )
        elif outcome.review:
            results[i] = DocumentResult(
                rel=doc.rel,
                status=Status.NEEDS_REVIEW,
                pages=pages,
                sha256_in=hashes[i],
                error="not published, needs manual handling: " + "; ".join(outcome.review),
                remarks=outcome.remarks,
            )
        else:
            continue
        tick("doc", pages)
    jobs_idx = [i for i in range(len(docs)) if i not in results]
    review_boxes = boxes_by_document(decided)
    jobs = [
        (
            texts[i],
            decided.redactions.get(texts[i].rel, []),  # type: ignore[union-attr]
            options.out,
            options.label,
            limits,
            review_boxes.get(texts[i].rel),  # type: ignore[union-attr]
        )
        for i in jobs_idx
    ]

    def redacted(k: int, value: object) -> None:
        i = jobs_idx[k]
        doc = texts[i]
        assert doc is not None
        if isinstance(value, JobFailure):
            value = DocumentResult(
                rel=doc.rel,
                status=Status.FAILED,
                pages=len(doc.pages),
                sha256_in=doc.sha256,
                error=f"{value.reason} (while redacting)",
            )
        value.remarks[:0] = outcomes[i].remarks  # type: ignore[union-attr]
        results[i] = value  # type: ignore[assignment]
        tick("doc", results[i].pages)

    def child_died(k: int, pid: int) -> None:
        texts_k = texts[jobs_idx[k]]
        if texts_k is not None and pid:
            _child_part_path(options.out / texts_k.rel, pid).unlink(missing_ok=True)

    run_jobs(
        _redact_job,
        jobs,
        redacted,
        workers=workers,
        limits=limits,
        pages=[len(texts[i].pages) for i in jobs_idx],  # type: ignore[union-attr]
        isolate=options.isolate,
        on_abnormal_end=child_died,
    )
    summary.results = [results[i] for i in range(len(docs))]
    for res in summary.results:
        if res.status is not Status.OK:
            _remove_stale_output(options.out / res.rel, res)

    review = options.out / "review"
    write_inventory(options.out / "inventory.csv", summary.results)
    write_audit(options.out / "audit.jsonl", summary.results, summary.scan_id, options.label)
    write_findings(review / "findings.json", summary.scan_id, decided)
    images = {(r.rel, page): path for r in summary.results for page, path in r.page_images.items()}
    write_report(review / "report.html", summary.results, decided, summary.scan_id, images)
    return summary


def _remove_stale_output(target: Path, res: DocumentResult) -> None:
    """A document that failed now must not leave an earlier run's output looking finished."""
    if target.is_file():
        target.unlink()
        res.remarks.append("an output of this file from an earlier run was removed")


def _safe_sha(path: Path) -> str:
    try:
        return sha256_file(path)
    except OSError:
        return ""
