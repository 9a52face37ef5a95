from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    """KLA participation report, PDF/XLSX, transparency page, open-data API.

    Reads every other app; no app imports it."""

    name = "portal.evidence"
    label = "evidence"
    verbose_name = _("Bukti KLA dan data terbuka")
