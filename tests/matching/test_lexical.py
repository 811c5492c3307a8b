"""The lexical signal computes what scikit-learn's TfidfVectorizer does, without importing it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from recommender import load_knowledge_base
from recommender.matching.lexical import CharNgramTfidf
from recommender.matching.matcher import _content_only, _exemplars, _normalise

HERE = Path(__file__).parent


@pytest.mark.parametrize(
    ("ngram_range", "preprocessor"),
    [((1, 3), _content_only), ((1, 3), None), ((2, 5), None), ((3, 5), _content_only)],
)
def test_same_similarities_as_scikit_learn(
    ngram_range: tuple[int, int], preprocessor: object
) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    exemplars = [_normalise(e.text) for e in _exemplars(load_knowledge_base())]
    queries = [
        _normalise(c["text"])
        for c in yaml.safe_load((HERE / "dev_set.yaml").read_text(encoding="utf-8"))["cases"]
    ] + ["", "   ", "zzzz", "a", "Ｆｕｌｌ　ｗｉｄｔｈ\tand  tabs"]
    ours = CharNgramTfidf(ngram_range=ngram_range, preprocessor=preprocessor)  # type: ignore[arg-type]
    theirs = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=ngram_range,
        preprocessor=preprocessor,  # type: ignore[arg-type]
        sublinear_tf=True,
    )
    ours_x, theirs_x = ours.fit_transform(exemplars), theirs.fit_transform(exemplars)
    assert ours.vocabulary == theirs.vocabulary_
    assert np.allclose(ours.idf, theirs.idf_)  # type: ignore[arg-type]
    assert np.allclose((ours_x @ ours_x.T).toarray(), (theirs_x @ theirs_x.T).toarray())
    ours_q, theirs_q = ours.transform(queries), theirs.transform(queries)
    assert np.allclose(ours_q.toarray(), theirs_q.toarray())


def test_transform_needs_a_fit() -> None:
    with pytest.raises(RuntimeError, match="before fit_transform"):
        CharNgramTfidf().transform(["x"])
