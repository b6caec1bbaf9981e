from django import template

from ..money import format_money, format_number, format_percent

register = template.Library()


@register.filter
def sek(value, unit: str = "kr"):
    """{{ amount|sek }}, {{ amount|sek:"tkr" }}, {{ amount|sek:"mnkr" }}"""
    return format_money(value, unit)


@register.filter
def num(value, decimals: int = 0):
    return format_number(value, int(decimals))


@register.filter
def percent(value, decimals: int = 0):
    """A share 0–1 as a percentage."""
    return format_percent(value, int(decimals))


@register.simple_tag(takes_context=True)
def can(context, perm: str, obj=None) -> bool:
    """{% can "app.change_model" obj as allowed %}"""
    return context["request"].user.has_perm(perm, obj)
