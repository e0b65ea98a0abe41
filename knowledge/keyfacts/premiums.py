"""Indicative premiums read from a document's published premium or rate table.

An estimate is the table's own cell, cited, for the row of the given age band (or row
label) and the chosen column. An age or option the table does not have is refused with
the table's range, never rounded to the nearest row: the insurer's quote is what applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from knowledge.keyfacts.extract import currency_of, fold
from knowledge.keyfacts.spec import DATA_DIR, vocabulary
from knowledge.loaders import Block

# One figure, with the words a rate table puts around it ("每張已發貨訂單0.28美元", "0.30% of the
# declared value"): a cell with a second number, or a paragraph, is not a figure.
_FIGURE = re.compile(r"^[^\d]{0,24}\d[\d,]*(?:\.\d+)?\s*%?\s*[^\d]{0,30}$")
# A cell a table leaves empty on purpose ("—", "N/A"): neither a figure nor a reason to refuse one.
_EMPTY = re.compile(r"^(?:[—–\-/]|n/?a|不適用|不适用)?$", re.IGNORECASE)
_RANGE = re.compile(r"^\s*(\d{1,3})\s*(?:歲|岁|周岁|週歲)?\s*(?:–|-|~|至|to)\s*(\d{1,3})")
_SINGLE = re.compile(r"^\s*(\d{1,3})\s*(?:歲|岁|周岁|週歲)?")
OPEN_ABOVE = 200  # an open band ("71 and over") ends beyond any age


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    label: str
    renewal_only: bool


PREMIUM, RATE, PAYOUT = "premium", "rate", "payout"
LAST_BIRTHDAY, NEXT_BIRTHDAY = "last", "next"


@dataclass(frozen=True)
class RateTable:
    section: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    bands: tuple[Band, ...] = ()  # empty when rows are keyed by label, not age
    keys: int = 1  # how many leading columns name a row ("Premium term | Annuity start age")
    kind: str = PREMIUM  # premium amounts, rates (%), or a payout (annuity) table: not premiums
    age_basis: str = ""  # LAST_BIRTHDAY, NEXT_BIRTHDAY, or "" when the document does not say
    currency: str = ""  # the currency of its bare amounts ("HK$"), from its header or note

    @property
    def by_age(self) -> bool:
        return bool(self.bands)

    @property
    def title(self) -> str:
        """Its section's heading as a page names the table: without the section number."""
        from knowledge.loaders.text import heading_title

        return heading_title(self.section)

    @property
    def options(self) -> tuple[str, ...]:
        return self.header[self.keys :]

    @property
    def row_header(self) -> str:
        return " · ".join(self.header[: self.keys])

    @property
    def row_labels(self) -> tuple[str, ...]:
        return tuple(" · ".join(r[: self.keys]) for r in self.rows)

    @property
    def figure_options(self) -> tuple[str, ...]:
        """The options holding the table's own figures: a column whose header names a cap or a
        change ("renewal increase cap"), or of another kind beside them (30% in a table of
        yuan amounts), is not one of them."""
        named = [o for o in self.options if not _named(o, "not_figure_columns")]
        kinds = {o: _column_kind(self.rows, self.header.index(o)) for o in named}
        main = kinds[named[0]] if named else ""
        return tuple(o for o in named if kinds[o] == main)

    def table_age(self, age: int) -> int:
        """The table's age for someone `age` at their last birthday (a next-birthday table is one on)."""
        return age + 1 if self.age_basis == NEXT_BIRTHDAY else age

    @property
    def age_range(self) -> tuple[int, int] | None:
        if not self.bands:
            return None
        return min(b.low for b in self.bands), max(b.high for b in self.bands)


@dataclass(frozen=True)
class Estimate:
    value: str  # the cell as the document states it
    row: str
    column: str
    section: str
    quote: str
    renewal_only: bool
    currency: str = ""  # shown beside a value that does not name its currency
    table_age: int | None = None  # the age looked up, on the table's own basis
    age_basis: str = ""
    kind: str = PREMIUM
    # For a renewal-only row, the oldest age the table quotes for new applicants (its last band
    # that is not renewal-only): a figure for 75 must say that new entry stops at 70 (E21).
    new_entry_up_to: int | None = None

    @property
    def renewal_noted(self) -> bool:
        """Renewal-only and the row label does not already say so (it is printed once)."""
        return self.renewal_only and not any(w in fold(self.row) for w in _words()["renewal_only"])

    @property
    def shown(self) -> str:
        return money(self.value, self.currency)


