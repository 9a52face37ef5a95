"""Production settings for ``make audit``, relaxed only where plain HTTP on
loopback needs it.

Lighthouse and the page-weight check talk to the server directly over
``http://127.0.0.1``: there is no TLS terminator in front, so the redirect to
HTTPS, the HSTS header and the ``Secure`` cookie flags are turned off (a
``Secure`` CSRF cookie would never come back over HTTP). Everything that
decides what a page weighs or how fast it renders is as deployed: DEBUG off,
whitenoise with the compressed, hashed static files of ``collectstatic``,
the same templates, middleware, cache and sessions. ``make smoke-prod``
runs the unmodified production settings behind nginx with TLS."""

from pathlib import Path

from portal.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STATIC_ROOT = Path(env("AUDIT_STATIC_ROOT", str(BASE_DIR / ".bench" / "audit-static")))  # noqa: F405
