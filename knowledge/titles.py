"""What a document's own title says it is: its product line, and who issues which product.

Documents ingested without a manifest still state their insurer and product, in the title a
staff member would read first: "Lumen Harbour Insurance Co. Ltd. - Pearl Delta CrossCare Medical
Plan", "恒嶺人壽（虛構）— 灣區安享延期年金計劃". Naming the wrong insurer is worse than naming
none, so a title counts only when all of these hold:
- it is two parts around one dash or bar;
- one part is a company's name by its ending (knowledge/data/insurer_words.yaml), the other is not;
- the other part's words name a product line (knowledge/data/product_lines.yaml);
- the company's name is written again in the document's opening lines (its issuer statement).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from knowledge.language import to_simplified
from knowledge.text import fold

DATA = Path(__file__).resolve().parent / "data"

# Where a title's two parts meet: a dash between spaces, a long dash, a bar.
_PARTS = re.compile(r"\s+[-—–]{1,2}\s+|\s*[—–]{1,2}\s*|\s*[|｜]\s*")
# A note after a name: "（虛構）", "(fictional)".
_NOTE = re.compile(r"\s*[（(][^（()）]*[）)]\s*$")
_HAN = re.compile(r"[\u3400-\u9fff]+")
# Words a company's English name is written with in lower case ("Bank of East Asia").
_SMALL_WORDS = frozenset({"of", "and", "&", "the"})


@dataclass(frozen=True)
class StatedOwner:
    """The insurer and product a title names, and the product line of the product's words."""

    insurer: str
    product: str
    product_line: str


@cache
def line_patterns() -> dict[str, re.Pattern[str]]:
    """Product line code → the pattern of its words (over folded text), in the file's order."""
    lines = yaml.safe_load((DATA / "product_lines.yaml").read_text(encoding="utf-8"))["lines"]
    return {str(code): re.compile(pattern) for code, pattern in lines.items()}


def line_of(text: str) -> str:
    """The product line `text`'s words point to ("patent" → overseas_ip), or ""."""
    folded = fold(text)
    return next((code for code, pattern in line_patterns().items() if pattern.search(folded)), "")


@cache
def _company_endings() -> tuple[frozenset[str], tuple[str, ...]]:
    words = yaml.safe_load((DATA / "insurer_words.yaml").read_text(encoding="utf-8"))
    return frozenset(words["en"]), tuple(words["zh"])


def bare_name(name: str) -> str:
    """A name without the notes after it: "翠峰財產保險（虛構）" → "翠峰財產保險"."""
    while (cut := _NOTE.sub("", name)) != name:
        name = cut
    return name.strip()


def is_company_name(name: str) -> bool:
    """Whether `name` is a company's name by its ending: "Lumen Harbour Insurance Co. Ltd.", "恒嶺人壽".

    English: capitalised words (small words apart), at least two, the last a company ending.
    Chinese: Han characters only, at least two before the ending.
    """
    english, chinese = _company_endings()
    bare = bare_name(name)
    if _HAN.fullmatch(bare):
        simplified = to_simplified(bare)
        return any(simplified.endswith(end) and len(simplified) >= len(end) + 2 for end in chinese)
    words = bare.split()
    return (
        len(words) >= 2
        and words[-1].rstrip(".") in english
        and all(w[0].isupper() or w[0].isdigit() or w in _SMALL_WORDS for w in words)
    )


def stated_owner(title: str, opening: str) -> StatedOwner | None:
    """The insurer and product `title` names, if it names them safely (see the module's rules);
    `opening` is the document's first lines after its title."""
    parts = [p.strip() for p in _PARTS.split(" ".join(title.split())) if p.strip()]
    if len(parts) != 2:
        return None
    companies = [p for p in parts if is_company_name(p)]
    if len(companies) != 1:
        return None
    insurer = companies[0]
    product = parts[1] if insurer == parts[0] else parts[0]
    line = line_of(product)
    restated = fold(bare_name(insurer)) in fold(" ".join(opening.split()))
    if not line or not restated:
        return None
    return StatedOwner(insurer=insurer, product=product, product_line=line)
