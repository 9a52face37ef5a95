from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = _("Dukungan")

    def ready(self):
        from portal.accounts import export_registry

        from . import signal_handlers
        from .models import Support

        signal_handlers.connect()
        export_registry.register(
            lambda user: {
                "dukungan": [
                    {
                        "ide": s.proposal_id,
                        "waktu": export_registry.local_iso(s.created_at),
                    }
                    for s in Support.objects.filter(child=user)
                ]
            }
        )
