"""The shared part of the public idea pages, rendered once for every visitor.

/usulan/ and /usulan/<id>/ look the same to every visitor but for a few
things: the support button (pressed or not, with the visitor's CSRF token),
the count next to it, the "sisa dukungan" sentence and the report form. The
rest, which is what costs (ten joined tables, twenty cards, the filter form,
the timeline), is rendered once per language, filter and page, kept in the
cache for ``FRAGMENT_SECONDS`` and dropped whenever an idea, its timeline or
its author's public name changes (``bump()``).

What would make a kept fragment wrong is read from the database on every
request instead: which of its ideas are still public (an idea hidden by a
moderator disappears at once, never after the cache expires) and their
current support counts. The visitor-specific parts are filled into marked
slots (``Fragment.assemble``) by the ``fill_supports`` template tag of
``voting``, which owns the button.
"""

import hashlib
import re
import time

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

FRAGMENT_SECONDS = 30
VERSION_KEY = "proposals:fragments:version"

# A card: ``<!--card:123-->…<!--support-slot-->…<!--/card-->``.
CARD_RE = re.compile(r"<!--card:(\d+)-->(.*?)<!--/card-->", re.S)
SUPPORT_SLOT = "<!--support-slot-->"
ALLOWANCE_SLOT = "<!--allowance-slot-->"
REPORT_SLOT = "<!--report-slot-->"


def version():
    """The current generation of the fragments (changes on every bump)."""
    value = cache.get(VERSION_KEY)
    if value is None:
        value = _new_version()
    return value


def _new_version():
    value = time.time_ns()
    cache.set(VERSION_KEY, value, None)
    return value


def bump(**kwargs):
    """Forget every kept fragment (usable as a signal receiver): now, and
    again when the transaction commits, so that a page rendered in between
    from the old rows is not kept either."""
    value = _new_version()
    transaction.on_commit(_new_version)
    return value


class Fragment:
    """Rendered HTML split at its cards, so that cards can be left out and
    their buttons filled in per visitor without rendering anything again."""

    def __init__(self, parts):
        # Strings, and (pk, before_button, after_button) for each card.
        self.parts = parts
        self.counts = None

    @classmethod
    def parse(cls, html):
        parts = []
        position = 0
        for match in CARD_RE.finditer(html):
            parts.append(html[position : match.start()])
            before, _slot, after = match.group(2).partition(SUPPORT_SLOT)
            parts.append((int(match.group(1)), before, after))
            position = match.end()
        parts.append(html[position:])
        return cls(parts)

    @property
    def ids(self):
        return [part[0] for part in self.parts if isinstance(part, tuple)]

    def replace(self, slot, html):
        """Fill a slot of the fragment's shared text (not of its cards)."""
        self.parts = [
            part.replace(slot, html) if isinstance(part, str) else part
            for part in self.parts
        ]

    def assemble(self, counts, button, allowance=""):
        """The page's HTML: only the cards whose idea is in ``counts`` (the
        ideas public now), each with ``button(pk, count)``."""
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            pk, before, after = part
            if pk in counts:
                out.extend((before, button(pk, counts[pk]), after))
        return "".join(out).replace(ALLOWANCE_SLOT, allowance)


def _key(kind, key_parts):
    digest = hashlib.sha256(repr(key_parts).encode()).hexdigest()[:32]
    return f"proposals:{kind}:{version()}:{get_language()}:{digest}"


def cached_value(key_parts, compute):
    """A value (say, how many ideas match a filter) kept like the fragments."""
    if key_parts is None:
        return compute()
    key = _key("value", key_parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FRAGMENT_SECONDS)
    return value


def cached(key_parts, render):
    """The fragment for ``key_parts`` (None: never kept), rendered by
    ``render()`` when it is not in the cache."""
    if key_parts is None:
        return Fragment.parse(render())
    key = _key("fragment", key_parts)
    parts = cache.get(key)
    if parts is None:
        fragment = Fragment.parse(render())
        cache.set(key, fragment.parts, FRAGMENT_SECONDS)
        return fragment
    return Fragment(parts)
