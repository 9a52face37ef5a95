"""Issue 12 item 6: the tiket emas screens are reachable from the queue,
each OPD sees, chooses and uploads only its own agency's evidence, and the
reports queue lists only ideas with open reports."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from portal.accounts import roles
from proposals import musrenbang
from proposals.models import Agency, EvidenceDocument, Report
from tests.factories import make_child, make_staff
from tests.proposals.helpers import accepted, shortlisted

pytestmark = pytest.mark.django_db

QUEUE = "/admin/snippets/proposals/goldenticket/"


@pytest.fixture
def two_opds(cycle, staff, settings, tmp_path):
    """Two adopted tickets, one for each of two agencies with one member each."""
    settings.MEDIA_ROOT = tmp_path
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    world = {}
    for key, name in (("a", "Dinas Pendidikan"), ("b", "Dinas Kesehatan")):
        agency = Agency.objects.create(name=name)
        member = staff["opd"] if key == "a" else make_staff(roles.OPD)
        agency.members.add(member)
        ticket = accepted(cycle, staff, title=f"Ide untuk {name}")
        musrenbang.record_adoption(
            ticket,
            staff["bappeda"],
            reply="Masuk APBD!",
            budget_year=2027,
            adopted_opd=agency,
            pagu=100_000_000,
        )
        world[key] = {"agency": agency, "member": member, "ticket": ticket}
    return world


def upload(client, ticket, name, **extra):
    return client.post(
        f"/admin/tiket-emas/{ticket.pk}/",
        {
            "step": "evidence",
            "evidence-kind": "gambar",
            "evidence-note": name,
            **extra,
        },
    )


def pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.4 bukti", content_type="application/pdf")


def test_each_queue_row_links_to_the_screen_the_role_may_use(
    client,
    staff,
    two_opds,
):
    a, b = two_opds["a"]["ticket"], two_opds["b"]["ticket"]
    client.force_login(staff["bappeda"])
    body = client.get(QUEUE).content.decode()
    assert f'href="/admin/tiket-emas/{a.pk}/"' in body
    assert f'href="/admin/tiket-emas/{b.pk}/"' in body
    assert f"/admin/snippets/proposals/goldenticket/edit/{a.pk}/" in body

    # OPD A: its own ticket only, and the title leads to the steps screen.
    client.force_login(two_opds["a"]["member"])
    body = client.get(QUEUE).content.decode()
    assert f'href="/admin/tiket-emas/{a.pk}/"' in body
    assert "Ide untuk Dinas Pendidikan" in body
    assert "Ide untuk Dinas Kesehatan" not in body
    assert f"/admin/tiket-emas/{b.pk}/" not in body
    assert client.get(f"/admin/tiket-emas/{b.pk}/").status_code in (302, 403)


def test_opd_staff_upload_and_choose_only_their_agency_documents(
    client,
    staff,
    two_opds,
):
    a, b = two_opds["a"], two_opds["b"]
    client.force_login(a["member"])
    assert client.get(f"/admin/tiket-emas/{a['ticket'].pk}/").status_code == 200
    response = upload(client, a["ticket"], "Foto A", **{"evidence-file": pdf("a.pdf")})
    assert response.status_code == 302
    document_a = get_document_model().objects.get(title="Foto A")
    assert document_a.collection.name == "OPD: Dinas Pendidikan"
    assert EvidenceDocument.objects.filter(
        ticket=a["ticket"], document=document_a, uploaded_by=a["member"]
    ).exists()

    # OPD B neither sees A's document nor attaches it, nor uploads to A's ticket.
    client.force_login(b["member"])
    form = client.get(f"/admin/tiket-emas/{b['ticket'].pk}/").content.decode()
    assert "Foto A" not in form
    assert client.get(document_a.url).status_code == 404
    response = upload(
        client, b["ticket"], "Curian", **{"evidence-document": document_a.pk}
    )
    assert response.status_code == 200  # the form again, with an error
    response = upload(client, a["ticket"], "Foto B", **{"evidence-file": pdf("b.pdf")})
    assert response.status_code in (302, 403) and "/tiket-emas/" not in response.get(
        "Location", ""
    )
    assert list(EvidenceDocument.objects.values_list("note", flat=True)) == ["Foto A"]

    # Bappeda uploads too, and chooses among every agency's documents.
    client.force_login(staff["bappeda"])
    form = client.get(f"/admin/tiket-emas/{b['ticket'].pk}/").content.decode()
    assert "Foto A" in form
    upload(client, b["ticket"], "Notulen", **{"evidence-file": pdf("notulen.pdf")})
    assert (
        get_document_model().objects.get(title="Notulen").collection.name
        == "OPD: Dinas Kesehatan"
    )

    # Neither a file nor a document: a clear error, nothing saved.
    response = upload(client, b["ticket"], "Kosong")
    assert "Unggah satu berkas atau pilih satu dokumen" in response.content.decode()
    assert EvidenceDocument.objects.count() == 2


def test_the_reports_queue_lists_only_ideas_with_open_reports(client, cycle, staff):
    reported = shortlisted(cycle, staff, title="Ide yang dilaporkan")
    resolved = shortlisted(cycle, staff, title="Ide yang sudah diputuskan")
    shortlisted(cycle, staff, title="Ide tanpa laporan")
    Report.objects.create(proposal=reported, reporter=make_child(), reason="rude")
    old = Report.objects.create(proposal=resolved, reporter=make_child(), reason="rude")
    old.resolved_at = old.created_at
    old.save()
    client.force_login(staff["moderator"])
    body = client.get("/admin/laporan/").content.decode()
    assert "Ide yang dilaporkan" in body
    assert "Ide tanpa laporan" not in body
    assert "Ide yang sudah diputuskan" not in body


def dashboard_counts(client, user):
    import re

    client.force_login(user)
    html = client.get("/admin/").content.decode()
    return dict(re.findall(r'data-stage-count="(\w+)">(\d+)<', html)), html


def test_the_dashboard_panel_counts_what_the_reader_may_list(client, staff, two_opds):
    """The Musrenbang panel: Bappeda counts both adopted ideas, each OPD its
    own one; a facilitator (no access to the queue) gets no panel."""
    counts, html = dashboard_counts(client, staff["bappeda"])
    assert counts["adopted"] == "2" and counts["accepted"] == "0"
    assert "Tiket emas siklus" in html
    assert "belum dijawab lebih dari 30 hari" in html
    for key in ("a", "b"):
        counts, html = dashboard_counts(client, two_opds[key]["member"])
        assert counts["adopted"] == "1", key
        assert "belum dijawab" not in html  # not the OPD's task
    counts, html = dashboard_counts(client, make_staff(roles.FASILITATOR))
    assert counts == {} and "Tiket emas siklus" not in html
