from django.contrib.auth.views import redirect_to_login
from django.http import Http404
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


def can_open_document(user, document):
    """Wagtail documents hold the KLA evidence (UANG: undangan, daftar
    hadir with children's names, notulen, photos; the DPA excerpt): only
    those who work with it open them — Moderator, Bappeda and Admin (the
    roles of the KLA report), and OPD staff for the evidence of an idea
    their agency adopted (its tiket emas page links it). Nobody else, not
    even other staff, and never the public."""
    from proposals.models import EvidenceDocument

    if can_see_report(user):
        return True
    return EvidenceDocument.objects.for_user(user).filter(document=document).exists()


@hooks.register("before_serve_document")
def documents_are_not_public(document, request):
    """``/dokumen/<id>/<file>``: a visitor is asked to sign in; a signed-in
    user who may not open the document gets the same 404 as for a document
    that does not exist. (The files themselves live under MEDIA_ROOT, which
    the nginx template refuses to serve for ``/media/documents/``.)"""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_open_document(request.user, document):
        raise Http404
    return None
