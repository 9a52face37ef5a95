"""Small-cell suppression, the SVG charts and the public /transparansi/ page."""

import re

import pytest

from portal.evidence import suppression, svg
from portal.evidence.metrics import compute_report
from portal.evidence.public import public_report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "value, shown, api",
    [
        (0, "0", {"value": 0, "suppressed": False}),
        (1, "<5", {"value": None, "suppressed": True}),
        (4, "<5", {"value": None, "suppressed": True}),
        (5, "5", {"value": 5, "suppressed": False}),
        (12500, "12.500", {"value": 12500, "suppressed": False}),
    ],
)
def test_a_count_from_1_to_4_is_never_published(value, shown, api):
    figure = suppression.figure(value)
    assert str(figure) == shown
    assert figure.as_api() == api


def test_a_lone_small_cell_takes_the_next_smallest_with_it():
    # 3 alone could be recovered from the total: 9 is suppressed too.
    assert [str(f) for f in suppression.group([3, 9, 20, 0])] == ["<5", "*", "20", "0"]
    assert suppression.group([3, 9])[1].as_api() == {"value": None, "suppressed": True}
    # Two small cells already protect each other.
    assert [str(f) for f in suppression.group([3, 2, 20])] == ["<5", "<5", "20"]
    assert [str(f) for f in suppression.group([6, 7, 0])] == ["6", "7", "0"]
    assert suppression.share(3, 10) is None
    assert suppression.share(5, 10) == 50.0


def test_public_figures_suppress_small_cells_staff_figures_do_not(world):
    report = compute_report(world.cycle)
    public = public_report(world.cycle, report)
    sexes = {r["key"]: r for r in report["disaggregation"]["sex"]}
    assert sexes["tidak_disebutkan"]["taking_part"] == 1  # exact for staff
    shown = {
        r["key"]: str(r["figure"])
        for r in next(b for b in public["breakdowns"] if b["key"] == "jenis_kelamin")[
            "rows"
        ]
    }
    # 1 is suppressed, and one 5 with it (else 11 − 5 − 5 = 1 gives it away);
    # the 5 is not "<5" but "*".
    assert shown == {"perempuan": "*", "laki_laki": "5", "tidak_disebutkan": "<5"}
    headline = {h["key"]: str(h["figure"]) for h in public["headline"]}
    assert headline["children_taking_part"] == "11"
    assert headline["golden_tickets"] == "4"  # public: never suppressed
    assert headline["offline_children"] == "12"
    assert public["answer_time"]["median_days"] == 10.0
    assert public["desa"]["share_percent"] is None  # 4 desa: suppressed


def test_svg_chart_is_an_image_with_title_desc_and_a_table():
    html = str(
        svg.bar_chart(
            "Anak menurut kelompok usia",
            [
                ("6–12", suppression.figure(12)),
                ("13–15", suppression.figure(3)),
                ("16–17", 0),
            ],
        )
    )
    assert 'role="img"' in html
    assert re.search(
        r"<title id=\"(grafik-\d+)-t\">Anak menurut kelompok usia</title>", html
    )
    assert "<desc" in html and "6–12: 12" in html and "13–15: &lt;5" in html
    assert '<div class="visually-hidden"><table><caption>' in html
    assert '<th scope="row">13–15</th><td>&lt;5</td>' in html
    assert html.count('class="chart-bar"') == 1  # no bar for <5 nor for 0
    assert "http" not in html.replace("http://www.w3.org/2000/svg", "")


def test_transparency_page(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(60):
        response = client.get(f"/transparansi/?year={world.cycle.year}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Perpustakaan desa Lesabela" in html and "Air bersih di sekolah" in html
    assert "Rp 150.000.000" in html and "Rp 225.000.000" in html
    assert "&lt;5" in html
    assert html.count('role="img"') >= 6
    assert html.count('class="visually-hidden"') >= 6
    for child in world.children.values():
        assert child.username not in html
        assert f">{child.nickname}<" not in html
    # Only published ideas: the unpublished and the pending never appear.
    assert "Ide yang tidak diterbitkan" not in html
    assert "Ide yang masih dimoderasi" not in html
    # No script, nothing from elsewhere.
    assert "<script" not in html
    assert not re.search(r'(src|href)="https?://', html)
    assert client.get("/transparansi/?year=all").status_code == 200
    assert client.get("/transparansi/?year=1999").status_code == 404
    assert client.get("/transparansi/").status_code == 200


def test_old_transparency_links_still_work(client, world):
    """Before the glossary the page took ``?tahun=`` (and ``semua``):
    printed links are redirected to ``?year=``."""
    year = world.cycle.year
    response = client.get(f"/transparansi/?tahun={year}")
    assert (response.status_code, response["Location"]) == (
        301,
        f"/transparansi/?year={year}",
    )
    response = client.get("/transparansi/?tahun=semua", follow=True)
    assert response.redirect_chain == [("/transparansi/?year=all", 301)]
    assert response.status_code == 200


def test_transparency_page_without_any_data(client, regions):
    response = client.get("/transparansi/")
    assert response.status_code == 200
    assert "Belum ada ide anak yang masuk APBD" in response.content.decode()


def test_footer_links_to_the_transparency_page(client, regions):
    assert 'href="/transparansi/"' in client.get("/usulan/").content.decode()


def test_the_transparency_page_needs_no_inline_style_or_script(client, world):
    """The CSP (style-src 'self', script-src 'self') drops inline styles:
    the progress bars were ``style="width: 40%"`` and showed full. Each bar
    is now an SVG whose rect is as wide as the progress."""
    html = client.get("/transparansi/").content.decode()
    assert not re.search(r"\sstyle\s*=", html)
    assert not re.search(r"<script(?![^>]*\ssrc=)", html)
    assert '<rect width="40" height="1">' in html
    assert '<rect width="100" height="1">' in html
