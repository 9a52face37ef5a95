"""The report as titled tables: one layout for the admin page, the XLSX and
CSV exports and the PDF, so the four can never disagree. Every figure comes
from ``metrics.compute_report``."""

from django.utils.translation import gettext as _

from portal.core.models import planning_agency

from . import suppression


def _table(key, title, columns, rows, *, money=()):
    return {
        "key": key,
        "title": title,
        "columns": columns,
        "rows": rows,
        "money": list(money),  # indexes of columns in rupiah
    }


def released(fig):
    """A suppressed figure as a cell: its number, or "<5" / "*"."""
    return str(fig) if fig.suppressed else fig.value


# The summary's counts that are suppressed in released files: counts of
# children, and counts that bound a number of children (their supports,
# reviews, and ideas the public cannot see). Every other count is of
# something public (public ideas, tiket emas, decisions, adoptions) and is
# printed exactly (suppression.py, docs/kla-evidence.md).
SUPPRESSED_SUMMARY = {
    "children": {
        "registered",
        "with_consent",
        "taking_part",
        "submitted_ideas",
        "supported_ideas",
        "committee_reviewers",
    },
    "ideas": {
        "submitted",
        "not_published",
        "in_moderation",
        "hidden",
        "escalated",
        "merged",
    },
    "supports": {"total", "children", "ideas_supported"},
    "forum_anak": {
        "committee_reviews",
        "committee_recommend_yes",
        "committee_members",
        "ideas_reviewed",
        "group_ideas",
        "offline_ideas",
        "offline_children",
    },
    "desa": {"with_idea"},
}


def _release_part(name, part):
    keys = SUPPRESSED_SUMMARY.get(name, set())
    return {
        key: released(suppression.figure(value)) if key in keys else value
        for key, value in part.items()
    }


def summary_rows(report, *, release=False):
    """The summary; with ``release`` (files that leave the regency) every
    count of children (or bounding one) from 1 to 4 is "<5", as on
    /transparansi/ (``suppression``), and so is a share computed from one.
    Counts of public ideas, tiket emas, decisions and adoptions, and rupiah
    amounts, stay exact."""
    c, i, s = report["children"], report["ideas"], report["supports"]
    f, g, d = report["forum_anak"], report["golden_tickets"], report["desa"]
    a, m, t = report["adoption"], report["implementation"], report["answer_time"]
    median = t["median_days"]
    share = d["share_percent"]
    if release:
        c = _release_part("children", c)
        i = _release_part("ideas", i)
        s = _release_part("supports", s)
        f = _release_part("forum_anak", f)
        d = _release_part("desa", d)
        share = suppression.share(report["desa"]["with_idea"], report["desa"]["total"])
        if share is None:
            share = suppression.SMALL
    return [
        [_("Anak terdaftar"), c["registered"]],
        [_("Anak terdaftar dengan izin orang tua/wali aktif"), c["with_consent"]],
        [_("Anak yang ikut serta"), c["taking_part"]],
        [_("— mengirim ide"), c["submitted_ideas"]],
        [_("— mendukung ide"), c["supported_ideas"]],
        [_("— menilai daftar pendek (pengurus Forum Anak)"), c["committee_reviewers"]],
        [_("Desa/kelurahan dengan minimal satu ide"), d["with_idea"]],
        [_("Jumlah desa/kelurahan"), d["total"]],
        [_("Persentase desa/kelurahan dengan ide (%)"), share],
        [_("Ide dikirim"), i["submitted"]],
        [_("Ide tampil (diterbitkan)"), i["published"]],
        [_("Ide tidak diterbitkan"), i["not_published"]],
        [_("Ide masih dimoderasi"), i["in_moderation"]],
        [_("Ide disembunyikan sementara"), i["hidden"]],
        [_("Ide dialihkan ke petugas perlindungan"), i["escalated"]],
        [_("Ide digabung dengan ide lain"), i["merged"]],
        [_("Dukungan"), s["total"]],
        [_("Anak yang mendukung"), s["children"]],
        [_("Ide yang didukung"), s["ideas_supported"]],
        [_("Penilaian pengurus Forum Anak"), f["committee_reviews"]],
        [_("— di antaranya merekomendasikan"), f["committee_recommend_yes"]],
        [_("Ide daftar pendek yang dinilai"), f["ideas_reviewed"]],
        [_("Ide kelompok Forum Anak"), f["group_ideas"]],
        [_("Ide dari sesi luring (fasilitator)"), f["offline_ideas"]],
        [_("Anak dalam sesi luring"), f["offline_children"]],
        [_("Tiket emas diberikan"), g["awarded"]],
        [_("— kuota kecamatan"), g["kecamatan_level"]],
        [_("— kuota kabupaten"), g["kabupaten_level"]],
        [
            _("Tiket emas diterima %(agency)s") % {"agency": planning_agency()},
            g["received"],
        ],
        [_("Tiket emas sudah dijawab Musrenbang"), t["answered"]],
        [_("Tiket emas belum dijawab"), t["waiting"]],
        [
            _("Median waktu menjawab tiket emas (hari)"),
            median if median is not None else "–",
        ],
        [_("Ide masuk APBD"), a["count"]],
        [_("Total pagu ide masuk APBD (Rp)"), a["pagu_total"]],
        [_("Pelaksanaan: belum mulai"), m["not_started"]],
        [_("Pelaksanaan: sedang berjalan"), m["in_progress"]],
        [_("Pelaksanaan: selesai"), m["done"]],
        [_("Total realisasi (Rp)"), m["realisation_total"]],
        [_("Dokumen bukti terlampir"), report["evidence_documents"]],
    ]


