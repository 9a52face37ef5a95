"""Issue 12 item 11: the KLA figures do not shrink when a child leaves, and
the suppression rule hides counts of children, not counts of public ideas.

Regression: participation fell 55→54 when a child deleted her account while
her idea was still counted; "Ide masuk APBD <5" sat above a list of exactly
three ideas."""

import io

import pytest
from pypdf import PdfReader

from portal.accounts.actions import delete_child_account
from portal.accounts.models import ChildProfile, User
from portal.accounts.retention import _delete as retention_delete
from portal.evidence import pdf, public
from portal.evidence.metrics import compute_report
from portal.evidence.models import DepartedContribution, DepartedParticipant
from portal.evidence.tables import build_tables
from proposals import musrenbang
from proposals.models import Proposal
from tests import factories
from voting.actions import toggle_support

pytestmark = pytest.mark.django_db


def figures(scope):
    report = compute_report(scope)
    report["scope"].pop("generated_at")
    return report


def test_every_kla_figure_stays_when_participating_children_leave(cycle, staff):
    mod = staff["moderator"]
    # She wrote a public idea and supported another; he reviewed the
    # shortlist as a committee member and supported her idea.
    her = factories.make_child(username="anak_fitri", age=11, disability="ya")
    him = factories.make_child(
        username="anak_lala",
        age=15,
        gender="laki_laki",
        forum_anak=True,
        committee=True,
    )
    others = factories.make_children(2)
    hers = factories.publish_idea(her, mod, cycle, title="Tempat sampah di sekolah")
    # ... and one still waiting for the moderator (never public: erased with
    # her account, yet still an idea sent, in its cluster and kecamatan).
    waiting = factories.submit_idea(
        her, cycle, title="Taman bermain", cluster="klaster_4"
    )
    other = factories.publish_idea(others[0], mod, cycle, title="Lampu jalan")
    toggle_support(her, other.pk)
    toggle_support(him, hers.pk)
    toggle_support(others[1], other.pk)
    entry = musrenbang.add_to_shortlist(other, mod, "Dipilih.")
    musrenbang.recommend(entry, him, True, "Bagus sekali.")
    before = {scope: figures(scope) for scope in (cycle, None)}
    assert before[cycle]["children"]["taking_part"] == 4
    assert before[cycle]["ideas"]["submitted"] == 3
    assert before[cycle]["ideas"]["in_moderation"] == 1
    # She deletes her account; his is removed by the retention rules.
    delete_child_account(her)
    retention_delete(ChildProfile.objects.filter(user=him))
    assert not User.objects.filter(username__in=["anak_fitri", "anak_lala"]).exists()
    assert not Proposal.objects.filter(pk=waiting.pk).exists()
    for scope, figures_before in before.items():
        assert figures(scope) == figures_before, scope
    # What stays names and dates nobody.
    fields = {f.name for f in DepartedParticipant._meta.get_fields()}
    assert fields == {
        "id",
        "cycle",
        "kecamatan",
        "age_band",
        "sex",
        "disability",
        "registered",
        "with_consent",
        "submitted_ideas",
        "supported_ideas",
        "committee_reviewer",
    }
    assert {f.name for f in DepartedContribution._meta.get_fields()} == {
        "id",
        "cycle",
        "kind",
        "target_id",
        "recommend",
        "cluster",
        "status",
        "kecamatan",
    }
    # Her never-public idea stays as a tally: no text, no id.
    idea = DepartedContribution.objects.get(kind="idea")
    assert idea.target_id is None
    assert (idea.cluster, idea.status) == ("klaster_4", waiting.status)


def _summary(tables):
    return {str(row[0]): row[1] for row in tables[0]["rows"]}


