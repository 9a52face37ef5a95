"""Every test starts from the database the migrations made, even after a
transactional test (which ends by emptying every table): the role groups
with their permissions, the moderation workflow and Wagtail's root page,
site, collection and locale are back (tests/conftest.py). Parallel workers
run tests in any order, so no test may find them gone."""

import pytest


def migrated_rows():
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, Locale, Page, Site, Workflow

    from portal.accounts import roles

    return {
        "roles": sorted(
            Group.objects.filter(name__in=roles.ALL_ROLES).values_list(
                "name", flat=True
            )
        ),
        "moderator permissions": Group.objects.get(
            name=roles.MODERATOR
        ).permissions.count(),
        "workflows": Workflow.objects.count(),
        "pages": Page.objects.count(),
        "sites": Site.objects.count(),
        "collections": Collection.objects.count(),
        "locales": Locale.objects.count(),
    }


@pytest.fixture(scope="module")
def as_migrated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return migrated_rows()


def test_the_migrations_made_the_rows(db, as_migrated):
    from portal.accounts import roles

    assert as_migrated["roles"] == sorted(roles.ALL_ROLES)
    assert as_migrated["moderator permissions"] > 0
    assert all(count >= 1 for key, count in as_migrated.items() if key != "roles")


# Two turns: pytest-django runs transactional tests after the others, so the
# second turn comes after the first turn's flush.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("turn", [1, 2])
def test_a_transactional_test_finds_them_and_leaves_them(turn, as_migrated):
    from django.contrib.auth.models import Group

    assert migrated_rows() == as_migrated
    Group.objects.create(name=f"Sementara {turn}")
