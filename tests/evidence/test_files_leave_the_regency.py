"""Issue 11 item 12 (a): the KLA evidence files (PDF, XLSX, CSV) leave the
regency, so every table in them applies the small-cell suppression of
/transparansi/ (portal/evidence/suppression.py): no count of children (or
of their acts and non-public ideas) from 1 to 4 is printed, per kecamatan
or anywhere else. Issue 12 item 11: counts of public things (public ideas,
tiket emas, decisions, ideas in the APBD) are printed exactly, as are
rupiah amounts, idea numbers, progress percentages and the number of desa
in a kecamatan.

Regression: the PDF printed, say, "Tiket emas diberikan 4" and 1–4 children
per kecamatan."""

import csv
import io
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from portal.evidence.tables import build_tables

pytestmark = pytest.mark.django_db

URL = "/admin/laporan-kla/"
# The columns that count children, ideas submitted or desa reached by any
# idea (issue 12 item 11); every other column counts public things.
CHILD_COLUMNS = {
    "jenis_kelamin": {1, 2},
    "kelompok_usia": {1, 2},
    "disabilitas": {1, 2},
    "kecamatan": {1, 2, 4, 5},
    "klaster": {1},
}
# Summary rows that count public things: exact even below 5.
PUBLIC_COUNTS = {
    "Ide tampil (diterbitkan)",
    "Tiket emas diberikan",
    "— kuota kecamatan",
    "— kuota kabupaten",
    "Tiket emas diterima BAPERIDA",  # the agency from the site settings
    "Tiket emas sudah dijawab Musrenbang",
    "Tiket emas belum dijawab",
    "Ide masuk APBD",
    "Pelaksanaan: belum mulai",
    "Pelaksanaan: sedang berjalan",
    "Pelaksanaan: selesai",
}
# Tables of single ideas (their budget lines and documents), not counts.
ITEM_TABLES = {"apbd_ide", "dokumen_bukti"}
NOT_COUNTS = {
    "Jumlah desa/kelurahan",
    "Total pagu ide masuk APBD (Rp)",
    "Total realisasi (Rp)",
    "Median waktu menjawab tiket emas (hari)",
    "Persentase desa/kelurahan dengan ide (%)",
    "Dokumen bukti terlampir",
}


def small(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 5


@pytest.fixture
def bappeda_client(client, world):
    client.force_login(world.staff["bappeda"])
    return client


def count_columns(key, columns, money):
    if key == "ringkasan":
        return [1]
    return sorted(CHILD_COLUMNS.get(key, set()))


def test_the_xlsx_prints_no_count_of_one_to_four(bappeda_client, world):
    response = bappeda_client.get(URL + f"unduh.xlsx?year={world.cycle.year}")
    book = load_workbook(io.BytesIO(response.content))
    tables = {t["key"]: t for t in build_tables(_report(world))}
    problems, markers = [], 0
    for sheet in book.worksheets:
        if sheet.title == "info" or sheet.title in ITEM_TABLES:
            continue
        table = tables[sheet.title]
        columns = count_columns(sheet.title, table["columns"], table["money"])
        for row in sheet.iter_rows(min_row=3, values_only=True):
            if sheet.title == "ringkasan" and row[0] in NOT_COUNTS | PUBLIC_COUNTS:
                continue
            for index in columns:
                if small(row[index]):
                    problems.append((sheet.title, row[0], index, row[index]))
                markers += row[index] in ("<5", "*")
    assert not problems, problems
    assert markers  # the world has small cells: they are shown as "<5"
    summary = {r[0]: r[1] for r in book["ringkasan"].iter_rows(values_only=True)}
    assert summary["Tiket emas diberikan"] == 4  # public: exact
    assert summary["Ide masuk APBD"] == 2
    opd = list(book["apbd_opd"].iter_rows(min_row=3, values_only=True))
    assert all(isinstance(row[1], int) for row in opd), opd
    assert summary["Anak terdaftar"] == 13  # not small: exact


def test_the_csv_prints_no_count_of_one_to_four(bappeda_client, world):
    response = bappeda_client.get(URL + f"unduh.csv?year={world.cycle.year}")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    layout = {str(t["title"]): t for t in build_tables(_report(world))}

    def counts_children(title, label, column):
        table = layout.get(title)
        if table is None or table["key"] in ITEM_TABLES:
            return False
        if table["key"] == "ringkasan":
            return label not in NOT_COUNTS | PUBLIC_COUNTS
        index = [str(c) for c in table["columns"]].index(column)
        return index in CHILD_COLUMNS.get(table["key"], set())

    problems = [
        row
        for row in rows[1:]
        if row[0] != "info"
        and row[3] in {"1", "2", "3", "4"}
        and counts_children(*row[:3])
    ]
    assert not problems, problems
    assert ["Ringkasan", "Tiket emas diberikan", "Jumlah", "4"] in rows


def test_the_pdf_prints_no_count_of_one_to_four(bappeda_client, world):
    response = bappeda_client.get(URL + f"unduh.pdf?year={world.cycle.year}")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    flat = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Tiket emas diberikan 4" in flat  # public: exact
    assert "Anak terdaftar 13" in flat
    # Every table of the PDF, read from the HTML it is printed from.
    from portal.evidence import pdf
    from portal.evidence.metrics import compute_report

    report = compute_report(world.cycle)
    layout = {str(t["title"]): t for t in build_tables(report)}
    printed = pdf_tables(pdf.render_html(report))
    assert {"Ringkasan", "Per kecamatan"} <= set(printed)
    problems = []
    for title, rows in printed.items():
        table = layout[title]
        if table["key"] in ITEM_TABLES:
            continue
        columns = count_columns(table["key"], table["columns"], table["money"])
        for row in rows:
            if table["key"] == "ringkasan" and row[0] in NOT_COUNTS | PUBLIC_COUNTS:
                continue
            problems += [(title, row) for i in columns if row[i] in SMALL_TEXT]
    assert not problems, problems


SMALL_TEXT = {"1", "2", "3", "4"}


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.cell, self.in_caption = {}, None, False
        self.title, self.row = None, None

    def handle_starttag(self, tag, attrs):
        if tag == "caption":
            self.in_caption, self.title = True, ""
        elif tag == "tr" and self.title is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self.in_caption = False
            self.title = self.title.split(". ", 1)[1].strip()
            self.tables[self.title] = []
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.row and len(self.tables[self.title]) >= 0:
                self.tables[self.title].append(self.row)
            self.row = None
        elif tag == "table":
            self.title = None

    def handle_data(self, data):
        if self.in_caption:
            self.title += data
        elif self.cell is not None:
            self.cell += data


def pdf_tables(html):
    """Caption → body rows (cell texts) of every table with a caption."""
    parser = _Tables()
    parser.feed(html)
    # The first row of each table is its header.
    return {title: rows[1:] for title, rows in parser.tables.items()}


def _report(world):
    from portal.evidence.metrics import compute_report

    return compute_report(world.cycle)
