"""Plain text and Markdown: headings, paragraphs joined across wrapped lines, list items, tables."""

from __future__ import annotations

import re
import unicodedata

from charset_normalizer import from_bytes

from knowledge.loaders.model import (
    EMPHASIS_END,
    EMPHASIS_START,
    ITEM_LABEL,
    LINE_BREAK,
    MARKS,
    Block,
    DocumentError,
    clean_line,
    item_of,
    table_block,
)
from knowledge.loaders.text_tables import find_table, is_rule, is_separator
from knowledge.loaders.wrap import CJK, join_lines


def decode_text(raw: bytes) -> str:
    """Decode UTF-8 (with or without BOM), Big5 or GB18030 text."""
    return _decode(raw).translate(_NO_MARKS)  # the loaders' own marks are never the file's


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw, cp_isolation=["big5hkscs", "big5", "gb18030"]).best()
    if best is not None and best.chaos < 0.2:
        return str(best)
    raise DocumentError("the text encoding is not UTF-8, Big5 or GB18030")


_ATX_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# "1. Overview", "2.3 Limits", "一、產品簡介", "第三條 保障範圍": a numbered heading. A bare
# number ("12 visits") is a table cell or a figure, not a heading.
_NUMBERED = re.compile(
    r"^(?:(\d{1,2})\.((?:\d{1,2}\.?)*)\s+\S|[一二三四五六七八九十]{1,3}[、．.]\s*\S"
    r"|第[一二三四五六七八九十\d]{1,3}[章節节部條条](?:\s|$))"
)
# The number a numbered heading starts with, as `_NUMBERED` recognises it: "8. ", "2.3 ", "一、", "第三條 ".
_HEADING_NUMBER = re.compile(
    r"^(?:\d{1,2}\.(?:\d{1,2}\.?)*\s+|[一二三四五六七八九十]{1,3}[、．.]\s*|第[一二三四五六七八九十\d]{1,3}[章節节部條条]\s*)"
)
_NO_MARKS = str.maketrans(dict.fromkeys(MARKS))


def heading_title(heading: str) -> str:
    """A heading as a page names it beside other things: without its section number ("8. Annual
    premiums" → "Annual premiums"); the number belongs to the document's own order."""
    if not _NUMBERED.match(heading.strip()):
        return heading.strip()
    return _HEADING_NUMBER.sub("", heading.strip(), count=1) or heading.strip()


_MARKDOWN_INLINE = re.compile(r"\*\*|__|`")
_MARKDOWN_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
# "Email: …", "Annuity hotline: …", "电子邮箱：…": a line that names what it gives is an item of
# its own (a contact block, a definition), never the wrapped end of the line above.
_LABEL_LINE = re.compile(r"^\s*(?![a-z])[^\s:：]{1,24}(?: [^\s:：]+){0,3}(?::\s|：)\s*\S")
# A text file's wrap width is this quantile of its line widths (a robust maximum) ...
WRAP_QUANTILE = 0.9
# ... and a line the next word would take past this share of it was wrapped there (people
# wrapping by hand, or to whole phrases, leave their lines ragged).
WRAP_SHARE = 0.8
# Nobody wraps prose narrower than this: a file whose lines are all shorter is not wrapped.
WRAP_MIN_WIDTH = 40
# A title sits among the first few blocks (after a notice or two), or the file has none.
TITLE_WITHIN = 4
# A label set apart from its text by a run of spaces starts a line of its own.
_LABELLED = re.compile(r"^\s*\S+(?: \S+){0,3} {2,}\S")
HEADING_MAX_CHARS = 80


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha() and c.isascii()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _heading_level(line: str, next_line: str, previous: str = "", *, wrapped: bool = False) -> int:
    """The level of a plain-text heading, or 0 when `line` is not one.

    A heading is short, does not end a sentence, has more letters than figures, and is
    either in capitals or numbered with a blank line (or a rule) after it, or numbered with
    text after it that is not the next entry of its list ("一、產品簡介" over its paragraph, or
    over "1. …" entries of its own), unless the text after it is its own wrapped end
    (`wrapped`): an entry of a numbered list is followed by its sibling.
    """
    stripped = line.strip()
    if (
        not stripped
        or len(stripped) > HEADING_MAX_CHARS
        or stripped.endswith((".", "。", ",", "，", ";", "；", ":", "："))
    ):
        return 0
    if sum(c.isalpha() for c in stripped) <= sum(c.isdigit() for c in stripped):
        return 0
    numbered = _NUMBERED.match(stripped)
    if _is_caps(stripped):
        return 2 if numbered else 1
    if numbered and (not next_line.strip() or is_rule(next_line)):
        return 2 + bool(numbered.group(2))
    if numbered and not wrapped and _numbering(stripped) not in {_numbering(next_line), _numbering(previous)}:
        return 2 + bool(numbered.group(2))
    return 0


