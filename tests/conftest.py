import pytest

from tests import factories


@pytest.fixture
def regions(db):
    return factories.make_regions()


@pytest.fixture
def child(db, regions):
    return factories.make_child(nickname="Bunga", username="bunga2013", age=12)


@pytest.fixture
def facilitator(db):
    from portal.accounts import roles

    return factories.make_staff(roles.FASILITATOR, username="fasil")


@pytest.fixture
def child_client(client, child):
    client.force_login(child)
    return client
