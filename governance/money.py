"""Money formatting: kronor, thousands (tkr) or millions (mnkr), Swedish style."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

UNITS = {"kr": (Decimal(1), "kr"), "tkr": (Decimal(1000), "tkr"), "mnkr": (Decimal(1_000_000), "mnkr")}


def format_number(value: Decimal | int | float, decimals: int = 0) -> str:
    """1234567.5 -> '1 234 568' in Swedish, '1,234,568' in English."""
    q = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    d = Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP)
    text = f"{d:,.{decimals}f}"
    if (get_language() or "sv").startswith("sv"):
        text = text.replace(",", "\xa0").replace(".", ",")
    return text.replace("-", "−")


def format_money(value, unit: str = "kr", decimals: int | None = None) -> str:
    if value is None or value == "":
        return "–"
    divisor, label = UNITS.get(unit, UNITS["kr"])
    amount = Decimal(str(value)) / divisor
    if decimals is None:
        decimals = 0 if unit != "mnkr" else 1
    return f"{format_number(amount, decimals)}\xa0{label}"
