from django.urls import path

from . import views

app_name = "proposals"
urlpatterns = [
    path("usulan/", views.proposal_list, name="list"),
    path("usulan/baru/", views.proposal_create, name="create"),
    path("usulan/<int:pk>/", views.proposal_detail, name="detail"),
    path("usulan/<int:pk>/ubah/", views.proposal_edit, name="edit"),
    path("usulan/<int:pk>/laporkan/", views.proposal_report, name="report"),
    path("usulan/<int:pk>/foto/<int:width>/", views.proposal_photo, name="photo"),
]
