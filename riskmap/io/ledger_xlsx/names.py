"""A named ledger: enterprises and units found by name, as a city's own 台账 names them.

A name matches when it is the same after `name_key` (the one rule for "the same name"): NFKC
(full-width letters, digits and brackets become half-width), no blanks, one kind of bracket,
有限责任公司 read as 有限公司, case folded. Nothing fuzzier matches; the closest names are only
offered as candidates for the user to correct the file with.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# Sites of one name closer than this to the row's coordinates are "at the row's place": an
# enterprise's yard, and a pin dropped on its gate rather than its office, fit in it.
NEAR_M = 500.0
# Of namesakes near the row, the one alone this close is the one the row's pin is on.
SAME_M = 50.0
CANDIDATES = 3
# Names compared character by character for candidates, at most (the most bigrams in common).
_SHORTLIST = 200
# A pair of characters in more names than this is too common to look names up by.
_COMMON = 2000

_BRACKETS = str.maketrans({"[": "(", "]": ")", "【": "(", "】": ")", "〔": "(", "〕": ")"})
_BLANKS = re.compile(r"[\s\u3000\u200b\ufeff]+")


def name_key(text: Any) -> str:
    """A site's or unit's name as compared: equal keys are the same name."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = _BLANKS.sub("", s).translate(_BRACKETS)
    s = s.replace("有限责任公司", "有限公司")
    return s.casefold()


def _bigrams(key: str) -> set[str]:
    return {key[i : i + 2] for i in range(len(key) - 1)} or {key}


class NameIndex(Generic[T]):
    """Rows by `name_key` of their name, and the closest names to one that is not there."""

    def __init__(self, rows: Iterable[T], name: Callable[[T], str]) -> None:
        self.by_key: dict[str, list[T]] = defaultdict(list)
        for r in rows:
            self.by_key[name_key(name(r))].append(r)
        self._grams: dict[str, set[str]] = defaultdict(set)
        for key in self.by_key:
            for g in _bigrams(key):
                self._grams[g].add(key)

    def exact(self, text: str) -> list[T]:
        return list(self.by_key.get(name_key(text), ()))

    def closest(self, text: str, n: int = CANDIDATES) -> list[T]:
        """Rows of the `n` names most like `text` (sharing characters, in order), best first."""
        key = name_key(text)
        shared: dict[str, int] = defaultdict(int)
        # Rare pairs of characters first; one that half the names share (有限, 公司) says
        # little and would make every lookup read every name.
        postings = sorted((self._grams.get(g, set()) for g in _bigrams(key)), key=len)
        for i, names in enumerate(postings):
            if i and len(names) > _COMMON:
                break
            for other in names:
                shared[other] += 1
        short = sorted(shared, key=lambda k: (-shared[k], k))[:_SHORTLIST]
        ranked = sorted(
            short, key=lambda k: (-difflib.SequenceMatcher(None, key, k).ratio(), len(k), k)
        )
        out: list[T] = []
        for k in ranked:
            out.extend(self.by_key[k])
            if len(out) >= n:
                break
        return out[:n]


# 责任单位 a ledger names but the database lacks: what kind of unit the name says it is.
_TERRITORIAL = ("人民政府", "政府", "办事处", "街道", "管委会", "村委会", "居委会")
_REGULATOR = ("局", "委员会", "委", "办公室", "大队", "支队", "中心", "站", "所")
_ENTERPRISE = ("公司", "厂", "店", "场", "矿", "集团", "合作社", "医院", "学校")


def unit_kind(name: str) -> str:
    """regulator | territorial | enterprise, by how the name ends (an enterprise when unsure:
    most units a 台账 names are the enterprises answering for their own hazards)."""
    key = name_key(name)
    if key.endswith(_ENTERPRISE):
        return "enterprise"
    if key.endswith(_TERRITORIAL):
        return "territorial"
    if key.endswith(_REGULATOR):
        return "regulator"
    return "enterprise"


def township_in(text: str, townships: Sequence[tuple[str, str, str]]) -> tuple[str, ...]:
    """Codes of the townships (code, name, county name) an address names; a township name
    found in several counties counts only where the address names the county too."""
    key = name_key(text)
    if not key:
        return ()
    hits = [t for t in townships if t[1] and name_key(t[1]) in key]
    if not hits:
        return ()
    # 城关镇 inside 新城关镇: the longest name named wins.
    longest = max(len(name_key(t[1])) for t in hits)
    hits = [t for t in hits if len(name_key(t[1])) == longest]
    if len(hits) > 1:
        hits = [t for t in hits if t[2] and name_key(t[2]) in key]
    return tuple(sorted({t[0] for t in hits}))