# The columns suppressed in released files: counts of children, ideas
# submitted (public or not) and desa reached by any idea. Every other
# column counts public things (public ideas, decisions, adoptions) or is a
# fact of the map or a rupiah amount, and is printed exactly.
SUPPRESSED_COLUMNS = {
    "jenis_kelamin": {1, 2},
    "kelompok_usia": {1, 2},
    "disabilitas": {1, 2},
    # children registered, taking part, desa with an idea, ideas submitted
    "kecamatan": {1, 2, 4, 5},
    "klaster": {1},  # ideas submitted; column 2 counts public ideas
}


def _suppress_columns(table):
    """Each suppressed column of a table is a group adding up to a
    published total: small-cell suppression with its secondary
    suppression."""
    rows = [list(row) for row in table["rows"]]
    width = max((len(row) for row in rows), default=0)
    for index in range(width):
        if index not in SUPPRESSED_COLUMNS.get(table["key"], set()):
            continue
        column = [row[index] for row in rows]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in column):
            continue
        for row, fig in zip(rows, suppression.group(column), strict=True):
            row[index] = released(fig)
    return {**table, "rows": rows}


def build_tables(report, *, with_ideas=True, release=False):
    """Titled tables of the report, in the order the KLA evaluators read.

    ``release``: the tables of the files that leave the regency (the PDF,
    XLSX and CSV, issue 11 item 12), with the small-cell suppression of
    /transparansi/; the admin page shows staff the exact counts."""
    tables = _build_tables(report, with_ideas=with_ideas, release=release)
    if release:
        tables = [tables[0], *(_suppress_columns(t) for t in tables[1:])]
    return tables


