"""Order the stages for a document set: extract+detect (parallel) → decide (once, set-wide) →
redact+verify (parallel) → record.

Two phases: ``scan_phase`` (detect, decide, the review page's pictures, the work folder) and
``apply_phase`` (redact and verify with given decisions, the package, the audit log, the review
files). ``run`` is both with the tool's own decisions, ``scan`` the first alone; ``apply``
(apply.py) continues from a scan's work folder with a reviewer's decisions."""

from __future__ import annotations

import functools
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

import pymupdf

from woo_redact import __version__, atomic, cputime, fingerprint
from woo_redact.atomic import part_path
from woo_redact.decide import Policy, SetDecisions, decide_set
from woo_redact.detect import detect_document
from woo_redact.detect.engine import get_analyzer
from woo_redact.detect.model_names import MODEL_RECOGNIZER
from woo_redact.detect.ocr_doubt import RECOGNIZER as DOUBT_RECOGNIZER
from woo_redact.errors import (
    ExitCode,
    OcrUnavailableError,
    PublishError,
    UsageError,
    WooRedactError,
    documents_exit_code,
)
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
from woo_redact.ocr import available_cpus, set_pool_size
from woo_redact.pdfobjects import combine
from woo_redact.record.audit_key import KEY_FILE
from woo_redact.record.audit_records import Batch, Scrubber
from woo_redact.record.audit_setup import AuditSetup, prepare_audit
from woo_redact.record.diwoo import Publisher
from woo_redact.record.findings import review_rows, write_findings
from woo_redact.record.names import published_names, replace_names, scrub_component, term_pattern
from woo_redact.record.names import write_names as write_names_csv
from woo_redact.record.package import DocDates, RunInfo, document_dates, write_audit, write_package
from woo_redact.record.pages import pages_with_findings, render_page_pictures
from woo_redact.record.report import write_report
from woo_redact.redact import DEFAULT_LABEL, GROUND_LABEL, BurnResult, burn, secret_patterns
from woo_redact.resume import Resume, key_of, resume_dir
from woo_redact.review_copy import COPIES, Mark, write_copy
from woo_redact.rules import RuleSet, load_rules
from woo_redact.types import (
    SIDE_PAGE,
    Action,
    Decision,
    DocumentResult,
    DocumentText,
    Finding,
    PagePicture,
    Redaction,
    Status,
)
from woo_redact.variants import NeedleIndex
from woo_redact.verify import (
    SetContext,
    compile_spread,
    document_context,
    redetect_problems,
    verify,
)
from woo_redact.work import (
    DECIDED_FILE,
    SCAN_FILE,
    WORK,
    WorkFolderError,
    doc_file,
    read_gz,
    schema_id,
    to_json,
    write_gz,
    write_json,
)
from woo_redact.work import FORMAT as WORK_FORMAT
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
    skip: str = ""  # set: listed, but not processed (not a PDF …), with the reason


OUTPUT_NAMES = ("scrubbed", "number")


def default_review_dir(out: Path) -> Path:
    """``pub`` → ``pub-review``: beside the publication, never inside it."""
    out = out.resolve()
    return out.with_name(f"{out.name}-review")


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
    review_dir: Path | None = None  # None: default_review_dir(out)
    output_names: str = "scrubbed"  # scrubbed | number (see record/names.py)
    ocr_threads: int = 0  # Tesseract processes per document; 0: the workers' share of the CPUs
    audit_key: Path | None = None  # the officer's audit key file; None: REVIEW/audit.key
    new_audit_key: bool = False  # start a new key on purpose (the log records the change)
    publisher: str = ""  # the publishing organisation, for the DiWoo metadata
    publisher_uri: str = ""  # its TOOI organisation URI
    publication_context: str = ""  # the productierapport's Publicatiecontext
    command: str = "run"  # as recorded in the audit log
    reviewer: str = ""  # apply: who applied the reviewer's decisions
    review_source: str = ""  # apply: where the decisions came from (a file's SHA-256 …)
    review_copies: bool = False  # scan: also write review copies for a PDF editor
    lang: str = "nl"  # the inventory's texts and the review page (--lang nl|en)
    executor: str = "local"  # local: forked workers here | dask: the cluster at ``scheduler``
    scheduler: str = ""  # the Dask scheduler's address (tcp://host:8786)
    resume: bool = True  # take what an interrupted run into the same folders finished

    @property
    def cluster(self) -> str:
        """The scheduler the jobs go to, "" when they run in workers here."""
        return self.scheduler if self.executor == "dask" else ""

    @property
    def job_limits(self) -> JobLimits:
        return JobLimits(self.timeout, self.page_timeout, self.max_memory)

    @property
    def input_limits(self) -> InputLimits:
        return InputLimits(max_pages=self.max_pages)

    @property
    def review(self) -> Path:
        return self.review_dir.resolve() if self.review_dir else default_review_dir(self.out)


@dataclass
class RunSummary:
    scan_id: str
    results: list[DocumentResult] = field(default_factory=list)
    decided: SetDecisions = field(default_factory=SetDecisions)
    names: dict[str, str] = field(default_factory=dict)  # input rel → published rel
    out: Path | None = None
    review: Path | None = None
    audit_head: str = ""  # the audit log's last hash and length after this run
    audit_records: int = 0
    review_remarks: list[str] = field(default_factory=list)  # apply: said about the decisions
    # CPU seconds per stage (cputime.STAGES), summed over the workers and the supervisor
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> list[DocumentResult]:
        """Every document that was not published (or, after a scan, cannot be): errors and
        those needing manual handling."""
        return [r for r in self.results if r.status not in (Status.OK, Status.SCANNED)]

    @property
    def errors(self) -> list[DocumentResult]:
        return [r for r in self.results if r.status is Status.FAILED]

    @property
    def needs_review(self) -> list[DocumentResult]:
        return [r for r in self.results if r.status is Status.NEEDS_REVIEW]

    @property
    def not_processed(self) -> list[DocumentResult]:
        return [r for r in self.results if r.status is Status.NOT_PROCESSED]

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results)

    def redactions_by_type(self) -> Counter[str]:
        return Counter(red.type for r in self.results for red in r.redactions)

    @property
    def exit_code(self) -> ExitCode:
        """The most serious of the documents' outcomes (errors.DOCUMENT_CODES)."""
        return documents_exit_code(len(self.errors), len(self.needs_review),
                                   len(self.not_processed))  # fmt: skip


@dataclass(frozen=True)
class Step:
    """A stage starting (``total`` documents) or one document through it, for the display.

    Stages: ``detect`` (read and detect), ``pictures`` (the review page's pictures), ``doc``
    (redact and verify; also a document that goes no further, with its ``result``).
    """

    stage: str
    rel: str = ""  # "": the stage starts
    pages: int = 0
    total: int = 0  # the stage starts: how many documents go through it
    result: DocumentResult | None = None  # "doc": the document's outcome
    findings: int = 0  # "detect": what detection found, before the set's decisions
    error: str = ""  # "detect": why the document goes no further (error or manual handling)


Progress = Callable[[Step], None]
Finish = Callable[["RunSummary", Path], None]  # (summary, the staged review folder)

PDF_MAGIC = b"%PDF-"  # as inputs.open_pdf: within the first 1024 bytes


