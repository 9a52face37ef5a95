"""Sections other apps add to /saya/ (my ideas, notifications), so that
accounts does not import them. A provider returns ``None`` or a dict with
``template`` and ``context``."""

_providers = []


def register(provider):
    _providers.append(provider)
    return provider


def collect_sections(request):
    sections = [s for s in (p(request) for p in _providers) if s]
    return sorted(sections, key=lambda s: s.get("order", 50))
