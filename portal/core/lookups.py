"""A filter read in Python: whether a row in memory passes a ``Q``.

A definition written once as a ``Q`` (``proposals.models.public_q``) filters
querysets in the database; ``matches`` answers the same question for an
instance already loaded, so that its Python property is that definition
too, not a twin to keep the same by hand. Only what such definitions use is
understood: ``exact``, ``in`` and ``isnull`` on the model's own columns,
joined by AND / OR / XOR, negated or not. Anything else is an error, never
a wrong answer."""

from django.db.models import Q

LOOKUPS = {
    "exact": lambda value, arg: value == arg,
    "in": lambda value, arg: value in arg,
    "isnull": lambda value, arg: (value is None) == bool(arg),
}


def _lookup(instance, name, arg):
    field_name, _sep, lookup = name.partition("__")
    lookup = lookup or "exact"
    if lookup not in LOOKUPS:
        raise ValueError(f"matches() does not read the lookup {name!r}")
    field = instance._meta.get_field(field_name)
    if field.is_relation:
        raise ValueError(f"matches() does not follow relations ({name!r})")
    value = getattr(instance, field.attname)
    if lookup == "exact" and arg is None:  # Django reads it as IS NULL
        return value is None
    if value is None and lookup != "isnull":
        return False  # as SQL: NULL = x and NULL IN (...) are never true
    return LOOKUPS[lookup](value, arg)


def matches(instance, q):
    """True when ``instance`` as it is in memory passes the filter ``q``."""
    results = [
        matches(instance, child) if isinstance(child, Q) else _lookup(instance, *child)
        for child in q.children
    ]
    if q.connector == Q.AND:
        result = all(results)
    elif q.connector == Q.OR:
        result = any(results)
    else:  # Q.XOR: an odd number of them, as Django defines it
        result = sum(results) % 2 == 1
    return not result if q.negated else result
