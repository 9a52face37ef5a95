from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Akun")

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
