"""Personal data: e-mail addresses, links and social media accounts."""

from __future__ import annotations

import re

from .engine import fold, walk_words
from .findings import Category

_PROVIDERS = r"(?:gmail|yahoo|ymail|hotmail|outlook|icloud|live)"
_EMAIL_RES = (
    re.compile(
        r"(?i)(?<![\w.+\-])[a-z0-9][a-z0-9._%+\-]*@(?:[a-z0-9\-]+\.)+[a-z]{2,}\b"
    ),
    re.compile(rf"(?i)(?<![\w.+\-])[a-z0-9][a-z0-9._%+\-]*@{_PROVIDERS}\b"),
    # "andi (at) gmail dot com"
    re.compile(
        rf"(?i)\b[a-z0-9][a-z0-9._]*[ \t]*(?:\(at\)|\[at\]|[ \t]at[ \t])[ \t]*{_PROVIDERS}"
        r"(?:[ \t]*(?:\.|\bdot\b|\btitik\b|\(dot\))[ \t]*(?:com|co[ \t]*\.[ \t]*id))?\b"
    ),
)

_URL_END = ".,;:!?)]}'\"’”"
_LINK_RES = (
    re.compile(r"(?i)\bhttps?://[^\s<>\"']+"),
    re.compile(r"(?i)(?<![\w@./\-])www\.[^\s<>\"']+"),
    # bare domains: "bengkayangkab.go.id", "s.id/abc", "tiktok.com/@andi"
    re.compile(
        r"(?i)(?<![\w@./\-])(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+"
        r"(?:com|net|org|info|biz|xyz|site|online|store|app|tv|id)\b(?:/[^\s<>\"']*)?"
    ),
    # short domains only with a path: "bit.ly/abc", "wa.me/62812...", "t.me/x"
    re.compile(
        r"(?i)(?<![\w@./\-])(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+"
        r"(?:ly|me|be|to|gg|io|link|page|cc|co|us)/[^\s<>\"']+"
    ),
)
# "@andi_123" (not the "@" of an e-mail address)
_HANDLE_RE = re.compile(r"(?<![\w@./])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
# "ig: andi_123", "IG aku andi.p", "tiktok @andi"
_SOCIAL_RE = re.compile(
    r"(?i)\b(?:ig|insta|instagram|tiktok|tik[ \t]tok|fb|facebook|twitter|telegram|"
    r"tele|yt|youtube|snapchat|snap|threads|discord|twitch)(?:ku|nya)?\b"
    r"(?P<owner>[ \t]+(?:saya|aku|gue|gw|aq|kami))?"
    r"(?P<colon>[ \t]*[:=])?[ \t]*(?P<handle>@?[A-Za-z0-9_][A-Za-z0-9_.]{1,29})"
)


def spans(text: str, lexicon) -> list[tuple[str, int, int]]:
    found = []
    for pattern in _EMAIL_RES:
        found += [(Category.EMAIL, m.start(), m.end()) for m in pattern.finditer(text)]
    for pattern in _LINK_RES:
        for m in pattern.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1] in _URL_END:
                end -= 1
            found.append((Category.LINK, m.start(), end))
    for m in _HANDLE_RE.finditer(text):
        if any(c.isalpha() for c in m.group()):
            found.append((Category.LINK, m.start(), m.end()))
    for m in _SOCIAL_RE.finditer(text):
        handle = m.group("handle").rstrip(".")
        looks_like_handle = (
            handle.startswith("@")
            or m.group("owner")
            or m.group("colon")
            or any(c.isdigit() or c in "_." for c in handle)
        )
        if (
            looks_like_handle
            and any(c.isalpha() for c in handle)
            and fold(handle) not in lexicon.name_stopwords  # "ig aku sudah dihapus"
        ):
            start = m.start("handle")
            end = start + len(handle)
            if handle[0].isupper():  # "fb: Budi Santoso"
                more = walk_words(
                    text,
                    end,
                    lowercase_ok=False,
                    max_words=3,
                    stopwords=lexicon.name_stopwords,
                )
                if more and more[0][0] > end:
                    end = more[-1][1]
            found.append((Category.LINK, start, end))
    return found
