"""Wagtail admin views of accounts: facilitators' assignments (edited by
admins) and the append-only log of facilitator actions (read by admins)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import ModelPermissionPolicy

from .models import FacilitatorAction, FacilitatorAssignment
from .permissions import can


class AdminOnlyPolicy(ModelPermissionPolicy):
    """Only holders of ``accounts.administer_portal`` (the Admin role and
    superusers), whatever model permissions other groups hold."""

    allowed_actions = None  # every action

    def user_has_permission(self, user, action):
        if self.allowed_actions is not None and action not in self.allowed_actions:
            return False
        return can(user, "accounts.administer_portal")

    def users_with_any_permission(self, actions):
        from django.db.models import Q

        from .models import User

        if self.allowed_actions is not None and not set(actions) & set(
            self.allowed_actions
        ):
            return User.objects.none()
        return User.objects.filter(
            Q(is_superuser=True)
            | Q(
                groups__permissions__codename="administer_portal",
                groups__permissions__content_type__app_label="accounts",
            ),
            is_active=True,
        ).distinct()


class AdminReadOnlyPolicy(AdminOnlyPolicy):
    """The log is append-only: no add, edit or delete, even for admins."""

    allowed_actions = ("view",)


class FacilitatorAssignmentViewSet(ModelViewSet):
    model = FacilitatorAssignment
    icon = "site"
    menu_label = _("Penugasan fasilitator")
    name = "penugasan_fasilitator"
    url_prefix = "akun/penugasan-fasilitator"
    form_fields = ["facilitator", "scope", "kecamatan", "desa", "group"]
    list_display = ["facilitator", "scope", "kecamatan", "desa", "group", "created_at"]
    list_filter = ["scope"]
    search_fields = ["facilitator__username", "facilitator__nickname"]
    copy_view_enabled = False


class FacilitatorActionViewSet(ModelViewSet):
    model = FacilitatorAction
    icon = "list-ul"
    menu_label = _("Log tindakan fasilitator")
    name = "log_fasilitator"
    url_prefix = "akun/log-fasilitator"
    list_display = [
        "created_at",
        "actor_username",
        "kind",
        "child_label",
        "kecamatan",
        "group",
    ]
    list_filter = ["kind", "kecamatan"]
    search_fields = ["actor_username", "child__username"]
    list_export = [
        "created_at",
        "actor_username",
        "get_kind_display",
        "child_label",
        "kecamatan",
    ]
    export_headings = {"get_kind_display": _("Tindakan")}
    export_filename = "log-tindakan-fasilitator"
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = []


class AccountsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Fasilitator")
    menu_icon = "group"
    menu_order = 260
    items = (FacilitatorAssignmentViewSet, FacilitatorActionViewSet)
