"""Run jobs in forked worker processes: a crash, hang or out-of-memory fails only that job.

MuPDF can segfault or loop on malformed files, and a decompression bomb can eat all memory. A
process pool loses every pending job when one worker dies, so the supervisor here forks its own
workers (fork is cheap and shares the NLP model the parent loaded), hands each one job at a
time, and turns every way a job can end into a value for ``on_done``:

- the job's return value, sent back over a pipe;
- ``JobFailure`` for an exception, a signal (segfault), a timeout (the worker is killed) or a
  ``MemoryError`` under the address-space ceiling set with ``RLIMIT_AS`` before every job.

A worker runs jobs one after another (forking a process per document cost about 17 ms of CPU
for every document once the model is loaded, measured). After a job that failed in any way it
is gone (killed, or it leaves by itself) and a fresh one is forked for the jobs still to come;
it also leaves after ``JOBS_PER_WORKER`` jobs, so nothing a document left behind in memory
grows without end. The memory ceiling is set anew before each job: every document may use
``max_memory`` on top of what its worker holds at that moment.

Each worker leads a process group of its own: a timeout, a crash clean-up or an interrupt kills
the whole group, so no Tesseract process a job started outlives it.

A job's time budget is ``timeout + page_timeout × pages``; a job that learns its page count late
(the detect job only knows it after opening the file) calls ``report_pages`` to extend it.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

GB = 1024**3


@dataclass(frozen=True)
class JobLimits:
    """Per-job limits; 0 switches a limit off."""

    timeout: float = 300.0  # seconds for every job, whatever its size
    page_timeout: float = 30.0  # extra seconds per page (OCR of a scan takes seconds)
    max_memory: int = 4 * GB  # bytes a job may allocate on top of what the parent holds

    def budget(self, pages: int) -> float:
        if not self.timeout:
            return float("inf")
        return self.timeout + self.page_timeout * max(0, pages)


@dataclass(frozen=True)
class JobFailure:
    """Why a job produced no result. ``kind``: crash, timeout, memory or error."""

    kind: str
    reason: str
    pid: int = 0


def format_bytes(n: int) -> str:
    return f"{n / GB:.1f} GB" if n >= GB else f"{n / 1024**2:.0f} MB"


def memory_reason(limits: JobLimits) -> str:
    return (
        f"out of memory (limit {format_bytes(limits.max_memory)} per document, see --max-memory): "
        "possibly a decompression bomb"
    )


def is_memory_error(exc: BaseException) -> bool:
    """MemoryError, or MuPDF's "malloc … failed" under the address-space ceiling."""
    if isinstance(exc, MemoryError):
        return True
    text = str(exc).lower()
    return "malloc" in text or "out of memory" in text or "cannot allocate" in text


# -- the worker --------------------------------------------------------------------------------

JOBS_PER_WORKER = 100  # then a fresh worker: what documents leave in memory cannot add up

_conn: Connection | None = None  # the pipe to the supervisor, in a worker only


def report_pages(pages: int) -> None:
    """Tell the supervisor the current job's page count, so its time budget covers them."""
    if _conn is not None:
        with contextlib.suppress(OSError, ValueError):
            _conn.send(("pages", int(pages)))


def address_space() -> int:
    """This process's virtual address space in bytes (0 if unknown)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _own_group() -> None:
    """Make the calling worker the leader of a new process group (its Tesseract children join
    it), so the supervisor can stop the job and everything it started with one ``killpg``."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)


def _ceiling(max_memory: int) -> None:
    """The address-space ceiling for the next job: what the worker holds now, plus
    ``max_memory`` (the parent's loaded model is part of it already)."""
    if not max_memory:
        return
    limit = address_space() + max_memory
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _run_one(fn: Callable, args: tuple) -> tuple:
    try:
        return ("done", fn(*args))
    except MemoryError:
        return ("memory", "")
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the supervisor
        return ("memory", "") if is_memory_error(exc) else ("error", f"{type(exc).__name__}: {exc}")


