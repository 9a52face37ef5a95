"""The OpenAPI 3.1 description of /api/v1/, written by hand.

A test compares every documented object with what the endpoints really
return, key by key, so this file cannot drift from the code."""

from proposals.models import Cluster, Deliberation, Proposal


def _obj(properties, *, nullable=False, description=""):
    schema = {
        "type": ["object", "null"] if nullable else "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _ref(name, *, nullable=False):
    ref = {"$ref": f"#/components/schemas/{name}"}
    return {"oneOf": [ref, {"type": "null"}]} if nullable else ref


STR = {"type": "string"}
INT = {"type": "integer"}
DATE = {"type": ["string", "null"], "format": "date"}
NULL_INT = {"type": ["integer", "null"]}
BOOL = {"type": "boolean"}


def _array(items):
    return {"type": "array", "items": items}


STAGES = ["belum_dipilih", *[v for v in Proposal.Stage.values if v]]

COMPONENTS = {
    "Kecamatan": _obj(
        {
            "id": INT,
            "kode": {**STR, "description": "Kode Kemendagri (bukan kode BPS)."},
            "slug": STR,
            "label": STR,
        }
    ),
    "Opd": _obj({"id": INT, "label": STR}),
    "TiketEmas": _obj(
        {
            "level": {"type": "string", "enum": ["kecamatan", "kabupaten"]},
            "level_label": STR,
            "awarded_on": DATE,
        }
    ),
    "Outcome": _obj(
        {
            "level": {
                "type": "string",
                "enum": ["desa", "kecamatan", "forum_pd", "kabupaten"],
            },
            "level_label": STR,
            "outcome": {"type": "string", "enum": ["accepted", "rejected"]},
            "outcome_label": STR,
            "reason_category": {
                "type": "string",
                "enum": list(Deliberation.Reason.values),
                "description": (
                    "Sejak Desember 2026 kodenya berbahasa Inggris seperti "
                    "'outcome' (dulu 'diterima', 'tidak_ada_anggaran', …)."
                ),
            },
            "reason_label": STR,
            "answer": {**STR, "description": "Jawaban Musrenbang untuk anak-anak."},
            "decided_on": DATE,
        }
    ),
    "Adoption": _obj(
        {
            "budget_year": NULL_INT,
            "opd": _ref("Opd", nullable=True),
            "program": STR,
            "kegiatan": STR,
            "sub_kegiatan": STR,
            "pagu": {**NULL_INT, "description": "Rupiah."},
            "progress_percent": {"type": "integer", "minimum": 0, "maximum": 100},
            "realisation": {**NULL_INT, "description": "Rupiah."},
            "adopted_on": DATE,
        }
    ),
    "Usulan": _obj(
        {
            "id": INT,
            "url": {"type": "string", "format": "uri"},
            "title": STR,
            "problem": STR,
            "description": STR,
            "kecamatan": _ref("Kecamatan"),
            "cluster": {"type": "string", "enum": list(Cluster.values)},
            "cluster_label": STR,
            "status": {"type": "string", "enum": STAGES},
            "status_label": STR,
            "group_idea": {**BOOL, "description": "Ide kelompok Forum Anak."},
            "channel": {"type": "string", "enum": ["web", "offline"]},
            "tahun": INT,
            "tahun_apbd": INT,
            "published_on": DATE,
            "support_count": INT,
            "tiket_emas": _ref("TiketEmas", nullable=True),
            "outcomes": _array(_ref("Outcome")),
            "adoption": _ref("Adoption", nullable=True),
        },
        description="Ide yang tampil, tanpa data pribadi.",
    ),
    "UsulanPage": _obj(
        {
            "count": INT,
            "next": {"type": ["string", "null"], "format": "uri"},
            "previous": {"type": ["string", "null"], "format": "uri"},
            "results": _array(_ref("Usulan")),
        }
    ),
    "Figure": _obj(
        {
            "value": {**NULL_INT, "description": "null bila disembunyikan (1–4)."},
            "suppressed": BOOL,
        }
    ),
    "KeyedFigure": _obj(
        {
            "key": STR,
            "label": STR,
            "value": NULL_INT,
            "suppressed": BOOL,
        }
    ),
    "Breakdown": _obj({"key": STR, "label": STR, "rows": _array(_ref("KeyedFigure"))}),
    "OutcomeFigures": _obj(
        {
            "key": STR,
            "label": STR,
            "decided": _ref("Figure"),
            "accepted": _ref("Figure"),
            "rejected": _ref("Figure"),
        }
    ),
    "BudgetGroup": _obj(
        {"key": STR, "label": STR, "count": _ref("Figure"), "pagu": INT}
    ),
    "Statistik": _obj(
        {
            "scope": _obj(
                {
                    "tahun": NULL_INT,
                    "tahun_apbd": NULL_INT,
                    "label": STR,
                    "generated_at": {"type": "string", "format": "date-time"},
                }
            ),
            "suppression": _obj({"threshold": INT, "rule": STR}),
            "headline": _array(_ref("KeyedFigure")),
            "desa": _obj(
                {
                    "total": _ref("Figure"),
                    "with_idea": _ref("Figure"),
                    "share_percent": {"type": ["number", "null"]},
                }
            ),
            "breakdowns": _array(_ref("Breakdown")),
            "outcomes": _array(_ref("OutcomeFigures")),
            "adoption": _obj(
                {
                    "count": _ref("Figure"),
                    "pagu_total": INT,
                    "by_opd": _array(_ref("BudgetGroup")),
                    "by_cluster": _array(_ref("BudgetGroup")),
                }
            ),
            "implementation": _obj(
                {
                    "not_started": _ref("Figure"),
                    "in_progress": _ref("Figure"),
                    "done": _ref("Figure"),
                    "realisation_total": INT,
                }
            ),
            "answer_time": _obj(
                {
                    "answered": _ref("Figure"),
                    "median_days": {"type": ["number", "null"]},
                    "median_suppressed": BOOL,
                }
            ),
        }
    ),
    "Error": _obj({"error": STR}),
}


def _param(name, description, schema):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _json_response(description, ref):
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref(ref)}},
    }