def not_processed_reason(path: Path) -> str:
    """Why an input file is listed but not processed; "" for a file to process as a PDF.

    The suffix decides first: a ``.pdf`` that is not a PDF is read and fails with its own
    error. Any other file is looked at (its first bytes), so a PDF without the suffix is named.
    """
    if path.is_symlink() and path.is_dir():
        return "not processed: a link to a folder (not followed)"
    if not path.is_file():
        return "not processed: not a regular file"
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return ""
    kind = suffix or "no file name suffix"
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        return f"not processed: not a PDF ({kind}); it cannot be read ({type(exc).__name__})"
    if PDF_MAGIC in head:
        return f"not processed: a PDF without the .pdf suffix ({kind}); rename it to process it"
    return f"not processed: not a PDF ({kind})"


def _folder_entries(root: Path) -> list[tuple[Path, str]]:
    """Every entry below ``root`` that is not a folder, with a reason for unreadable folders.

    Hidden files are listed too (a Woo officer must see everything); links to folders are
    listed, not followed; our own output, review and staging folders are left out.
    """
    found: list[tuple[Path, str]] = []

    def unreadable(exc: OSError) -> None:
        if exc.filename and Path(exc.filename) != root:
            why = f"not processed: a folder that cannot be read ({type(exc).__name__})"
            found.append((Path(exc.filename), why))
        else:
            raise UsageError(f"cannot read the input folder {root}: {exc.strerror}")

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
        here = Path(dirpath)
        keep = []
        for name in dirnames:
            sub = here / name
            if sub.is_symlink():
                found.append((sub, ""))
            elif not atomic.is_own_folder(sub):
                keep.append(name)
        dirnames[:] = keep
        found.extend((here / name, "") for name in filenames)
    return sorted(found)


def _check_places(items: list[Path], out: Path, review: Path) -> None:
    """The run replaces ``out`` and ``review`` as a whole: no input may be in or around them."""
    if out == review or out in review.parents or review in out.parents:
        raise UsageError(f"the review folder {review} and --out {out} must not contain each other")
    for item in items:
        res = item.resolve()
        for dest in (out, review):
            if item.is_dir() and (dest == res or res in dest.parents):
                raise UsageError(f"refusing to write into an input folder: {dest}")
            if dest == res or dest in res.parents:
                raise UsageError(
                    f"refusing to replace an input: {item} is inside the output folder {dest}"
                )


def collect_inputs(inputs: Iterable[Path], out: Path, review: Path | None = None) -> list[InputDoc]:
    """Every file given and every file below folders given, with its output-relative name.

    Files that are not PDFs are listed with the reason they are not processed (``skip``).
    """
    inputs = list(inputs)
    out = out.resolve()
    review = review.resolve() if review else default_review_dir(out)
    for item in inputs:
        if not item.exists() and not item.is_symlink():
            raise UsageError(f"input does not exist: {item}")
    _check_places(inputs, out, review)
    docs: list[InputDoc] = []
    for item in inputs:
        if item.is_dir():
            for path, why in _folder_entries(item):
                rel = path.relative_to(item).as_posix()
                docs.append(InputDoc(path, rel, why or not_processed_reason(path)))
        else:
            docs.append(InputDoc(item, item.name, not_processed_reason(item)))
    seen: dict[str, Path] = {}
    for doc in docs:
        if doc.rel in seen:
            raise UsageError(
                f"two inputs map to the same output name {doc.rel}: {seen[doc.rel]} and {doc.path}"
            )
        seen[doc.rel] = doc.path
    return docs


@dataclass(frozen=True)
class Plan:
    """A checked run: its inputs and its two destinations (resolved)."""

    docs: list[InputDoc]
    out: Path
    review: Path
    rules: RuleSet
    audit: AuditSetup | None  # None: a scan, which writes no audit log
    fingerprints: dict[str, str]  # rules, model, lists → SHA-256 of their content
    resume: Resume | None = None  # what an interrupted run into these folders finished


TOOI_ORGANISATION = "https://identifier.overheid.nl/tooi/id/"
PUBLICATION_CONTEXT = re.compile(r"^[A-Za-z0-9._~-]{1,255}$")


def _check_publication(options: Options) -> None:
    """The productierapport and the DiWoo metadata accept only these forms."""
    ctx = options.publication_context
    if ctx and not PUBLICATION_CONTEXT.match(ctx):
        raise UsageError(
            "--publication-context takes 1 to 255 letters, digits, '-', '.', '_' or '~' (no "
            f"spaces): {ctx!r}"
        )
    uri = options.publisher_uri
    if uri and not uri.startswith(TOOI_ORGANISATION):
        raise UsageError(f"--publisher-uri must be a TOOI organisation URI ({TOOI_ORGANISATION}…)")


def prepare(inputs: Iterable[Path], options: Options, audit: bool = True) -> Plan:
    """Check everything that can be wrong with the command before any document is read.

    Rules and model (a model without person names is refused), the inputs, the two
    destinations (each new, empty, or an earlier run's: never holding files we did not write)
    and, unless ``audit`` is off (a scan writes no log), the audit log and its key.
    """
    if options.output_names not in OUTPUT_NAMES:
        raise UsageError(f"--output-names must be one of {', '.join(OUTPUT_NAMES)}")
    _check_publication(options)
    rules = load_rules(options.rules_dir)
    get_analyzer(_opt(options.rules_dir), _opt(options.model))  # loads and checks the model
    out, review = options.out.resolve(), options.review
    docs = collect_inputs([Path(p) for p in inputs], out, review)
    atomic.check_destination(out, "--out")
    atomic.check_destination(review, "--review-dir")
    if options.audit_key is not None:
        _check_key_place(options.audit_key, docs, review)
    setup = prepare_audit(out, review, options.audit_key, options.new_audit_key) if audit else None
    resume = Resume(resume_dir(review)) if options.resume else None
    return Plan(docs, out, review, rules, setup, run_fingerprints(options), resume)


def _check_key_place(key: Path, docs: list[InputDoc], review: Path) -> None:
    """The key is the officer's secret: never an input, nor in the replaced review folder."""
    key = key.resolve()
    if review == key.parent or review in key.parents:
        raise UsageError(
            f"--audit-key {key} is inside the review folder {review}, which each run replaces; "
            "without --audit-key the key is kept there already (audit.key)"
        )
    if any(d.path.resolve() == key for d in docs):
        raise UsageError(f"--audit-key {key} is one of the inputs")


def run_fingerprints(options: Options) -> dict[str, str]:
    """SHA-256 of the rules' content, the model and the officer's lists."""
    return {
        "rules": fingerprint.rules_sha256(options.rules_dir),
        "model": fingerprint.model_sha256(options.model),
        "lists": fingerprint.lists_sha256(options.keep_names, options.redact_names),
    }


def _opt(path: Path | None) -> str | None:
    return str(path) if path else None


SCAN_OPTIONS = ("label", "ocr", "output_names", "max_pages")  # options that change results


def scan_id_for(
    docs: list[InputDoc],
    hashes: list[str],
    options: Options,
    fingerprints: dict[str, str] | None = None,
) -> str:
    """Identifies a scan by its inputs, the rules' content, the model, the officer's lists and
    the options that change results, so a re-scan of the same set gives the same id."""
    fp = fingerprints or run_fingerprints(options)
    return fingerprint.scan_fingerprint(
        [(doc.rel, sha) for doc, sha in zip(docs, hashes, strict=True)],
        fp["rules"],
        fp["model"],
        fp["lists"],
        {name: getattr(options, name) for name in SCAN_OPTIONS},
    )


