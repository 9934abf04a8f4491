"""Tests for the committed nl_woo model and the training scripts (fast: < 60 s)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "nl_woo"

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201 - spaCy Language
    """Load the committed model once."""
    return spacy.load(MODEL)


def test_model_loads_and_tags_person(nlp) -> None:  # noqa: ANN001
    """The committed model finds an unseen full name and does not tag 'ministerie'."""
    doc = nlp("Volgens Jan de Vries is het voorstel van het ministerie te duur.")
    persons = [e.text for e in doc.ents if e.label_ == "PERSON"]
    assert persons == ["Jan de Vries"]
    assert not any("ministerie" in e.text for e in doc.ents)


def test_model_meta_and_labels(nlp) -> None:  # noqa: ANN001
    """Labels and tokenizer tweaks are part of the saved pipeline."""
    assert set(nlp.get_pipe("ner").labels) == {"PERSON", "ORG", "LOC"}
    assert nlp.lang == "nl"
    assert [t.text for t in nlp.make_doc("Sanne's nota")][:2] == ["Sanne", "'s"]
    size = sum(f.stat().st_size for f in MODEL.rglob("*") if f.is_file())
    assert size < 20_000_000


def test_smoke_training(tmp_path: Path) -> None:
    """A tiny training run completes and writes a loadable pipeline."""
    out = tmp_path / "model"
    cmd = [
        sys.executable,
        str(ROOT / "models" / "train.py"),
        "--n-train",
        "30",
        "--n-dev",
        "5",
        "--max-steps",
        "10",
        "--eval-frequency",
        "5",
        "--build",
        str(tmp_path / "build"),
        "--out",
        str(out),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    trained = spacy.load(out)
    assert "ner" in trained.pipe_names
    assert set(trained.get_pipe("ner").labels) <= {"PERSON", "ORG", "LOC"}
    trained("Dit is een korte zin over Utrecht.")
