"""governance.money, the one formatter of money and numbers: Swedish and English, plain (for PDFs), units,
the size-scaled amount of the selection engine's messages, percentages, and the template filters.
Every expected string is worked out by hand."""

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from governance.money import (
    format_money,
    format_money_scaled,
    format_number,
    format_percent,
    number_formatter,
)

NBSP, MINUS = "\xa0", "\u2212"


@pytest.fixture
def sv():
    with translation.override("sv"):
        yield


@pytest.fixture
def en():
    with translation.override("en"):
        yield


# Numbers -----------------------------------------------------------------------------------------


def test_numbers_in_swedish(sv):
    assert format_number(Decimal("1234567.5")) == f"1{NBSP}234{NBSP}568"  # half up
    assert format_number(Decimal("-1234.25"), 1) == f"{MINUS}1{NBSP}234,3"  # half away from zero
    assert format_number(999, 2) == "999,00"
    assert format_number(0.125, 2) == "0,13"  # a float goes through its shortest repr, 0.125: half up


def test_numbers_in_english(en):
    assert format_number(Decimal("1234567.5")) == "1,234,568"
    assert format_number(Decimal("-1234.25"), 1) == f"{MINUS}1,234.3"


@pytest.mark.parametrize("language, expected", [("sv", "-1 234,3"), ("en", "-1 234.3")])
def test_plain_numbers_have_a_hyphen_and_plain_spaces(language, expected):
    """PDF fonts lack U+2212: the printed documents group with plain spaces in either language."""
    with translation.override(language):
        assert format_number(Decimal("-1234.25"), 1, plain=True) == expected


def test_plain_whole_kronor_as_the_memo_printed_them(en):
    assert format_number(Decimal("-1234567.5"), plain=True) == "-1 234 568"


def test_trim_drops_trailing_zero_decimals(sv):
    assert format_number(Decimal("3.50"), 2, trim=True) == "3,5"
    assert format_number(Decimal("4.00"), 2, trim=True) == "4"
    assert format_number(Decimal("1234.10"), 2, trim=True) == f"1{NBSP}234,1"
    assert format_number(Decimal("1200"), 0, trim=True) == f"1{NBSP}200"  # no decimals: nothing to drop


def test_missing_values_and_negative_zero(en):
    assert format_number(None) == "–"
    assert format_number("") == "–"
    assert format_number(Decimal("-0.4")) == "0"  # never "-0"
    assert (format_number(float("inf"), 2), format_number(float("-inf")), format_number(float("nan"))) == (
        "∞",
        f"{MINUS}∞",
        "–",
    )


def test_number_formatter_looks_the_language_up_once():
    with translation.override("sv"):
        fmt = number_formatter(2)
    with translation.override("en"):
        assert [fmt(v) for v in (Decimal("1234.5"), 7, None)] == [f"1{NBSP}234,50", "7,00", "–"]


# Money -------------------------------------------------------------------------------------------


def test_money_in_each_unit(sv):
    assert format_money(Decimal("1234567")) == f"1{NBSP}234{NBSP}567{NBSP}kr"
    assert format_money(Decimal("1234567"), "tkr") == f"1{NBSP}235{NBSP}tkr"  # 1 234,567 tkr, half up
    assert format_money(Decimal("1234567"), "mnkr") == f"1,2{NBSP}mnkr"  # one decimal by default
    assert format_money(Decimal("1234567"), "mnkr", 2) == f"1,23{NBSP}mnkr"
    assert format_money(Decimal("1234567"), "mnkr", plain=True) == "1,2 mnkr"
    assert format_money(None) == format_money("") == "–"


def test_money_in_english(en):
    assert format_money(Decimal("-2500"), "tkr", 1) == f"{MINUS}2.5{NBSP}tkr"


@pytest.mark.parametrize(
    "amount, expected",
    [
        (1_200_000, "1.2 mnkr"),
        (1_000_000, "1.0 mnkr"),
        (1_250_000, "1.3 mnkr"),  # 1.25 half up
        (12_345_678, "12.3 mnkr"),
        (999_999, "1,000 tkr"),  # below 1 mnkr: whole tkr, 999.999 rounds to 1 000
        (12_345, "12 tkr"),
        (10_000, "10 tkr"),
        (9_999, "10.0 tkr"),  # below 10 tkr: one decimal
        (4_560, "4.6 tkr"),
        (150, "0.2 tkr"),  # 0.15 half up
        (149, "0.1 tkr"),
        (99, "0.1 tkr"),  # below 100 kr rounded away from zero: never "0.0"
        (1, "0.1 tkr"),
        (-1, "−0.1 tkr"),
        (0, "0.0 tkr"),
    ],
)
def test_money_scaled_to_its_size(en, amount, expected):
    assert format_money_scaled(Decimal(amount)) == expected.replace(" ", NBSP)


def test_money_scaled_in_swedish(sv):
    assert format_money_scaled(Decimal(1_250_000)) == f"1,3{NBSP}mnkr"
    assert format_money_scaled(Decimal(999_999)) == f"1{NBSP}000{NBSP}tkr"
    assert format_money_scaled(Decimal(4_560), plain=True) == "4,6 tkr"


def test_money_needs_no_django_settings():
    """The selection engine formats its messages here without Django settings: English, and settings untouched."""
    code = (
        "from decimal import Decimal\n"
        "from governance.money import format_money_scaled, format_number\n"
        "print(ascii([format_money_scaled(Decimal(1_200_000)), format_number(-1234.5, 1)]))\n"
        "from django.conf import settings\n"
        "assert not settings.configured\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed snippet
        [sys.executable, "-c", code],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,  # noqa: S603
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == r"['1.2\xa0mnkr', '\u22121,234.5']"


# Percentages -------------------------------------------------------------------------------------


def test_percentages(sv):
    assert format_percent(Decimal("0.125")) == f"13{NBSP}%"  # 12.5 half up
    assert format_percent(Decimal("0.125"), 1) == f"12,5{NBSP}%"
    assert format_percent(Decimal("0.0350"), 2, trim=True) == f"3,5{NBSP}%"  # the discount rate
    assert format_percent(0.87, plain=True) == "87 %"
    assert format_percent(None) == format_percent("") == "–"


# Template filters --------------------------------------------------------------------------------


def test_template_filters(sv):
    template = Template(
        '{% load gov %}{{ a|sek }}|{{ a|sek:"tkr" }}|{{ a|sek:"mnkr" }}|{{ n|num:1 }}|'
        "{{ share|percent:1 }}|{{ none|sek }}|{{ none|num }}|{{ none|percent }}"
    )
    html = template.render(
        Context({"a": Decimal("2345678"), "n": Decimal("-1234.56"), "share": Decimal("0.0425"), "none": None})
    )
    assert html.split("|") == [
        f"2{NBSP}345{NBSP}678{NBSP}kr",
        f"2{NBSP}346{NBSP}tkr",
        f"2,3{NBSP}mnkr",
        f"{MINUS}1{NBSP}234,6",
        f"4,3{NBSP}%",
        "–",
        "–",
        "–",
    ]
