"""Run a stage's jobs on a Dask cluster instead of forked workers here (``--executor dask``).

The pipeline's stages already map onto two map stages with the set-wide decision in between:
detect every document (``scan``), decide the set (here, in this process), redact and verify
every document. Each job is a function of picklable values that reads its input and writes its
output under paths it is given, so on a cluster the same jobs run on the Dask workers:

- the input, output and review folders must be on a file system every worker sees at the same
  paths (a network share), and every worker needs this version of woo-redact, the model and
  Tesseract installed;
- a worker loads the rules and the model once and keeps them for the jobs that follow;
- the per-document limits of the forked workers (``--timeout``, ``--max-memory``) are the
  cluster's to enforce (Dask's worker memory limits, ``--nthreads 1``): a job that raises fails
  only its document, as here, but a job that hangs holds its Dask worker.

``distributed`` is an optional extra: ``pip install "woo-redact[cluster]"``.
"""

from __future__ import annotations

import atexit
from collections.abc import Callable, Sequence
from typing import Any

from woo_redact.errors import UsageError

EXECUTORS = ("local", "dask")
CONNECT_TIMEOUT = 30.0  # seconds to reach the scheduler before the run stops (exit 2)
_CLIENTS: dict[str, Any] = {}


def _client(scheduler: str) -> Any:
    """One Dask client per scheduler address for the life of this process."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise UsageError(
            '--executor dask needs Dask\'s distributed scheduler: pip install "woo-redact[cluster]"'
        ) from exc
    client = _CLIENTS.get(scheduler)
    if client is None or client.status != "running":
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        _CLIENTS[scheduler] = client
    return client


@atexit.register
def close_clients() -> None:
    """Leave the scheduler cleanly (the cluster itself is not ours to stop)."""
    while _CLIENTS:
        _, client = _CLIENTS.popitem()
        client.close()


def _call(fn: Callable, job: tuple) -> object:
    return fn(*job)


def run_on_cluster(
    fn: Callable,
    jobs: Sequence[tuple],
    on_done: Callable[[int, object], None],
    scheduler: str,
    failure: Callable[[BaseException], object],
) -> None:
    """``on_done(i, fn(*jobs[i]))`` for every job, run on the cluster at ``scheduler``, in the
    order they finish; ``failure(exc)`` is what a job that raised reports instead."""
    from distributed import as_completed

    client = _client(scheduler)
    futures = {client.submit(_call, fn, job, pure=False): i for i, job in enumerate(jobs)}
    try:
        for future in as_completed(list(futures), loop=client.loop):
            i = futures[future]
            try:
                value = future.result()
            except Exception as exc:  # the job's own error, raised again here
                value = failure(exc)
            on_done(i, value)
    finally:
        # Ctrl-C or an error here: the run's staging folders are discarded, and no job left
        # running on the cluster may write into them again (pictures, copies)
        client.cancel(list(futures), force=True)
