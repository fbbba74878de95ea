"""The passage embedding is the model's own: the mean of the token vectors, as
WordLlamaInference.embed computes it; and a text's vector is exactly the same whatever
texts are embedded with it (padding adds zeros, and texts are grouped by length)."""

from pathlib import Path

import numpy as np

from scoring.suggestions import _wordllama_import, texts_embed

TEXTS = [
    "Getting in touch with people is easy and reliable.",
    "The system simply doesn't operate as a system.",
    "A much longer passage about discharges, budgets, buildings, phones and the many meetings "
    "that never seem to decide anything at all, repeated. " * 3,
    "",
]


def test_embedding_matches_wordllamas_own_mean_pooling():
    wordllama = _wordllama_import()
    reference_model = wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True
    )
    reference = reference_model.embed(TEXTS[:3], norm=True)

    ours = texts_embed(texts=TEXTS)

    assert ours.shape == (4, 256)
    np.testing.assert_allclose(ours[:3], reference, atol=1e-5)
    assert not ours[3].any()  # a text with no tokens is a zero vector, not NaN


def test_a_texts_embedding_does_not_depend_on_the_texts_beside_it():
    together = texts_embed(texts=TEXTS)
    alone = [texts_embed(texts=[text])[0] for text in TEXTS]
    reordered = texts_embed(texts=[*reversed(TEXTS), "word " * 600])

    assert np.array_equal(together, np.array(alone))
    assert np.array_equal(together, reordered[3::-1])
