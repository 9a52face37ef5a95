from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    """Username-only accounts; signup is open all year round."""

    def is_open_for_signup(self, request):
        return True

    def get_login_redirect_url(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password:
            return reverse("account_change_password")
        return super().get_login_redirect_url(request)

    def get_password_change_redirect_url(self, request):
        return reverse("accounts:my_page")
