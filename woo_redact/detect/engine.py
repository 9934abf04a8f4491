"""Build the Presidio AnalyzerEngine for Dutch, offline.

Presidio's defaults load an English spaCy model (and download it when missing); here the NLP
engine wraps our own Dutch pipeline loaded from a path, and the registry holds only our
recognizers. A blank pipeline has no lemmas, which silently disables Presidio's context words,
so the engine falls back to the lower-cased token text as lemma.
"""

from __future__ import annotations

import bisect
import copy
import functools
from pathlib import Path

import numpy as np
import spacy
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
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


class IndexedArtifacts(NlpArtifacts):
    """Presidio's NLP artifacts with two indexes for the context enhancer: where each token
    ends (a binary search finds a match's token) and the keywords as a set."""

    def __init__(self, *args: object, token_ends: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.token_ends = token_ends
        self.keyword_set = frozenset(self.keywords)


class DutchSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine around an already loaded pipeline; never downloads."""

    def __init__(self, nlp: Language, ner_model_configuration: NerModelConfiguration) -> None:
        super().__init__(
            models=[{"lang_code": LANGUAGE, "model_name": str(nlp.path or "blank")}],
            ner_model_configuration=ner_model_configuration,
        )
        self.nlp = {LANGUAGE: nlp}
        self._stop: dict[str, bool] = {}
        self._punct: dict[str, bool] = {}

    def load(self) -> None:
        """Already loaded in ``__init__``."""

    def is_stopword(self, word: str, language: str) -> bool:
        """Presidio's answer, remembered: asked for every lemma of every page."""
        if word not in self._stop:
            self._stop[word] = super().is_stopword(word, language)
        return self._stop[word]

    def is_punct(self, word: str, language: str) -> bool:
        if word not in self._punct:
            self._punct[word] = super().is_punct(word, language)
        return self._punct[word]

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        """As Presidio's, with the lower-cased token text where the pipeline has no lemma, in
        one pass over the tokens (and the indexes of ``IndexedArtifacts``)."""
        lemmas, starts, ends = [], [], []
        for t in doc:
            lemmas.append(t.lemma_ or t.lower_)
            starts.append(t.idx)
            ends.append(t.idx + len(t))
        entities, scores = self._get_updated_entities(
            self._get_entities(doc), self._get_scores_for_entities(doc)
        )
        return IndexedArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=starts,
            lemmas=lemmas,
            nlp_engine=self,
            language=language,
            scores=scores,
            token_ends=ends,
        )


class ContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's lemma context enhancer with the same results, in time linear in the page.

    Presidio finds a match's token by walking the tokens from the start, tests each context
    lemma against the page's keyword list, and deep-copies every result; on a page with many
    findings that was a sixth of the analyzer's time. Here the token comes from a binary
    search, the keywords are a set, and only a result whose score changes is copied.
    """

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        if not isinstance(nlp_artifacts, IndexedArtifacts):
            return super().enhance_using_context(
                text, raw_results, nlp_artifacts, recognizers, context
            )
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        extra = [word.lower() for word in context] if context else []
        out = []
        for result in raw_results:
            meta = result.recognition_metadata or {}
            recognizer = by_id.get(meta.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            if (
                recognizer is None
                or not recognizer.context
                or meta.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY)
            ):
                out.append(result)
                continue
            words = self._surrounding(nlp_artifacts, text[result.start : result.end], result.start)
            supportive = self._find_supportive_word_in_context(
                words + extra, recognizer.context, self.context_matching_mode
            )
            if supportive:
                result = copy.deepcopy(result)
                result.score += self.context_similarity_factor
                result.score = max(result.score, self.min_score_with_context_similarity)
                result.score = min(result.score, self.MAX_SCORE)
                result.analysis_explanation.set_supportive_context_word(supportive)
                result.analysis_explanation.set_improved_score(result.score)
            out.append(result)
        return out

    def _surrounding(self, artifacts: IndexedArtifacts, word: str, start: int) -> list[str]:
        """``_extract_surrounding_words`` with the indexes (same words, same rules)."""
        if not artifacts.tokens:
            return [""]
        # the first token that ends after ``start`` (Presidio: the first token that starts at
        # ``start`` or ends after it; a token is never empty, so that is the same token)
        index = bisect.bisect_right(artifacts.token_ends, start)
        if index >= len(artifacts.token_ends):
            raise ValueError(f"Did not find word '{word}' in the list of tokens")
        keywords = artifacts.keyword_set
        found = self._add_n_words(
            index,
            self.context_prefix_count,
            artifacts.lemmas,
            keywords,
            True,  # type: ignore[arg-type]
        ) + self._add_n_words(
            index,
            self.context_suffix_count,
            artifacts.lemmas,
            keywords,
            False,  # type: ignore[arg-type]
        )
        return list(set(found))


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
        context_aware_enhancer=ContextEnhancer(
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


PIPE_BATCH = 32  # texts per spaCy batch: pages of one document, their seams, its side text


def _statistical(nlp: Language) -> list[str]:
    """The components that make entities: the NER and the embedding only it listens to.

    Without them spaCy still gives the same tokens and (lookup) lemmas, which the pattern
    recognizers' context words need; a lemmatizer that needs tags keeps its tok2vec.
    """
    names = [n for n in ("ner",) if n in nlp.pipe_names]
    for name in nlp.pipe_names:
        pipe = nlp.get_pipe(name)
        listeners = getattr(pipe, "listening_components", None)
        if listeners is not None and set(listeners) <= set(names):
            names.append(name)
    return names


_NO_TENSOR = np.zeros((0, 0), dtype="float32")


def text_artifacts(
    analyzer: AnalyzerEngine, texts: list[str], model: list[bool] | None = None
) -> list[NlpArtifacts]:
    """The NLP artifacts of many texts, in order, from spaCy's ``nlp.pipe`` (a batch costs
    less than its texts one by one, and gives the same tokens, lemmas and entities).

    ``model[i]`` False: text ``i`` without the statistical components (no entities), for
    text whose names need no model (verify.redetect_problems says when).
    """
    engine = analyzer.nlp_engine
    nlp = engine.nlp[LANGUAGE]  # type: ignore[attr-defined]
    flags = model if model is not None else [True] * len(texts)
    out: list[NlpArtifacts | None] = [None] * len(texts)
    for with_model in (True, False):
        index = [i for i, flag in enumerate(flags) if flag is with_model]
        if not index:
            continue
        off = [] if with_model else _statistical(nlp)
        docs = nlp.pipe((texts[i] for i in index), batch_size=PIPE_BATCH, disable=off)
        for i, doc in zip(index, docs, strict=True):
            # the tok2vec output (~0.3 MB a dense page) serves no recognizer; a document's
            # artifacts are held together until its pages are analysed
            doc.tensor = _NO_TENSOR
            out[i] = engine._doc_to_nlp_artifact(doc, LANGUAGE)  # type: ignore[attr-defined]
    return out  # type: ignore[return-value]