# -- worker functions (top level; they run in a forked worker per document) ----------------------


@dataclass(frozen=True)
class TextInfo:
    """What the run keeps of a readable document while its words stay in the work folder."""

    pages: int
    sha256: str
    metadata: dict[str, str]


@dataclass
class DetectOutcome:
    """What the detect stage learnt about one document.

    In the work folder ``text`` holds every page's words; the copy the run keeps has none
    (``stored``), only ``info``: a set of ten thousand pages would not fit in memory otherwise.
    """

    text: DocumentText | None
    findings: list[Finding] = field(default_factory=list)
    error: str = ""  # set: the document failed
    review: list[str] = field(default_factory=list)  # set: readable, but not publishable as is
    remarks: list[str] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per stage (cputime)
    info: TextInfo | None = None  # set with ``text``
    # the policy's decision on each finding (aligned with ``findings``), made where the pages
    # were read: the set's decision then reads no page for it (decide.phase_policy)
    decisions: list[Decision] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return self.info is not None

    @property
    def pages(self) -> int:
        return self.info.pages if self.info else 0

    def stored(self) -> DetectOutcome:
        """This outcome without the words (they are in the work folder)."""
        return replace(self, text=None)


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
    ocr_threads: int = 0,
) -> DetectOutcome:
    with cputime.measure() as cpu:
        outcome = _detect(path, rel, rules_dir, model, ocr, limits, job_limits, ocr_threads)
    outcome.cpu = cpu
    if outcome.text is not None:
        text = outcome.text
        outcome.info = TextInfo(len(text.pages), text.sha256, dict(text.metadata))
    return outcome


@functools.lru_cache(maxsize=4)
def _policy(rules_dir: str | None) -> Policy:
    """One policy per process (its patterns are compiled from the rules)."""
    return Policy(load_rules(rules_dir))


def policy_decisions(doc: DocumentText, findings: list[Finding], policy: Policy) -> list[Decision]:
    """The policy's decision on every finding of ``doc``, in its page."""
    pages = {p.page: p for p in (*doc.pages, *([doc.side] if doc.side else []))}
    return [policy.decide(pages[f.page], f) for f in findings]


def _detect(
    path: Path,
    rel: str,
    rules_dir: str | None,
    model: str | None,
    ocr: str,
    limits: InputLimits,
    job_limits: JobLimits,
    ocr_threads: int,
) -> DetectOutcome:
    _quiet_mupdf()
    set_pool_size(ocr_threads)  # this worker's share of the CPUs, not all of them
    try:
        with cputime.stage("extract"):
            inspection = inspect_pdf(path, limits)
            report_pages(inspection.pages)
            fonts = [n for n, kind in inspection.unreadable.items() if kind == "font"]
            doc = extract_document(
                path, rel, ocr=ocr, page_timeout=job_limits.page_timeout, untrusted=fonts
            )
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
        with cputime.stage("detect"):
            analyzer = get_analyzer(rules_dir, model)
            outcome.findings = detect_document(doc, analyzer, page_timeout=job_limits.page_timeout)
        with cputime.stage("decide"):
            outcome.decisions = policy_decisions(doc, outcome.findings, _policy(rules_dir))
    except Exception as exc:
        outcome.text = None
        outcome.error = (
            memory_reason(job_limits)
            if is_memory_error(exc)
            else f"detection failed: {type(exc).__name__}: {exc}"
        )
    return outcome


@dataclass(frozen=True)
class Recheck:
    """What the redact job needs to run detection again on its output: the set's values and
    the document's own findings with what was decided (the job builds the ``SetContext``
    from them and the words it reads)."""

    rules_dir: str | None
    model: str | None
    labels: frozenset[str]
    spread: NeedleIndex | None
    own: tuple[tuple[Finding, Action], ...]
    set_secrets: tuple[re.Pattern[str], ...] = ()

    def context(self, doc: DocumentText, redactions: list[Redaction]) -> SetContext:
        return document_context(doc, self.own, self.labels, self.spread, redactions)


def as_burnt(red: Redaction, burnt: BurnResult) -> Redaction:
    """The redaction with the boxes as burnt (trimmed), which is what the audit must say."""
    rects = burnt.rects.get(red.finding_id)
    return replace(red, rects=tuple(rects)) if rects else red


def _redact_job(
    doc: DocumentText | StoredDoc,
    redactions: list[Redaction],
    target: Path,
    label: str,
    job_limits: JobLimits | None = None,
    sharp_pages: frozenset[int] = frozenset(),
    pages_dir: Path | None = None,
    check: Recheck | None = None,
) -> DocumentResult:
    """Redact, verify and write one document to ``target`` (its published name, in staging);
    render its review pictures into ``pages_dir`` (sharp for ``sharp_pages``, the pages with
    findings; a preview of the others, to draw a missed box on). ``check`` runs detection again
    on the written file, with what the set decided (verify.redetect_problems)."""
    with cputime.measure() as cpu:
        if isinstance(doc, StoredDoc):
            with cputime.stage("workers"):
                doc = doc.load()
        result = _redact(doc, redactions, target, label, job_limits, sharp_pages, pages_dir, check)
    result.cpu = cpu
    return result


def _redact(
    doc: DocumentText,
    redactions: list[Redaction],
    target: Path,
    label: str,
    job_limits: JobLimits | None,
    sharp_pages: frozenset[int],
    pages_dir: Path | None,
    check: Recheck | None,
) -> DocumentResult:
    _quiet_mupdf()
    tmp = part_path(target)
    result = DocumentResult(
        rel=doc.rel,
        status=Status.OK,
        pages=len(doc.pages),
        sha256_in=doc.sha256,
        redactions=redactions,
    )
    try:
        set_secrets = list(check.set_secrets) if check else None
        with cputime.stage("redact"):
            burnt = burn(doc.path, tmp, doc, redactions, label, set_secrets)
        with cputime.stage("verify"):
            problems = verify(tmp, doc, redactions, burnt, set_secrets) + output_problems(tmp)
            if check is not None and not problems:
                analyzer = get_analyzer(check.rules_dir, check.model)
                rules = load_rules(check.rules_dir)
                # the regions as burnt (trimmed): verify() checked the pixels under those
                context = check.context(doc, [as_burnt(r, burnt) for r in redactions])
                problems += redetect_problems(tmp, doc, analyzer, rules, context, set_secrets)
        result.remarks.extend(burnt.remarks)
        result.remarks.extend(doubt_remarks(redactions))
        result.redactions = [as_burnt(r, burnt) for r in redactions]  # for the audit log
        if problems:
            tmp.unlink(missing_ok=True)
            result.status = Status.FAILED
            result.error = "verification failed, not published: " + "; ".join(problems)
            result.redactions = []  # nothing was published
            return result
        with cputime.stage("verify"):
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
    if pages_dir is not None:
        try:  # pictures for the reviewers; a failure here never changes the outcome
            with cputime.stage("pictures"):
                result.page_images = render_page_pictures(doc.path, doc.rel, sharp_pages, pages_dir)
        except Exception as exc:
            result.remarks.append(f"page pictures for the report failed: {exc}")
    return result


