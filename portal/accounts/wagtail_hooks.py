from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import can


class FacilitatorMenuItem(MenuItem):
    def is_shown(self, request):
        return can(request.user, "accounts.manage_children")


@hooks.register("register_admin_menu_item")
def register_facilitator_tools():
    """Facilitators work on the portal's own phone-friendly pages; the admin
    menu points them there."""
    return FacilitatorMenuItem(
        _("Alat fasilitator"),
        reverse("accounts:facilitator_home"),
        icon_name="group",
        order=250,
    )


@hooks.register("register_admin_viewset")
def register_facilitator_viewsets():
    """Admins assign facilitators their areas and read what they did."""
    from wagtail.permissions import register_permission_policy

    from .models import FacilitatorAction, FacilitatorAssignment
    from .viewsets import AccountsViewSetGroup, AdminOnlyPolicy, AdminReadOnlyPolicy

    register_permission_policy(
        FacilitatorAssignment, AdminOnlyPolicy(FacilitatorAssignment), exact_class=True
    )
    register_permission_policy(
        FacilitatorAction, AdminReadOnlyPolicy(FacilitatorAction), exact_class=True
    )
    return AccountsViewSetGroup()


@hooks.register("construct_reports_menu")
def reports_by_role(request, menu_items):
    """Only the reports this user may open (admin_access.py)."""
    from django.urls import Resolver404, resolve

    from .admin_access import may_open

    def allowed(item):
        try:
            return may_open(request.user, resolve(item.url).view_name)
        except Resolver404:
            return True

    menu_items[:] = [item for item in menu_items if allowed(item)]
