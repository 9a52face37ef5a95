"""A shared family phone or school computer (issue 11 item 12): the next
person who picks it up sees nothing of the previous one.

* Every response to a signed-in visitor carries ``Cache-Control: private,
  no-store``: the back button, the browser's cache and any proxy keep no copy
  of a child's page (or an adult's). Static files never reach this
  middleware (WhiteNoise answers them first), and images keep their own
  header (a public photo is the same for everybody; a private one is
  already ``no-store``).
* A child's session cookie dies with the browser (no "remember me": the
  sign-in form does not offer it, ``ACCOUNT_SESSION_REMEMBER = False``), and
  whatever the browser does (Android restores "closed" tabs with their
  cookies) the server ends it ``CHILD_SESSION_MAX_AGE`` after signing in.
  Checked on every request rather than at sign-in only, so that every way
  into a session (sign-in, signup, a future path) follows the rule.
* Idea drafts kept on the device (static/js/draft.js) belong to one account,
  named by ``draft_owner_id`` (an opaque HMAC, never the username): another
  account's draft is never shown, and sending or signing out clears them.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.dateparse import parse_datetime
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

CHILD_SESSION_MAX_AGE = timedelta(hours=4)
STARTED_KEY = "child_session_started"
NO_STORE = "private, no-store"


def draft_owner_id(user):
    """An opaque, stable id of an account for its drafts on the device
    (static/js/draft.js): not the username, and not guessable from it."""
    return salted_hmac("portal.draft-owner", str(user.pk)).hexdigest()[:20]


def draft_owner(request):
    """Context processor: ``draft_owner`` of the signed-in account."""
    user = getattr(request, "user", None)
    return {
        "draft_owner": SimpleLazyObject(
            lambda: draft_owner_id(user) if user and user.is_authenticated else ""
        )
    }


def _mark_started(sender, request, user, **kwargs):
    if getattr(user, "is_child", False) and hasattr(request, "session"):
        request.session[STARTED_KEY] = timezone.now().isoformat()
        request.session.set_expiry(0)


user_logged_in.connect(_mark_started, dispatch_uid="shared_device_child_session")


def _expired(session):
    started = parse_datetime(session.get(STARTED_KEY) or "")
    return started is not None and timezone.now() - started > CHILD_SESSION_MAX_AGE


class SharedDeviceMiddleware:
    """Short child sessions and no stored copy of any signed-in page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_child:
            session = request.session
            if _expired(session):
                logout(request)
                messages.info(
                    request,
                    _(
                        "Kamu otomatis keluar supaya akunmu aman di HP bersama. "
                        "Silakan masuk lagi."
                    ),
                )
                response = redirect(f"/akun/masuk/?next={request.path}")
                response["Cache-Control"] = NO_STORE
                return response
            if STARTED_KEY not in session:
                session[STARTED_KEY] = timezone.now().isoformat()
            if session.get("_session_expiry") != 0:
                session.set_expiry(0)
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not response.get("Content-Type", "").startswith("image/")
        ):
            response["Cache-Control"] = NO_STORE
        return response
