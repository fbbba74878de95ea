"""Suggestions for coding a comment passage: the statements it is most likely about, ranked
with a score, and whether it reads as an enabler or a barrier. Suggestions only: nothing
here is applied to a passage without a person choosing it.

Pure Python and numpy, no Django: a Celery worker and bench/suggestions_accuracy.py call the
same code. Nothing is downloaded and nothing leaves the machine: the embedding model is
`wordllama` (l2_supercat, 256 dimensions), whose weights and tokenizer ship in its wheel.
Its `WordLlama.load()` still reaches for the network, because it looks for the tokenizer
under `wordllama/tokenizer/` while the wheel ships it under `wordllama/tokenizers/`; giving
the installed package's folder as the cache folder, with downloads disabled, loads both
files from the wheel (tests/test_suggestions_offline.py proves it with sockets refused).

How a passage is scored (bench/suggestions_accuracy.py measures each part):

- Statements: each statement has a prototype, its wording counted as WORDING_WEIGHT coded
  passages, plus every passage people have coded with it: a nearest-centroid (Rocchio)
  classifier. A passage's score for a statement is its cosine with that prototype. Chosen
  over nearest coded neighbours and over a per-statement ridge model over the embeddings
  because it did as well on the labelled set (leave-one-out top-1/top-3: centroid .29/.48,
  3 nearest coded passages .30/.52, ridge .26-.30/.48-.50 by its two settings: within noise
  on 125 passages), has one setting, needs no training step, and a statement nobody has
  coded yet keeps competing on its wording instead of being outvoted by statements with
  many examples. The annex's descriptions of a statement's attribute and dimension (or
  domain) can be added to its wording (with_concepts); they did not help, so they are off.
- Tone is taken out of the ranking. The four negatively worded statements (is_negative) sit
  on the barrier side of the enabler-barrier direction (cosine -0.03 to -0.15; the others
  +0.06 on average), so a complaint about anything drifted towards them. Passages, wordings
  and coded passages are all projected off that direction before the cosine.
- Enabler or barrier: a ridge regression over the embeddings (enabler +1, barrier -1), pulled
  towards the direction from the barrier seeds to the enabler seeds (suggestion_seeds) as its
  prior. With no coded passages it is that direction (cold start); every coded passage counts,
  whatever its statement, which is why a linear model suits this two-way question better
  than neighbours, who share a topic more than a tone (leave-one-out: ridge .78, 5 nearest
  .68, always "barrier" .67). Word averages hardly see negation ("not easy"), so the cold
  start is weak: read its enabler/barrier as a hint until passages have been coded.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .suggestion_seeds import BARRIER_SEEDS, CONCEPTS, ENABLER_SEEDS

ENABLER = "enabler"
BARRIER = "barrier"
POLARITIES = (ENABLER, BARRIER)

MODEL_CONFIG = "l2_supercat"
MODEL_DIM = 256
# A passage longer than this is embedded from its first tokens: the mean of 512 word vectors
# already says what it is about, and a pasted document must not cost unbounded memory.
MAX_TOKENS = 512
EMBED_CHUNK = 1024  # texts tokenized at a time (in parallel, by the tokenizers library)
SUM_BLOCK = 64  # texts of similar length summed at a time: at most 64 x 512 token vectors

# The wording (with its description) weighs as much as two coded passages: the first
# passages an analyst codes move a prototype without replacing what the statement says.
WORDING_WEIGHT = 2.0
# How much the annex's description of a statement's attribute and dimension (or domain)
# weighs beside its wording; the wording is what respondents rated.
CONCEPT_WEIGHT = 0.5
# Ridge penalty, and the scale of the seed direction it shrinks towards: with few coded
# passages the seeds decide, with hundreds the analysts' passages do.
POLARITY_RIDGE = 3.0
POLARITY_PRIOR_SCALE = 10.0


@dataclass(frozen=True)
class StatementText:
    code: str
    text: str
    # Negatively worded (reverse-scored): a barrier passage bears such a statement out. The
    # ranking removes tone for every statement alike, so the model itself needs no flag.
    is_negative: bool = False
    description: str = ""  # the annex's words for its attribute and dimension, or domain


@dataclass(frozen=True)
class CodedExample:
    """A passage a person has coded: the statement they chose and how they read it."""

    text: str
    code: str
    polarity: str  # ENABLER or BARRIER


@dataclass(frozen=True)
class Suggestion:
    passage: str
    statements: tuple[tuple[str, float], ...]  # (code, score), best first
    polarity: str  # ENABLER or BARRIER
    polarity_score: float  # how far on that side; comparable within one computation


@dataclass(frozen=True)
class LoadedModel:
    tokenizer: object  # tokenizers.Tokenizer, no padding, cut at MAX_TOKENS
    token_vectors: np.ndarray  # the model's token embeddings and, last, a row of zeros

    @property
    def vocabulary(self) -> int:
        return len(self.token_vectors) - 1


_model: LoadedModel | None = None
_model_lock = threading.Lock()


def _wordllama_import():
    """Import wordllama without letting it reconfigure this process's logging: its
    inference module calls logging.basicConfig(level=INFO) when imported."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import wordllama

    root.handlers[:] = handlers
    root.setLevel(level)
    return wordllama


