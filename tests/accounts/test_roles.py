import pytest
from django.contrib.auth.models import Group

from portal.accounts import roles
from tests.factories import make_child, make_staff

pytestmark = pytest.mark.django_db


def test_the_data_migration_created_every_role():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


def test_only_adult_roles_reach_the_wagtail_admin():
    for name in roles.ALL_ROLES:
        has_access = (
            Group.objects.get(name=name)
            .permissions.filter(codename="access_admin")
            .exists()
        )
        assert has_access == (name in roles.ADULT_ROLES), name


@pytest.mark.parametrize("role", roles.ADULT_ROLES)
def test_adult_roles_open_the_admin(client, role):
    client.force_login(make_staff(role))
    assert client.get("/admin/").status_code == 200


def test_children_are_kept_out_of_the_admin(client, regions):
    client.force_login(make_child(forum_anak=True, committee=True))
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert client.get("/django-admin/").status_code == 302


def test_facilitators_find_their_tools_in_the_admin_menu(client):
    client.force_login(make_staff(roles.FASILITATOR))
    assert "/fasilitator/" in client.get("/admin/").content.decode()
    client.force_login(make_staff(roles.BAPPEDA))
    assert "/fasilitator/" not in client.get("/admin/").content.decode()
