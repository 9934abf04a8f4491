"""Throughput of one `woo-redact run` beside the floor, measured in the same session.

    python bench/throughput.py --pages 2000 [--workers 2] [--scanned 0.01] [--seed 14]
                               [--set DIR] [--json FILE] [--keep DIR] [--baseline DIR]

Generates a realistic set (``bench/make_set.py``: mixed kinds, names from the eval split of the
name lists, ``--scanned`` share of image-only pages) or takes ``--set DIR``, then runs, in this
order: the floor, the pipeline, the floor again. The floor is a bare PyMuPDF pass over the same
files with the same number of processes (open, extract words, save). The pipeline runs in a
child process of its own (``woo_redact.pipeline.run``, exactly what ``woo-redact run`` calls, with
its default options); it reports CPU seconds per stage (``RunSummary.cpu``) and its whole
process CPU. While each runs, the process tree under it is sampled every 0.2 s: the sum of RSS
over the tree (shared pages of forked workers counted in each), the sum of PSS (shared pages
divided among their users: what the tree really holds) and the largest single process.

``--baseline DIR`` also runs another version of woo-redact on the same set in the same session
(DIR: a checkout of it, e.g. ``git worktree add`` or ``git archive | tar -x``, with the names
model linked in as ``models/nl_woo``), between the floor and this version, with this
interpreter and its libraries: the ratio of the two is the speed-up of this version.

The machine is shared: absolute figures move with its load (printed before and after). The
ratio to the floor, both measured here, is the figure to compare between runs.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))  # woo_redact itself: in main(), this one or --root

from make_set import make_set  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 1024**2


# -- the process tree's memory ------------------------------------------------------------------


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _tree(root: int) -> list[int]:
    kids = _children_map()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


@dataclass
class Memory:
    tree_rss: int = 0  # peak of the sum of RSS over the tree
    tree_pss: int = 0  # peak of the sum of PSS over the tree
    largest: int = 0  # peak RSS of any one process
    processes: int = 0  # most processes at once


class Sampler(threading.Thread):
    """Peaks of the memory of a process tree, sampled until stopped."""

    def __init__(self, root: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.root, self.every, self.peak = root, every, Memory()
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            pids = _tree(self.root)
            rss = [_rss(p) for p in pids]
            pss = sum(_pss(p) for p in pids)
            p = self.peak
            p.tree_rss, p.tree_pss = max(p.tree_rss, sum(rss)), max(p.tree_pss, pss)
            p.largest, p.processes = (
                max(p.largest, max(rss, default=0)),
                max(p.processes, len(pids)),
            )
            self._stop_event.wait(self.every)

    def stop(self) -> Memory:
        self._stop_event.set()
        self.join()
        return self.peak


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Measured:
    wall: float
    cpu: float  # the whole tree, user + system
    memory: Memory
    stages: dict[str, float] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


def measure(cmd: list[str]) -> Measured:
    """Run ``cmd`` as a child; its wall time, its tree's CPU and its memory peaks."""
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    sampler = Sampler(proc.pid)
    sampler.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - t0
    memory = sampler.stop()
    if proc.returncode not in (0, 1):  # 1: some document was not published (reported)
        raise SystemExit(f"{cmd[2:4]} failed with exit code {proc.returncode}")
    extra = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
    return Measured(wall, _children_cpu() - cpu0, memory, extra.pop("stages", {}), extra)


# -- the two children -----------------------------------------------------------------------------


def _floor_one(job: tuple[str, str]) -> int:
    src, dst = job
    doc = pymupdf.open(src)
    for page in doc:
        page.get_text("words")
    doc.save(dst)
    pages = doc.page_count
    doc.close()
    return pages


def floor_child(src: Path, out: Path, workers: int) -> None:
    """A bare PyMuPDF pass: open, extract the words of every page, save; ``workers`` processes."""
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(str(p), str(out / p.name)) for p in sorted(src.glob("*.pdf"))]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pages = sum(pool.imap_unordered(_floor_one, jobs, chunksize=4))
    print(json.dumps({"pages": pages}))


def pipeline_child(src: Path, out: Path, workers: int) -> None:
    """``woo-redact run SRC --out OUT --workers N``, reporting stage CPU and counts as JSON
    (a version without stage accounting, as a baseline: no stages)."""
    from woo_redact.pipeline import Options, run

    imports = time.process_time()  # interpreter start and imports: part of start-up
    summary = run([src], Options(out=out, workers=workers))
    stages = dict(getattr(summary, "cpu", {}))
    if stages:
        stages["start-up"] = stages.get("start-up", 0.0) + imports
    print(
        json.dumps(
            {
                "stages": stages,
                "pages": summary.pages,
                "documents": len(summary.results),
                "failed": len(summary.failed),
                "redactions": sum(summary.redactions_by_type().values()),
            }
        )
    )


# -- the report -----------------------------------------------------------------------------------


def _load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def _mb(n: int) -> str:
    return f"{n / MB:,.0f} MB"