def _build_tables(report, *, with_ideas, release):
    part = [_("Terdaftar"), _("Ikut serta")]
    dis = report["disaggregation"]
    tables = [
        _table(
            "ringkasan",
            _("Ringkasan"),
            [_("Indikator"), _("Jumlah")],
            summary_rows(report, release=release),
        ),
    ]
    for key, title, first in [
        ("jenis_kelamin", _("Anak menurut jenis kelamin"), _("Jenis kelamin")),
        ("kelompok_usia", _("Anak menurut kelompok usia"), _("Kelompok usia")),
        ("disabilitas", _("Anak menurut disabilitas"), _("Disabilitas")),
    ]:
        dim = {
            "jenis_kelamin": "sex",
            "kelompok_usia": "age_band",
            "disabilitas": "disability",
        }[key]
        rows = [[r["label"], r["registered"], r["taking_part"]] for r in dis[dim]]
        tables.append(_table(key, title, [first, *part], rows))
    tables.append(
        _table(
            "kecamatan",
            _("Per kecamatan"),
            [
                _("Kecamatan"),
                _("Anak terdaftar"),
                _("Anak ikut serta"),
                _("Desa/kelurahan"),
                _("Desa dengan ide"),
                _("Ide dikirim"),
                _("Ide tampil"),
            ],
            [
                [
                    r["label"],
                    r["children_registered"],
                    r["children_taking_part"],
                    r["desa_total"],
                    r["desa_with_idea"],
                    r["ideas_submitted"],
                    r["ideas_published"],
                ]
                for r in report["by_kecamatan"]
            ],
        )
    )
    tables.append(
        _table(
            "klaster",
            _("Ide per klaster KLA"),
            [_("Klaster"), _("Ide dikirim"), _("Ide tampil")],
            [
                [r["label"], r["submitted"], r["published"]]
                for r in report["ideas"]["by_cluster"]
            ],
        )
    )
    tables.append(
        _table(
            "hasil_musrenbang",
            _("Hasil di setiap tingkat Musrenbang"),
            [_("Tingkat"), _("Diputuskan"), _("Diterima"), _("Ditolak")],
            [
                [r["label"], r["decided"], r["accepted"], r["rejected"]]
                for r in report["outcomes"]
            ],
        )
    )
    reasons = {}
    for level in report["outcomes"]:
        for reason in level["rejected_by_reason"]:
            reasons.setdefault(reason["key"], [reason["label"]]).append(reason["count"])
    tables.append(
        _table(
            "alasan_ditolak",
            _("Alasan ditolak per tingkat Musrenbang"),
            [_("Alasan"), *[r["label"] for r in report["outcomes"]]],
            list(reasons.values()),
        )
    )
    adoption = report["adoption"]
    tables.append(
        _table(
            "apbd_opd",
            _("Ide masuk APBD per OPD"),
            [_("OPD pelaksana"), _("Ide"), _("Pagu (Rp)")],
            [[r["label"], r["count"], r["pagu"]] for r in adoption["by_opd"]],
            money=[2],
        )
    )
    tables.append(
        _table(
            "apbd_klaster",
            _("Ide masuk APBD per klaster KLA"),
            [_("Klaster"), _("Ide"), _("Pagu (Rp)")],
            [[r["label"], r["count"], r["pagu"]] for r in adoption["by_cluster"]],
            money=[2],
        )
    )
    if with_ideas:
        tables.append(
            _table(
                "apbd_ide",
                _("Ide anak yang masuk APBD dan baris anggarannya"),
                [
                    _("No. ide"),
                    _("Judul ide"),
                    _("Kecamatan"),
                    _("Klaster"),
                    _("Tahun anggaran"),
                    _("OPD pelaksana"),
                    _("Program / kegiatan / sub-kegiatan"),
                    _("Pagu (Rp)"),
                    _("Kemajuan (%)"),
                    _("Realisasi (Rp)"),
                ],
                [
                    [
                        r["id"],
                        r["title"],
                        r["kecamatan"],
                        r["cluster"],
                        str(r["budget_year"] or "–"),
                        r["opd"],
                        " / ".join(
                            x
                            for x in (r["program"], r["kegiatan"], r["sub_kegiatan"])
                            if x
                        )
                        or "–",
                        r["pagu"],
                        r["progress_percent"],
                        r["realisation"],
                    ]
                    for r in adoption["ideas"]
                ],
                money=[7, 9],
            )
        )
        tables.append(
            _table(
                "dokumen_bukti",
                _("Dokumen bukti (UANG, kutipan DPA)"),
                [_("No. ide"), _("Jenis"), _("Dokumen"), _("Keterangan")],
                [
                    [r["id"], doc["kind_label"], doc["title"], doc["note"] or "–"]
                    for r in adoption["ideas"]
                    for doc in r["evidence"]
                ],
            )
        )
    return tables
