"""Train the small CPU Dutch NER pipeline ``models/nl_woo`` (PERSON, ORG, LOC).

Usage (from the repository root)::

    python models/train.py                     # generate data + full training (~12 min, 2 cores)
    python models/train.py --n-train 50 --n-dev 10 --max-steps 20 --out /tmp/x   # smoke run

Steps: (1) generate seeded synthetic training/dev data with ``models/make_data.py``
into ``--build`` (default ``models/build/``, git-ignored); (2) write a spaCy config
(efficiency-style CNN tok2vec + transition-based NER, no vectors); (3) train with a
fixed seed; (4) copy the best model to ``--out`` (default ``models/nl_woo``),
stripping training-only settings and writing meta.json with the dev scores.
Pass ``--skip-data`` to reuse existing ``train.spacy``/``dev.spacy`` in ``--build``
(``python models/make_data.py && python models/train.py --skip-data`` is equivalent to
``python models/train.py``).  Afterwards: ``python models/evaluate.py --write-meta``
adds the held-out name-set scores to meta.json.  ``--finalize-only`` re-exports
``<build>/output/model-best`` (e.g. after stopping a run early).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from spacy.language import Language

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import woo_nlp  # noqa: E402,F401  (registers the tokenizer callback)
from make_data import main as make_data_main  # noqa: E402

VERSION = "0.1.0"

CONFIG = """
[paths]
train = null
dev = null
vectors = null
init_tok2vec = null

[system]
gpu_allocator = null
seed = {seed}

[nlp]
lang = "nl"
pipeline = ["tok2vec","ner"]
batch_size = 256
disabled = []
before_creation = null
after_creation = null
after_pipeline_creation = null
tokenizer = {{"@tokenizers":"spacy.Tokenizer.v1"}}

[components]

[components.tok2vec]
factory = "tok2vec"

[components.tok2vec.model]
@architectures = "spacy.Tok2Vec.v2"

