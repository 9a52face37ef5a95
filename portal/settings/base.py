"""Settings shared by every environment.

Defaults are the safe ones (DEBUG off); each environment module overrides what
it must. Values that differ between machines come from the environment.
"""

import os
from pathlib import Path

import dj_database_url
from redis.exceptions import ConnectionError as RedisConnectionError

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    """Return an environment variable, or ``default`` when it is unset or empty."""
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_list(name, default=""):
    """Return a comma-separated environment variable as a list of stripped items."""
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_int(name, default):
    return int(env(name, str(default)))


DEBUG = False
PORTAL_ENVIRONMENT = "base"
SECRET_KEY = env("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# How many reverse proxies in front of the application append to
# X-Forwarded-For. 0 means the client address is REMOTE_ADDR itself.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

INSTALLED_APPS = [
    "daphne",
    "portal.accounts",
    "portal.regions",
    "portal.notifications",
    "portal.core",
    "portal.demo",
    "portal.evidence",
    "proposals",
    "voting",
    "cms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "channels",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.core.middleware.ContentSecurityPolicyMiddleware",
    "portal.core.middleware.TrustedProxyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.core.locale.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Shared phones: no stored copy of a signed-in page, short child sessions.
    "portal.accounts.shared_device.SharedDeviceMiddleware",
    "portal.accounts.middleware.ForcePasswordChangeMiddleware",
    # Wagtail's own reports and listings by role (portal/accounts/admin_access.py).
    "portal.accounts.middleware.AdminAccessMiddleware",
    # Turns django-ratelimit's refusals into RATELIMIT_VIEW's friendly 429.
    "django_ratelimit.middleware.RatelimitMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Content-Security-Policy of every response (portal.core.middleware). The
# portal's pages use no inline script or style and load nothing from another
# site; see docs/SECURITY.md before adding a source.
CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    # 'self' covers same-origin ws:// and wss:// (CSP Level 3, every browser
    # the portal supports): live counts, the Layar and notifications.
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
# Extra sources under a path prefix, each one a documented exception. Wagtail
# 8's admin needs no inline style: its scripts set styles through the CSSOM,
# which the policy allows; its few inline scripts (date choosers, inline
# panels) are replaced by portal/core/templates/wagtailadmin/ and
# static/js/admin-csp.js. It previews images chosen for upload from blob: URLs.
CSP_PATH_EXTRAS = {"/admin/": {"img-src": ["blob:"]}}
CSP_REPORT_ONLY = False
# The photo field opens the camera app through the file picker, which needs
# no permission; no page asks for the camera, microphone or position.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.core.context_processors.site",
                "portal.accounts.shared_device.draft_owner",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the timeout makes a
    # concurrent writer wait instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Falls back to this process's memory while Redis does not answer
            # (portal/core/cache.py): pages and supports keep working.
            "BACKEND": "portal.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # An unreachable Redis costs a second, not a worker's timeout.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # django-ratelimit warns about any backend not on its list; this one is
    # Django's RedisCache (on its list) with an outage fallback.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_connect_timeout": 1,
                        # After a Redis restart every pooled connection is
                        # dead: retry once on a fresh one instead of failing
                        # the first command of each (a lost live update, a
                        # refused websocket).
                        "retry_on_error": [RedisConnectionError],
                    }
                ],
                "prefix": "musrenbang",
            },
        }
    }
else:
    # Without Redis: a per-process cache and the in-memory channel layer, fine
    # for one development process. django-ratelimit refuses the local-memory
    # cache in its system checks because counts would not be shared between
    # worker processes; production requires REDIS_URL, so the checks are
    # silenced only here, knowingly.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
        }
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "portal.accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# The Wagtail admin sends anonymous visitors to /admin/login/, which only
# points to the portal's sign-in (portal.accounts.views.admin_sign_in).
WAGTAILADMIN_LOGIN_URL = "wagtail_sign_in"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: username and password only; no e-mail is asked or sent.
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_USER_MODEL_EMAIL_FIELD = None
ACCOUNT_UNIQUE_EMAIL = False
ACCOUNT_LOGOUT_ON_GET = False
# No "remember me": on a shared phone it kept a child signed in for 30 days
# (issue 11 item 12). Sessions end when the browser closes; children's also
# on the server after a few hours (portal/accounts/shared_device.py).
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "portal.accounts.forms.ChildSignupForm",
    "login": "portal.accounts.forms.LoginForm",
    "change_password": "portal.accounts.forms.ChangePasswordForm",
    "set_password": "portal.accounts.forms.SetPasswordForm",
}
# Keyed by account or by IP+username, never by IP alone: a whole school
# shares one address.
ACCOUNT_RATE_LIMITS = {
    # allauth's default "login" limit is 30 a minute per IP: a class behind one
    # school address must be able to sign in together.
    "login": "600/m/ip",
    # Failed sign-ins (a success gives its attempt back). "key" is the
    # address *and* the username (portal.accounts.adapter): wrong passwords
    # from one place never lock the owner out elsewhere. "ip" stops one
    # address sweeping many usernames, yet leaves room for a class's typos.
    "login_failed": "10/m/key,30/15m/key,30/m/ip,200/h/ip",
    # A class of 40 (and a third of them retrying a form) signs up from one
    # school address within the hour; one phone cannot make hundreds of
    # accounts. Extra accounts gain nothing anyway: only verified consent
    # counts toward hiding and the shortlist (docs/SECURITY.md, item 17).
    "signup": "60/h/ip",
    "change_password": "10/m/user",
}
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script of the portal or of the Wagtail admin reads the CSRF cookie (they
# send the form's token), so the cookie is kept away from scripts as well.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Pontianak"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]

STATIC_URL = "/static/"
# Where collectstatic writes and nginx reads (outside the code in production).
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files that must never be served publicly (scans of paper consent forms).
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

WAGTAIL_SITE_NAME = "Musrenbang Anak Bengkayang"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_USAGE_COUNT_ENABLED = False
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = True
# No avatar from gravatar.com: the admin makes no third-party request.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Text of the guardian notice the consent records refer to. Bump it when the
# wording of templates/account/guardian_notice.html changes.
# 2026-12: the retention schedule (docs/retention.md). Consent given under an
# older version stays valid: the schedule only shortens how long data is kept.
GUARDIAN_NOTICE_VERSION = "2026-12"
CHILD_MIN_AGE = 6
CHILD_MAX_AGE = 17
# Days a member who turned 18 keeps read access and the data download
# before the account is deleted (portal.accounts.ageing).
ADULT_GRACE_DAYS = 30

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "portal": {"level": env("LOG_LEVEL", "INFO")},
        "proposals": {"level": env("LOG_LEVEL", "INFO")},
        "voting": {"level": env("LOG_LEVEL", "INFO")},
    },
}

RATELIMIT_VIEW = "portal.core.views.rate_limited"
