"""Tables drawn with characters in plain text: pipes, dash rules under aligned columns, or aligned columns.

Each finder looks at the lines from position `start` and returns the table it
finds there with the number of lines it used, or None. Cells are placed by column
position, so a cell that runs across the columns to its right (a merged cell, as in
"30% of the surgeon's fee paid" under three plan columns) is repeated in each.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from knowledge.loaders.wrap import join_lines

# A separator line: dashes (or equals) and column marks only, "----  -----", "---+---", "|:--|--:|".
_SEPARATOR = re.compile(r"^\s*[|+]?\s*:?[-=]{2,}:?\s*(?:[|+]?\s*:?[-=]{2,}:?\s*)*[|+]?\s*$")
_DASH_RUN = re.compile(r"[-=]{2,}")
MIN_ALIGNED_ROWS = 3


@dataclass
class TextTable:
    header_rows: list[list[str]]
    rows: list[list[str]]
    used: int  # lines consumed, from the start


def is_separator(line: str) -> bool:
    return bool(_SEPARATOR.match(line))


def is_rule(line: str) -> bool:
    """A decorative rule: one run of ===, ---, ___ or *** across the line."""
    stripped = line.strip()
    return len(stripped) >= 3 and len(set(stripped)) == 1 and stripped[0] in "-=_*~#"


def _pipe_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _is_pipe_row(line: str) -> bool:
    return line.count("|") >= 2 or (line.count("|") == 1 and not line.strip().startswith("|"))


def pipe_table(lines: list[str], start: int) -> TextTable | None:
    """Rows whose cells are separated by "|"; a separator line under the first row marks the header.

    A table drawn in a box ("+----+----+" above it) may wrap a cell over several lines: the lines
    between two rules are one row (the header above the first inner rule, each row when rules
    part them all), and a line that goes on with the row above — an empty or wrapped first
    cell, and text that reads on in lower case — joins it rather than being a row of its own.
    """
    end = start
    while end < len(lines) and lines[end].strip() and (_is_pipe_row(lines[end]) or is_separator(lines[end])):
        end += 1
    block = [line for line in lines[start:end] if not is_separator(line)]
    if len(block) < 2 or len({len(_pipe_cells(b)) for b in block}) > 2:
        return None
    rows = [_pipe_cells(line) for line in block]
    if max(len(r) for r in rows) < 2:
        return None
    if not is_separator(lines[start]):
        return TextTable([rows[0]], rows[1:], end - start)
    groups = _ruled_groups(lines[start:end])
    if len(groups) < 2 or len({len(r) for group in groups for r in group}) != 1:
        return TextTable([rows[0]], rows[1:], end - start)
    header, body = groups[0], groups[1:]
    if len(body) > 1:  # a rule under every row: each row is what lies between two rules
        return TextTable([_joined(header)], [_joined(group) for group in body], end - start)
    logical: list[list[list[str]]] = []
    for row in body[0]:
        if logical and _goes_on(row):
            logical[-1].append(row)
        else:
            logical.append([row])
    return TextTable([_joined(header)], [_joined(group) for group in logical], end - start)


def _ruled_groups(lines: list[str]) -> list[list[list[str]]]:
    """The rows of a boxed table's lines, in groups between its rules."""
    groups: list[list[list[str]]] = [[]]
    for line in lines:
        if is_separator(line):
            groups.append([])
        else:
            groups[-1].append(_pipe_cells(line))
    return [g for g in groups if g]


def _goes_on(row: list[str]) -> bool:
    """A boxed table's line continues the row above: its first cell is empty or reads on in lower
    case, and some cell of it does ("| | paid, or guaranteed cash value plus |")."""
    first = row[0]
    return (not first or first[0].islower()) and any(c[:1].islower() for c in row if c)


def _joined(lines: list[list[str]]) -> list[str]:
    """One row of cells from the lines it is written on, each cell's pieces joined."""
    return [join_lines([line[n] for line in lines if line[n]]) for n in range(len(lines[0]))]


def _spans(line: str) -> list[tuple[int, int, str]]:
    """Pieces of `line` separated by two or more spaces, with their start and end columns.

    Columns are display columns, as a monospaced layout aligns them: a wide (CJK) character
    takes two, so "項目" and "商業風險賠償比例" padded to one column start their next cells
    at the same place though not at the same character.
    """
    columns = _display_columns(line)
    return [(columns[m.start()], columns[m.end()], m.group()) for m in re.finditer(r"\S+(?: \S+)*", line)]


def _display_columns(line: str) -> list[int]:
    """The display column at which each character of `line` starts (and, last, where it ends)."""
    columns = [0]
    for char in line:
        columns.append(columns[-1] + (2 if unicodedata.east_asian_width(char) in "WF" else 1))
    return columns


