from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class ForcePasswordChangeMiddleware:
    """An account made by a facilitator starts with a one-time password
    printed on paper; until it is changed, every page leads to the change."""

    ALLOWED_PREFIXES = ("/static/", "/media/", "/i18n/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = (reverse("account_change_password"), reverse("account_logout"))
            path = request.path
            if path not in allowed and not path.startswith(self.ALLOWED_PREFIXES):
                messages.info(
                    request,
                    _(
                        "Ganti dulu kata sandi sekali pakai dari fasilitator dengan kata sandimu sendiri."
                    ),
                )
                return redirect("account_change_password")
        return self.get_response(request)


class AdminAccessMiddleware:
    """Enforces ``admin_access.WAGTAIL_SCREEN_PERMISSIONS`` on Wagtail's own
    screens, with Wagtail's usual refusal (back to the dashboard with a
    message). Visitors without admin access are left to Wagtail, which
    sends them to its sign-in page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.admin.auth import permission_denied

        from .admin_access import may_open, permission_for

        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        if user is None or match is None or not user.is_authenticated:
            return None
        # Only Wagtail's own screens have a rule: every other request (a
        # child's page) costs no query here.
        if permission_for(match.view_name or "") is None:
            return None
        if not user.has_perm("wagtailadmin.access_admin"):
            return None
        if may_open(user, match.view_name):
            return None
        return permission_denied(request)