def money(value: str, currency: str) -> str:
    """An amount as pages print it: "HK$4,940" (the symbol without a space), the value alone
    when it names its currency or is a percentage, and a bare 元 not doubled by "RMB"."""
    if not currency:
        return value
    bare = value.strip()
    if bare.endswith("元") and not currency_of(bare):
        bare = bare[:-1].strip()  # "398元" in a table of RMB: the currency says 元 once
    return f"{currency}{bare}"


@dataclass(frozen=True)
class Refusal:
    reason: str  # "age" | "option" | "row"
    detail: str
    table_age: int | None = None  # the age looked up, when the table is by age next birthday

    @property
    def read_on(self) -> bool:
        """The age was read one year on (age next birthday): the refusal must say so."""
        return self.table_age is not None


@cache
def _words() -> dict[str, tuple[str, ...]]:
    raw = yaml.safe_load((DATA_DIR / "keyfacts.yaml").read_text(encoding="utf-8"))["rate_tables"]
    return {k: tuple(fold(w) for w in v) for k, v in raw.items()}


@cache
def _age_fields() -> dict[str, str]:
    raw = yaml.safe_load((DATA_DIR / "keyfacts.yaml").read_text(encoding="utf-8"))
    return dict(raw.get("enquiry_age_field", {}))


def parse_band(label: str) -> Band | None:
    """An age band from a row label: "31–40", "71–100 (renewal only)", "71 and over", "55歲"."""
    words = _words()
    folded = fold(label)
    renewal = any(w in folded for w in words["renewal_only"])
    if m := _RANGE.match(label):
        low, high = int(m.group(1)), int(m.group(2))
        return Band(low, high, label, renewal) if low <= high else None
    if m := _SINGLE.match(label):
        age = int(m.group(1))
        rest = folded[m.end() :].strip()
        if any(rest.startswith(w) for w in words["open_ended"]):
            return Band(age, OPEN_ABOVE, label, renewal)
        if not rest or rest[0] in "(（":
            return Band(age, age, label, renewal)
    return None


def _is_figures(rows: list[list[str]], keys: int = 1) -> bool:
    cells = [c.strip() for r in rows for c in r[keys:] if not _EMPTY.match(c.strip())]
    return bool(cells) and all(_FIGURE.match(c) for c in cells)


def _column_kind(rows: tuple[tuple[str, ...], ...], index: int) -> str:
    cells = [r[index] for r in rows if index < len(r) and r[index].strip()]
    return "%" if cells and all("%" in c for c in cells) else "amount"


def _named(text: str, key: str) -> bool:
    folded = fold(text)
    return any(w in folded for w in _words()[key])


def _age_basis(text: str) -> str:
    next_, last = _named(text, "age_next_birthday"), _named(text, "age_last_birthday")
    return NEXT_BIRTHDAY if next_ and not last else LAST_BIRTHDAY if last and not next_ else ""


def _kind(
    section: str, note: str, header: tuple[str, ...], rows: tuple[tuple[str, ...], ...], keys: int
) -> str:
    if _named(" ".join((section, note, *header)), "payout_words"):
        return PAYOUT
    return RATE if _column_kind(rows, keys) == "%" else PREMIUM


def _only_currency(text: str) -> str:
    """The document's currency when its text names exactly one ("" when none, or several)."""
    named = {
        code for code, words in vocabulary().currencies.items() if any(fold(w) in fold(text) for w in words)
    }
    return named.pop() if len(named) == 1 else ""


def _row_keys(rows: tuple[tuple[str, ...], ...], width: int) -> int:
    """The fewest leading columns that tell every row apart (0 when none do)."""
    for keys in range(1, width):
        if len({r[:keys] for r in rows}) == len(rows):
            return keys
    return 0


