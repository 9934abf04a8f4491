"""Write files so that a finished-looking name never holds a half-written file, and publish a run
as a whole.

Every output of a run is written into a staging folder beside its destination (same file
system), e.g. ``pub/`` is built in ``.pub.staging-<pid>/``. Only at the very end is the old
destination renamed aside, the staging folder renamed into place and the old one deleted, so an
interrupt or a crash leaves the previous run whole. A destination that holds files no earlier
run of this tool wrote (no manifest lists them) is refused: the tool never deletes what it did
not write.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from woo_redact import __version__
from woo_redact.errors import UsageError

MANIFEST = ".woo-redact-manifest.json"
TOOL = "woo-redact"
# ``.<name>.<pid>.part`` (part_path) and ``.<name>.<8 random>.part`` (tempfile in write_text)
_PART = re.compile(r"^\..+\.(?:\d+|[a-z0-9_]{8})\.part$")
_OURS = re.compile(r"^\.(?P<name>.+)\.(?P<kind>staging|old)-(?P<pid>\d+)$")
_RESUME = re.compile(r"^\..+\.resume$")  # resume.resume_dir: an interrupted run's results


def part_path(path: Path) -> Path:
    """The temporary name a file is written under before it is renamed into place."""
    return path.with_name(f".{path.name}.{os.getpid()}.part")


def is_part_file(name: str) -> bool:
    """A temporary file of ours (from a crashed or killed writer)."""
    return bool(_PART.match(name))


def write_text(path: Path, text: str) -> None:
    write_with(path, lambda fh: fh.write(text))


def write_json(path: Path, payload: object, **dump: Any) -> None:
    """``payload`` as JSON (``json.dump`` options in ``dump``), written as it is encoded: a
    large set's findings are never one string in memory."""

    def write(fh: IO[str]) -> None:
        json.dump(payload, fh, **dump)
        fh.write("\n")

    write_with(path, write)


def write_with(path: Path, write: Callable[[IO[str]], object]) -> None:
    """A text file written by ``write`` under a temporary name, synced, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; these are ordinary output files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- folders of a run ----------------------------------------------------------------------------


def staging_dir(target: Path, pid: int | None = None) -> Path:
    """Where this process builds ``target`` before publishing it."""
    return target.parent / f".{target.name}.staging-{pid or os.getpid()}"


def old_dir(target: Path, pid: int | None = None) -> Path:
    """Where the previous ``target`` waits during the swap, until it is deleted."""
    return target.parent / f".{target.name}.old-{pid or os.getpid()}"


def is_own_folder(path: Path) -> bool:
    """An output, review or staging folder of this tool (never an input)."""
    return bool(_OURS.match(path.name) or _RESUME.match(path.name)) or (path / MANIFEST).is_file()


def files_below(folder: Path) -> list[str]:
    """Relative POSIX paths of every non-folder entry below ``folder`` (links not followed)."""
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        here = Path(dirpath)
        out.extend(
            (here / d).relative_to(folder).as_posix() for d in dirnames if (here / d).is_symlink()
        )
        out.extend((here / f).relative_to(folder).as_posix() for f in filenames)
    return sorted(out)


def read_manifest(folder: Path) -> dict | None:
    """The manifest an earlier run left in ``folder``, or None."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        not isinstance(data, dict)
        or data.get("tool") != TOOL
        or not isinstance(data.get("files"), list)
    ):
        return None
    return data


def foreign_file(folder: Path) -> str | None:
    """A file in ``folder`` that no run of this tool wrote (none: None), by the manifest."""
    if not folder.exists():
        return None
    manifest = read_manifest(folder) or {"files": []}
    listed = {str(f) for f in manifest["files"]}
    for rel in files_below(folder):
        if rel == MANIFEST or rel in listed or is_part_file(rel.rsplit("/", 1)[-1]):
            continue
        return rel
    return None


def check_destination(folder: Path, option: str) -> None:
    """Refuse a destination that is not a folder or holds files the tool did not write."""
    if folder.is_symlink() and not folder.exists():
        raise UsageError(f"{option} {folder} is a broken link")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{option} {folder} exists and is not a folder")
    rel = foreign_file(folder)
    if rel is not None:
        raise UsageError(
            f"{option} {folder} holds {rel}, which no earlier woo-redact run wrote (no "
            f"{MANIFEST} lists it); the folder is replaced as a whole, so choose a new or empty "
            "folder, or move that file away"
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale(target: Path) -> list[Path]:
    """Remove staging and old folders that crashed runs left beside ``target`` (ours only).

    A folder of a process that still runs is left alone (a concurrent run); one with this
    process's id is stale (the id was reused). An old folder without a ``target`` is the
    previous publication of a run that died mid-swap: it is put back.
    """
    swept: list[Path] = []
    if not target.parent.is_dir():
        return swept
    for entry in sorted(target.parent.iterdir()):
        m = _OURS.match(entry.name)
        if not m or m["name"] != target.name or not entry.is_dir() or entry.is_symlink():
            continue
        pid = int(m["pid"])
        if pid != os.getpid() and _alive(pid):
            continue
        if m["kind"] == "old" and not target.exists():
            os.rename(entry, target)
            continue
        shutil.rmtree(entry, ignore_errors=True)
        swept.append(entry)
    return swept


def start_staging(target: Path) -> Path:
    """A fresh, empty staging folder for ``target``, after sweeping stale ones."""
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(target)
    staging = staging_dir(target)
    staging.mkdir()
    return staging


def remove_part_files(folder: Path) -> list[str]:
    """Delete temporary files of ours below ``folder``: they are never published."""
    removed = []
    for rel in files_below(folder):
        if is_part_file(rel.rsplit("/", 1)[-1]):
            (folder / rel).unlink(missing_ok=True)
            removed.append(rel)
    return removed


def write_manifest(staging: Path, scan_id: str, kind: str, extra: dict | None = None) -> list[str]:
    """List every file of the run in ``staging``, so a later run may replace them.

    ``extra`` adds fields (the publication's manifest names the audit log's head).
    """
    files = [f for f in files_below(staging) if f != MANIFEST]
    payload = {"tool": TOOL, "version": __version__, "scan": scan_id, "kind": kind, "files": files}
    payload.update(extra or {})
    write_text(staging / MANIFEST, json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    return files


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done (the swap is a few renames)."""
    if threading.current_thread() is not threading.main_thread() or os.name != "posix":
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def publish(pairs: list[tuple[Path, Path]]) -> None:
    """Move every ``(staging, target)`` into place together; on failure undo every rename.

    Each old target is renamed aside first and deleted only once every new one is in place.
    """
    done: list[tuple[Path, Path]] = []  # (from, to) renames, for undoing
    olds: list[Path] = []
    with interrupts_held():
        try:
            for staging, target in pairs:
                if target.exists():
                    old = old_dir(target)
                    os.rename(target, old)
                    done.append((target, old))
                    olds.append(old)
                os.rename(staging, target)
                done.append((staging, target))
        except BaseException:
            for src, dst in reversed(done):
                with contextlib.suppress(OSError):
                    os.rename(dst, src)
            raise
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    """Remove a staging folder of an interrupted or failed run."""
    shutil.rmtree(staging, ignore_errors=True)