def _worker_main(
    conn: Connection, fn: Callable, jobs: Sequence[tuple], max_memory: int, max_jobs: int
) -> None:
    """Run the jobs the supervisor names, one at a time, until told to stop, a job fails or
    ``max_jobs`` are done. The jobs' arguments came with the fork: only indexes travel."""
    global _conn
    _conn = conn
    _own_group()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's business
    faulthandler.disable()  # a crash is reported by the supervisor, not dumped on the terminal
    # what came with the fork (the model, the set's texts and decisions) is never garbage here:
    # the collector need not walk it (nor copy its pages by touching them)
    gc.freeze()
    base = address_space()
    for done in range(1, max_jobs + 1):
        try:
            index = conn.recv()
        except (EOFError, OSError):
            break
        if index is None:
            break
        _ceiling(max_memory)
        kind, payload = _run_one(fn, jobs[index])
        # a worker that kept what its jobs allocated (arenas, MuPDF's store) leaves: each job's
        # ceiling is set on top of what the worker holds, so it would creep upwards
        grown = bool(max_memory) and address_space() > base + max_memory // 2
        more = kind == "done" and done < max_jobs and not grown
        try:
            conn.send((kind, payload, more))
        except MemoryError:
            conn.send(("memory", "", False))
            break
        except BaseException as exc:  # noqa: BLE001 - e.g. a result that does not pickle
            text = f"the result could not be returned: {type(exc).__name__}: {exc}"
            conn.send(("error", text, False))
            break
        if not more:
            break
        with contextlib.suppress(Exception):
            pymupdf_store_shrink()
    conn.close()
    os._exit(0)  # skip the parent's atexit handlers and finalizers inherited by fork


def pymupdf_store_shrink() -> None:
    """Empty MuPDF's resource cache (fonts, images) between documents."""
    import pymupdf

    pymupdf.TOOLS.store_shrink(100)


# -- the supervisor ----------------------------------------------------------------------------


@dataclass
class _Worker:
    proc: multiprocessing.process.BaseProcess
    conn: Connection
    index: int = -1  # the job it runs; -1: idle
    started: float = 0.0
    pages: int = 0
    leaving: bool = False  # said it takes no more jobs (or failed): reaped, not reused


def kill_group(proc: multiprocessing.process.BaseProcess) -> None:
    """SIGKILL a worker's whole process group: the worker and every process it started.

    Called while the worker is alive or not yet reaped (its id cannot have been reused), and
    again right after reaping to stop leftovers such as a Tesseract still running.
    """
    pid = proc.pid
    if not pid:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):  # none of the group left
        os.killpg(pid, signal.SIGKILL)
    if proc.is_alive():  # not in its own group after all: the worker at least
        with contextlib.suppress(OSError, ValueError):
            proc.kill()


def _start(ctx: multiprocessing.context.BaseContext, args: tuple) -> tuple:
    """Fork one worker in a process group of its own; returns (process, its pipe)."""
    mine, theirs = ctx.Pipe(duplex=True)
    proc = ctx.Process(target=_worker_main, args=(theirs, *args), daemon=True)
    proc.start()
    theirs.close()
    with contextlib.suppress(OSError):  # also here: no moment in which a kill misses the group
        os.setpgid(proc.pid, proc.pid)  # type: ignore[arg-type]
    return proc, mine


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(code).name
    except ValueError:
        return f"signal {code}"


def _exit_failure(proc: multiprocessing.process.BaseProcess) -> JobFailure:
    code = proc.exitcode
    pid = proc.pid or 0
    if code is not None and code < 0:
        if -code == signal.SIGKILL:
            return JobFailure(
                "memory", "worker was killed (SIGKILL), probably by the system for memory", pid
            )
        return JobFailure(
            "crash",
            f"worker crashed ({_signal_name(-code)}): the PDF library failed on this file",
            pid,
        )
    return JobFailure("crash", f"worker ended without a result (exit code {code})", pid)


