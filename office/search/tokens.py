"""Turning Chinese text into index terms and a query into terms.

Documents are indexed by every character bigram of each Chinese run (the CJK-bigram scheme of
Lucene's and Elasticsearch's cjk analyzers): any word of two or more characters is found
wherever it stands, whatever a segmenter would have made of the text. Queries are segmented with
jieba, so 学校周边绿地 asks for 学校, 周边 and 绿地 — each word's bigrams as a phrase — and not
for the bigrams that straddle word boundaries (校周, 边绿).
"""

from __future__ import annotations

import logging
import re
import unicodedata

import jieba

jieba.setLogLevel(logging.WARNING)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+")


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def document_terms(text: str) -> list[str]:
    """Index terms of a text in order (positions make phrase queries work; repeats count in
    the ranking)."""
    text = _clean(text)
    terms: list[str] = []
    for run in _CJK.findall(text):
        terms.extend(_bigrams(run))
    terms.extend(_WORD.findall(text))
    return terms


def query_groups(query: str) -> list[list[str]]:
    """One group of required terms per query word; one-character words are left out (the
    bigram index cannot hold them): `has_single_characters` tells the caller to fall back."""
    groups = []
    text = _clean(query)
    for run in _CJK.findall(text):
        for word in jieba.cut(run):
            if len(word) >= 2:
                groups.append(_bigrams(word))
    groups.extend([w] for w in _WORD.findall(text))
    return groups


def has_single_characters(query: str) -> bool:
    """True when a Chinese part of the query is one character long (not in the bigram index)."""
    return any(len(run) == 1 for run in _CJK.findall(_clean(query)))
