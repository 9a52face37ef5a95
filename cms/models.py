"""Editorial pages of the portal. Content lives here; logic lives elsewhere."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from .blocks import BodyBlock


class HomePage(Page):
    """The front door: what this is, how to take part, the latest ideas."""

    intro = models.TextField(_("pembuka"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("isi"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    subpage_types = ["cms.StandardPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("beranda")

    def get_context(self, request, *args, **kwargs):
        from proposals.models import Proposal

        context = super().get_context(request, *args, **kwargs)
        context["latest_ideas"] = list(
            Proposal.objects.public().for_listing().order_by("-first_published_at")[:5]
        )
        context["menu_pages"] = self.get_children().live().in_menu()
        return context


class StandardPage(Page):
    """A plain-language page: Cara Ikut, Tentang, privacy notices."""

    intro = models.TextField(_("ringkasan"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("isi"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("halaman biasa")
