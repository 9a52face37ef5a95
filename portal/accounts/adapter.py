from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    """Username-only accounts; signup is open all year round."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Terlalu banyak percobaan masuk yang salah dari sini. Tunggu "
            "15 menit, lalu coba lagi. Lupa kata sandi? Minta bantuan "
            "fasilitator."
        ),
    }

    def _get_login_attempts_cache_key(self, request, **credentials):
        """The "key" of the ``login_failed`` limit: the client address *and*
        the username (allauth uses the username alone).

        Keyed on the username alone, anyone could lock any child or the
        officer out by typing wrong passwords for their username; with the
        address in the key, the owner still signs in from anywhere else.
        Sweeps across many usernames are stopped by the per-address rates
        of the same limit (``ACCOUNT_RATE_LIMITS["login_failed"]``).
        """
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{get_ip(request)}:{key}"

    def is_open_for_signup(self, request):
        return True

    def get_login_redirect_url(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password:
            return reverse("account_change_password")
        return super().get_login_redirect_url(request)

    def get_password_change_redirect_url(self, request):
        return reverse("accounts:my_page")