def model_load() -> LoadedModel:
    """The embedding model, loaded once per process from the files in the wheel."""
    global _model
    with _model_lock:
        if _model is None:
            wordllama = _wordllama_import()
            model = wordllama.WordLlama.load(
                config=MODEL_CONFIG,
                dim=MODEL_DIM,
                cache_dir=Path(wordllama.__file__).parent,
                disable_download=True,
            )
            tokenizer = model.tokenizer
            tokenizer.no_padding()  # padding is done below, by length
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            zeros = np.zeros((1, model.embedding.shape[1]), dtype=np.float32)
            _model = LoadedModel(tokenizer, np.vstack([model.embedding, zeros]))
        return _model


def texts_embed(*, texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings, one row per text (a zero row for a text with no tokens).

    The model's embedding is the mean of a text's token vectors (WordLlamaInference.embed,
    which the test compares with). It pads each batch of 64 texts, in their order, to the
    longest. Here texts are first sorted by length, so little goes on padding, and padding
    gathers a row of zeros: adding zeros after a text's tokens leaves its sum exactly as it
    was, so a passage's vector does not depend on the passages embedded with it. Summing a
    padded block is also ten times as fast as numpy's reduceat over ragged segments."""
    model = model_load()
    padding_id, last_id = model.vocabulary, model.vocabulary - 1
    vectors = np.zeros((len(texts), MODEL_DIM), dtype=np.float32)
    for start in range(0, len(texts), EMBED_CHUNK):
        encodings = model.tokenizer.encode_batch(
            list(texts[start : start + EMBED_CHUNK]), add_special_tokens=False
        )
        lengths = np.array([len(e.ids) for e in encodings], dtype=np.int64)
        order = np.argsort(lengths, kind="stable")
        for first in range(0, len(order), SUM_BLOCK):
            members = order[first : first + SUM_BLOCK]
            width = max(int(lengths[members].max()), 1)
            padded = np.full((len(members), width), padding_id, dtype=np.int64)
            for row, member in enumerate(members):
                padded[row, : lengths[member]] = encodings[member].ids
            np.clip(padded, 0, last_id, out=padded, where=padded != padding_id)
            sums = model.token_vectors[padded].sum(axis=1)
            vectors[start + members] = sums / np.maximum(lengths[members], 1)[:, None]
    return _unit(vectors)


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _off(vectors: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """The vectors with their component along `direction` (unit) removed, unit again."""
    return _unit(vectors - np.outer(vectors @ direction, direction))


def tone_direction() -> np.ndarray:
    """Unit vector from the barrier seeds' mean towards the enabler seeds' mean."""
    seeds = texts_embed(texts=[*ENABLER_SEEDS, *BARRIER_SEEDS])
    enabler, barrier = seeds[: len(ENABLER_SEEDS)], seeds[len(ENABLER_SEEDS) :]
    return _unit(enabler.mean(axis=0) - barrier.mean(axis=0))


def statement_text_build(
    *,
    code: str,
    text: str,
    is_negative: bool,
    attribute: str | None = "",
    dimension: str | None = "",
    domain: str | None = "",
    with_concepts: bool = False,
) -> StatementText:
    """A statement as the model reads it, from an instrument's fields (a Statement row's or
    the instrument JSON's); with_concepts adds the annex's descriptions of its concepts."""
    concepts = [CONCEPTS[name] for name in (attribute, dimension, domain) if name]
    description = " ".join(concepts) if with_concepts else ""
    return StatementText(code=code, text=text, is_negative=is_negative, description=description)


def statement_texts_from_instrument(
    *, instrument: dict, with_concepts: bool = False
) -> list[StatementText]:
    """The statements of an instrument JSON file (surveys/instruments/*.json)."""
    return [
        statement_text_build(
            code=item["code"],
            text=item["text"],
            is_negative=item["polarity"] == "negative",
            attribute=item["attribute"],
            dimension=item["dimension"],
            domain=item["domain"],
            with_concepts=with_concepts,
        )
        for item in instrument["statements"]
    ]


def _statement_prototypes(
    *, statements: Sequence[StatementText], coded: Sequence[CodedExample], coded_vectors, tone
) -> np.ndarray:
    wordings = texts_embed(texts=[s.text for s in statements])
    described = [i for i, s in enumerate(statements) if s.description]
    if described:
        descriptions = texts_embed(texts=[statements[i].description for i in described])
        wordings[described] = _unit(wordings[described] + CONCEPT_WEIGHT * descriptions)
    prototypes = WORDING_WEIGHT * _off(wordings, tone)
    index = {s.code: i for i, s in enumerate(statements)}
    rows = [(n, index[example.code]) for n, example in enumerate(coded) if example.code in index]
    if rows:
        passages, codes = zip(*rows, strict=True)
        np.add.at(prototypes, list(codes), _off(coded_vectors[list(passages)], tone))
    return _unit(prototypes)


def _polarity_weights(*, coded: Sequence[CodedExample], coded_vectors, tone) -> np.ndarray:
    """Ridge regression of +1 (enabler) / -1 (barrier) on the embeddings, shrunk towards the
    seed direction rather than towards zero: argmin |Xw - y|^2 + l|w - s*tone|^2."""
    prior = POLARITY_PRIOR_SCALE * tone
    if not coded:
        return prior
    targets = np.array([1.0 if c.polarity == ENABLER else -1.0 for c in coded])
    x = coded_vectors.astype(np.float64)
    gram = x.T @ x + POLARITY_RIDGE * np.eye(x.shape[1])
    return np.linalg.solve(gram, x.T @ targets + POLARITY_RIDGE * prior).astype(np.float32)


def suggestions_compute(
    *,
    passages: Sequence[str],
    statements: Sequence[StatementText],
    coded: Iterable[CodedExample] = (),
    top: int = 5,
) -> list[Suggestion]:
    """For each passage, its `top` likeliest statements with their scores (cosine with the
    statement's prototype, -1 to 1) and its reading as enabler or barrier. `coded` are the
    passages people have already coded in this programme (or instrument); pass them all,
    they are what makes suggestions improve (one whose code is not among `statements` still
    teaches enabler/barrier). Deterministic: ties keep the statements' order, and a
    passage's suggestion does not depend on the other passages passed with it. An empty
    passage scores 0 everywhere: callers pass passages with words in them."""
    if not statements:
        raise ValueError("No statements to suggest")
    coded = list(coded)
    for example in coded:
        if example.polarity not in POLARITIES:
            raise ValueError(f"Polarity must be one of {POLARITIES}: {example.polarity!r}")
    tone = tone_direction()
    coded_vectors = texts_embed(texts=[c.text for c in coded])
    prototypes = _statement_prototypes(
        statements=statements, coded=coded, coded_vectors=coded_vectors, tone=tone
    )
    polarity_weights = _polarity_weights(coded=coded, coded_vectors=coded_vectors, tone=tone)
    codes = [s.code for s in statements]
    top = min(top, len(statements))
    suggestions = []
    # A chunk at a time, so that memory stays that of one chunk's vectors however many
    # passages a programme has.
    for start in range(0, len(passages), EMBED_CHUNK):
        chunk = passages[start : start + EMBED_CHUNK]
        vectors = texts_embed(texts=chunk)
        scores = np.round(_off(vectors, tone) @ prototypes.T, 4)
        ranked = np.argsort(-scores, axis=1, kind="stable")[:, :top]
        margins = np.round(vectors @ polarity_weights, 4).tolist()
        best = np.take_along_axis(scores, ranked, axis=1).tolist()
        for passage, order, values, margin in zip(
            chunk, ranked.tolist(), best, margins, strict=True
        ):
            suggestions.append(
                Suggestion(
                    passage=passage,
                    statements=tuple(zip([codes[j] for j in order], values, strict=True)),
                    polarity=ENABLER if margin > 0 else BARRIER,
                    polarity_score=abs(margin),
                )
            )
    return suggestions
