"""Build the Presidio AnalyzerEngine for Dutch, offline.

Presidio's defaults load an English spaCy model (and download it when missing); here the NLP
engine wraps our own Dutch pipeline loaded from a path, and the registry holds only our
recognizers. A blank pipeline has no lemmas, which silently disables Presidio's context words,
so the engine falls back to the lower-cased token text as lemma.
"""

from __future__ import annotations

import functools
from pathlib import Path

import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.language import Language
from spacy.tokens import Doc

from woo_redact.detect.model_names import ModelNameRecognizer
from woo_redact.detect.names import NameRuleRecognizer
from woo_redact.detect.recognizers.address import AddressRecognizer, PostcodeRecognizer
from woo_redact.detect.recognizers.birthdate import BirthDateRecognizer
from woo_redact.detect.recognizers.bsn import BsnRecognizer, BtwRecognizer
from woo_redact.detect.recognizers.email import EmailRecognizer
from woo_redact.detect.recognizers.iban import IbanRecognizer
from woo_redact.detect.recognizers.phone import PhoneRecognizer
from woo_redact.detect.recognizers.plate import LicensePlateRecognizer
from woo_redact.errors import ModelError
from woo_redact.rules import RuleSet, bundled_dir, load_rules

LANGUAGE = "nl"
MODEL_NAME = "nl_woo"
REPORT_FLOOR = 0.3
PATTERN_RECOGNIZERS = (
    BsnRecognizer,
    BtwRecognizer,
    IbanRecognizer,
    PhoneRecognizer,
    EmailRecognizer,
    AddressRecognizer,
    PostcodeRecognizer,
    BirthDateRecognizer,
    LicensePlateRecognizer,
)


def default_model_path() -> Path:
    return bundled_dir("models") / MODEL_NAME


class DutchSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine around an already loaded pipeline; never downloads."""

    def __init__(self, nlp: Language, ner_model_configuration: NerModelConfiguration) -> None:
        super().__init__(
            models=[{"lang_code": LANGUAGE, "model_name": str(nlp.path or "blank")}],
            ner_model_configuration=ner_model_configuration,
        )
        self.nlp = {LANGUAGE: nlp}

    def load(self) -> None:
        """Already loaded in ``__init__``."""

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        artifacts = super()._doc_to_nlp_artifact(doc, language)
        lemmas = [t.lemma_ or t.lower_ for t in doc]
        return NlpArtifacts(
            entities=artifacts.entities,
            tokens=doc,
            tokens_indices=artifacts.tokens_indices,
            lemmas=lemmas,
            nlp_engine=self,
            language=language,
            scores=artifacts.scores,
        )


def load_pipeline(model: Path | None) -> Language:
    """Our trained Dutch pipeline (bundled, or the folder given with --model).

    A missing pipeline is an error, not a silent fall-back to rules only: names that only the
    model finds would be published.
    """
    path = model or default_model_path()
    if not (path / "config.cfg").exists():
        raise ModelError(
            f"no spaCy pipeline at {path}: reinstall woo-redact or pass --model DIR "
            "(models/train.py rebuilds it)"
        )
    nlp = spacy.load(path)
    problem = person_ner_problem(nlp)
    if problem:
        raise ModelError(
            f"the spaCy pipeline at {path} {problem}: it cannot find person names, and rules "
            "alone would publish the names only a model finds; pass a pipeline with a trained "
            "'ner' component that has a PERSON (or PER) label"
        )
    return nlp


PERSON_LABELS = ("PERSON", "PER")


def person_ner_problem(nlp: Language) -> str:
    """Why ``nlp`` cannot recognise person names ("" when it can)."""
    if "ner" not in nlp.pipe_names:
        return f"has no 'ner' component (components: {', '.join(nlp.pipe_names) or 'none'})"
    labels = sorted(nlp.get_pipe("ner").labels)
    if not set(labels).intersection(PERSON_LABELS):
        listed = ", ".join(labels) or "none"
        return f"has a 'ner' component without a PERSON label (labels: {listed})"
    return ""


def build_analyzer(rules: RuleSet, model: Path | None = None) -> AnalyzerEngine:
    nlp = load_pipeline(model)
    ner_config = NerModelConfiguration(
        model_to_presidio_entity_mapping={"PERSON": "PERSON", "PER": "PERSON"},
        labels_to_ignore=["ORG", "LOC", "MISC"],
        default_score=0.8,
    )
    nlp_engine = DutchSpacyNlpEngine(nlp, ner_config)
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for cls in PATTERN_RECOGNIZERS:
        registry.add_recognizer(cls(rules))
    registry.add_recognizer(NameRuleRecognizer(rules))
    if "ner" in nlp.pipe_names:
        registry.add_recognizer(ModelNameRecognizer(rules))
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[LANGUAGE],
        # below this a pattern's shape had neither a checksum nor a cue word: not reported
        default_score_threshold=REPORT_FLOOR,
        context_aware_enhancer=LemmaContextAwareEnhancer(
            context_similarity_factor=0.35,
            min_score_with_context_similarity=0.4,
            # whole words: with substring matching the cue "t" (telefoon) is in nearly every word
            context_matching_mode="whole_word",
        ),
    )


@functools.lru_cache(maxsize=4)
def get_analyzer(rules_dir: str | None = None, model: str | None = None) -> AnalyzerEngine:
    """One analyzer per process (building it loads spaCy: about a second)."""
    return build_analyzer(load_rules(rules_dir), Path(model) if model else None)