def _place(line: str, columns: list[tuple[int, int]]) -> list[str]:
    """Cut `line` at the columns: each piece goes to every column it overlaps (merged cells repeat)."""
    cells = [""] * len(columns)
    for start, end, text in _spans(line):
        hit = [i for i, (c0, c1) in enumerate(columns) if start < c1 + 1 and end > c0 - 1]
        if not hit:
            hit = (
                [max(i for i, (c0, _) in enumerate(columns) if c0 <= start)]
                if start >= columns[0][0]
                else [0]
            )
        for i in hit:
            cells[i] = f"{cells[i]} {text}".strip()
    return cells


def ruled_table(lines: list[str], start: int) -> TextTable | None:
    """A header line, a rule of dash runs under its columns ("-----  ----"), then aligned rows.

    A row indented past the first column, or with only its first cell, continues the row
    it belongs to (a wrapped cell), so each body row is one logical row.
    """
    if start + 2 >= len(lines) or not is_separator(lines[start + 1]) or not lines[start].strip():
        return None
    rule = lines[start + 1]
    columns = [(m.start(), m.end()) for m in _DASH_RUN.finditer(rule.replace("|", " ").replace("+", " "))]
    if len(columns) < 2:
        return None
    header = _place(lines[start].replace("|", " "), columns)
    rows: list[list[str]] = []
    pending: list[str] | None = None
    end = start + 2
    while end < len(lines) and lines[end].strip() and not is_rule(lines[end]):
        line = lines[end].replace("|", " ")
        cells = _place(line, columns)
        indented = len(line) - len(line.lstrip()) > columns[0][0]
        if pending is not None:
            cells = [f"{p} {c}".strip() for p, c in zip(pending, cells, strict=True)]
            pending = None
            rows.append(cells)
        elif indented and rows:
            rows[-1] = [f"{p} {c}".strip() for p, c in zip(rows[-1], cells, strict=True)]
        elif cells[0] and not any(cells[1:]):
            pending = cells
        else:
            rows.append(cells)
        end += 1
    if pending is not None:
        rows.append(pending)
    return TextTable([header], rows, end - start) if rows else None


def _fits(starts: list[int], columns: list[int]) -> bool:
    """Every piece starts at a column (within two characters); the first at the first column."""
    return (
        len(starts) >= 2
        and abs(starts[0] - columns[0]) <= 2
        and all(any(abs(s - c) <= 2 for c in columns) for s in starts)
    )


def aligned_table(lines: list[str], start: int) -> TextTable | None:
    """Three or more lines cut into the same columns by runs of spaces, with figures in them.

    The columns are the first line's; a later line may leave columns empty or run a
    cell across several (a merged cell). Without a rule there is no telling a header
    from a row except by content: the first line is the header when it has no figures
    and a later line has some.
    """
    columns = [s for s, _, _ in _spans(lines[start])]
    if len(columns) < 2:
        return None
    end = start + 1
    while end < len(lines) and lines[end].strip() and _fits([s for s, _, _ in _spans(lines[end])], columns):
        end += 1
    if end - start < MIN_ALIGNED_ROWS:
        return None
    bounds = [(c, nxt - 2) for c, nxt in zip(columns, [*columns[1:], 10_000], strict=True)]
    rows = [_place(line, bounds) for line in lines[start:end]]
    has_figures = [any(any(ch.isdigit() for ch in cell) for cell in row[1:]) for row in rows]
    if not any(has_figures[1:]):
        return None
    if has_figures[0]:
        return TextTable([], rows, end - start)
    return TextTable([rows[0]], rows[1:], end - start)


_LEADER = re.compile(r"^\s*(\S.*?)\s*(?:\.{4,}|…{2,}|·{4,})\s*(\S.*?)\s*$")


def leader_table(lines: list[str], start: int) -> TextTable | None:
    """Two or more lines of 'label ........ value': a two-column table without headers. A line
    indented under the values, with no leader of its own, is the value above wrapped."""
    rows: list[list[str]] = []
    used = 0
    value_column = 0
    while start + used < len(lines):
        line = lines[start + used]
        match = _LEADER.match(line)
        if match is not None:
            rows.append([match.group(1), match.group(2)])
            value_column = match.start(2)
        elif rows and line.strip() and len(line) - len(line.lstrip()) >= value_column > 0:
            rows[-1][1] = join_lines([rows[-1][1], line.strip()])
        else:
            break
        used += 1
    return TextTable([], rows, used) if len(rows) >= 2 else None


def find_table(lines: list[str], start: int) -> TextTable | None:
    line = lines[start]
    boxed = is_separator(line) and start + 1 < len(lines) and _is_pipe_row(lines[start + 1])
    if _is_pipe_row(line) or boxed:
        table = pipe_table(lines, start)
        if table is not None:
            return table
    return ruled_table(lines, start) or aligned_table(lines, start) or leader_table(lines, start)
