"""Helpers that spell one fact the ways a correct answer might write it (used by questions_src.py).

Each returns a list of alternative strings for one must_include_any group. The scorer normalises with
NFKC, case-folding and OpenCC t2s, so Simplified forms also match Traditional answers.
"""

from __future__ import annotations

CN_DIGITS = "零一二三四五六七八九"


def cn(n: int) -> str:
    """Chinese numeral for 0..9999 (十二, 一百二十, 三千)."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    out = ""
    units = [(1000, "千"), (100, "百"), (10, "十")]
    zero = False
    for value, name in units:
        d = (n // value) % 10
        if d:
            if zero and out:
                out += "零"
            out += CN_DIGITS[d] + name
            zero = False
        elif out:
            zero = True
    if n % 10:
        if zero:
            out += "零"
        out += CN_DIGITS[n % 10]
    return out


def num(n: float) -> list[str]:
    """A number as '4,630' / '4630', plus million and 萬 forms for large round amounts."""
    out: list[str] = []
    if float(n).is_integer():
        i = int(n)
        out += [f"{i:,}", str(i)] if i >= 1000 else [str(i)]
        if i >= 1_000_000 and i % 100_000 == 0:
            m = i / 1_000_000
            ms = f"{m:g}"
            out += [f"{ms} million", f"${ms}m", f"${ms} million"]
        if i >= 10_000 and i % 1000 == 0:
            w = i / 10_000
            ws = f"{w:g}"
            out += [f"{ws}萬", f"{ws}万", f"{ws} 萬", f"{ws} 万"]
            if w.is_integer() and w >= 1000:
                out += [f"{int(w):,}萬", f"{int(w):,}万"]
            if w.is_integer() and w < 10000:
                out += [cn(int(w)) + "萬", cn(int(w)) + "万"]
    else:
        out += [f"{n:,}", f"{n}"]
    return list(dict.fromkeys(out))


def money(n: float, *, cur: str = "HK$") -> list[str]:
    """Small amounts need the currency to be distinctive; large ones are distinctive as numbers."""
    i = int(n) if float(n).is_integer() else n
    base = num(n)
    if isinstance(i, int) and i >= 1000:
        return base
    s = str(i)
    if cur == "HK$":
        return [f"HK${s}", f"HK$ {s}", f"HKD {s}", f"HKD{s}", f"港幣{s}", f"港币{s}", f"{s}港元", f"{s} 港元", f"${s}", f"{s}元"]
    if cur == "US$":
        return [f"US${s}", f"US$ {s}", f"USD {s}", f"USD{s}", f"${s}", f"{s}美元", f"{s} 美元", f"美元{s}", f"{s}美金"]
    if cur == "RMB":
        return [f"RMB {s}", f"RMB{s}", f"人民幣{s}", f"人民币{s}", f"{s}元", f"{s} 元", f"¥{s}"]
    raise ValueError(cur)


def pct(x: float) -> list[str]:
    s = f"{x:g}"
    out = [f"{s}%", f"{s} %"]
    if float(x).is_integer():
        i = int(x)
        out.append("百分之" + cn(i))
        if i % 10 == 0 and 0 < i < 100:
            out.append(cn(i // 10) + "成")
        if i % 10 == 5 and 0 < i < 100:
            out.append(cn(i // 10) + "成半")
    # two-decimal forms such as 0.30% also appear as 0.3%
    if "." in s and len(s.split(".")[1]) == 1:
        out += [f"{x:.2f}%", f"{x:.2f} %"]
    return out


def days(n: int) -> list[str]:
    c = cn(n)
    return [f"{n} days", f"{n}-day", f"{n} calendar days", f"{n}日", f"{n} 日", f"{c}日", f"{n}天", f"{n} 天", f"{c}天"]


def working_days(n: int) -> list[str]:
    c = cn(n)
    out = [f"{n} working days", f"{n} business days", f"{n} working day", f"{n} business day"]
    for d in (str(n), f"{n} ", c):
        out += [f"{d}個工作天", f"{d}个工作天", f"{d}個工作日", f"{d}个工作日"]
    return out


def months(n: int) -> list[str]:
    c = cn(n)
    return [f"{n} months", f"{n}-month", f"{n}個月", f"{n} 個月", f"{c}個月", f"{n}个月", f"{n} 个月", f"{c}个月"]


def years_old(n: int) -> list[str]:
    c = cn(n)
    return [f"age {n}", f"aged {n}", f"{n} years", f"to {n}", f"{n}歲", f"{n} 歲", f"{c}歲", f"{n}岁", f"{n} 岁", f"{n}周岁", f"{c}岁"]


def hours(n: int) -> list[str]:
    c = cn(n)
    return [f"{n} hours", f"{n}-hour", f"{n}小時", f"{n} 小時", f"{c}小時", f"{n}小时", f"{n} 小时", f"{c}小时"]
