from django.urls import path

from . import admin_views
from .musrenbang import admin as musrenbang_admin

urlpatterns = [
    path("usulan-moderasi/<int:pk>/sensor/", admin_views.redact_view, name="redact"),
    path(
        "usulan-moderasi/<int:pk>/alihkan/", admin_views.escalate_view, name="escalate"
    ),
    path(
        "usulan-moderasi/<int:pk>/tolak/",
        admin_views.not_publish_view,
        name="not_publish",
    ),
    path("usulan-moderasi/<int:pk>/gabung/", admin_views.merge_view, name="merge"),
    path(
        "usulan-moderasi/<int:pk>/revisi/<int:revision_id>/foto/<int:width>/",
        admin_views.revision_photo_view,
        name="revision_photo",
    ),
    path(
        "usulan-moderasi/<int:pk>/nama/",
        admin_views.remove_name_view,
        name="remove_name",
    ),
    path(
        "usulan-moderasi/<int:pk>/bukan-bahaya/",
        admin_views.clear_danger_view,
        name="clear_danger",
    ),
    path("nama-panggilan/", admin_views.names_view, name="names"),
    path("laporan/", admin_views.reports_view, name="reports"),
    path(
        "laporan/<int:pk>/putuskan/",
        admin_views.resolve_reports_view,
        name="resolve_reports",
    ),
    path("perlindungan/", admin_views.cases_view, name="cases"),
    path("perlindungan/<int:pk>/", admin_views.case_view, name="case"),
    path("perlindungan/<int:pk>/foto/", admin_views.case_photo_view, name="case_photo"),
    path(
        "perlindungan/tanda-bahaya-dibersihkan/",
        admin_views.clearances_view,
        name="clearances",
    ),
    path(
        "daftar-pendek/<int:year>/", musrenbang_admin.shortlist_view, name="shortlist"
    ),
    path("tiket-emas/beri/<int:pk>/", musrenbang_admin.award_view, name="award"),
    path("tiket-emas/<int:pk>/", musrenbang_admin.ticket_actions_view, name="ticket"),
    path("tiket-emas/terlambat/", musrenbang_admin.overdue_view, name="overdue"),
]
