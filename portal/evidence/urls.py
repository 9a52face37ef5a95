from django.urls import path

from . import api, views

app_name = "evidence"
urlpatterns = [
    path("transparansi/", views.transparency, name="transparency"),
    path("api/v1/usulan/", api.idea_list, name="api_ideas"),
    path("api/v1/usulan/<int:pk>/", api.idea_detail, name="api_idea"),
    path("api/v1/statistik/", api.statistics, name="api_statistics"),
    path("api/v1/schema/", api.schema, name="api_schema"),
]
