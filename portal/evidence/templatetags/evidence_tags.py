from django import template

from portal.core import money

register = template.Library()


@register.filter
def num(value):
    """Figures the Indonesian way: 12.500.000 and 12,5."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return value


@register.filter
def rupiah(value):
    return money.rupiah(value)


@register.filter
def is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)
