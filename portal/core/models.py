"""Site-wide settings edited in the Wagtail admin, so another kabupaten runs
the portal with its own name, logo and help numbers without code changes."""

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Identity of the regency and the help numbers shown to children."""

    site_name = models.CharField(
        _("nama situs"), max_length=100, default="Musrenbang Anak Bengkayang"
    )
    regency_name = models.CharField(
        _("nama kabupaten/kota"), max_length=100, default="Kabupaten Bengkayang"
    )
    tagline = models.CharField(
        _("slogan"), max_length=200, blank=True, default="Suara anak, sepanjang tahun"
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    contact_agency = models.CharField(
        _("dinas pengelola"), max_length=150, default="DinsosPPPA Kabupaten Bengkayang"
    )
    contact_phone = models.CharField(_("telepon"), max_length=50, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_address = models.CharField(_("alamat"), max_length=200, blank=True)
    sapa_phone = models.CharField(_("telepon SAPA"), max_length=30, default="129")
    sapa_whatsapp = models.CharField(
        _("WhatsApp SAPA"), max_length=30, default="08111-129-129"
    )
    uptd_ppa_name = models.CharField(
        _("nama UPTD PPA"), max_length=150, default="UPTD PPA Kabupaten Bengkayang"
    )
    uptd_ppa_phone = models.CharField(_("telepon UPTD PPA"), max_length=50, blank=True)
    # The official who signs the KLA evidence PDF (issue 12 item 11).
    signatory_name = models.CharField(
        _("nama pejabat penanda tangan"), max_length=150, blank=True
    )
    signatory_nip = models.CharField(
        _("NIP pejabat penanda tangan"), max_length=30, blank=True
    )
    signatory_position = models.CharField(
        _("jabatan pejabat penanda tangan"), max_length=150, blank=True
    )
    planning_agency_short = models.CharField(
        _("singkatan badan perencanaan"),
        max_length=30,
        default="BAPERIDA",
        help_text=_(
            "Ditampilkan kepada staf dan anak, misalnya di Antrean Musrenbang."
        ),
    )
    planning_agency_name = models.CharField(
        _("nama badan perencanaan"),
        max_length=200,
        default="Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("site_name"),
                FieldPanel("regency_name"),
                FieldPanel("tagline"),
                FieldPanel("logo"),
            ],
            heading=_("Identitas"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_agency"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
                FieldPanel("contact_address"),
            ],
            heading=_("Kontak"),
        ),
        MultiFieldPanel(
            [FieldPanel("planning_agency_short"), FieldPanel("planning_agency_name")],
            heading=_("Badan perencanaan daerah"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("sapa_phone"),
                FieldPanel("sapa_whatsapp"),
                FieldPanel("uptd_ppa_name"),
                FieldPanel("uptd_ppa_phone"),
            ],
            heading=_("Nomor bantuan untuk anak"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("signatory_position"),
                FieldPanel("signatory_name"),
                FieldPanel("signatory_nip"),
            ],
            heading=_("Penanda tangan dokumen bukti KLA"),
        ),
    ]

    class Meta:
        verbose_name = _("pengaturan portal")


def planning_agency():
    """The planning agency's short name (BAPERIDA in Bengkayang), as staff
    and children read it: from the site settings, through the cache."""
    from .context_processors import cached_portal_settings

    return cached_portal_settings().planning_agency_short


#: ``planning_agency()`` evaluated when the text is shown, for labels that are
#: defined once at import time (log actions, stage rules).
planning_agency_lazy = lazy(planning_agency, str)


def portal_settings():
    """The settings of the default site (an unsaved default when there is
    no site yet), for code that runs outside a request."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return PortalSettings.for_site(site) if site else PortalSettings()
