"""Order the stages for a document set: extract+detect (parallel) → decide (once, set-wide) →
redact+verify (parallel) → record."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from woo_redact import __version__
from woo_redact.atomic import part_path
from woo_redact.decide import SetDecisions, decide_set
from woo_redact.detect import detect_document
from woo_redact.detect.engine import get_analyzer
from woo_redact.errors import UsageError, WooRedactError
from woo_redact.extract import extract_document
from woo_redact.inputs import sha256_file
from woo_redact.record.audit import write_audit
from woo_redact.record.findings import write_findings
from woo_redact.record.inventory import write_inventory
from woo_redact.record.report import write_report
from woo_redact.redact import DEFAULT_LABEL, burn
from woo_redact.rules import load_rules
from woo_redact.types import DocumentResult, DocumentText, Finding, Redaction, Status
from woo_redact.verify import verify


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


@dataclass
class RunSummary:
    scan_id: str
    results: list[DocumentResult] = field(default_factory=list)
    decided: SetDecisions = field(default_factory=SetDecisions)

    @property
    def failed(self) -> list[DocumentResult]:
        return [r for r in self.results if r.status is not Status.OK]

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


# -- worker functions (top level, so they pickle) -------------------------------------------------


def _detect_job(
    path: Path, rel: str, rules_dir: str | None, model: str | None, ocr: str
) -> tuple[DocumentText | None, list[Finding], str]:
    try:
        doc = extract_document(path, rel, ocr=ocr)
        analyzer = get_analyzer(rules_dir, model)
        return doc, detect_document(doc, analyzer), ""
    except WooRedactError as exc:
        return None, [], str(exc)
    except Exception as exc:  # a broken file must not stop the batch
        return None, [], f"{type(exc).__name__}: {exc}"


def _redact_job(
    doc: DocumentText, redactions: list[Redaction], out: Path, label: str
) -> DocumentResult:
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
        problems = verify(tmp, doc, redactions, burnt)
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
        result.error = f"redaction failed: {type(exc).__name__}: {exc}"
    return result


def _executor(workers: int) -> ProcessPoolExecutor:
    ctx = multiprocessing.get_context("fork") if os.name == "posix" else None
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


def _map(
    workers: int, fn: Callable, jobs: list[tuple], on_done: Callable[[int, object], None]
) -> None:
    """Run ``fn(*job)`` for every job, in this process or a pool; report each result."""
    if workers <= 1 or len(jobs) <= 1:
        for i, job in enumerate(jobs):
            on_done(i, fn(*job))
        return
    with _executor(workers) as pool:
        futures: dict[Future, int] = {pool.submit(fn, *job): i for i, job in enumerate(jobs)}
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                on_done(i, fut.result())
            except Exception as exc:  # a worker died (e.g. MuPDF crashed on a malformed file)
                on_done(i, exc)


def run(inputs: Iterable[Path], options: Options, progress: Progress | None = None) -> RunSummary:
    """The whole job for one document set. Inputs are only read; outputs go to ``options.out``."""
    rules = load_rules(options.rules_dir)
    docs = collect_inputs([Path(p) for p in inputs], options.out)
    workers = options.workers or os.cpu_count() or 1
    workers = max(1, min(workers, len(docs)))
    options.out.mkdir(parents=True, exist_ok=True)
    tick = progress or (lambda event, pages: None)
    rules_dir = str(options.rules_dir) if options.rules_dir else None
    model = str(options.model) if options.model else None
    if workers > 1:
        get_analyzer(rules_dir, model)  # load once before forking: workers share it

    texts: list[DocumentText | None] = [None] * len(docs)
    findings: list[list[Finding]] = [[] for _ in docs]
    errors: list[str] = [""] * len(docs)

    def detected(i: int, value: object) -> None:
        if isinstance(value, Exception):
            errors[i] = f"worker crashed while reading the file: {value}"
        else:
            texts[i], findings[i], errors[i] = value  # type: ignore[misc]
        tick("detect", len(texts[i].pages) if texts[i] else 0)

    _map(
        workers,
        _detect_job,
        [(d.path, d.rel, rules_dir, model, options.ocr) for d in docs],
        detected,
    )

    good = [t for t in texts if t is not None]
    decided = decide_set(good, [f for fs in findings for f in fs], rules)
    hashes = [t.sha256 if t else _safe_sha(d.path) for d, t in zip(docs, texts, strict=True)]
    summary = RunSummary(scan_id=scan_id_for(docs, hashes, options), decided=decided)

    results: dict[int, DocumentResult] = {}
    for i, (doc, err) in enumerate(zip(docs, errors, strict=True)):
        if texts[i] is None:
            results[i] = DocumentResult(
                rel=doc.rel, status=Status.FAILED, sha256_in=hashes[i], error=err or "unknown error"
            )
            tick("doc", 0)
    jobs_idx = [i for i in range(len(docs)) if texts[i] is not None]
    jobs = [
        (texts[i], decided.redactions.get(texts[i].rel, []), options.out, options.label)  # type: ignore[union-attr]
        for i in jobs_idx
    ]

    def redacted(k: int, value: object) -> None:
        i = jobs_idx[k]
        if isinstance(value, Exception):
            doc = texts[i]
            assert doc is not None
            value = DocumentResult(
                rel=doc.rel,
                status=Status.FAILED,
                pages=len(doc.pages),
                sha256_in=doc.sha256,
                error=f"worker crashed while redacting: {value}",
            )
        results[i] = value  # type: ignore[assignment]
        tick("doc", results[i].pages)

    _map(workers, _redact_job, jobs, redacted)
    summary.results = [results[i] for i in range(len(docs))]

    review = options.out / "review"
    write_inventory(options.out / "inventory.csv", summary.results)
    write_audit(options.out / "audit.jsonl", summary.results, summary.scan_id, options.label)
    write_findings(review / "findings.json", summary.scan_id, decided)
    write_report(review / "report.html", summary.results, decided, summary.scan_id)
    return summary


def _safe_sha(path: Path) -> str:
    try:
        return sha256_file(path)
    except OSError:
        return ""
