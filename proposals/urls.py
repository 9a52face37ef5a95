from django.urls import path

from . import views
from .musrenbang import views as musrenbang_views

app_name = "proposals"
urlpatterns = [
    path("usulan/", views.proposal_list, name="list"),
    path("usulan/baru/", views.proposal_create, name="create"),
    path("usulan/<int:pk>/", views.proposal_detail, name="detail"),
    path("usulan/<int:pk>/ubah/", views.proposal_edit, name="edit"),
    path("usulan/<int:pk>/laporkan/", views.proposal_report, name="report"),
    path("usulan/<int:pk>/foto/<int:width>/", views.proposal_photo, name="photo"),
    path(
        "forum-anak/daftar-pendek/",
        musrenbang_views.committee_shortlist,
        name="committee_shortlist",
    ),
    path(
        "forum-anak/rekomendasi/<int:pk>/",
        musrenbang_views.committee_recommend,
        name="committee_recommend",
    ),
    path("layar/", musrenbang_views.layar, name="layar"),
    path("layar/<int:year>/", musrenbang_views.layar, name="layar_year"),
]
