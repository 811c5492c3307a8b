"""The lexical signal: TF-IDF over character n-grams taken within word boundaries.

It computes what scikit-learn's ``TfidfVectorizer(analyzer="char_wb", sublinear_tf=True)`` does
(counts -> 1 + log(count), smoothed idf, rows scaled to unit length; checked against it in
``tests/matching/test_lexical.py``) without importing scikit-learn, which was about a second of a
cold ``modelrec match``: it pulls in scipy.stats and more, while this needs scipy.sparse only.
Character n-grams need no word segmentation, so Japanese works as well as English.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from scipy.sparse import csr_matrix

__all__ = ["CharNgramTfidf"]

_WHITESPACE_RUNS = re.compile(r"\s\s+")


class CharNgramTfidf:
    """Fit on the texts to match against, then transform queries into the same space.

    >>> tfidf = CharNgramTfidf(ngram_range=(2, 3))
    >>> exemplars = tfidf.fit_transform(["translate manuals", "summarise meetings"])
    >>> query = tfidf.transform(["translate the manual"])
    >>> [round(float(s), 2) for s in (query @ exemplars.T).toarray()[0]]
    [0.94, 0.06]
    """

    def __init__(
        self,
        *,
        ngram_range: tuple[int, int] = (1, 3),
        preprocessor: Callable[[str], str] | None = None,
    ) -> None:
        self.ngram_range = ngram_range
        #: applied to each text before n-grams are taken; lower-casing when not given
        self.preprocessor = preprocessor
        self.vocabulary: dict[str, int] = {}
        self.idf: np.ndarray | None = None

    def ngrams(self, text: str) -> list[str]:
        """The text's character n-grams, each word padded with one space on either side; a word
        shorter than n gives itself, padded, once."""
        text = (self.preprocessor or str.lower)(text)
        low, high = self.ngram_range
        out: list[str] = []
        for word in _WHITESPACE_RUNS.sub(" ", text).split():
            padded = f" {word} "
            for n in range(low, high + 1):
                out += [padded[i : i + n] for i in range(max(1, len(padded) - n + 1))]
                if len(padded) <= n:
                    break
        return out

    def fit_transform(self, texts: Sequence[str]) -> csr_matrix:
        """Learn the n-gram vocabulary and idf from ``texts``; their TF-IDF rows."""
        import numpy as np

        counts = [Counter(self.ngrams(t)) for t in texts]
        terms = sorted(set().union(*counts))
        self.vocabulary = {term: i for i, term in enumerate(terms)}
        df = np.zeros(len(terms))
        for c in counts:
            df[[self.vocabulary[t] for t in c]] += 1
        self.idf = np.log((1 + len(texts)) / (1 + df)) + 1
        return self._weigh(counts)

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        """TF-IDF rows of ``texts`` over the fitted vocabulary (unseen n-grams count nothing)."""
        return self._weigh([Counter(self.ngrams(t)) for t in texts])

    def _weigh(self, counts: list[Counter[str]]) -> csr_matrix:
        import numpy as np
        from scipy.sparse import csr_matrix

        if self.idf is None:
            raise RuntimeError("CharNgramTfidf.transform before fit_transform")
        indptr, indices, data = [0], [], []
        for c in counts:
            row = sorted((self.vocabulary[t], n) for t, n in c.items() if t in self.vocabulary)
            indices += [i for i, _ in row]
            data += [n for _, n in row]
            indptr.append(len(indices))
        cols = np.asarray(indices, dtype=np.int64)
        values = (np.log(np.asarray(data, dtype=np.float64)) + 1) * self.idf[cols]
        rows = np.repeat(np.arange(len(counts)), np.diff(indptr))
        norms = np.sqrt(np.bincount(rows, weights=values**2, minlength=len(counts)))
        values /= norms[rows]  # a row with no known n-gram has no values to scale
        return csr_matrix((values, cols, indptr), shape=(len(counts), len(self.vocabulary)))
