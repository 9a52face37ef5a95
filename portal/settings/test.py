"""Settings for the test suite: fast hashing, plain static files, no Redis
unless a test asks for it explicitly."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tests",
    }
}
# Tests run in one process, so the local-memory cache is shared by every
# request they make; django-ratelimit's warning about it does not apply.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
REDIS_URL = None
MEDIA_ROOT = BASE_DIR / ".test_media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test_private_media"  # noqa: F405

# Serve static files straight from the app folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