def doubt_remarks(redactions: list[Redaction]) -> list[str]:
    """Words OCR was unsure of that a label made us redact: a reviewer should look at them."""
    pages = sorted({r.page + 1 for r in redactions if r.recognizer == DOUBT_RECOGNIZER})
    if not pages:
        return []
    n = sum(1 for r in redactions if r.recognizer == DOUBT_RECOGNIZER)
    where = ", ".join(str(p) for p in pages)
    return [
        f"{n} word(s) that OCR read with low confidence were redacted because of the label "
        f"beside them (page {where}): check them in the review report"
    ]


def label_words(label: str, rules: RuleSet) -> frozenset[str]:
    """The words our boxes may show: the label's, or the ground codes."""
    words = set(DEFAULT_LABEL.split()) | set(rules.grounds)
    if label != GROUND_LABEL:
        words |= set(label.split())
    return frozenset(words)


def _child_part_path(target: Path, pid: int) -> Path:
    """``atomic.part_path(target)`` as computed in the worker with process id ``pid``."""
    return target.with_name(f".{target.name}.{pid}.part")


def run(
    inputs: Iterable[Path],
    options: Options,
    progress: Progress | None = None,
    finish: Finish | None = None,
) -> RunSummary:
    """The whole job for one document set. Inputs are only read; outputs go to ``options.out``
    and the review files to ``options.review``, each published as a whole at the very end.

    Every document is read and redacted in a worker process of its own, with a time budget and
    a memory ceiling (``Options.job_limits``): a crash, hang or out-of-memory fails that document
    only. A document that cannot be proven clean is never written as a finished output. An
    interrupt or crash removes the staging folders and leaves the previous run's folders whole.

    ``run`` is ``scan`` and ``apply`` in one, with the tool's own decisions: its review folder
    holds the same work folder, so a reviewer can still ``apply`` decisions to it. ``progress``
    hears of every stage and document; ``finish`` may add files to the review folder (the run's
    log) before it is published.
    """
    cpu: dict[str, float] = {}
    with cputime.charged(cpu, "start-up"):
        plan = prepare(inputs, options)
        workers, tick = _start(plan, options, progress)

    def both(staged: Plan) -> RunSummary:
        found = scan_phase(staged, options, workers, tick)
        summary = apply_phase(found, found.decided, staged, options, workers, tick)
        cputime.add(summary.cpu, cpu)
        return summary

    return in_staging(plan, options, both, finish=finish)


def scan(
    inputs: Iterable[Path],
    options: Options,
    progress: Progress | None = None,
    finish: Finish | None = None,
) -> RunSummary:
    """Detect and decide only: the review folder (findings, report, pictures, work folder) and
    nothing in the publication folder. ``apply`` continues from its work folder."""
    cpu: dict[str, float] = {}
    with cputime.charged(cpu, "start-up"):
        plan = prepare(inputs, options, audit=False)
        workers, tick = _start(plan, options, progress)

    def detect_and_decide(staged: Plan) -> RunSummary:
        found = scan_phase(staged, options, workers, tick)
        summary = scan_summary(found)
        with cputime.charged(found.cpu, "record"):
            _write_review(
                summary, found.decided, staged, found.docs, names=False, lang=options.lang
            )
            carry_keys(plan.review, staged.review)  # the audit key is kept in the review folder
        summary.cpu = dict(found.cpu)
        cputime.add(summary.cpu, cpu)
        return summary

    return in_staging(plan, options, detect_and_decide, publication=False, finish=finish)


def _start(plan: Plan, options: Options, progress: Progress | None) -> tuple[int, Progress]:
    """Workers for this set, the progress callback, and the stages loaded before forking."""
    pdfs = [d for d in plan.docs if not d.skip]
    workers = options.workers or os.cpu_count() or 1
    workers = max(1, min(workers, len(pdfs)))
    tick = progress or (lambda step: None)
    if options.isolate:  # load once before forking: workers share it
        _warm_up(_opt(options.rules_dir), _opt(options.model), options.label)
    return workers, tick


def in_staging(
    plan: Plan,
    options: Options,
    work: Callable[[Plan], RunSummary],
    publication: bool = True,
    finish: Finish | None = None,
) -> RunSummary:
    """``work`` writing into staging folders, which are published as a whole when it returns.

    ``publication`` off: only the review folder is written (a scan). ``finish`` is given the
    summary and the staged review folder last. Ctrl-C or an error discards the staging
    folders: the previous folders stay as they were.
    """
    targets = [plan.out, plan.review] if publication else [plan.review]
    set_passwords(options.passwords)
    stages: list[Path] = []
    try:
        for target in targets:
            stages.append(atomic.start_staging(target))
        staged = replace(plan, review=stages[-1], out=stages[0] if publication else plan.out)
        summary = work(staged)
        if finish is not None:
            finish(summary, staged.review)
        with cputime.charged(summary.cpu, "record"):
            _publish(summary, plan, list(zip(stages, targets, strict=True)))
        if plan.resume is not None:
            plan.resume.clear()  # published: nothing is left to resume
        return summary
    except KeyboardInterrupt as exc:
        if stages and not any(stage.exists() for stage in stages):
            # Ctrl-C came during the final swap
            raise InterruptedAfterPublishing(" and ".join(map(str, targets))) from exc
        _discard(stages)
        raise
    except BaseException:
        _discard(stages)
        raise
    finally:
        set_passwords(())


class InterruptedAfterPublishing(KeyboardInterrupt):
    """Ctrl-C arrived while the finished run was being swapped in: it is published whole."""


def _discard(stages: list[Path]) -> None:
    for stage in stages:  # Ctrl-C or a crash: nothing of this run is published
        atomic.discard(stage)


