from django.urls import path

from . import views

urlpatterns = [
    path("laporan-kla/", views.report_view, name="report"),
    path(
        "laporan-kla/unduh.<str:fmt>",
        views.report_download,
        name="report_download",
    ),
]