def run_jobs(
    fn: Callable,
    jobs: Sequence[tuple],
    on_done: Callable[[int, object], None],
    *,
    workers: int,
    limits: JobLimits,
    pages: Sequence[int] | None = None,
    isolate: bool = True,
    on_abnormal_end: Callable[[int, int], None] | None = None,
    jobs_per_worker: int = JOBS_PER_WORKER,
    scheduler: str = "",
) -> None:
    """Run ``fn(*jobs[i])`` for every job; call ``on_done(i, result or JobFailure)`` for each.

    ``pages[i]`` is a job's known page count (for its time budget). ``on_abnormal_end(i, pid)``
    is called after a worker was killed or died during job ``i``, to clean up what it left
    (e.g. ``.part`` files). With ``isolate=False`` jobs run in this process, without limits (for
    fuzzing and debugging). With a ``scheduler`` address the jobs run on that Dask cluster
    (``woo_redact.cluster``) instead.
    """

    def failed(exc: BaseException) -> JobFailure:
        if isinstance(exc, MemoryError):
            return JobFailure("memory", memory_reason(limits))
        return JobFailure("error", f"{type(exc).__name__}: {exc}")

    if scheduler:
        from woo_redact.cluster import run_on_cluster

        run_on_cluster(fn, jobs, on_done, scheduler, failed)
        return
    if not isolate or os.name != "posix":
        for i, job in enumerate(jobs):
            try:
                value: object = fn(*job)
            except Exception as exc:  # MemoryError too
                value = failed(exc)
            on_done(i, value)
        return

    ctx = multiprocessing.get_context("fork")
    pending = deque(range(len(jobs)))
    pool: list[_Worker] = []
    workers = max(1, workers)
    per_worker = max(1, jobs_per_worker)

    def reap(w: _Worker, failure: JobFailure | None = None) -> None:
        """The worker is done for: stop it, and fail its job if it had one."""
        if failure is not None or w.proc.is_alive() and w.index >= 0:
            kill_group(w.proc)
        else:
            with contextlib.suppress(OSError, ValueError):
                w.conn.send(None)  # idle or leaving: let it end by itself
        w.proc.join(timeout=5)
        if w.proc.is_alive():
            kill_group(w.proc)
            w.proc.join()
        kill_group(w.proc)  # what the job started and left running (e.g. after a crash)
        w.conn.close()
        pool.remove(w)
        index, w.index = w.index, -1
        if index >= 0:
            value = failure or _exit_failure(w.proc)
            if on_abnormal_end is not None:
                on_abnormal_end(index, value.pid or (w.proc.pid or 0))
            on_done(index, value)

    def finish(w: _Worker, kind: str, payload: object, more: bool) -> None:
        index, w.index = w.index, -1
        w.leaving = not more
        pid = w.proc.pid or 0
        if kind == "done":
            value: object = payload
        elif kind == "memory":
            value = JobFailure("memory", memory_reason(limits), pid)
        else:
            value = JobFailure("error", str(payload), pid)
        if w.leaving:
            reap(w)
        on_done(index, value)

    try:
        while pending or any(w.index >= 0 for w in pool):
            for w in [w for w in pool if w.leaving and w.index < 0]:
                reap(w)
            while pending and len(pool) < min(workers, len(pending) + _busy(pool)):
                proc, conn = _start(ctx, (fn, jobs, limits.max_memory, per_worker))
                pool.append(_Worker(proc, conn))
            for w in pool:
                if w.index < 0 and not w.leaving and pending:
                    i = pending.popleft()
                    w.index, w.started = i, time.monotonic()
                    w.pages = pages[i] if pages is not None else 0
                    try:
                        w.conn.send(i)
                    except OSError:  # it died while idle: the job goes back in the queue
                        pending.appendleft(i)
                        w.index, w.leaving = -1, True
            busy = [w for w in pool if w.index >= 0]
            if not busy:
                continue
            now = time.monotonic()
            next_deadline = min(w.started + limits.budget(w.pages) for w in busy)
            handles = [w.conn for w in busy] + [w.proc.sentinel for w in busy]
            wait(handles, timeout=max(0.0, min(next_deadline - now, 60.0)))
            for w in busy:
                message = None
                eof = False
                while message is None and w.conn.poll():
                    try:
                        msg = w.conn.recv()
                    except (EOFError, OSError):
                        eof = True
                        break
                    if msg[0] == "pages":
                        w.pages = max(w.pages, msg[1])
                    else:
                        message = msg
                if message is not None:
                    finish(w, *message)
                elif eof or not w.proc.is_alive():
                    w.proc.join()
                    reap(w, _exit_failure(w.proc))
                else:
                    elapsed = time.monotonic() - w.started
                    budget = limits.budget(w.pages)
                    if elapsed > budget:
                        reap(
                            w,
                            JobFailure(
                                "timeout",
                                f"timed out after {elapsed:.0f} s and was stopped (limit "
                                f"{limits.timeout:g} s + {limits.page_timeout:g} s × "
                                f"{w.pages} page(s) = {budget:.0f} s; see --timeout, "
                                "--page-timeout)",
                                w.proc.pid or 0,
                            ),
                        )
        for w in list(pool):
            reap(w)
    except BaseException:
        # Ctrl-C or an error in a callback: no worker may outlive the run or leave files behind
        for w in pool:
            kill_group(w.proc)
        for w in pool:
            w.proc.join()
            kill_group(w.proc)
            w.conn.close()
            if w.index >= 0 and on_abnormal_end is not None:
                on_abnormal_end(w.index, w.proc.pid or 0)
        pool.clear()
        raise


def _busy(pool: list[_Worker]) -> int:
    return sum(1 for w in pool if w.index >= 0)
