from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    """KLA participation report, PDF/XLSX, transparency page, open-data API.

    Reads every other app; no app imports it."""

    name = "portal.evidence"
    label = "evidence"
    verbose_name = _("Bukti KLA dan data terbuka")

    def ready(self):
        from portal.accounts.signals import child_account_departing

        from .participation import record_departure

        def keep_anonymous_records(sender, user, **kwargs):
            record_departure(user)

        child_account_departing.connect(
            keep_anonymous_records, dispatch_uid="evidence_departed_child", weak=False
        )
