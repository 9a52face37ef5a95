"""Other apps add their part of a child's data download here (ideas,
supports, notifications, photos) without accounts importing them."""

from django.utils import timezone

_providers = []
_file_providers = []


def register(provider):
    """``provider(user) -> dict`` merged into the child's data download."""
    _providers.append(provider)
    return provider


def register_files(provider):
    """``provider(user) -> [(name, file)]``: the child's own files (her
    photos) put into the ZIP download under ``name``, next to the JSON."""
    _file_providers.append(provider)
    return provider


def collect_extra(user):
    data = {}
    for provider in _providers:
        data.update(provider(user))
    return data


def collect_files(user):
    return [item for provider in _file_providers for item in provider(user)]


def local_iso(value):
    """A time in the download as the child reads it: local time (WIB,
    Asia/Pontianak) with its offset, e.g. 2026-12-04T21:30:00+07:00
    (issue 12 item 12); None stays None."""
    return timezone.localtime(value).isoformat() if value else None
