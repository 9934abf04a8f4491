"""Order the stages for a document set: extract+detect (parallel) → decide (once, set-wide) →
redact+verify (parallel) → record."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pymupdf

from woo_redact import __version__, atomic, cputime
from woo_redact.atomic import part_path
from woo_redact.decide import SetDecisions, decide_set
from woo_redact.detect import detect_document
from woo_redact.detect.engine import get_analyzer
from woo_redact.detect.model_names import MODEL_RECOGNIZER
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
from woo_redact.ocr import available_cpus, set_pool_size
from woo_redact.pdfobjects import combine
from woo_redact.record.audit import write_audit
from woo_redact.record.findings import write_findings
from woo_redact.record.inventory import write_inventory
from woo_redact.record.names import published_names, replace_names, scrub_component, term_pattern
from woo_redact.record.names import write_names as write_names_csv
from woo_redact.record.pages import pages_with_findings, render_page_pictures
from woo_redact.record.report import write_report
from woo_redact.redact import DEFAULT_LABEL, GROUND_LABEL, BurnResult, burn, secret_patterns
from woo_redact.rules import RuleSet, load_rules
from woo_redact.types import Action, DocumentResult, DocumentText, Finding, Redaction, Status
from woo_redact.verify import SetContext, compile_spread, redetect_problems, set_context, verify
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
    # CPU seconds per stage (cputime.STAGES), summed over the workers and the supervisor
    cpu: dict[str, float] = field(default_factory=dict)

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
    def not_processed(self) -> list[DocumentResult]:
        return [r for r in self.results if r.status is Status.NOT_PROCESSED]

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results)

    def redactions_by_type(self) -> Counter[str]:
        return Counter(red.type for r in self.results for red in r.redactions)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


Progress = Callable[[str, int], None]  # (event, pages) — "doc" when a document is done

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


def prepare(inputs: Iterable[Path], options: Options) -> Plan:
    """Check everything that can be wrong with the command before any document is read.

    Rules and model (a model without person names is refused), the inputs, and the two
    destinations (each new, empty, or an earlier run's: never holding files we did not write).
    """
    if options.output_names not in OUTPUT_NAMES:
        raise UsageError(f"--output-names must be one of {', '.join(OUTPUT_NAMES)}")
    rules = load_rules(options.rules_dir)
    get_analyzer(_opt(options.rules_dir), _opt(options.model))  # loads and checks the model
    out, review = options.out.resolve(), options.review
    docs = collect_inputs([Path(p) for p in inputs], out, review)
    atomic.check_destination(out, "--out")
    atomic.check_destination(review, "--review-dir")
    return Plan(docs, out, review, rules)


def _opt(path: Path | None) -> str | None:
    return str(path) if path else None


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
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per stage (cputime)


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
    return outcome


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
    """What the redact job needs to run detection again on its output."""

    rules_dir: str | None
    model: str | None
    context: SetContext
    set_secrets: tuple[re.Pattern[str], ...] = ()


def as_burnt(red: Redaction, burnt: BurnResult) -> Redaction:
    """The redaction with the boxes as burnt (trimmed), which is what the audit must say."""
    rects = burnt.rects.get(red.finding_id)
    return replace(red, rects=tuple(rects)) if rects else red


def _redact_job(
    doc: DocumentText,
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
                problems += redetect_problems(tmp, doc, analyzer, rules, check.context)
        result.remarks.extend(burnt.remarks)
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


def label_words(label: str, rules: RuleSet) -> frozenset[str]:
    """The words our boxes may show: the label's, or the ground codes."""
    words = set(DEFAULT_LABEL.split()) | set(rules.grounds)
    if label != GROUND_LABEL:
        words |= set(label.split())
    return frozenset(words)


def _child_part_path(target: Path, pid: int) -> Path:
    """``atomic.part_path(target)`` as computed in the worker with process id ``pid``."""
    return target.with_name(f".{target.name}.{pid}.part")


def run(inputs: Iterable[Path], options: Options, progress: Progress | None = None) -> RunSummary:
    """The whole job for one document set. Inputs are only read; outputs go to ``options.out``
    and the review files to ``options.review``, each published as a whole at the very end.

    Every document is read and redacted in a worker process of its own, with a time budget and
    a memory ceiling (``Options.job_limits``): a crash, hang or out-of-memory fails that document
    only. A document that cannot be proven clean is never written as a finished output. An
    interrupt or crash removes the staging folders and leaves the previous run's folders whole.
    """
    cpu: dict[str, float] = {}
    with cputime.charged(cpu, "start-up"):
        plan = prepare(inputs, options)
        pdfs = [d for d in plan.docs if not d.skip]
        workers = options.workers or os.cpu_count() or 1
        workers = max(1, min(workers, len(pdfs)))
        tick = progress or (lambda event, pages: None)
        rules_dir, model = _opt(options.rules_dir), _opt(options.model)
        if options.isolate:
            _warm_up(rules_dir, model, options.label)  # load once before forking: shared
    set_passwords(options.passwords)
    stages: list[Path] = []
    try:
        for target in (plan.out, plan.review):
            stages.append(atomic.start_staging(target))
        staged = replace(plan, out=stages[0], review=stages[1])
        summary = _run(staged, options, workers, tick, cpu)
        with cputime.charged(cpu, "record"):
            _publish(summary, plan, stages)
        summary.cpu = cpu
        return summary
    except KeyboardInterrupt as exc:
        if stages and not any(stage.exists() for stage in stages):
            raise InterruptedAfterPublishing() from exc  # Ctrl-C came during the final swap
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


def _publish(summary: RunSummary, plan: Plan, stages: list[Path]) -> None:
    """Manifests into the staging folders, then both swapped into place together."""
    atomic.check_destination(plan.out, "--out")  # again: a file added during the run is kept
    atomic.check_destination(plan.review, "--review-dir")
    for stage, kind in zip(stages, ("publication", "review"), strict=True):
        atomic.remove_part_files(stage)  # a killed writer's leftovers are never published
        atomic.write_manifest(stage, summary.scan_id, kind)
    try:
        atomic.publish(list(zip(stages, (plan.out, plan.review), strict=True)))
    except OSError as exc:
        raise WooRedactError(
            f"cannot publish the run into {plan.out} and {plan.review}: {exc}; nothing was "
            "changed there"
        ) from exc
    summary.out, summary.review = plan.out, plan.review
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


def _run(
    plan: Plan, options: Options, workers: int, tick: Progress, cpu: dict[str, float]
) -> RunSummary:
    """Every stage, writing into ``plan.out`` and ``plan.review`` (the staging folders);
    CPU seconds per stage are added to ``cpu``."""
    docs = plan.docs
    pdf_idx = [i for i, d in enumerate(docs) if not d.skip]
    with cputime.charged(cpu, "workers"):
        outcomes = _detect_all([docs[i] for i in pdf_idx], options, workers, tick)
    cputime.move_from_workers(cpu, [o.cpu for o in outcomes])
    texts: list[DocumentText | None] = [None] * len(docs)
    for i, outcome in zip(pdf_idx, outcomes, strict=True):
        texts[i] = outcome.text
    # documents that need review still take part in set-wide consistency: a name found there is
    # redacted everywhere else too
    with cputime.charged(cpu, "decide"):
        decided = decide_set(
            [t for t in texts if t is not None],
            [f for o in outcomes for f in o.findings],
            plan.rules,
            keep_names=options.keep_names,
            redact_names=options.redact_names,
        )
        hashes = [t.sha256 if t else _safe_sha(d.path) for d, t in zip(docs, texts, strict=True)]
        names = dict(zip([d.rel for d in docs], _names(docs, decided, options), strict=True))
        summary = RunSummary(scan_id_for(docs, hashes, options), decided=decided, names=names)

    results: dict[int, DocumentResult] = {}
    by_doc = dict(zip(pdf_idx, outcomes, strict=True))
    for i, doc in enumerate(docs):
        res = _early_result(doc, by_doc.get(i), hashes[i])
        if res is not None:
            results[i] = res
            tick("doc", res.pages)
    jobs_idx = [i for i in range(len(docs)) if i not in results]
    redacted = _redact_all(
        [texts[i] for i in jobs_idx],  # type: ignore[misc]
        [by_doc[i].remarks for i in jobs_idx],
        decided,
        names,
        plan,
        options,
        workers,
        tick,
        cpu,
    )
    results.update(zip(jobs_idx, redacted, strict=True))
    summary.results = [results[i] for i in range(len(docs))]
    with cputime.charged(cpu, "record"):
        _write_records(summary, docs, plan, options)
    return summary


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


def _detect_all(
    docs: list[InputDoc], options: Options, workers: int, tick: Progress
) -> list[DetectOutcome]:
    outcomes: list[DetectOutcome] = [DetectOutcome(None) for _ in docs]
    limits = options.job_limits
    threads = options.ocr_threads or ocr_share(workers)

    def detected(i: int, value: object) -> None:
        if isinstance(value, JobFailure):
            value = DetectOutcome(None, error=f"{value.reason} (while reading the file)")
        outcomes[i] = value  # type: ignore[assignment]
        text = outcomes[i].text
        tick("detect", len(text.pages) if text else 0)

    rules_dir, model = _opt(options.rules_dir), _opt(options.model)
    run_jobs(
        _detect_job,
        [
            (d.path, d.rel, rules_dir, model, options.ocr, options.input_limits, limits, threads)
            for d in docs
        ],
        detected,
        workers=workers,
        limits=limits,
        isolate=options.isolate,
    )
    return outcomes


def _early_result(doc: InputDoc, outcome: DetectOutcome | None, sha: str) -> DocumentResult | None:
    """The result of a document that is not redacted (not a PDF, failed, needs review)."""
    if outcome is None:
        return DocumentResult(rel=doc.rel, status=Status.NOT_PROCESSED, sha256_in=sha,
                              error=doc.skip)  # fmt: skip
    pages = len(outcome.text.pages) if outcome.text else 0
    if outcome.text is None and not outcome.review:
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


def _redact_jobs(
    texts: list[DocumentText],
    decided: SetDecisions,
    names: dict[str, str],
    plan: Plan,
    options: Options,
) -> list[tuple]:
    """The arguments of ``_redact_job`` for every document: what the set decided for it."""
    limits = options.job_limits
    sharp_pages = pages_with_findings(decided)
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
    labels = label_words(options.label, plan.rules)
    rules_dir, model = _opt(options.rules_dir), _opt(options.model)
    own: dict[str, list[Finding]] = {}
    for f in decided.findings:
        own.setdefault(f.doc, []).append(f)
    return [
        (
            text,
            decided.redactions.get(text.rel, []),
            plan.out / names[text.rel],
            options.label,
            limits,
            sharp_pages.get(text.rel, frozenset()),
            plan.review / "pages",
            Recheck(
                rules_dir,
                model,
                set_context(decided, text, labels, spread, own.get(text.rel, [])),
                set_secrets,
            ),
        )
        for text in texts
    ]


def _redact_all(
    texts: list[DocumentText],
    remarks: list[list[str]],
    decided: SetDecisions,
    names: dict[str, str],
    plan: Plan,
    options: Options,
    workers: int,
    tick: Progress,
    cpu: dict[str, float],
) -> list[DocumentResult]:
    """Redact and verify every readable document into the staging folder, in workers."""
    with cputime.charged(cpu, "decide"):  # the set's decisions made ready for the workers
        jobs = _redact_jobs(texts, decided, names, plan, options)
    targets = [job[2] for job in jobs]
    results: list[DocumentResult | None] = [None] * len(texts)

    def redacted(k: int, value: object) -> None:
        doc = texts[k]
        if isinstance(value, JobFailure):
            value = DocumentResult(
                rel=doc.rel,
                status=Status.FAILED,
                pages=len(doc.pages),
                sha256_in=doc.sha256,
                error=f"{value.reason} (while redacting)",
            )
        value.remarks[:0] = remarks[k]  # type: ignore[union-attr]
        results[k] = value  # type: ignore[assignment]
        tick("doc", value.pages)  # type: ignore[union-attr]

    def child_died(k: int, pid: int) -> None:
        if pid:
            _child_part_path(targets[k], pid).unlink(missing_ok=True)

    with cputime.charged(cpu, "workers"):
        run_jobs(
            _redact_job,
            jobs,
            redacted,
            workers=workers,
            limits=options.job_limits,
            pages=[len(t.pages) for t in texts],
            isolate=options.isolate,
            on_abnormal_end=child_died,
        )
    cputime.move_from_workers(cpu, [r.cpu for r in results if r is not None])
    return results  # type: ignore[return-value]


def _write_records(summary: RunSummary, docs: list[InputDoc], plan: Plan, options: Options) -> None:
    """Inventory and audit (published: published names only) and the review files."""
    public = _public_results(summary, docs, options)
    write_inventory(plan.out / "inventory.csv", public)
    write_audit(plan.out / "audit.jsonl", public, summary.scan_id, options.label)
    write_findings(plan.review / "findings.json", summary.scan_id, summary.decided, summary.results)
    write_report(
        plan.review / "report.html", summary.results, summary.decided, summary.scan_id, plan.rules
    )
    write_names_csv(
        plan.review / "names.csv",
        [(str(d.path.resolve()), d.rel, summary.names[d.rel]) for d in docs],
    )


def _public_results(
    summary: RunSummary, docs: list[InputDoc], options: Options
) -> list[DocumentResult]:
    """Copies of the results as published: the published name, and no input path or redacted
    string in an error or remark (an exception's text can quote the input path)."""
    renamed: dict[str, str] = {}
    for doc in docs:
        new = summary.names[doc.rel]
        if new != doc.rel:
            renamed.update({str(doc.path): new, str(doc.path.resolve()): new, doc.rel: new})
            renamed[doc.path.name] = new.rsplit("/", 1)[-1]
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