def _run_lines(name: str, pages: int, run: Measured) -> None:
    print(f"{name}: {run.wall:.1f} s = {pages / run.wall:.1f} pages/s; CPU {run.cpu:.1f} s "
          f"({1000 * run.cpu / pages:.0f} ms a page); {run.extra.get('redactions')} redactions, "
          f"{run.extra.get('failed')} not published")  # fmt: skip
    m = run.memory
    print(f"  peak memory: tree {_mb(m.tree_rss)} RSS summed, {_mb(m.tree_pss)} PSS; largest "
          f"process {_mb(m.largest)}; up to {m.processes} processes")  # fmt: skip


def report(pages: int, text_pages: int, workers: int, run: Measured, floors: list[Measured],
           loads: tuple[str, str], baseline: Measured | None = None) -> dict:  # fmt: skip
    floor_wall = sum(f.wall for f in floors) / len(floors)
    floor_cpu = sum(f.cpu for f in floors) / len(floors)
    from woo_redact.cputime import STAGES

    print(f"\nset: {pages} pages ({text_pages} text, {pages - text_pages} scanned), "
          f"{run.extra.get('documents')} documents; {workers} workers; "
          f"load average before {loads[0]}, after {loads[1]} (2 cores)")  # fmt: skip
    _run_lines("woo-redact run", pages, run)
    if baseline is not None:
        _run_lines("baseline (--baseline)", pages, baseline)
        speed, cpu = baseline.wall / run.wall, baseline.cpu / run.cpu
        floor = baseline.wall / floor_wall, baseline.cpu / floor_cpu
        print(f"this version against the baseline: {speed:.2f}x the pages/s, {cpu:.2f}x less "
              f"CPU; baseline to the floor: wall {floor[0]:.0f}x, CPU {floor[1]:.0f}x")  # fmt: skip
    for i, f in enumerate(floors):
        print(f"floor #{i + 1} (PyMuPDF open, words, save; {workers} processes): {f.wall:.2f} s, "
              f"CPU {f.cpu:.2f} s; tree {_mb(f.memory.tree_rss)}, largest "
              f"{_mb(f.memory.largest)}")  # fmt: skip
    print(f"ratio to the floor: wall {run.wall / floor_wall:.0f}x, CPU {run.cpu / floor_cpu:.0f}x")
    print("CPU seconds per stage (ms a page):")
    accounted = sum(run.stages.values())
    for name in STAGES:
        s = run.stages.get(name, 0.0)
        print(f"  {name:10s} {s:8.1f} s  {1000 * s / pages:6.1f} ms  {100 * s / run.cpu:5.1f} %")
    other = run.cpu - accounted
    print(f"  {'other':10s} {other:8.1f} s  {1000 * other / pages:6.1f} ms  "
          f"{100 * other / run.cpu:5.1f} %  (tree CPU not in any stage)")  # fmt: skip
    return {
        "pages": pages,
        "text_pages": text_pages,
        "workers": workers,
        "load": loads,
        "run": asdict(run),
        "floors": [asdict(f) for f in floors],
        "pages_per_s": pages / run.wall,
        "ratio_wall": run.wall / floor_wall,
        "ratio_cpu": run.cpu / floor_cpu,
        "baseline": asdict(baseline) if baseline else None,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--scanned", type=float, default=0.01, help="share of image-only pages")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--set", type=Path, help="a folder of PDFs (make_set.py --out) instead")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    ap.add_argument("--keep", type=Path, help="keep the outputs in this folder")
    ap.add_argument("--baseline", type=Path, help="a checkout of another version to run too")
    ap.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--child", choices=("floor", "pipeline"), help=argparse.SUPPRESS)
    ap.add_argument("--src", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    sys.path.insert(0, str(args.root or ROOT))
    if args.child == "floor":
        floor_child(args.src, args.out, args.workers)
        return 0
    if args.child == "pipeline":
        pipeline_child(args.src, args.out, args.workers)
        return 0

    with tempfile.TemporaryDirectory(prefix="perf-throughput-") as tmp:
        work = args.keep or Path(tmp)
        src = args.set or work / "in"
        if args.set is None:
            counts = make_set(src, args.pages, args.seed, args.scanned)
        else:  # a set of make_set.py has its counts beside it
            info = src.with_suffix(".json")
            counts = json.loads(info.read_text()) if info.exists() else {}
        scanned = counts.get("image-only pages", 0)
        pages = sum(pymupdf.open(p).page_count for p in src.glob("*.pdf"))
        text_pages = pages - scanned
        me = [sys.executable, str(Path(__file__).resolve())]
        common = ["--src", str(src), "--workers", str(args.workers)]
        loads = [_load()]
        floors = [measure([*me, "--child", "floor", *common, "--out", str(work / "floor1")])]
        baseline = None
        if args.baseline is not None:
            root = ["--root", str(args.baseline.resolve())]
            baseline = measure([*me, "--child", "pipeline", *common, *root,
                                "--out", str(work / "baseline")])  # fmt: skip
        run = measure([*me, "--child", "pipeline", *common, "--out", str(work / "out")])
        floors.append(measure([*me, "--child", "floor", *common, "--out", str(work / "floor2")]))
        loads.append(_load())
        figures = report(
            pages, text_pages, args.workers, run, floors, (loads[0], loads[1]), baseline
        )
        if args.json:
            args.json.write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
