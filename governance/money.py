"""Money and numbers for people, Swedish style: kronor (kr), thousands (tkr) or millions (mnkr).

The one formatter of the project: pages (the `gov` template filters), tables, PDFs, charts and the
selection engine's messages all call it. Swedish writes 1 234 567,5 (no-break spaces, decimal comma),
English 1,234,567.5; negative numbers get the minus sign (U+2212).

`plain=True` is for PDFs and charts, whose standard fonts lack the minus sign: a hyphen instead, and
the thousands grouped by plain spaces in either language ("1 234 568"), as the printed documents have it.

Nothing here needs Django at import time, nor Django settings when it runs: the language is Django's
active one when settings are configured, else English. The selection engine, which runs without
settings, formats its messages here too.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal
from typing import NamedTuple

DASH = "–"  # shown for a missing value
NBSP = "\xa0"
MINUS = "\u2212"


class Unit(NamedTuple):
    divisor: Decimal
    label: str
    decimals: int  # shown by default


UNITS = {
    "kr": Unit(Decimal(1), "kr", 0),
    "tkr": Unit(Decimal(1000), "tkr", 0),
    "mnkr": Unit(Decimal(1_000_000), "mnkr", 1),
}


def _swedish() -> bool:
    try:
        from django.conf import settings
    except ImportError:  # pragma: no cover - Django is installed wherever the project runs
        return False
    if not settings.configured:
        return False
    from django.utils.translation import get_language

    return (get_language() or settings.LANGUAGE_CODE).startswith("sv")


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def number_formatter(decimals: int = 0, *, plain: bool = False, trim: bool = False) -> Callable[[object], str]:
    """`format_number` with the language looked up once, for loops over many cells."""
    swedish = _swedish()
    symbols = str.maketrans(
        {",": " " if plain else (NBSP if swedish else ","), ".": "," if swedish else ".", "-": "-" if plain else MINUS}
    )
    step = Decimal(1).scaleb(-decimals)

    def fmt(value) -> str:
        if value is None or value == "":
            return DASH
        number = _decimal(value)
        if not number.is_finite():  # a ratio over nothing; NaN is no number at all
            return DASH if number.is_nan() else ("-" if plain else MINUS) * number.is_signed() + "∞"
        number = number.quantize(step, rounding=ROUND_HALF_UP)
        if not number:
            number = abs(number)  # never "-0"
        text = f"{number:,.{decimals}f}"
        if trim and "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.translate(symbols)

    return fmt


def format_number(value, decimals: int = 0, *, plain: bool = False, trim: bool = False) -> str:
    """1234567.5 -> '1 234 568' (Swedish, no-break spaces) or '1,234,568' (English); half up.

    `trim` drops trailing zero decimals ('3,50' -> '3,5', '4,00' -> '4'); `plain` see the module.
    None or '' give '–'.
    """
    return number_formatter(decimals, plain=plain, trim=trim)(value)


def format_money(value, unit: str = "kr", decimals: int | None = None, *, plain: bool = False) -> str:
    """An amount in kronor shown in `unit` (kr, tkr or mnkr): 1234567 -> '1 234 567 kr', '1 235 tkr',
    '1,2 mnkr' (mnkr with one decimal unless `decimals` says otherwise). None or '' give '–'."""
    if value is None or value == "":
        return DASH
    shown = UNITS.get(unit, UNITS["kr"])
    number = format_number(
        _decimal(value) / shown.divisor, shown.decimals if decimals is None else decimals, plain=plain
    )
    return f"{number}{' ' if plain else NBSP}{shown.label}"


def format_money_scaled(value, *, plain: bool = False) -> str:
    """An amount in the unit its size calls for: from 1 mnkr in mnkr with one decimal ('1,2 mnkr'), from
    10 tkr in whole tkr ('350 tkr'), below that in tkr with one decimal ('4,6 tkr').

    A non-zero amount never shows as zero: below 100 kr it is rounded away from zero to 0,1 tkr, so
    "exceeds by 0,0 tkr" cannot happen.
    """
    amount = _decimal(value)
    size = abs(amount)
    if size >= UNITS["mnkr"].divisor:
        return format_money(amount, "mnkr", 1, plain=plain)
    if size >= 10 * UNITS["tkr"].divisor:
        return format_money(amount, "tkr", 0, plain=plain)
    rounding = ROUND_UP if 0 < size < 100 else ROUND_HALF_UP
    tkr = (amount / UNITS["tkr"].divisor).quantize(Decimal("0.1"), rounding=rounding)
    return format_money(tkr * UNITS["tkr"].divisor, "tkr", 1, plain=plain)


def format_percent(share, decimals: int = 0, *, plain: bool = False, trim: bool = False) -> str:
    """A share 0–1 as a percentage: 0.125 -> '13 %', with decimals=1 '12,5 %'. None or '' give '–'."""
    if share is None or share == "":
        return DASH
    return f"{format_number(_decimal(share) * 100, decimals, plain=plain, trim=trim)}{' ' if plain else NBSP}%"
