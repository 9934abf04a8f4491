"""Fingerprints of inputs, rules content, model, lists and options; the scan id built from them
(fingerprint.py, pipeline.scan_id_for)."""

from __future__ import annotations

import shutil
from pathlib import Path

from woo_redact import fingerprint
from woo_redact.pipeline import InputDoc, Options, scan_id_for
from woo_redact.rules import bundled_dir


def test_rules_fingerprint_follows_content_not_folder(tmp_path: Path) -> None:
    bundled = fingerprint.rules_sha256(None)
    copy = tmp_path / "rules"
    shutil.copytree(bundled_dir("rules"), copy)
    assert fingerprint.rules_sha256(copy) == bundled
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "x.pyc").write_bytes(b"cache")
    assert fingerprint.rules_sha256(copy) == bundled  # caches are not rules
    deny = copy / "deny.txt"
    deny.write_text(deny.read_text(encoding="utf-8") + "Extra Naam\t5.1.2e\n", encoding="utf-8")
    assert fingerprint.rules_sha256(copy) != bundled
    (copy / "deny.txt").rename(copy / "deny2.txt")  # a renamed file is another rules folder
    assert fingerprint.rules_sha256(copy) != bundled


def test_model_and_lists_fingerprints() -> None:
    assert fingerprint.model_sha256(None) == fingerprint.model_sha256(
        bundled_dir("models") / fingerprint.MODEL_NAME
    )
    same = fingerprint.lists_sha256(["B", "A"], [])
    assert same == fingerprint.lists_sha256(["A", "B", "A"], [])
    assert same != fingerprint.lists_sha256([], ["A", "B"])


def test_scan_id_changes_with_inputs_rules_lists_and_options(tmp_path: Path) -> None:
    docs = [InputDoc(tmp_path / "a.pdf", "a.pdf")]
    base = Options(out=tmp_path / "out")
    fp = {"rules": "r" * 64, "model": "m" * 64, "lists": "l" * 64}
    first = scan_id_for(docs, ["1" * 64], base, fp)
    assert len(first) == 16 and first == scan_id_for(docs, ["1" * 64], base, fp)
    assert first != scan_id_for(docs, ["2" * 64], base, fp)
    assert first != scan_id_for(docs, ["1" * 64], base, {**fp, "rules": "s" * 64})
    assert first != scan_id_for(docs, ["1" * 64], base, {**fp, "lists": "k" * 64})
    assert first != scan_id_for(docs, ["1" * 64], base, {**fp, "model": "n" * 64})
    renamed = [InputDoc(tmp_path / "b.pdf", "b.pdf")]  # findings ids include the path
    assert first != scan_id_for(renamed, ["1" * 64], base, fp)
    for option in ({"ocr": "never"}, {"output_names": "number"}, {"max_pages": 3}):
        assert first != scan_id_for(docs, ["1" * 64], Options(out=tmp_path / "out", **option), fp)
    label = Options(out=tmp_path / "out", label="ground")
    assert first != scan_id_for(docs, ["1" * 64], label, fp)
    workers = Options(out=tmp_path / "elsewhere", workers=7)  # does not change the result
    assert first == scan_id_for(docs, ["1" * 64], workers, fp)
    lists = Options(out=tmp_path / "out", keep_names=("Jan Jansen",))
    assert scan_id_for(docs, ["1" * 64], base) != scan_id_for(docs, ["1" * 64], lists)
