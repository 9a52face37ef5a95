"""KLA evidence files (Wagtail documents: undangan, daftar hadir with
children's names, notulen, photos, DPA excerpts) open only for those who
work with them, at /dokumen/<id>/<file>; never for the public, a child or
other staff (portal/evidence/wagtail_hooks.py)."""

import pytest
from django.test import Client

from portal.accounts import roles
from proposals.models import EvidenceDocument
from tests import factories

pytestmark = pytest.mark.django_db


def open_document(user, document):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(document.url)


@pytest.fixture
def evidence(world):
    """The DPA excerpt of idea A, adopted by the agency of ``staff["opd"]``."""
    return EvidenceDocument.objects.get(ticket=world.tickets["A"], kind="dpa").document


def body(response):
    return b"".join(response.streaming_content) if response.streaming else b""


def test_the_roles_of_the_kla_report_open_the_evidence(world, evidence):
    for user in (
        world.staff["moderator"],
        world.staff["bappeda"],
        factories.make_staff(roles.ADMIN),
    ):
        response = open_document(user, evidence)
        assert response.status_code == 200, user
        assert body(response).startswith(b"%PDF")


def test_opd_staff_open_the_evidence_of_their_own_agencys_idea_only(world, evidence):
    opd = world.staff["opd"]
    assert open_document(opd, evidence).status_code == 200
    # Staff of another agency (or of none) get nothing.
    stranger = factories.make_staff(roles.OPD)
    response = open_document(stranger, evidence)
    assert response.status_code == 404
    assert b"%PDF" not in response.content


def test_a_visitor_is_asked_to_sign_in_and_gets_no_file(world, evidence):
    response = open_document(None, evidence)
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/?next=/dokumen/")
    assert not response.has_header("Content-Disposition")


def test_children_and_other_staff_get_a_plain_not_found(world, evidence):
    child = world.children["ani"]
    for user in (
        child,
        world.staff["facilitator"],
        factories.make_staff(roles.PERLINDUNGAN),
    ):
        response = open_document(user, evidence)
        assert response.status_code == 404, user
        assert b"%PDF" not in response.content
        assert "Halaman tidak ditemukan" in response.content.decode()


def test_a_document_linked_to_no_evidence_opens_for_the_report_roles_only(world):
    from tests.evidence.conftest import _document

    loose = _document("Daftar hadir Musrenbang Anak")
    assert open_document(world.staff["bappeda"], loose).status_code == 200
    assert open_document(world.staff["opd"], loose).status_code == 404
    assert open_document(None, loose).status_code == 302
