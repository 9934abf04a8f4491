"""Run each job in its own forked child: a crash, hang or out-of-memory fails only that job.

MuPDF can segfault or loop on malformed files, and a decompression bomb can eat all memory. A
process pool would lose every pending job when one worker dies, so the supervisor here forks one
child per job (fork is cheap and shares the NLP model the parent loaded), keeps ``workers``
children busy, and turns every way a child can end into a value for ``on_done``:

- the job's return value, sent back over a pipe;
- ``JobFailure`` for an exception, a signal (segfault), a timeout (the child is killed) or a
  ``MemoryError`` under the address-space ceiling set in the child with ``RLIMIT_AS``.

Each child leads a process group of its own: a timeout, a crash clean-up or an interrupt kills
the whole group, so no Tesseract process a job started outlives it.

A job's time budget is ``timeout + page_timeout × pages``; a job that learns its page count late
(the detect job only knows it after opening the file) calls ``report_pages`` to extend it.
"""

from __future__ import annotations

import contextlib
import faulthandler
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


# -- the child ---------------------------------------------------------------------------------

_conn: Connection | None = None  # the pipe to the supervisor, in a child only


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
    """Make the calling child the leader of a new process group (its Tesseract children join
    it), so the supervisor can stop the job and everything it started with one ``killpg``."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)


def _child_main(conn: Connection, fn: Callable, args: tuple, max_memory: int) -> None:
    global _conn
    _conn = conn
    _own_group()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's business
    faulthandler.disable()  # a crash is reported by the supervisor, not dumped on the terminal
    if max_memory:
        # The parent's loaded model is already part of this address space: the ceiling is
        # what the job may add on top of it.
        limit = address_space() + max_memory
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        msg: tuple = ("done", fn(*args))
    except MemoryError:
        msg = ("memory", "")
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the supervisor
        msg = ("memory", "") if is_memory_error(exc) else ("error", f"{type(exc).__name__}: {exc}")
    try:
        conn.send(msg)
    except MemoryError:
        conn.send(("memory", ""))
    except BaseException as exc:  # noqa: BLE001 - e.g. a result that does not pickle
        conn.send(("error", f"the result could not be returned: {type(exc).__name__}: {exc}"))
    conn.close()
    os._exit(0)  # skip the parent's atexit handlers and finalizers inherited by fork


# -- the supervisor ----------------------------------------------------------------------------


@dataclass
class _Running:
    index: int
    proc: multiprocessing.process.BaseProcess
    conn: Connection
    started: float
    pages: int
    message: tuple | None = None
    eof: bool = False


def kill_group(proc: multiprocessing.process.BaseProcess) -> None:
    """SIGKILL a child's whole process group: the child and every process it started.

    Called while the child is alive or not yet reaped (its id cannot have been reused), and
    again right after reaping to stop leftovers such as a Tesseract still running.
    """
    pid = proc.pid
    if not pid:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):  # none of the group left
        os.killpg(pid, signal.SIGKILL)
    if proc.is_alive():  # not in its own group after all: the child at least
        with contextlib.suppress(OSError, ValueError):
            proc.kill()


def _start(ctx: multiprocessing.context.BaseContext, args: tuple) -> tuple:
    """Fork one child in a process group of its own; returns (process, receiving end)."""
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child_main, args=(send, *args), daemon=True)
    proc.start()
    send.close()
    with contextlib.suppress(OSError):  # also here: no moment in which a kill misses the group
        os.setpgid(proc.pid, proc.pid)  # type: ignore[arg-type]
    return proc, recv


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(code).name
    except ValueError:
        return f"signal {code}"


def _exit_failure(run: _Running) -> JobFailure:
    code = run.proc.exitcode
    pid = run.proc.pid or 0
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
) -> None:
    """Run ``fn(*jobs[i])`` for every job; call ``on_done(i, result or JobFailure)`` for each.

    ``pages[i]`` is a job's known page count (for its time budget). ``on_abnormal_end(i, pid)``
    is called after a child was killed or died, to clean up what it left (e.g. ``.part`` files).
    With ``isolate=False`` jobs run in this process, without limits (for fuzzing and debugging).
    """
    if not isolate or os.name != "posix":
        for i, job in enumerate(jobs):
            try:
                value: object = fn(*job)
            except MemoryError:
                value = JobFailure("memory", memory_reason(limits))
            except Exception as exc:
                value = JobFailure("error", f"{type(exc).__name__}: {exc}")
            on_done(i, value)
        return

    ctx = multiprocessing.get_context("fork")
    pending = deque(range(len(jobs)))
    running: dict[int, _Running] = {}
    workers = max(1, workers)

    def finish(run: _Running, value: object) -> None:
        run.proc.join(timeout=5)
        if run.proc.is_alive():
            kill_group(run.proc)
            run.proc.join()
        kill_group(run.proc)  # what the job started and left running (e.g. after a crash)
        run.conn.close()
        del running[run.index]
        if isinstance(value, JobFailure) and on_abnormal_end is not None:
            on_abnormal_end(run.index, value.pid or (run.proc.pid or 0))
        on_done(run.index, value)

    try:
        while pending or running:
            while pending and len(running) < workers:
                i = pending.popleft()
                proc, recv = _start(ctx, (fn, jobs[i], limits.max_memory))
                known = pages[i] if pages is not None else 0
                running[i] = _Running(i, proc, recv, time.monotonic(), known)
            now = time.monotonic()
            next_deadline = min(r.started + limits.budget(r.pages) for r in running.values())
            handles = [r.conn for r in running.values()] + [
                r.proc.sentinel for r in running.values()
            ]
            wait(handles, timeout=max(0.0, min(next_deadline - now, 60.0)))
            for run in list(running.values()):
                while not run.eof and run.message is None and run.conn.poll():
                    try:
                        msg = run.conn.recv()
                    except (EOFError, OSError):
                        run.eof = True
                        break
                    if msg[0] == "pages":
                        run.pages = max(run.pages, msg[1])
                    else:
                        run.message = msg
                if run.message is not None:
                    kind, payload = run.message
                    if kind == "done":
                        finish(run, payload)
                    elif kind == "memory":
                        finish(run, JobFailure("memory", memory_reason(limits), run.proc.pid or 0))
                    else:
                        finish(run, JobFailure("error", payload, run.proc.pid or 0))
                elif run.eof or not run.proc.is_alive():
                    run.proc.join()
                    finish(run, _exit_failure(run))
                else:
                    elapsed = time.monotonic() - run.started
                    budget = limits.budget(run.pages)
                    if elapsed > budget:
                        kill_group(run.proc)
                        run.proc.join()
                        finish(
                            run,
                            JobFailure(
                                "timeout",
                                f"timed out after {elapsed:.0f} s and was stopped (limit "
                                f"{limits.timeout:g} s + {limits.page_timeout:g} s × "
                                f"{run.pages} page(s) = {budget:.0f} s; see --timeout, "
                                "--page-timeout)",
                                run.proc.pid or 0,
                            ),
                        )
    except BaseException:
        # Ctrl-C or an error in a callback: no child may outlive the run or leave files behind
        for run in list(running.values()):
            kill_group(run.proc)
        for run in list(running.values()):
            run.proc.join()
            kill_group(run.proc)
            run.conn.close()
            if on_abnormal_end is not None:
                on_abnormal_end(run.index, run.proc.pid or 0)
        running.clear()
        raise
