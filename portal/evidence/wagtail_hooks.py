from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import can_see_report


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("", include(("portal.evidence.admin_urls", "evidence_admin")))]


class ReportMenuItem(MenuItem):
    """Shown to Moderator, Bappeda and Admin only (the view checks too)."""

    def is_shown(self, request):
        return can_see_report(request.user)


@hooks.register("register_admin_menu_item")
def report_menu_item():
    return ReportMenuItem(
        _("Laporan KLA"),
        reverse("evidence_admin:report"),
        icon_name="table",
        order=230,
    )
