"""XLSX and CSV of the report: the same tables as the admin page and the PDF.

The CSV is long ("tidy") data, one figure per line, so it loads straight
into a spreadsheet or a statistics tool: bagian, kategori, ukuran, nilai.

Titles, OPD names, programs and document titles are typed by people: a text
that starts like a formula stays text in both files (an XLSX cell of type
string, an apostrophe in front in the CSV, as the admin's CSV exports do)."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from portal.core.spreadsheets import spreadsheet_safe

from .tables import build_tables


def _scope_lines(report):
    scope = report["scope"]
    return [
        (_("Laporan"), _("Bukti Dukung Indikator Partisipasi Anak")),
        (_("Cakupan"), scope["label"]),
        (_("Usia dihitung pada tahun"), scope["age_year"]),
        (_("Dibuat"), scope["generated_at"]),
    ]


def _append(sheet, values):
    """``sheet.append`` that never writes a formula: openpyxl takes any text
    starting with "=" for one (Wagtail's XLSX export does the same)."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def to_xlsx(report, regency_name=""):
    """One sheet per table, after an information sheet."""
    workbook = Workbook()
    info = workbook.active
    info.title = "info"
    if regency_name:
        _append(info, [_("Daerah"), regency_name])
    for line in _scope_lines(report):
        _append(info, list(line))
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 60
    for table in build_tables(report, release=True):
        sheet = workbook.create_sheet(title=table["key"][:31])
        _append(sheet, [table["title"]])
        sheet["A1"].font = Font(bold=True)
        _append(sheet, [str(c) for c in table["columns"]])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table["rows"]:
            _append(sheet, [c if isinstance(c, int | float) else str(c) for c in row])
        for index in table["money"]:
            for row in sheet.iter_rows(min_row=3, min_col=index + 1, max_col=index + 1):
                for cell in row:
                    cell.number_format = "#,##0"
        for index, _column in enumerate(table["columns"], start=1):
            sheet.column_dimensions[get_column_letter(index)].width = (
                48 if index == 1 or index == 2 and table["key"] == "apbd_ide" else 18
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(value):
    """Numbers and blanks as they are, anything else (a lazy translation
    too) as text."""
    return value if value is None or isinstance(value, int | float) else str(value)


def to_csv(report):
    """UTF-8 with a byte order mark, so Excel shows the letters right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def write(*cells):
        writer.writerow([spreadsheet_safe(cell) for cell in cells])

    write("bagian", "kategori", "ukuran", "nilai")
    for label, value in _scope_lines(report):
        write("info", _text(label), "", _text(value))
    for table in build_tables(report, release=True):
        columns = [str(c) for c in table["columns"]]
        for row in table["rows"]:
            for column, value in zip(columns[1:], row[1:], strict=True):
                write(str(table["title"]), _text(row[0]), column, _text(value))
    return "\ufeff" + buffer.getvalue()
