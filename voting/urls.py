from django.urls import path

from . import views

app_name = "voting"
urlpatterns = [path("usulan/<int:pk>/dukung/", views.support, name="support")]
