"""Issue 8, the breach: byte-identical copies of one PDF are each redacted in full."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import page_text
from tests.test_end_to_end import SECRETS, memo
from woo_redact.pipeline import Options, run
from woo_redact.types import Status


@pytest.mark.slow
def test_identical_copies_are_each_redacted(tmp_path: Path) -> None:
    src = memo(tmp_path / "in" / "a.pdf")
    for name in ("b.pdf", "sub/c.pdf"):
        (tmp_path / "in" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, tmp_path / "in" / name)
    summary = run([tmp_path / "in"], Options(out=tmp_path / "out", workers=2))
    assert [r.status for r in summary.results] == [Status.OK] * 3, [
        r.error for r in summary.results
    ]
    counts = {r.rel: len(r.redactions) for r in summary.results}
    assert len(set(counts.values())) == 1 and min(counts.values()) > 0, counts
    for res in summary.results:
        assert res.output is not None
        text = page_text(res.output)
        for secret in SECRETS:
            assert secret not in text, (res.rel, secret)
    ids = [f.id for f in summary.decided.findings]
    assert len(ids) == len(set(ids))
    docs_per_id = {f.id: f.doc for f in summary.decided.findings}
    assert set(docs_per_id.values()) == {"a.pdf", "b.pdf", "sub/c.pdf"}
