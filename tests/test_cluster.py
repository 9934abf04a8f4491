"""``--executor dask``: the same run on a Dask cluster gives what forked workers here give.

The cluster is a ``LocalCluster`` this test starts on this machine, with one worker process of
its own: every job and every result crosses a process boundary by pickling, as on a real
cluster, and the worker loads the rules and the model itself.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import write_pdf
from woo_redact.cli import main
from woo_redact.pipeline import Options, run
from woo_redact.types import Status

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.slow

LETTER = [
    [
        "Aan: Femmigje Brinkhorst",
        "Geachte mevrouw Brinkhorst,",
        "Uw BSN 111222333 is bekend. Bel 06-12345678 of mail f.brinkhorst@gmail.com.",
        "Wethouder Jan de Boer heeft de brief gelezen.",
        "Met vriendelijke groet,",
        "Karin Verbeek",
    ]
]
NOTES = [["Notulen overleg", "Aanwezig: Karin Verbeek, Femmigje Brinkhorst",
          "Karin Verbeek opende het overleg."]]  # fmt: skip


def _without_id(pdf: Path) -> bytes:
    """The file's bytes without the trailer's /ID (MuPDF makes a new random one per save)."""
    half = rb"(?:<[0-9A-Fa-f]*>|\((?:\\.|[^\\)])*\))"
    trailer_id = rb"/ID\s*\[\s*" + half + rb"\s*" + half + rb"\s*\]"
    return re.sub(trailer_id, b"", pdf.read_bytes(), flags=re.S)


@pytest.fixture(scope="module")
def cluster():  # noqa: ANN201 (a LocalCluster)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


def test_a_run_on_a_dask_cluster_publishes_what_a_local_run_does(
    cluster,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    src = tmp_path / "in"
    write_pdf(src / "brief.pdf", LETTER)
    write_pdf(src / "notulen.pdf", NOTES)
    (src / "lees mij.txt").write_text("geen PDF", encoding="utf-8")
    key = tmp_path / "set.key"
    here = run([src], Options(out=tmp_path / "here", workers=2, audit_key=key))
    before = cluster.scheduler.transition_counter
    there = run(
        [src],
        Options(out=tmp_path / "there", audit_key=key, executor="dask",
                scheduler=cluster.scheduler_address),
    )  # fmt: skip
    assert [r.status for r in there.results] == [r.status for r in here.results]
    assert [r.status for r in there.results].count(Status.OK) == 2
    assert there.scan_id == here.scan_id
    for name in ("brief.pdf", "notulen.pdf"):
        assert _without_id(tmp_path / "there" / name) == _without_id(tmp_path / "here" / name)
    found = [json.loads((tmp_path / f"{d}-review" / "findings.json").read_text("utf-8"))
             for d in ("here", "there")]  # fmt: skip
    assert [f["id"] for f in found[0]["findings"]] == [f["id"] for f in found[1]["findings"]]
    assert any(f["status"] == "proposed" for f in found[1]["findings"])
    # the jobs went through the cluster's scheduler: detect, pictures and redact, two
    # documents each, every task through several transitions
    assert cluster.scheduler.transition_counter - before >= 6 * 3


def test_the_command_line_checks_the_executor_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("woo_redact.cluster.CONNECT_TIMEOUT", 2.0)
    write_pdf(tmp_path / "in" / "a.pdf", NOTES)
    runner = CliRunner()
    out = str(tmp_path / "out")
    res = runner.invoke(main, ["run", str(tmp_path / "in"), "-o", out, "--executor", "dask"])
    assert res.exit_code == 2 and "--scheduler" in res.output
    res = runner.invoke(main, ["run", str(tmp_path / "in"), "-o", out,
                               "--scheduler", "tcp://127.0.0.1:1"])  # fmt: skip
    assert res.exit_code == 2 and "--executor dask" in res.output
    res = runner.invoke(main, ["run", str(tmp_path / "in"), "-o", out, "--executor", "dask",
                               "--scheduler", "tcp://127.0.0.1:9"])  # fmt: skip
    assert res.exit_code == 2 and "cannot reach the Dask scheduler" in res.output
    assert not (tmp_path / "out").exists()
