"""Accounts under /akun/ (allauth, with Indonesian paths) and /saya/."""

from allauth.account import views as allauth_views
from django.urls import path

from . import views

# allauth reverses its own un-namespaced names, so they keep them here.
allauth_patterns = [
    path("akun/daftar/", views.ChildSignupView.as_view(), name="account_signup"),
    path("akun/daftar/wali/", views.guardian_consent, name="account_signup_guardian"),
    path("akun/masuk/", allauth_views.login, name="account_login"),
    path("akun/keluar/", allauth_views.logout, name="account_logout"),
    path("akun/nonaktif/", allauth_views.account_inactive, name="account_inactive"),
    path(
        "akun/konfirmasi/", allauth_views.reauthenticate, name="account_reauthenticate"
    ),
    path(
        "akun/kata-sandi/",
        allauth_views.password_change,
        name="account_change_password",
    ),
    path(
        "akun/kata-sandi/atur/", allauth_views.password_set, name="account_set_password"
    ),
    path("akun/lupa-kata-sandi/", views.password_help, name="account_reset_password"),
]

app_name = "accounts"
urlpatterns = [
    path("saya/", views.my_page, name="my_page"),
    path("saya/data.json", views.my_data, name="my_data"),
    path("saya/data.zip", views.my_data_zip, name="my_data_zip"),
    path("saya/nama/", views.change_nickname, name="change_nickname"),
    path("saya/hapus/", views.delete_account, name="delete_account"),
    path("fasilitator/", views.facilitator_home, name="facilitator_home"),
    path("fasilitator/akun-massal/", views.batch_accounts, name="batch_accounts"),
    path("fasilitator/anak/", views.children, name="children"),
    path("fasilitator/anak/<int:pk>/", views.child_detail, name="child_detail"),
    path(
        "fasilitator/anak/<int:pk>/verifikasi/",
        views.child_verify_consent,
        name="child_verify_consent",
    ),
    path(
        "fasilitator/anak/<int:pk>/forum-anak/",
        views.child_forum_anak,
        name="child_forum_anak",
    ),
    path(
        "fasilitator/anak/<int:pk>/kata-sandi/",
        views.child_reset_password,
        name="child_reset_password",
    ),
    path(
        "fasilitator/anak/<int:pk>/cabut/",
        views.child_revoke_consent,
        name="child_revoke_consent",
    ),
]