def rate_tables(blocks: list[Block]) -> list[RateTable]:
    """The document's premium, rate and payout tables, in order, each with what its document
    says about it: the age basis, the currency and whether its figures are premiums."""
    words = _words()
    found: list[RateTable] = []
    section, note = "", ""
    prose = " ".join(b.text for b in blocks if b.kind != "table")
    document_basis = _age_basis(prose)
    document_currency = _only_currency(prose)
    for block in blocks:
        if block.kind == "heading":
            section, note = block.text.strip(), ""
        elif block.kind != "table":
            note = f"{note} {block.text}".strip()  # what the section says before its table
        if block.kind != "table" or len(block.header) < 2 or not block.rows:
            continue
        header = tuple(block.header)
        rows = tuple(tuple(c.strip() for c in r) for r in block.rows if len(r) == len(header))
        about = " ".join((section, note, *header))
        basis = _age_basis(about) or document_basis
        currency = (
            currency_of(" ".join(header)) or currency_of(section) or currency_of(note) or document_currency
        )
        if fold(header[0]).strip() and any(w in fold(header[0]) for w in words["age_words"]):
            bands = [parse_band(r[0]) for r in rows]
            if all(bands) and _is_figures([list(r) for r in rows]):
                kind = _kind(section, note, header, rows, 1)
                found.append(
                    RateTable(
                        section,
                        header,
                        rows,
                        tuple(b for b in bands if b),
                        kind=kind,
                        age_basis=basis,
                        currency=currency,
                    )
                )
            continue
        keys = _row_keys(rows, len(header))  # a row label (or labels) must pick one row
        if keys and _named(about, "section_words") and _is_figures([list(r) for r in rows], keys):
            kind = _kind(section, note, header, rows, keys)
            found.append(
                RateTable(section, header, rows, keys=keys, kind=kind, age_basis=basis, currency=currency)
            )
    return found


def estimate(
    table: RateTable, *, column: str, age: int | None = None, row: str | None = None
) -> Estimate | Refusal:
    """The cell for `age` (an age-banded table) or `row` (a labelled one) under `column`.

    Refuses, with what the table does cover, an option not in the header, an age outside
    every band, or a row label the table does not have.
    """
    if column not in table.figure_options:  # a cap or change column holds no premium
        return Refusal("option", ", ".join(table.figure_options))
    index = table.header.index(column)
    if table.by_age:
        if age is None:
            return Refusal("age", "")
        looked_up = table.table_age(age)
        band = next((b for b in table.bands if b.low <= looked_up <= b.high), None)
        if band is None:
            read_on = looked_up if looked_up != age else None
            return Refusal("age", covered_ages(table), read_on)
        cells = table.rows[table.bands.index(band)]
        return _estimate(table, cells, band.label, column, index, band.renewal_only, looked_up)
    labels = table.row_labels
    if row not in labels:
        return Refusal("row", ", ".join(labels))
    return _estimate(table, table.rows[labels.index(row)], row, column, index, False, None)


def covered_ages(table: RateTable) -> str:
    """The ages a table has rows for: its range, or each age when it lists single ages."""
    if all(b.low == b.high for b in table.bands):
        return ", ".join(str(b.low) for b in table.bands)
    low, high = table.age_range or (0, 0)
    return f"{low}–{high}" if high < OPEN_ABOVE else f"{low}+"


def _estimate(
    table: RateTable,
    cells: tuple[str, ...],
    row: str,
    column: str,
    index: int,
    renewal_only: bool,
    table_age: int | None,
) -> Estimate:
    value = cells[index]
    # A percentage is not money; an amount that names its currency needs no other.
    currency = "" if "%" in value or currency_of(value) else table.currency
    return Estimate(
        value,
        row,
        column,
        table.section,
        " | ".join(cells),
        renewal_only,
        currency=currency,
        table_age=table_age,
        age_basis=table.age_basis,
        kind=table.kind,
        new_entry_up_to=_new_entry_up_to(table) if renewal_only else None,
    )


def _new_entry_up_to(table: RateTable) -> int | None:
    highs = [b.high for b in table.bands if not b.renewal_only and b.high < OPEN_ABOVE]
    return max(highs, default=None)


def row_estimates(table: RateTable, age: int) -> list[Estimate] | Refusal:
    """Every figure of the table's row for `age`, one per option: options (a deductible, a sex,
    a plan level) are shown side by side, never one of them picked for the visitor."""
    found: list[Estimate] = []
    for option in table.figure_options:
        outcome = estimate(table, column=option, age=age)
        if isinstance(outcome, Refusal):
            return outcome
        found.append(outcome)
    return found


def enquiry_query(line: str, age: int | str | None) -> dict[str, str]:
    """The enquiry form's prefill for an estimate's age ({} when the line's form has no age)."""
    field = _age_fields().get(line)
    return {field: str(age)} if field and age not in (None, "") else {}


def document_rate_tables(path: Path) -> list[RateTable]:
    from knowledge.loaders import load_blocks

    return rate_tables(load_blocks(path))
