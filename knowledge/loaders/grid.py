"""Tables whose cells span rows and columns, laid out as a full grid."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    is_header: bool = False


def expand(rows: list[list[Cell]]) -> list[list[str]]:
    """The grid of texts: a cell spanning several columns or rows is repeated in each of them."""
    grid: list[list[str | None]] = []
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        column = 0
        for cell in row:
            while column < len(grid[r]) and grid[r][column] is not None:
                column += 1
            for dr in range(max(cell.rowspan, 1)):
                while len(grid) <= r + dr:
                    grid.append([])
                target = grid[r + dr]
                for dc in range(max(cell.colspan, 1)):
                    while len(target) <= column + dc:
                        target.append(None)
                    target[column + dc] = cell.text
            column += max(cell.colspan, 1)
    width = max((len(r) for r in grid), default=0)
    return [[c or "" for c in row] + [""] * (width - len(row)) for row in grid[: max(len(rows), 1)]]


def header_count(rows: list[list[Cell]]) -> int:
    """How many leading rows are header rows.

    Rows marked as headers (HTML <th>/<thead>, Word's repeating header rows) count when
    there are any; otherwise the first row, and the next too when the first has a cell
    spanning columns (a group label over the sub-labels of the row below) or spanning
    down into it.
    """
    marked = 0
    while marked < len(rows) - 1 and rows[marked] and all(c.is_header for c in rows[marked]):
        marked += 1
    if marked:
        return marked
    count = 1
    while count < len(rows) - 1 and any(c.colspan > 1 or c.rowspan > 1 for c in rows[count - 1]):
        count += 1
    return count
