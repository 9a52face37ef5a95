from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from .models import portal_settings

SETTINGS_KEY = "core:portal-settings"
SETTINGS_SECONDS = 300


def cached_portal_settings():
    """The site settings, kept in the cache: every page shows them, and they
    change a few times a year (``forget_portal_settings`` on save)."""
    value = cache.get(SETTINGS_KEY)
    if value is None:
        value = portal_settings()
        cache.set(SETTINGS_KEY, value, SETTINGS_SECONDS)
    return value


def forget_portal_settings(**kwargs):
    cache.delete(SETTINGS_KEY)


def site(request):
    """``portal_settings`` for every template, read only when used."""
    return {"portal_settings": SimpleLazyObject(cached_portal_settings)}