def _numbering(line: str) -> str:
    """The numbering scheme a line starts with ("1.", "一、", "(a)"…, as a shape), or "" for none."""
    label = ITEM_LABEL.match(line.strip()) or _NUMBERED.match(line.strip())
    if label is None:
        return ""
    return re.sub(r"[一二三四五六七八九十]", "一", re.sub(r"\d", "1", label.group().split()[0][:4]))


def display_width(text: str) -> int:
    """Columns a monospaced layout gives `text`: two for a wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap_width(lines: list[str]) -> int:
    """The width a text file's lines are wrapped to, if they are: a high quantile of its
    line widths (a robust maximum, which a long URL or table line does not move)."""
    widths = sorted(display_width(line.rstrip()) for line in lines if line.strip() and not is_rule(line))
    width = widths[int(WRAP_QUANTILE * (len(widths) - 1))] if widths else 0
    return width if width >= WRAP_MIN_WIDTH else 10**6


def wraps(before: str, line: str, width: int) -> bool:
    """The break between `before` and `line` only wraps one paragraph: the next word would have
    taken `before` near the file's wrap `width`. A shorter line ended where its author ended
    it (an address line, a title), and a labelled line starts an item of its own.
    """
    if _LABEL_LINE.match(line):
        return False
    following = line.strip()
    if not following:
        return False
    wide = CJK.match(following[0]) is not None
    word = following[0] if wide else following.split()[0]
    gap = 0 if wide or (before.rstrip() and CJK.match(before.rstrip()[-1])) else 1
    return display_width(before.rstrip()) + gap + display_width(word) > WRAP_SHARE * width


class _Reader:
    """Walks the lines once, keeping the paragraph or list item being built."""

    def __init__(self, lines: list[str], *, markdown: bool) -> None:
        self.lines = lines
        self.markdown = markdown
        self.width = wrap_width(lines)
        self.blocks: list[Block] = []
        self.open: Block | None = None
        self.pieces: list[str] = []

    def flush(self) -> None:
        if self.open is not None and self.pieces:
            self.open.text = join_lines(self.pieces)
            self.blocks.append(self.open)
        self.open, self.pieces = None, []

    def start(self, block: Block, text: str) -> None:
        self.flush()
        self.open, self.pieces = block, [text]

    def read(self) -> list[Block]:
        i = 0
        while i < len(self.lines):
            i += self.step(i)
        self.flush()
        return self.blocks

    def step(self, i: int) -> int:
        """Read what starts at line `i`; return how many lines it used."""
        line = self.lines[i].rstrip()
        after = self.lines[i + 1] if i + 1 < len(self.lines) else ""
        text = self.inline(line.strip())
        if not text:
            self.flush()
            return 1
        if is_rule(line):
            return self.rule(i)
        table = find_table(self.lines, i)
        if table is not None:
            self.flush()
            self.blocks.append(
                table_block(
                    [list(map(self.inline, r)) for r in table.header_rows],
                    [list(map(self.inline, r)) for r in table.rows],
                )
            )
            return table.used
        level = self.heading_level(line, after, self.lines[i - 1] if i else "")
        if level and (self.open is None or self.markdown):
            self.flush()
            self.blocks.append(
                Block("heading", _ATX_HEADING.sub(r"\2", text) if self.markdown else text, level=level)
            )
            return 1
        if self.markdown and is_separator(after) and not after.strip().startswith("|"):
            self.flush()  # a Setext heading: "Title" over "=====" or "-----"
            self.blocks.append(Block("heading", text, level=1 if "=" in after else 2))
            return 2
        item = item_of(text)
        if item is not None:
            self.start(item, item.text)
        elif _LABELLED.match(line) and not self.markdown:
            self.start(Block("paragraph"), text)  # "Standard  - area of cover: ...": a line of its own
        elif self.open is not None:
            # A wrapped line continues the paragraph or item above; a line its author ended
            # there continues it too (its text reads on), marked to be shown as a line.
            self.pieces.append(text if self.continues(self.lines[i - 1], line) else LINE_BREAK + text)
        else:
            self.start(Block("paragraph"), text)
        return 1

    def continues(self, before: str, line: str) -> bool:
        """`line` goes on with the paragraph or item `before` ends. In Markdown a line break is a
        space unless the line before ends in two spaces (a hard break); a labelled line
        ("**Insurer:** …") starts an item of its own there too, as its author meant."""
        if not self.markdown:
            return wraps(before, line, self.width)
        return not before.endswith("  ") and not _LABEL_LINE.match(_MARKDOWN_INLINE.sub("", line))

    def rule(self, i: int) -> int:
        """A rule ends what is open; a line boxed between two rules, or underlined by one, is a heading."""
        if self.open is not None and self.open.kind == "paragraph" and len(self.pieces) == 1:
            heading = Block("heading", self.pieces[0], level=1 if "=" in self.lines[i] else 2)
            self.open, self.pieces = None, []
            self.blocks.append(heading)
            return 1
        self.flush()
        if i + 2 < len(self.lines) and is_rule(self.lines[i + 2]) and self.lines[i + 1].strip():
            title = self.lines[i + 1].strip()
            self.blocks.append(Block("heading", title, level=2 if _NUMBERED.match(title) else 1))
            return 3
        return 1

    def heading_level(self, line: str, after: str, before: str) -> int:
        if self.markdown:
            match = _ATX_HEADING.match(line)
            return len(match.group(1)) if match else 0
        return _heading_level(line, after, before, wrapped=wraps(line, after, self.width))

    def inline(self, text: str) -> str:
        if not self.markdown:
            return clean_line(text)
        strong = _MARKDOWN_STRONG.sub(rf"{EMPHASIS_START}\2{EMPHASIS_END}", text)
        return clean_line(_MARKDOWN_INLINE.sub("", strong))


def load_plain(text: str) -> list[Block]:
    return _with_title(_Reader(text.splitlines(), markdown=False).read())


def _with_title(blocks: list[Block]) -> list[Block]:
    """A text file's title is the first line of one of its first paragraphs that is short and not
    a sentence or a label, above any heading, list or table: a heading of the outermost level,
    as a title is (a text file cannot mark it)."""
    for number, block in enumerate(blocks[:TITLE_WITHIN]):
        if block.kind != "paragraph":
            break
        first, _, rest = block.text.partition(LINE_BREAK)
        if _is_title(first.strip()):
            block.text = rest
            blocks.insert(number, Block("heading", first, level=1))
            break
    return blocks


def _is_title(text: str) -> bool:
    return (
        0 < len(text) <= HEADING_MAX_CHARS
        and not text.endswith((".", "。", ",", "，", ";", "；", ":", "：", "!", "！", "?", "？"))
        and not _LABEL_LINE.match(text)
        and sum(c.isalpha() for c in text) > sum(c.isdigit() for c in text)
    )


def load_markdown(text: str) -> list[Block]:
    return _Reader(text.splitlines(), markdown=True).read()
