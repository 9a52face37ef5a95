"""Other apps add their part of a child's data download here (ideas,
supports, notifications) without accounts importing them."""

_providers = []


def register(provider):
    """``provider(user) -> dict`` merged into the child's data download."""
    _providers.append(provider)
    return provider


def collect_extra(user):
    data = {}
    for provider in _providers:
        data.update(provider(user))
    return data