ERROR_400 = _json_response(
    "Nilai filter tidak sah (pesan dalam bahasa Indonesia).", "Error"
)
ERROR_404 = _json_response("Tidak ditemukan.", "Error")

PATHS = {
    "/api/v1/usulan/": {
        "get": {
            "operationId": "listUsulan",
            "summary": "Ide yang tampil, dengan filter dan halaman",
            "parameters": [
                _param("kecamatan", "Id atau slug kecamatan.", STR),
                _param(
                    "cluster",
                    "Klaster KLA.",
                    {"type": "string", "enum": list(Cluster.values)},
                ),
                _param(
                    "status",
                    "Tahap Musrenbang (alias: stage).",
                    {"type": "string", "enum": STAGES},
                ),
                _param(
                    "stage", "Sama dengan status.", {"type": "string", "enum": STAGES}
                ),
                _param("year", "Tahun siklus.", INT),
                {**_param("tahun", "Nama lama untuk year.", INT), "deprecated": True},
                _param("tiket_emas", "true/false.", BOOL),
                _param("adopted", "true/false: masuk APBD.", BOOL),
                _param(
                    "page", "Nomor halaman, mulai 1.", {"type": "integer", "minimum": 1}
                ),
                _param(
                    "page_size",
                    "Ukuran halaman (bawaan 50, paling banyak 100).",
                    {"type": "integer", "minimum": 1, "maximum": 100},
                ),
            ],
            "responses": {
                "200": _json_response("Satu halaman ide.", "UsulanPage"),
                "400": ERROR_400,
                "404": ERROR_404,
            },
        }
    },
    "/api/v1/usulan/{id}/": {
        "get": {
            "operationId": "getUsulan",
            "summary": "Satu ide yang tampil",
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": INT}
            ],
            "responses": {
                "200": _json_response("Ide.", "Usulan"),
                "404": ERROR_404,
            },
        }
    },
    "/api/v1/statistik/": {
        "get": {
            "operationId": "getStatistik",
            "summary": "Angka partisipasi anak (angka kecil disembunyikan)",
            "parameters": [
                _param("year", "Tahun siklus; tanpa ini: semua siklus.", INT),
                {**_param("tahun", "Nama lama untuk year.", INT), "deprecated": True},
            ],
            "responses": {
                "200": _json_response("Statistik.", "Statistik"),
                "400": ERROR_400,
                "404": ERROR_404,
            },
        }
    },
    "/api/v1/schema/": {
        "get": {
            "operationId": "getSchema",
            "summary": "Dokumen OpenAPI ini",
            "responses": {"200": {"description": "OpenAPI 3.1 (JSON)."}},
        }
    },
}


def _head(get):
    """HEAD of a GET operation (issue 12 item 12): the same parameters and
    status codes, the same headers, no body."""
    operation_id = get["operationId"]
    return {
        "operationId": "head" + operation_id[0].upper() + operation_id[1:],
        "summary": "Header saja (tanpa isi): " + get["summary"],
        **({"parameters": get["parameters"]} if "parameters" in get else {}),
        "responses": {
            code: {"description": response["description"] + " Tanpa isi."}
            for code, response in get["responses"].items()
        },
    }


for _operations in PATHS.values():
    _operations["head"] = _head(_operations["get"])


def schema(request=None):
    server = request.build_absolute_uri("/").rstrip("/") if request else "/"
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Data terbuka Musrenbang Anak",
            "version": "1.0.0",
            "description": (
                "Data terbuka, hanya baca, tanpa data pribadi anak. Ide yang tampil "
                "saja; angka 1–4 dalam statistik disembunyikan. Lisensi: CC BY 4.0."
            ),
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": server}],
        "paths": PATHS,
        "components": {"schemas": COMPONENTS},
    }
