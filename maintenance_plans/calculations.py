"""Pure money arithmetic for maintenance plans (no database)."""

from decimal import ROUND_HALF_UP, Decimal

# A single budget line or activity above 100 mnkr a year is a typing error, not a plan.
MAX_AMOUNT = Decimal("100000000")
MAX_HOURS = Decimal("20000")
MAX_HOURLY_RATE = Decimal("5000")
CENT = Decimal("0.01")


def staff_cost(hours: Decimal, hourly_rate: Decimal) -> Decimal:
    """Internal staff time in SEK: hours × hourly rate, rounded to öre (half up)."""
    return (Decimal(hours) * Decimal(hourly_rate)).quantize(CENT, rounding=ROUND_HALF_UP)


def change_share(current: Decimal, previous: Decimal) -> Decimal | None:
    """(current − previous) / previous, or None when there is nothing to compare with."""
    if not previous:
        return None
    return ((Decimal(current) - Decimal(previous)) / Decimal(previous)).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )
