"""Text a child types, as it is stored: without invisible characters.

Zero-width spaces, joiners, bidirectional overrides, the soft hyphen and the
byte-order mark show nothing on screen, so a moderator cannot see them; they
are how a phone number or a rude word is hidden from the automatic checks
(issue 11 item 8). The checks read through them (``proposals/checks/``);
stored text drops them, so that what is stored is what a reader sees.

Also the script test for user names: "bunga" with a Cyrillic "у" looks like
another child's name.
"""

import unicodedata

from django import forms

#: Invisible characters that are not of Unicode category Cf (format) but
#: still show nothing: Hangul fillers, the Mongolian vowel separator, the
#: Braille blank.
INVISIBLE_EXTRA = frozenset("\u115f\u1160\u180e\u3164\uffa0\u2800")


def is_invisible(ch):
    """A character that takes no visible space of its own: every format
    character (U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+2069,
    U+FEFF, U+00AD, ...) and the fillers above."""
    return (
        not ch.isascii() and unicodedata.category(ch) == "Cf"
    ) or ch in INVISIBLE_EXTRA


def strip_invisible(text):
    """``text`` without invisible characters; ``None`` stays ``None``."""
    if not text or text.isascii():
        return text
    return "".join(ch for ch in text if not is_invisible(ch))


class VisibleCharField(forms.CharField):
    """A CharField whose cleaned value keeps only what can be seen."""

    def to_python(self, value):
        if isinstance(value, str):
            value = strip_invisible(value)
        return super().to_python(value)


def scripts(text):
    """The writing systems of the letters in ``text`` ("LATIN", "CYRILLIC",
    "GREEK", ...), from the first word of each letter's Unicode name."""
    found = set()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            found.add(name.split(" ", 1)[0] if name else "UNKNOWN")
    return found


def is_mixed_script(text):
    """Letters from more than one script, or any letter outside Latin in a
    user name: "bunga" with a Cyrillic "у" or Greek "α" looks like "bunga"."""
    found = scripts(text)
    return bool(found - {"LATIN"})
