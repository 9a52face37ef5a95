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
