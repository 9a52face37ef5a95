"""One permission model (issue 12 item 3): the role groups hold exactly the
permissions of ``portal.accounts.permissions.ROLE_PERMISSIONS``, the
documentation shows that table, and the views ask the permission, not the
group name."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission

from portal.accounts import roles
from portal.accounts.permissions import ROLE_PERMISSIONS, markdown_table
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


# Wagtail's own migrations also gave every group with admin access
# ``wagtaildocs.choose_document`` and ``wagtailimages.choose_image`` when the
# portal was installed (docs/SECURITY.md); the table covers the portal's apps.
TABLE_APPS = ["accounts", "proposals", "wagtailadmin"]


def held(group):
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.filter(
            content_type__app_label__in=TABLE_APPS
        ).values_list("content_type__app_label", "codename")
    }


def test_every_role_group_holds_exactly_the_documented_permissions():
    assert set(ROLE_PERMISSIONS) == set(roles.ALL_ROLES)
    for role, perms in ROLE_PERMISSIONS.items():
        assert held(Group.objects.get(name=role)) == set(perms), role


def test_the_group_editor_names_each_capability_in_indonesian():
    names = dict(
        Permission.objects.filter(
            content_type__app_label="proposals", codename__in=["award_goldenticket"]
        ).values_list("codename", "name")
    )
    assert names == {"award_goldenticket": "Memberi tiket emas"}


def test_the_security_guide_shows_the_table_of_the_code():
    guide = (Path(settings.BASE_DIR) / "docs" / "SECURITY.md").read_text()
    assert markdown_table() in guide


def without(role, perm):
    app_label, codename = perm.split(".")
    Group.objects.get(name=role).permissions.remove(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )


@pytest.mark.parametrize(
    "role, perm, url",
    [
        (roles.MODERATOR, "proposals.moderate_proposal", "/admin/laporan/"),
        (roles.FASILITATOR, "accounts.manage_children", "/fasilitator/anak/"),
        (
            roles.BAPPEDA,
            "proposals.track_overdue_answers",
            "/admin/tiket-emas/terlambat/",
        ),
    ],
)
def test_taking_a_permission_from_a_role_takes_the_screen_away(client, role, perm, url):
    client.force_login(make_staff(role))
    assert client.get(url).status_code == 200
    without(role, perm)
    response = client.get(url)
    # Refused: a 403, or Wagtail's refusal back to the dashboard.
    assert (response.status_code, response.get("Location")) in [
        (403, None),
        (302, "/admin/"),
    ]
