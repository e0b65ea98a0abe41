"""Tiers a question gives a named plan that its document does not have: "ExportEase 嘅 Gold 版",
"康橋通白金計劃", "PatentPursuit Premier edition".

A plan named with a tier its document never writes is a product the portal holds no document for,
as much as an unknown edition year is: answering with the plan's only figures would give them as
the tier's. A tier word (chat/data/tiers.yaml, English and Chinese, one entry per tier) counts as
one when it stands as a tier: right after one of the named plan's names (a joiner such as 嘅 or
"'s" between them allowed; an English word capitalised there), or before a tier's head word
("Gold 版", "白金計劃", "gold edition"). It is held when a named plan's document writes it, or writes
its entry only in the other language: "KangKiu Superior" is held by a document writing 優越 and no
English tier of that entry. Within one language a tier's name is its own: a document naming its
top tier 尊尚 does not hold 至尊, nor one naming it "Prestige" a "Premier" tier.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml

from knowledge.models import DocumentVersion
from knowledge.text import fold

T = TypeVar("T")
TIERS_FILE = Path(__file__).resolve().parent / "data" / "tiers.yaml"


@dataclass(frozen=True)
class _Vocabulary:
    forms: dict[str, int]  # a tier's form (lower case, Simplified) → its entry
    mention: re.Pattern[str]  # any form, as a whole word (Latin) or a run (Chinese)
    head: re.Pattern[str]  # a head word right after a tier
    joiner: re.Pattern[str]  # the end of a name and what may join it to its tier


@cache
def _vocabulary() -> _Vocabulary:
    data = yaml.safe_load(TIERS_FILE.read_text(encoding="utf-8"))
    forms = {str(f).lower(): i for i, entry in enumerate(data["tiers"]) for f in (*entry["en"], *entry["zh"])}
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    en_heads = "|".join(re.escape(h) for h in data["heads"]["en"])
    zh_heads = "|".join(re.escape(h) for h in data["heads"]["zh"])
    joiners = "|".join(re.escape(j) for j in (*data["joiners"]["en"], *data["joiners"]["zh"]))
    return _Vocabulary(
        forms=forms,
        mention=re.compile(rf"(?<![a-z])(?:{alternatives})(?![a-z])"),
        head=re.compile(rf"^\s*(?:(?:{en_heads})(?![a-z])|(?:{zh_heads}))"),
        joiner=re.compile(rf"(?:\s*(?:{joiners}))?\s*$"),
    )


def unheld_tiers(
    question: str, named: Sequence[str], names: Iterable[str], already: Sequence[str] = ()
) -> list[str]:
    """The tiers `question` gives the plans `named` (doc ids; `names`: theirs) that none of their
    documents writes, as the question writes them (the plan's name with its tier, when adjacent);
    not a tier one of the names `already` found unknown holds ("Pearl Delta CrossCare Platinum")."""
    if not named:
        return []
    vocabulary = _vocabulary()
    folded = fold(question)
    if len(folded) != len(question):  # positions must be the question's own to quote it
        return []
    per_document = [_tiers_written(doc_id) for doc_id in named]
    if any(tiers is None for tiers in per_document):
        return []  # a document without its stored text: nothing to tell its tiers by
    held_forms = frozenset().union(*(tiers for tiers in per_document if tiers is not None))
    folded_names = sorted({fold(n) for n in names if len(n) >= 2}, key=len, reverse=True)
    said = [fold(name) for name in already]
    found = []
    for match in vocabulary.mention.finditer(folded):
        if _held(match.group(0), held_forms, vocabulary) or any(match.group(0) in name for name in said):
            continue
        start = _named_before(folded[: match.start()], folded_names, vocabulary)
        headed = vocabulary.head.match(folded[match.end() :])
        written = question[match.start() : match.end()]
        latin_as_name = not written.isascii() or written[:1].isupper()
        if headed:
            end = match.end() + headed.end()
            found.append(question[start if start is not None else match.start() : end].strip())
        elif start is not None and latin_as_name:
            found.append(question[start : match.end()].strip())
    return found


def _held(form: str, written: frozenset[str], vocabulary: _Vocabulary) -> bool:
    """A tier form is held by documents writing it, or writing its entry in the other language only
    (tier names are translated freely; within one language they are the plan's own words)."""
    if form in written:
        return True
    entry, latin = vocabulary.forms[form], form.isascii()
    same_entry = [f for f in written if vocabulary.forms[f] == entry]
    return bool(same_entry) and all(f.isascii() != latin for f in same_entry)


def _named_before(before: str, names: list[str], vocabulary: _Vocabulary) -> int | None:
    """Where a named plan's name starts if `before` ends with it (and a joiner), else None."""
    joined = vocabulary.joiner.search(before)
    end = joined.start() if joined else len(before)
    for name in names:
        start = end - len(name)
        # A Latin name is a whole word: "ExportEase" does not end "xExportEase".
        inside_word = start > 0 and (before[start - 1] + name[0]).isascii() and before[start - 1].isalnum()
        if start >= 0 and before.startswith(name, start) and not inside_word:
            return start
    return None


_remembered_lock = threading.Lock()
_remembered: dict[tuple[str, str, int], Any] = {}


def _of_current_version(doc_id: str, what: str, read: Callable[[list[dict[str, Any]]], T]) -> T | None:
    """`read` of the blocks of the current version of `doc_id`, worked out once per version and
    `what` is read; None if no version is stored."""
    versions = DocumentVersion.objects.filter(document__doc_id=doc_id).order_by("-id")
    version = versions.values_list("id", flat=True).first()
    if version is None:
        return None
    key = (what, doc_id, int(version))
    with _remembered_lock:
        if key in _remembered:
            return cast(T, _remembered[key])
    blocks = versions.filter(id=version).values_list("blocks", flat=True).first() or []
    found = read(blocks)
    with _remembered_lock:
        if len(_remembered) > MAX_REMEMBERED:
            _remembered.clear()
        _remembered[key] = found
    return found


def _tiers_written(doc_id: str) -> frozenset[str] | None:
    """The tier forms the current version of `doc_id` writes; None if no version is stored."""
    return _of_current_version(doc_id, "written", _written_forms)


def _written_forms(blocks: list[dict[str, Any]]) -> frozenset[str]:
    text = fold(json.dumps(blocks, ensure_ascii=False))
    return frozenset(m.group(0) for m in _vocabulary().mention.finditer(text))


def mentions_tier(text: str) -> bool:
    """Whether `text` (a name the portal holds nothing for: "BridgeCare Platinum") has a tier word."""
    return _vocabulary().mention.search(fold(text)) is not None


def tiers_of(doc_id: str) -> tuple[str, ...] | None:
    """The tiers the current version of `doc_id` has, as it writes them: the columns of a table
    whose header names one tier of the vocabulary after its first column ("Benefit | Standard |
    Plus", "保障项目 | 标准版 | 小微版": the other columns are tiers too, whatever their words).
    A column's own qualifier after a comma ("Standard, HK$0 deductible") is not the tier's name.
    Empty when no table is laid out by tier; None if no version is stored."""
    return _of_current_version(doc_id, "columns", _tier_columns)


def _tier_columns(blocks: list[dict[str, Any]]) -> tuple[str, ...]:
    found: list[str] = []
    for block in blocks:
        columns = [re.split(r"[,，(（]", str(c))[0].strip() for c in (block.get("header") or [])[1:]]
        if block.get("kind") == "table" and any(_is_tier(c) for c in columns):
            found += [c for c in columns if c]
    return tuple(dict.fromkeys(found))


def _is_tier(column: str) -> bool:
    """A column headed by a tier alone, or with a head word ("Plus", "标准版", "優越計劃"); not a
    name a tier word begins ("Silver Harbour (2026 edition)")."""
    vocabulary, folded = _vocabulary(), fold(column).strip()
    tier = vocabulary.mention.match(folded)
    if tier is None:
        return False
    rest = folded[tier.end() :]
    headed = vocabulary.head.match(rest)
    return not (rest[headed.end() :] if headed else rest).strip()


# Document versions whose tiers are remembered; past this the memory starts again.
MAX_REMEMBERED = 5000