def ocr_share(workers: int, cpus: int | None = None) -> int:
    """Tesseract processes per document: the CPUs shared by the workers (N² otherwise)."""
    return max(1, (cpus or available_cpus()) // max(1, workers))


def _publish(summary: RunSummary, plan: Plan, pairs: list[tuple[Path, Path]]) -> None:
    """Manifests into the staging folders, then all swapped into place together."""
    kinds = {plan.out: ("publication", "--out"), plan.review: ("review", "--review-dir")}
    for _, target in pairs:  # again: a file added during the run is kept
        atomic.check_destination(target, kinds[target][1])
    for stage, target in pairs:
        atomic.remove_part_files(stage)  # a killed writer's leftovers are never published
        kind = kinds[target][0]
        extra = {"audit": {"head": summary.audit_head, "records": summary.audit_records}}
        atomic.write_manifest(
            stage, summary.scan_id, kind, extra if kind == "publication" else None
        )
    try:
        atomic.publish(pairs)
    except OSError as exc:
        where = " and ".join(str(target) for _, target in pairs)
        raise PublishError(
            f"cannot publish the run into {where}: {exc}; nothing was changed there"
        ) from exc
    summary.review = plan.review
    if any(target == plan.out for _, target in pairs):
        summary.out = plan.out
        for res in summary.results:
            if res.output is not None:
                res.output = plan.out / summary.names[res.rel]


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
    _policy(rules_dir)
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
            _redact_job(text, reds, Path(tmp) / "out" / text.rel, label)
        except Exception:  # warming up is an optimisation; the real run reports real errors
            pass


@dataclass
class Scan:
    """What the scan phase learnt about a set: everything the apply phase needs.

    ``outcomes`` and ``hashes`` are aligned with ``docs``; a file that is not processed (not
    a PDF) has no outcome. ``pictures`` are the review page's pictures of every document that
    goes on to be redacted (``remarks``: why they could not be made). The documents' words are
    not held here: ``load`` reads one back from the work folder (``decide.Documents``).
    """

    scan_id: str
    docs: list[InputDoc]
    hashes: list[str]
    outcomes: list[DetectOutcome | None]
    decided: SetDecisions
    pictures: dict[str, dict[int, PagePicture]] = field(default_factory=dict)
    picture_remarks: dict[str, str] = field(default_factory=dict)
    copy_remarks: dict[str, str] = field(default_factory=dict)  # review copies not written
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per stage so far
    work: Path = Path(WORK)  # the work folder that holds every document's words
    _by_rel: dict[str, int] = field(default_factory=dict, init=False, repr=False)

    def readable(self) -> list[int]:
        """Indexes of the documents that were read (their words are in the work folder)."""
        return [i for i, o in enumerate(self.outcomes) if o is not None and o.readable]

    def rels(self) -> list[str]:
        return [self.docs[i].rel for i in self.readable()]

    def load(self, rel: str) -> DocumentText:
        """A readable document's words, read back from the work folder, at its input's path."""
        return self.stored(self.docs[self._index()[rel]]).load()

    def stored(self, doc: InputDoc) -> StoredDoc:
        return StoredDoc(self.work / doc_file(doc.rel), doc.path)

    def _index(self) -> dict[str, int]:
        if len(self._by_rel) != len(self.docs):
            self._by_rel = {d.rel: i for i, d in enumerate(self.docs)}
        return self._by_rel

    def to_redact(self) -> list[int]:
        """Indexes of the documents that go on to redaction (readable, nothing to hand over)."""
        return [
            i
            for i, d in enumerate(self.docs)
            if _early_result(d, self.outcomes[i], self.hashes[i]) is None
        ]


@dataclass(frozen=True)
class StoredDoc:
    """A document's words in the work folder: what a job is given instead of the words
    themselves (the run holds no document's words; the job reads them where it runs)."""

    work_file: Path
    path: Path  # where the input is now (apply: checked unchanged since the scan)

    def load(self) -> DocumentText:
        text = read_gz(self.work_file, DetectOutcome).text
        if text is None:
            raise WorkFolderError(f"{self.work_file} holds no readable document")
        return replace(text, path=self.path)


def scan_phase(plan: Plan, options: Options, workers: int, tick: Progress) -> Scan:
    """Detect every document (in workers, each storing its outcome in the work folder), decide
    the set once, make the review page's pictures, and store the scan in the work folder."""
    docs = plan.docs
    pdf_idx = [i for i, d in enumerate(docs) if not d.skip]
    work = plan.review / WORK
    cpu: dict[str, float] = {}
    with cputime.charged(cpu, "workers"):
        detected = _detect_all([docs[i] for i in pdf_idx], options, workers, tick, work,
                               plan.resume, detect_keys(plan, options, pdf_idx))  # fmt: skip
    cputime.move_from_workers(cpu, [o.cpu for o in detected])
    outcomes: list[DetectOutcome | None] = [None] * len(docs)
    for i, outcome in zip(pdf_idx, detected, strict=True):
        outcomes[i] = outcome
    hashes = [
        o.info.sha256 if o is not None and o.info else _safe_sha(d.path)
        for d, o in zip(docs, outcomes, strict=True)
    ]
    scan_id = scan_id_for(docs, hashes, options, plan.fingerprints)
    found = Scan(scan_id, docs, hashes, outcomes, SetDecisions(), cpu=cpu, work=work)
    # documents that need review still take part in set-wide consistency: a name found there is
    # redacted everywhere else too
    with cputime.charged(cpu, "decide"):
        found.decided = decide_set(
            found,
            [f for o in detected for f in o.findings],
            plan.rules,
            keep_names=options.keep_names,
            redact_names=options.redact_names,
            made=_policy_made(detected),
        )
    _picture_all(found, plan, options, workers, tick)
    with cputime.charged(cpu, "record"):
        write_work(found, plan, options)
    return found


def _policy_made(detected: list[DetectOutcome]) -> dict[str, Decision]:
    """The workers' policy decisions by finding id; of two findings with one id (two rules
    of one recognizer on one span) the first one's, as ``phase_policy`` records them."""
    made: dict[str, Decision] = {}
    for outcome in detected:
        for f, decision in zip(outcome.findings, outcome.decisions, strict=True):
            made.setdefault(f.id, decision)
    return made


def apply_phase(
    scan: Scan,
    decided: SetDecisions,
    plan: Plan,
    options: Options,
    workers: int,
    tick: Progress,
    reviewed: ReviewRecords | None = None,
) -> RunSummary:
    """Redact and verify every readable document with ``decided`` (in workers), then record.

    ``decided`` is the scan's own decisions (``run``) or those after a reviewer's (``apply``,
    whose ``reviewed`` adds the reviewer's decision records to the audit log). Writes into
    ``plan.out`` and ``plan.review`` (the staging folders); the review page shows the scan's
    proposal, which the reviewer's browser keeps their decisions against.
    """
    docs = scan.docs
    names = dict(zip([d.rel for d in docs], _names(docs, decided, options), strict=True))
    summary = RunSummary(scan.scan_id, decided=decided, names=names, cpu=dict(scan.cpu))
    results: dict[int, DocumentResult] = {}
    for i, doc in enumerate(docs):
        res = _early_result(doc, scan.outcomes[i], scan.hashes[i])
        if res is not None:
            results[i] = res
    jobs_idx = [i for i in range(len(docs)) if i not in results]
    tick(Step("doc", total=len(docs)))
    for res in results.values():
        tick(Step("doc", res.rel, res.pages, result=res))
    redacted = _redact_all(scan, jobs_idx, decided, names, plan, options, workers, tick,
                           summary.cpu)  # fmt: skip
    for res in redacted:
        res.page_images = scan.pictures.get(res.rel, {})
        if res.rel in scan.picture_remarks:
            res.remarks.append(scan.picture_remarks[res.rel])
    results.update(zip(jobs_idx, redacted, strict=True))
    summary.results = [results[i] for i in range(len(docs))]
    dates = {
        names[d.rel]: document_dates(o.info.metadata if o and o.info else {}, d.path)
        for d, o in zip(docs, scan.outcomes, strict=True)
    }
    with cputime.charged(summary.cpu, "record"):
        _write_records(summary, docs, plan, options, dates, reviewed)
        _write_review(summary, scan.decided, plan, docs, lang=options.lang)
    return summary


def scan_summary(scan: Scan) -> RunSummary:
    """The results of a scan: every readable document ``scanned`` with its proposed
    redactions, the others as they will stay (failed, needs manual handling, not a PDF)."""
    results = []
    for i, doc in enumerate(scan.docs):
        outcome = scan.outcomes[i]
        res = _early_result(doc, outcome, scan.hashes[i])
        if res is None and outcome is not None and outcome.readable:
            res = DocumentResult(
                rel=doc.rel,
                status=Status.SCANNED,
                pages=outcome.pages,
                sha256_in=scan.hashes[i],
                redactions=scan.decided.redactions.get(doc.rel, []),
                remarks=list(outcome.remarks),
                page_images=scan.pictures.get(doc.rel, {}),
            )
            if doc.rel in scan.picture_remarks:
                res.remarks.append(scan.picture_remarks[doc.rel])
            if doc.rel in scan.copy_remarks:
                res.remarks.append(scan.copy_remarks[doc.rel])
        results.append(res)
    return RunSummary(scan.scan_id, results=results, decided=scan.decided)  # type: ignore[arg-type]


def _names(docs: list[InputDoc], decided: SetDecisions, options: Options) -> list[str]:
    """Published names: every redacted string of the set is taken out of every file name."""
    return published_names([d.rel for d in docs], _redacted_terms(decided, options),
                           options.output_names)  # fmt: skip


def _redacted_terms(decided: SetDecisions, options: Options) -> list[str]:
    """What may not stand in a published file name: values a rule or the user found, and the
    surnames of those persons. A guess of the statistical model alone renames no file: one
    misread word ("Schadeafhandeling") would otherwise rename every document that has it."""
    terms = list(options.redact_names)
    for reds in decided.redactions.values():
        for red in reds:
            if not red.text or red.recognizer in (MODEL_RECOGNIZER, "consistency"):
                continue
            terms.append(red.text)
            last = red.text.split()[-1].strip(".,;:()")
            if red.type == "PERSON" and len(last) >= 3 and last[:1].isupper():
                terms.append(last)
    return terms


def detect_keys(plan: Plan, options: Options, idx: list[int]) -> list[str]:
    """What a document's detection depends on, per document of ``idx`` (its resume key): the
    input's name and content, this version and its work schema, rules, model, lists, options."""
    if plan.resume is None:
        return []
    common = (__version__, work_schema(), plan.fingerprints, scan_options(options))
    return [key_of("detect", common, plan.docs[i].rel, _safe_sha(plan.docs[i].path)) for i in idx]


def _detect_all(
    docs: list[InputDoc],
    options: Options,
    workers: int,
    tick: Progress,
    work: Path,
    resume: Resume | None = None,
    keys: list[str] | None = None,
) -> list[DetectOutcome]:
    """Every document read and detected in a worker, which stores its outcome in ``work``;
    one an interrupted run read already (``resume``, by ``keys``) is taken from there."""
    outcomes: list[DetectOutcome] = [DetectOutcome(None) for _ in docs]
    limits = options.job_limits
    threads = options.ocr_threads or ocr_share(workers)
    tick(Step("detect", total=len(docs)))

    def report(i: int) -> None:
        out = outcomes[i]
        why = out.error or "; ".join(out.review)
        tick(Step("detect", docs[i].rel, out.pages, findings=len(out.findings), error=why))

    todo = []
    for i, d in enumerate(docs):
        taken = None
        if resume is not None and keys:
            taken = _taken_detection(resume, keys[i], work / doc_file(d.rel))
        if taken is None:
            todo.append(i)
        else:
            outcomes[i] = taken
            report(i)

    def detected(k: int, value: object) -> None:
        i = todo[k]
        if isinstance(value, JobFailure):
            value = DetectOutcome(None, error=f"{value.reason} (while reading the file)")
            write_gz(work / doc_file(docs[i].rel), value)  # the worker could not
        outcomes[i] = value  # type: ignore[assignment]
        if resume is not None and keys and outcomes[i].readable and not outcomes[i].error:
            resume.keep_detected(keys[i], work / doc_file(docs[i].rel))
        report(i)

    rules_dir, model = _opt(options.rules_dir), _opt(options.model)
    run_jobs(
        _scan_job,
        [
            (
                work / doc_file(docs[i].rel),
                (
                    docs[i].path,
                    docs[i].rel,
                    rules_dir,
                    model,
                    options.ocr,
                    options.input_limits,
                    limits,
                    threads,
                ),
            )  # fmt: skip
            for i in todo
        ],
        detected,
        workers=workers,
        limits=limits,
        isolate=options.isolate,
        scheduler=options.cluster,
    )
    return outcomes


def _taken_detection(resume: Resume, key: str, work_file: Path) -> DetectOutcome | None:
    """The outcome an interrupted run stored for ``key``, placed in this run's work folder."""
    if not resume.take_detected(key, work_file):
        return None
    try:
        outcome = read_gz(work_file, DetectOutcome)
    except WorkFolderError:
        work_file.unlink(missing_ok=True)
        return None
    if not outcome.readable or outcome.error:
        work_file.unlink(missing_ok=True)
        return None
    outcome.cpu = {}  # no CPU spent on it in this run
    return outcome.stored()


def _scan_job(work_file: Path, detect_args: tuple) -> DetectOutcome:
    """The detect job, storing its outcome in the work folder from the worker itself; the run
    is sent the outcome without the words."""
    outcome = _detect_job(*detect_args)
    try:
        write_gz(work_file, outcome)
    except Exception as exc:  # a full disk: apply could not continue from this document
        outcome = DetectOutcome(None, error=f"cannot write the work folder: {exc}")
        write_gz(work_file, outcome)
    return outcome.stored()


@dataclass(frozen=True)
class CopyJob:
    """A review copy to write: where, and the proposed redactions it marks."""

    target: Path
    sha256: str
    scan_id: str
    marks: tuple[Mark, ...]
    label: str


def _picture_job(
    path: Path, rel: str, sharp: frozenset[int], folder: Path, copy: CopyJob | None = None
) -> tuple[object, str]:
    """The review page's pictures of one document, and its review copy if asked for (in its
    own worker: MuPDF reads the input). Returns (pictures or why not, why no copy or "", CPU
    seconds per stage)."""
    _quiet_mupdf()
    with cputime.measure() as cpu, cputime.stage("pictures"):
        try:
            pictures: object = render_page_pictures(path, rel, sharp, folder)
        except Exception as exc:  # pictures for the reviewers; a failure never changes a result
            pictures = f"page pictures for the report failed: {exc}"
        copied = ""
        if copy is not None:
            try:
                write_copy(path, copy.target, rel, copy.sha256, copy.scan_id, copy.marks,
                           copy.label)  # fmt: skip
            except Exception as exc:
                copy.target.unlink(missing_ok=True)
                copied = f"the review copy could not be written: {type(exc).__name__}: {exc}"
    return pictures, copied, cpu


def copy_marks(decided: SetDecisions, rules: RuleSet) -> dict[str, list[Mark]]:
    """The proposed redactions of every document as a review copy marks them: one per review
    row that is redacted and on a page."""
    out: dict[str, list[Mark]] = {}
    for row in review_rows(decided):
        f, d = row.lead, row.decision
        if d.action is not Action.REDACT or f.page == SIDE_PAGE or not f.boxes:
            continue
        entity = rules.entities.get(f.type)
        kind = entity.label_nl if entity and entity.label_nl else f.type
        out.setdefault(f.doc, []).append(Mark(row.id, f.page, f.boxes, d.ground, kind))
    return out


def _picture_all(scan: Scan, plan: Plan, options: Options, workers: int, tick: Progress) -> None:
    """Pictures of every document that goes on to redaction: sharp where there are findings,
    a preview elsewhere (to draw a missed box on); with ``options.review_copies`` its review
    copy too."""
    sharp = pages_with_findings(scan.decided)
    idx = scan.to_redact()
    rels = [scan.docs[i].rel for i in idx]
    marks = copy_marks(scan.decided, plan.rules) if options.review_copies else {}

    used: list[dict[str, float]] = []

    def done(k: int, value: object) -> None:
        copied = ""
        if isinstance(value, JobFailure):
            value = f"page pictures for the report failed: {value.reason}"
            copied = "the review copy could not be written" if options.review_copies else ""
        else:
            value, copied, cpu = value  # type: ignore[misc]
            used.append(cpu)
        if isinstance(value, str):
            scan.picture_remarks[rels[k]] = value
        else:
            scan.pictures[rels[k]] = value  # type: ignore[assignment]
        if copied:
            scan.copy_remarks[rels[k]] = copied
        tick(Step("pictures", rels[k], scan.outcomes[idx[k]].pages))  # type: ignore[union-attr]

    def copy_job(i: int) -> CopyJob | None:
        if not options.review_copies:
            return None
        doc = scan.docs[i]
        return CopyJob(plan.review / COPIES / doc.rel, scan.hashes[i], scan.scan_id,
                       tuple(marks.get(doc.rel, [])), options.label)  # fmt: skip

    jobs = [
        (
            scan.docs[i].path,
            scan.docs[i].rel,
            sharp.get(scan.docs[i].rel, frozenset()),
            plan.review / "pages",
            copy_job(i),
        )
        for i in idx
    ]
    tick(Step("pictures", total=len(jobs)))
    with cputime.charged(scan.cpu, "workers"):
        run_jobs(
            _picture_job,
            jobs,
            done,
            workers=workers,
            limits=options.job_limits,
            pages=[scan.outcomes[i].pages for i in idx],  # type: ignore[union-attr]
            isolate=options.isolate,
            scheduler=options.cluster,
        )
    cputime.move_from_workers(scan.cpu, used)


def write_work(scan: Scan, plan: Plan, options: Options) -> None:
    """The scan's own files of the work folder (the documents' are written by the workers)."""
    work = plan.review / WORK
    write_gz(work / DECIDED_FILE, scan.decided)
    write_json(
        work / SCAN_FILE,
        {
            "format": WORK_FORMAT,
            "schema": work_schema(),
            "tool": "woo-redact",
            "version": __version__,
            "scan": scan.scan_id,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "options": scan_options(options),
            "fingerprints": plan.fingerprints,
            "inputs": [
                {
                    "path": str(d.path.absolute()),
                    "rel": d.rel,
                    "skip": d.skip,
                    "sha256": sha,
                    "work": "" if d.skip else doc_file(d.rel),
                }
                for d, sha in zip(scan.docs, scan.hashes, strict=True)
            ],
            "pictures": {
                rel: [pic for _, pic in sorted(pics.items())]
                for rel, pics in sorted(scan.pictures.items())
            },
            "picture_remarks": scan.picture_remarks,
        },
    )


def work_schema() -> str:
    """The layout of the work folder's files (see work.py)."""
    return schema_id(DetectOutcome, SetDecisions, PagePicture)


def scan_options(options: Options) -> dict[str, object]:
    """The options of a scan that ``apply`` must use too: those that change its results (the
    label style, published names, the rules and model, the officer's lists)."""
    return {
        "label": options.label,
        "ocr": options.ocr,
        "output_names": options.output_names,
        "max_pages": options.max_pages,
        "rules_dir": str(options.rules_dir.resolve()) if options.rules_dir else None,
        "model": str(options.model.resolve()) if options.model else None,
        "keep_names": list(options.keep_names),
        "redact_names": list(options.redact_names),
    }


def carry_keys(review: Path, stage: Path) -> None:
    """The audit keys kept in the review folder go into its new version (a scan replaces the
    folder but never writes the log, so it neither checks nor changes the key)."""
    if not review.is_dir():
        return
    for path in sorted([*review.glob("audit-*.key"), review / KEY_FILE]):
        if path.is_file() and not path.is_symlink():
            target = stage / path.name
            shutil.copyfile(path, target)
            os.chmod(target, 0o600)


def _early_result(doc: InputDoc, outcome: DetectOutcome | None, sha: str) -> DocumentResult | None:
    """The result of a document that is not redacted (not a PDF, failed, needs review)."""
    if outcome is None:
        return DocumentResult(rel=doc.rel, status=Status.NOT_PROCESSED, sha256_in=sha,
                              error=doc.skip)  # fmt: skip
    pages = outcome.pages
    if not outcome.readable and not outcome.review:
        return DocumentResult(
            rel=doc.rel,
            status=Status.FAILED,
            sha256_in=sha,
            error=outcome.error or "unknown error",
            remarks=outcome.remarks,
        )
    if outcome.review:
        return DocumentResult(
            rel=doc.rel,
            status=Status.NEEDS_REVIEW,
            pages=pages,
            sha256_in=sha,
            error="not published, needs manual handling: " + "; ".join(outcome.review),
            remarks=outcome.remarks,
        )
    return None


def _redact_all(
    scan: Scan,
    idx: list[int],
    decided: SetDecisions,
    names: dict[str, str],
    plan: Plan,
    options: Options,
    workers: int,
    tick: Progress,
    cpu: dict[str, float],
) -> list[DocumentResult]:
    """Redact and verify the documents ``idx`` of the scan into the staging folder, in
    workers; CPU seconds per stage are added to ``cpu``."""
    with cputime.charged(cpu, "decide"):  # the set's decisions made ready for the workers
        jobs = _redact_jobs(scan, idx, decided, names, plan, options)
    targets = [job[2] for job in jobs]
    results: list[DocumentResult | None] = [None] * len(idx)
    pages = [scan.outcomes[i].pages for i in idx]  # type: ignore[union-attr]
    keys = done_keys(scan, idx, jobs, options) if plan.resume is not None else []

    def redacted(k: int, value: object) -> None:
        i = idx[k]
        if isinstance(value, JobFailure):
            value = DocumentResult(
                rel=scan.docs[i].rel,
                status=Status.FAILED,
                pages=pages[k],
                sha256_in=scan.hashes[i],
                error=f"{value.reason} (while redacting)",
            )
        elif plan.resume is not None and value.status is Status.OK:  # type: ignore[union-attr]
            plan.resume.keep_done(keys[k], value)  # type: ignore[arg-type]
        value.remarks[:0] = scan.outcomes[i].remarks  # type: ignore[union-attr]
        results[k] = value  # type: ignore[assignment]
        tick(Step("doc", scan.docs[i].rel, value.pages, result=value))  # type: ignore[union-attr]

    todo = []
    for k in range(len(idx)):
        taken = plan.resume.done(keys[k], targets[k]) if plan.resume is not None else None
        if taken is None:
            todo.append(k)
            continue
        taken.remarks[:0] = scan.outcomes[idx[k]].remarks  # type: ignore[union-attr]
        results[k] = taken
        tick(Step("doc", taken.rel, taken.pages, result=taken))

    def ran(j: int, value: object) -> None:
        redacted(todo[j], value)

    def child_died(j: int, pid: int) -> None:
        if pid:
            _child_part_path(targets[todo[j]], pid).unlink(missing_ok=True)

    with cputime.charged(cpu, "workers"):
        run_jobs(
            _redact_job,
            [jobs[k] for k in todo],
            ran,
            workers=workers,
            limits=options.job_limits,
            pages=[pages[k] for k in todo],
            isolate=options.isolate,
            scheduler=options.cluster,
            on_abnormal_end=child_died,
        )
    cputime.move_from_workers(cpu, [r.cpu for r in results if r is not None])
    return results  # type: ignore[return-value]


def done_keys(scan: Scan, idx: list[int], jobs: list[tuple], options: Options) -> list[str]:
    """What a document's output depends on (its resume key): the scan (every input's content,
    rules, model, options), the document, its published name, its redactions, what its
    verification checks (its findings and their decisions, the set's spread values), the label
    and this version."""
    spread = key_of(scan.decided.spread, scan.decided.spread_keys)
    keys = []
    for i, job in zip(idx, jobs, strict=True):
        _, redactions, target, label, _, _, _, check = job
        own = to_json(check.own)
        keys.append(key_of("done", __version__, scan.scan_id, scan.hashes[i], scan.docs[i].rel,
                           target.name, to_json(redactions), own, spread, label))  # fmt: skip
    return keys


def _redact_jobs(
    scan: Scan,
    idx: list[int],
    decided: SetDecisions,
    names: dict[str, str],
    plan: Plan,
    options: Options,
) -> list[tuple]:
    """The arguments of ``_redact_job`` for every document: what the set decided for it, and
    where its words are (each job reads its own: the run never holds them all)."""
    limits = options.job_limits
    spread = compile_spread(decided)
    # every redacted string of the set, compiled and combined once here, before the workers
    # fork (combining thousands costs seconds; each worker inherits the result)
    # (the findings too: a merged redaction "Zwanetta Kwakernaat" hides its part "Kwakernaat",
    # which a link "mailto:zwanetta.kwakernaat@…" holds)
    redacted = [f for f in decided.findings if decided.decisions[f.id].action is Action.REDACT]
    set_secrets = tuple(
        secret_patterns(
            [
                *redacted,
                *(r for reds in decided.redactions.values() for r in reds),
                *decided.spread_keys,  # a surname alone, as in "mailto:z.kwakernaat@…"
            ]
        )
    )
    combine(list(set_secrets))
    labels = frozenset(label_words(options.label, plan.rules))
    rules_dir, model = _opt(options.rules_dir), _opt(options.model)
    own: dict[str, list[tuple[Finding, Action]]] = {}
    for f in decided.findings:
        own.setdefault(f.doc, []).append((f, decided.decisions[f.id].action))
    jobs = []
    for i in idx:
        doc = scan.docs[i]
        check = Recheck(rules_dir, model, labels, spread, tuple(own.get(doc.rel, [])),
                        set_secrets)  # fmt: skip
        jobs.append((scan.stored(doc), decided.redactions.get(doc.rel, []),
                     plan.out / names[doc.rel], options.label, limits, frozenset(), None,
                     check))  # fmt: skip
    return jobs


ReviewRecords = Callable[[Batch, Scrubber, Mapping[str, str]], list[dict]]


def _write_records(
    summary: RunSummary,
    docs: list[InputDoc],
    plan: Plan,
    options: Options,
    dates: dict[str, DocDates] | None = None,
    reviewed: ReviewRecords | None = None,
) -> None:
    """The publication package and the audit log (published names only). The log is written
    last: it names the SHA-256 of every other published file. ``reviewed`` gives the
    reviewer's decision records (with the batch, the scrubber and the published names)."""
    assert plan.audit is not None, "a publication needs its audit log"
    public = _public_results(summary, docs, options)
    info = run_info(options, plan)
    write_package(plan.out, public, plan.rules, dates or {}, info)
    log = write_audit(
        plan.out,
        plan.review,
        plan.audit,
        summary.results,
        public,
        summary.decided,
        _renamed(summary, docs),
        summary.scan_id,
        plan.rules,
        info,
        options.redact_names,
        extra=(lambda batch, scrub: reviewed(batch, scrub, summary.names)) if reviewed else None,
    )
    summary.audit_head, summary.audit_records = log.head, log.count


def _write_review(
    summary: RunSummary,
    proposal: SetDecisions,
    plan: Plan,
    docs: list[InputDoc],
    names: bool = True,
    lang: str = "nl",
) -> None:
    """The review files: findings and review page (in ``lang``) of the scan's ``proposal``
    (with the documents' results), and the input → published names."""
    review = plan.review
    write_findings(review / "findings.json", summary.scan_id, proposal, summary.results)
    write_report(review / "report.html", summary.results, proposal, summary.scan_id, plan.rules,
                 lang)  # fmt: skip
    if names:
        write_names_csv(
            review / "names.csv",
            [(str(d.path.resolve()), d.rel, summary.names[d.rel]) for d in docs],
        )


def run_info(options: Options, plan: Plan) -> RunInfo:
    """What the audit log's run record and the package say about this run."""
    return RunInfo(
        command=options.command,
        options=audit_options(options),
        fingerprints=plan.fingerprints,
        label=options.label,
        publisher=Publisher(options.publisher, options.publisher_uri),
        context=options.publication_context,
        time=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        lang=options.lang,
    )


def audit_options(options: Options) -> dict[str, object]:
    """The options as the audit log records them: values that are not personal, and for the
    passwords and the officer's names lists only how many were given."""
    return {
        "label": options.label,
        "output_names": options.output_names,
        "workers": options.workers,
        "ocr": options.ocr,
        "timeout": options.timeout,
        "page_timeout": options.page_timeout,
        "max_memory": options.max_memory,
        "max_pages": options.max_pages,
        "rules": "custom" if options.rules_dir else "bundled",
        "model": "custom" if options.model else "bundled",
        "keep_names": len(options.keep_names),
        "redact_names": len(options.redact_names),
        "passwords": len(options.passwords),
        "audit_key": "own file" if options.audit_key else "review folder",
        "new_audit_key": options.new_audit_key,
        "publisher": options.publisher,
        "publisher_uri": options.publisher_uri,
        "publication_context": options.publication_context,
        "lang": options.lang,
        **(
            {"reviewer": options.reviewer, "review_source": options.review_source}
            if options.command == "apply"
            else {}
        ),
    }


def _renamed(summary: RunSummary, docs: list[InputDoc]) -> dict[str, str]:
    """Input paths and names that were published under another name → the published name."""
    renamed: dict[str, str] = {}
    for doc in docs:
        new = summary.names[doc.rel]
        if new != doc.rel:
            renamed.update({str(doc.path): new, str(doc.path.resolve()): new, doc.rel: new})
            renamed[doc.path.name] = new.rsplit("/", 1)[-1]
    return renamed


def _public_results(
    summary: RunSummary, docs: list[InputDoc], options: Options
) -> list[DocumentResult]:
    """Copies of the results as published: the published name, and no input path or redacted
    string in an error or remark (an exception's text can quote the input path)."""
    renamed = _renamed(summary, docs)
    pattern = term_pattern(_redacted_terms(summary.decided, options))

    def clean(text: str) -> str:
        return scrub_component(replace_names(text, renamed), pattern)

    return [
        replace(
            res,
            rel=summary.names[res.rel],
            error=clean(res.error),
            remarks=[clean(r) for r in res.remarks],
        )
        for res in summary.results
    ]


def _safe_sha(path: Path) -> str:
    """The input's SHA-256 for the audit log; "" for what is not a readable regular file."""
    if not path.is_file():
        return ""  # a FIFO would block, a folder link has no content
    try:
        return sha256_file(path)
    except OSError:
        return ""
