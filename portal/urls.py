from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal.accounts import views as account_views
from portal.accounts.urls import allauth_patterns
from portal.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # One sign-in path for every account (/akun/masuk/, with its throttles):
    # the admins' own sign-in pages only point there.
    path("django-admin/login/", account_views.admin_sign_in, name="admin_sign_in"),
    path("admin/login/", account_views.admin_sign_in, name="wagtail_sign_in"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumen/", include(wagtaildocs_urls)),
    *allauth_patterns,
    path("", include("portal.accounts.urls")),
    path("", include("proposals.urls")),
    path("", include("voting.urls")),
    path("", include("portal.evidence.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler403 = "portal.core.views.permission_denied"
handler404 = "portal.core.views.page_not_found"
handler500 = "portal.core.views.server_error"