@pytest.mark.parametrize(
    ("part", "key", "label", "value", "shown"),
    [
        # Counts of public things: published exactly, even 1-4.
        ("adoption", "count", "Ide masuk APBD", 3, 3),
        ("golden_tickets", "awarded", "Tiket emas diberikan", 4, 4),
        ("ideas", "published", "Ide tampil (diterbitkan)", 2, 2),
        # Counts of children: 1-4 suppressed, 0 and 5+ published.
        ("children", "taking_part", "Anak yang ikut serta", 3, "<5"),
        ("children", "registered", "Anak terdaftar", 1, "<5"),
        ("children", "taking_part", "Anak yang ikut serta", 0, 0),
        ("children", "taking_part", "Anak yang ikut serta", 5, 5),
        ("supports", "children", "Anak yang mendukung", 4, "<5"),
    ],
)
def test_children_counts_are_suppressed_public_idea_counts_are_not(
    regions, part, key, label, value, shown
):
    report = compute_report(None)
    report[part][key] = value
    assert _summary(build_tables(report, release=True))[label] == shown


def test_a_table_of_three_adopted_ideas_shows_three(regions):
    report = compute_report(None)
    adopted = report["adoption"]
    adopted["by_opd"] = [{"key": "1", "label": "Dinas X", "count": 3, "pagu": 9}]
    adopted["count"] = 3
    report["disaggregation"]["sex"][0]["taking_part"] = 2
    report["disaggregation"]["sex"][1]["taking_part"] = 11
    report["children"]["registered"] = 13
    tables = {t["key"]: t for t in build_tables(report, release=True)}
    assert tables["apbd_opd"]["rows"] == [["Dinas X", 3, 9]]
    # Children per sex stay suppressed in the same release.
    sexes = [row[2] for row in tables["jenis_kelamin"]["rows"]]
    assert any(cell == "<5" for cell in sexes)
    assert all(not (isinstance(c, int) and 0 < c < 5) for c in sexes)
    # /transparansi/ and the API follow the same rule.
    data = public.public_report(report=report)
    headline = {h["key"]: h["figure"] for h in data["headline"]}
    assert str(headline["ideas_adopted"]) == "3"
    assert data["adoption"]["by_opd"][0]["count"].value == 3
    assert str(headline["children_registered"]) == str(
        report["children"]["registered"]
    )  # 13: not small


def test_the_pdf_is_signed_by_the_official_and_no_page_ends_on_a_heading(regions):
    from portal.core.models import portal_settings

    identity = portal_settings()
    identity.signatory_name = "Dra. Sri Wahyuni, M.Si."
    identity.signatory_nip = "197001011995032001"
    identity.signatory_position = "Kepala Bappeda Kabupaten Bengkayang"
    identity.save()
    base = compute_report(None)
    row = base["by_kecamatan"][0]
    # The kecamatan table's length moves every later caption up and down
    # the pages; without "break-after: avoid" a caption ended page 3 with
    # 0 rows and with 4 (its table on the next page).
    for rows in (0, 4):
        report = {
            **base,
            "by_kecamatan": [dict(row, label=f"Kecamatan {n}") for n in range(rows)],
        }
        reader = PdfReader(io.BytesIO(pdf.render_pdf(report)))
        pages = [page.extract_text() for page in reader.pages]
        text = " ".join(" ".join(pages).split())
        assert "Dra. Sri Wahyuni, M.Si." in text
        assert "NIP 197001011995032001" in text
        assert "Kepala Bappeda Kabupaten Bengkayang" in text
        tables = build_tables(report, with_ideas=False, release=True)
        headings = [f"{n}. {t['title']}" for n, t in enumerate(tables, start=1)]
        headings.append(f"{len(tables) + 1}. Ide anak yang masuk APBD")
        assert len(pages) > 1
        for number, page in enumerate(pages[:-1], start=1):
            lines = [
                line.strip()
                for line in page.splitlines()
                if line.strip() and not _margin_line(line, identity)
            ]
            assert not any(lines[-1].startswith(h) for h in headings), (
                rows,
                number,
                lines[-1],
            )


def _margin_line(line, identity):
    """The page's running header and footer (margin boxes)."""
    return (
        "Halaman" in line
        or line.strip() == "Bukti Dukung Indikator Partisipasi Anak"
        or line.strip().startswith(identity.regency_name + " ·")
    )
