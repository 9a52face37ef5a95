"""Production: every secret and host comes from the environment, and start-up
fails loudly when one is missing rather than running with a default.

Only what differs from ``base.py`` is here: ``base.py`` already reads
``SECRET_KEY``, ``ALLOWED_HOSTS``, ``CSRF_TRUSTED_ORIGINS``, ``DATABASE_URL`` and
``REDIS_URL`` from the environment and sets DEBUG off, nosniff, the referrer
policy and X-Frame-Options."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_int

REQUIRED = [
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "REDIS_URL",
]
_missing = [name for name in REQUIRED if not env(name)]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(_missing)
    )
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure"):  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be a random value of 50+ characters.")

# The demo data (seed_demo) has no place on a real site.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "portal.demo"]  # noqa: F405

DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# The same policy as everywhere, and any stray http:// URL is fetched over
# https instead of being blocked as mixed content.
CSP_DIRECTIVES = {
    **CSP_DIRECTIVES,  # noqa: F405
    "upgrade-insecure-requests": [],
}
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")  # noqa: F405

LOGGING["root"]["level"] = env("LOG_LEVEL", "INFO")  # noqa: F405

PORTAL_ENVIRONMENT = "production"