[components.tok2vec.model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = {width}
attrs = ["NORM","PREFIX","SUFFIX","SHAPE"]
rows = [{norm_rows},2000,3000,1000]
include_static_vectors = false

[components.tok2vec.model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = {width}
depth = {depth}
window_size = 1
maxout_pieces = 3

[components.ner]
factory = "ner"
incorrect_spans_key = null
moves = null
scorer = {{"@scorers":"spacy.ner_scorer.v1"}}
update_with_oracle_cut_size = 100

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = 64
maxout_pieces = 2
use_upper = true
nO = null

[components.ner.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = ${{components.tok2vec.model.encode.width}}
upstream = "*"

[corpora]

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${{paths.dev}}
max_length = 0
gold_preproc = false
limit = 0
augmenter = null

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${{paths.train}}
max_length = 0
gold_preproc = false
limit = 0
augmenter = null

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${{system.seed}}
gpu_allocator = ${{system.gpu_allocator}}
dropout = 0.1
accumulate_gradient = 1
patience = {patience}
max_epochs = 0
max_steps = {max_steps}
eval_frequency = {eval_frequency}
frozen_components = []
annotating_components = []
before_to_disk = null
before_update = null

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2
get_length = null

[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1000
compound = 1.001
t = 0.0

[training.logger]
@loggers = "spacy.ConsoleLogger.v1"
progress_bar = false

[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = true
eps = 0.00000001
learn_rate = 0.001

[training.score_weights]
ents_f = 1.0
ents_p = 0.0
ents_r = 0.0
ents_per_type = null

[pretraining]

[initialize]
vectors = ${{paths.vectors}}
init_tok2vec = ${{paths.init_tok2vec}}
vocab_data = null
lookups = null
before_init = {{"@callbacks":"woo_customize_tokenizer.v1"}}
after_init = null

[initialize.components]

[initialize.tokenizer]
"""


def write_config(path: Path, args: argparse.Namespace) -> None:
    """Write the training config."""
    cfg = CONFIG.format(
        seed=args.seed if args.train_seed is None else args.train_seed,
        width=args.width,
        depth=args.depth,
        norm_rows=args.norm_rows,
        max_steps=args.max_steps,
        eval_frequency=args.eval_frequency,
        patience=args.patience,
    )
    path.write_text(cfg.lstrip(), encoding="utf-8")


# Small lookup table; every other token gets its own (lowercased) text as lemma. Presidio's
# context enhancer compares lemmas with context words, so lemma_ must not be empty.
LEMMAS = {
    "heeft": "hebben",
    "heb": "hebben",
    "had": "hebben",
    "hadden": "hebben",
    "is": "zijn",
    "was": "zijn",
    "waren": "zijn",
    "ben": "zijn",
    "bent": "zijn",
    "wordt": "worden",
    "werd": "worden",
    "werden": "worden",
    "kan": "kunnen",
    "kon": "kunnen",
    "zal": "zullen",
    "zou": "zullen",
    "wil": "willen",
    "moet": "moeten",
    "namen": "naam",
    "medewerkers": "medewerker",
    "ministers": "minister",
    "wethouders": "wethouder",
    "burgemeesters": "burgemeester",
    "kamerleden": "kamerlid",
    "collega's": "collega",
    "heren": "heer",
    "dames": "dame",
    "aanwezigen": "aanwezige",
    "deelnemers": "deelnemer",
    "geachte": "geacht",
    "ondertekend": "ondertekenen",
    "gesproken": "spreken",
    "gebeld": "bellen",
    "gemaild": "mailen",
    "vriendelijke": "vriendelijk",
    "groeten": "groet",
    "staatssecretarissen": "staatssecretaris",
}


def add_lemmatizer(nlp: Language) -> None:
    """Add a lookup lemmatizer (built-in factory, no extra data package needed)."""
    from spacy.lookups import Lookups

    lookups = Lookups()
    table = dict(LEMMAS)
    table.update({k.capitalize(): v for k, v in LEMMAS.items()})
    lookups.add_table("lemma_lookup", table)
    lem = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    lem.initialize(lookups=lookups)


def recipe_flags(args: argparse.Namespace) -> list[str]:
    """The data generator's flags of this recipe (also recorded in meta.json)."""
    return [
        *(["--hard-negatives"] if args.hard_negatives else []),
        *(["--sentence-negatives"] if args.sentence_negatives else []),
        *(["--ocr-noise", str(args.ocr_noise)] if args.ocr_noise else []),
    ]


def finalize(
    best: Path, out: Path, n_train: int, train_secs: float, args: argparse.Namespace
) -> dict:
    """Copy the best model to ``out``, strip training settings and write meta.json."""
    import spacy

    nlp = spacy.load(best)
    add_lemmatizer(nlp)
    # The tokenizer tweaks are already serialised; the saved config must not need our callback.
    nlp.config["initialize"]["before_init"] = None
    for key in ("train", "dev"):
        nlp.config["paths"][key] = None
    meta_in = json.loads((best / "meta.json").read_text(encoding="utf-8"))
    perf = meta_in.get("performance", {})
    nlp.meta.update(
        {
            "name": "woo",
            "version": VERSION,
            "description": (
                "Small CPU Dutch NER pipeline (PERSON, ORG, LOC) for redaction of Dutch government "
                "documents under the Wet open overheid. Trained only on seeded synthetic data "
                "(models/make_data.py); used as PERSON detector behind a rule layer."
            ),
            "author": "woo-redact",
            "license": "AGPL-3.0-or-later",
            "sources": [
                {"name": "deduce lookup lists (names, places)", "license": "LGPL-3.0-or-later"},
                {"name": "Faker person providers", "license": "MIT"},
            ],
            "labels": {"tok2vec": [], "ner": sorted(nlp.get_pipe("ner").labels), "lemmatizer": []},
            "performance": perf,
            "woo_training": {
                "synthetic_train_docs": n_train,
                "train_seconds": round(train_secs),
                "dev_split": "synthetic dev docs (train-split names, separate seed)",
                "data_seed": args.seed,
                "train_seed": args.seed if args.train_seed is None else args.train_seed,
                "data_flags": recipe_flags(args),
                "train_flags": {"max_steps": args.max_steps, "patience": args.patience},
            },
        }
    )
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    return perf


def main(argv: list[str] | None = None) -> None:
    """CLI entry point."""
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n-train", type=int, default=7000)
    ap.add_argument("--n-dev", type=int, default=600)
    ap.add_argument("--seed", type=int, default=20240501)
    ap.add_argument("--max-steps", type=int, default=6000)
    ap.add_argument("--eval-frequency", type=int, default=500)
    ap.add_argument("--patience", type=int, default=2500)
    ap.add_argument("--width", type=int, default=96)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--norm-rows", type=int, default=8000)
    ap.add_argument(
        "--build", type=Path, default=None, help="data/training dir (default models/build)"
    )
    ap.add_argument("--out", type=Path, default=HERE / "nl_woo")
    ap.add_argument("--skip-data", action="store_true")
    ap.add_argument(
        "--train-seed",
        type=int,
        default=None,
        help="seed of the training run alone (default: --seed, which also seeds the data)",
    )
    ap.add_argument(
        "--hard-negatives",
        action="store_true",
        help="train with make_data's hard negatives (codes, currency, accounts, town halls)",
    )
    ap.add_argument(
        "--sentence-negatives",
        action="store_true",
        help="ordinary words at sentence and line starts, headings, tables (make_data)",
    )
    ap.add_argument(
        "--ocr-noise",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="share of training documents read as by OCR (models/ocr_noise.py)",
    )
    ap.add_argument(
        "--finalize-only",
        action="store_true",
        help="only copy <build>/output/model-best to --out (e.g. after stopping training early)",
    )
    args = ap.parse_args(argv)
    from spacy.cli.train import train as spacy_train

    build = args.build or (
        HERE / "build"
        if args.out.resolve() == (HERE / "nl_woo").resolve()
        else Path(tempfile.mkdtemp(prefix="woo_build_"))
    )
    build.mkdir(parents=True, exist_ok=True)
    if args.eval_frequency > args.max_steps:
        args.eval_frequency = max(1, args.max_steps // 2)
    if args.finalize_only:
        perf = finalize(build / "output" / "model-best", args.out, args.n_train, 0.0, args)
        print(f"finalized {args.out}: {perf}")
        return
    if not args.skip_data:
        make_data_main(
            [
                "--n-train",
                str(args.n_train),
                "--n-dev",
                str(args.n_dev),
                "--seed",
                str(args.seed),
                "--out",
                str(build),
                *recipe_flags(args),
            ]
        )
    cfg = build / "config.cfg"
    write_config(cfg, args)
    t0 = time.time()
    spacy_train(
        cfg,
        build / "output",
        overrides={
            "paths.train": str(build / "train.spacy"),
            "paths.dev": str(build / "dev.spacy"),
        },
    )
    secs = time.time() - t0
    perf = finalize(build / "output" / "model-best", args.out, args.n_train, secs, args)
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(
        f"trained in {secs:.0f}s; model {args.out} = {size / 1e6:.1f} MB; dev ents_p/r/f = "
        f"{perf.get('ents_p', 0):.3f}/{perf.get('ents_r', 0):.3f}/{perf.get('ents_f', 0):.3f}"
    )


if __name__ == "__main__":
    main()
