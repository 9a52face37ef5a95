"""The open data API: filters, pagination, errors, headers, the OpenAPI
schema matching the real responses, and no personal data in any key."""

import re

import pytest

from portal.evidence import openapi

pytestmark = pytest.mark.django_db

# Keys that would carry personal data. A key is split into words (snake
# case, kebab case, camelCase); a word matching one of these fails the test.
DENY_WORDS = {
    "ip",
    "age",
    "umur",
    "usia",
    "name",
    "nama",
    "user",
    "wali",
    "sex",
    "gender",
    "kelamin",
    "nik",
    "alamat",
    "address",
    "school",
    "sekolah",
    "password",
    "token",
    "session",
}
DENY_STEMS = [
    "username",
    "nickname",
    "guardian",
    "birth",
    "lahir",
    "consent",
    "persetujuan",
    "disab",
    "email",
    "phone",
    "telepon",
    "whatsapp",
    "proposer",
    "pengusul",
    "supporter",
    "member",
    "child",
    "anak",
    "actor",
    "author",
    "entered_by",
    "decided_by",
    "awarded_by",
    "uploaded",
    "verified",
    "photo",
    "foto",
    "scan",
]
# OpenAPI keywords that look like a name but describe the API itself: the
# ``name`` of a query parameter and of the licence.
SCHEMA_KEYWORDS = {("parameters", "name"), ("license", "name")}


def words(key):
    key = re.sub(r"([a-z])([A-Z])", r"\1_\2", key).lower()
    return [w for w in re.split(r"[^a-z0-9]+", key) if w]


def is_personal(key):
    lowered = key.lower()
    return bool(set(words(key)) & DENY_WORDS) or any(
        stem in lowered for stem in DENY_STEMS
    )


def walk_keys(data, path=()):
    """Every (path, key) of a JSON document."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield path, key
            yield from walk_keys(value, (*path, key))
    elif isinstance(data, list):
        for value in data:
            yield from walk_keys(value, path)


def assert_no_personal_keys(document, *, schema=False):
    keys = 0
    for path, key in walk_keys(document):
        keys += 1
        if schema and path and (path[-1], key) in SCHEMA_KEYWORDS:
            continue
        assert not is_personal(key), f"personal-data key {key!r} at {'/'.join(path)}"
    assert keys > 0


def test_the_deny_list_catches_what_it_should():
    for key in [
        "username",
        "nickname",
        "guardian_name",
        "birth_year",
        "tahun_lahir",
        "age_band",
        "consent_method",
        "disability",
        "email",
        "ip_address",
        "user_id",
        "proposer",
        "nama",
        "userName",
    ]:
        assert is_personal(key), key
    for key in ["description", "page", "support_count", "kecamatan", "label", "title"]:
        assert not is_personal(key), key


def responses(client, world):
    """Every kind of response the API gives, with their URL."""
    year = world.cycle.year
    urls = [
        "/api/v1/usulan/",
        "/api/v1/usulan/?page_size=2",
        "/api/v1/usulan/?page_size=2&page=2",
        "/api/v1/usulan/?kecamatan=ledo&cluster=klaster_3",
        f"/api/v1/usulan/?year={year}&tiket_emas=true&adopted=true",
        f"/api/v1/usulan/?tahun={year}",
        "/api/v1/usulan/?status=belum_dipilih",
        "/api/v1/usulan/?stage=not_accepted",
        "/api/v1/usulan/?adopted=false&tiket_emas=false",
        f"/api/v1/usulan/{world.ideas['A'].pk}/",
        f"/api/v1/usulan/{world.ideas['F'].pk}/",
        "/api/v1/statistik/",
        f"/api/v1/statistik/?year={year}",
        f"/api/v1/statistik/?tahun={year}",
        "/api/v1/usulan/?year=abc",
        "/api/v1/usulan/?kecamatan=atlantis",
        f"/api/v1/usulan/{world.ideas['C'].pk}/",
        "/api/v1/schema/",
    ]
    return [(url, client.get(url)) for url in urls]


def test_no_key_of_any_response_carries_personal_data(client, world):
    for url, response in responses(client, world):
        assert response["Content-Type"].startswith("application/json"), url
        assert_no_personal_keys(response.json(), schema=url.endswith("/schema/"))
        body = response.content.decode()
        for child in world.children.values():
            assert f'"{child.username}"' not in body, url
            assert f'"{child.nickname}"' not in body, url
        assert "Ibu Wali" not in body


def test_only_published_ideas_are_listed(client, world):
    data = client.get("/api/v1/usulan/").json()
    titles = {row["title"] for row in data["results"]}
    assert data["count"] == 7 == len(titles)
    assert "Ide yang tidak diterbitkan" not in titles
    assert "Ide yang masih dimoderasi" not in titles
    assert client.get(f"/api/v1/usulan/{world.ideas['C'].pk}/").status_code == 404
    assert client.get(f"/api/v1/usulan/{world.ideas['D'].pk}/").status_code == 404


def test_filters(client, world):
    def ids(query):
        response = client.get("/api/v1/usulan/?" + query)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    i = {key: idea.pk for key, idea in world.ideas.items()}
    ledo = world.ideas["A"].kecamatan
    assert ids("kecamatan=ledo") == {i["A"], i["B"], i["G"], i["H"], i["P"]}
    assert ids(f"kecamatan={ledo.pk}") == ids("kecamatan=ledo")
    assert ids("kecamatan=sungai-raya") == {i["E"], i["F"]}
    assert ids("cluster=klaster_3") == {i["E"], i["F"], i["G"]}
    assert ids(f"year={world.previous.year}") == {i["P"]}
    # v1 first called it ``tahun``: still accepted (docs/kla-evidence.md).
    assert ids(f"tahun={world.previous.year}") == {i["P"]}
    assert ids("tiket_emas=true") == {i["A"], i["B"], i["E"], i["G"]}
    assert ids("tiket_emas=false") == {i["F"], i["H"], i["P"]}
    assert ids("adopted=true") == {i["A"], i["G"]}
    assert ids("adopted=false") == {i["B"], i["E"], i["F"], i["H"], i["P"]}
    assert ids("status=adopted") == {i["A"]}
    assert ids("status=implemented") == {i["G"]}
    assert ids("stage=not_accepted") == {i["B"]}
    assert ids("status=golden_ticket") == {i["E"]}
    assert ids("status=belum_dipilih") == {i["F"], i["H"], i["P"]}
    assert ids("kecamatan=ledo&adopted=true&cluster=klaster_4") == {i["A"]}


@pytest.mark.parametrize(
    "query",
    [
        "kecamatan=atlantis",
        "kecamatan=999999",
        "cluster=klaster_9",
        "status=terbang",
        "year=dua-ribu",
        "tahun=dua-ribu",
        "tiket_emas=mungkin",
        "adopted=yes please",
        "page=0",
        "page=x",
        "page_size=-3",
    ],
)
def test_invalid_filters_answer_400_in_indonesian(client, world, query):
    response = client.get("/api/v1/usulan/?" + query)
    assert response.status_code == 400
    message = response.json()["error"]
    assert any(word in message for word in ("tidak dikenal", "harus"))
    assert response["Access-Control-Allow-Origin"] == "*"


def test_pagination(client, world):
    first = client.get("/api/v1/usulan/?page_size=3").json()
    assert first["count"] == 7 and len(first["results"]) == 3
    assert first["previous"] is None
    assert first["next"].endswith("/api/v1/usulan/?page_size=3&page=2")
    third = client.get("/api/v1/usulan/?page_size=3&page=3").json()
    assert len(third["results"]) == 1 and third["next"] is None
    assert third["previous"].endswith("page=2")
    seen = [r["id"] for r in first["results"]]
    seen += [r["id"] for r in client.get(first["next"]).json()["results"]]
    seen += [r["id"] for r in third["results"]]
    assert len(set(seen)) == 7
    assert client.get("/api/v1/usulan/?page=9").status_code == 404
    big = client.get("/api/v1/usulan/?page_size=500").json()
    assert len(big["results"]) == 7  # capped at 100, fewer here
    default = client.get("/api/v1/usulan/").json()
    assert len(default["results"]) == 7


def test_headers_and_read_only(client, world):
    response = client.get("/api/v1/usulan/")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age" in response["Cache-Control"]
    assert client.post("/api/v1/usulan/").status_code == 405
    assert client.delete(f"/api/v1/usulan/{world.ideas['A'].pk}/").status_code == 405


def test_detail_carries_outcomes_and_adoption(client, world):
    data = client.get(f"/api/v1/usulan/{world.ideas['A'].pk}/").json()
    assert data["status"] == "adopted"
    assert data["tiket_emas"]["level"] == "kecamatan"
    # In the order recorded: the desa twice, then the later levels.
    assert [o["level"] for o in data["outcomes"]] == [
        "desa",
        "desa",
        "kecamatan",
        "kabupaten",
    ]
    assert data["adoption"]["pagu"] == 150_000_000
    assert data["adoption"]["opd"]["label"] == "Dinas Pendidikan dan Kebudayaan"
    assert data["adoption"]["progress_percent"] == 40
    assert data["support_count"] == 5
    plain = client.get(f"/api/v1/usulan/{world.ideas['F'].pk}/").json()
    assert plain["tiket_emas"] is None and plain["adoption"] is None
    assert plain["outcomes"] == []


def test_statistics_are_suppressed(client, world):
    data = client.get(f"/api/v1/statistik/?year={world.cycle.year}").json()
    headline = {h["key"]: h for h in data["headline"]}
    assert headline["children_registered"] == {
        "key": "children_registered",
        "label": "Anak terdaftar",
        "value": 13,
        "suppressed": False,
    }
    # Counts of public things are exact even below 5 (issue 12 item 11).
    assert headline["golden_tickets"]["value"] == 4
    assert headline["golden_tickets"]["suppressed"] is False
    assert headline["ideas_adopted"] == {
        "key": "ideas_adopted",
        "label": "Ide masuk APBD",
        "value": 2,
        "suppressed": False,
    }
    assert data["adoption"]["pagu_total"] == 225_000_000  # money is not a count
    for breakdown in data["breakdowns"]:
        public_ideas = breakdown["key"] in ("klaster", "ide_kecamatan")
        for row in breakdown["rows"]:
            value = row["value"]
            if public_ideas:
                assert value is not None and not row["suppressed"], row
                continue
            assert value is None or value == 0 or value >= 5, (breakdown["key"], row)
            assert row["suppressed"] == (value is None)
    assert data["answer_time"]["median_days"] == 10.0  # answers are public
    assert client.get("/api/v1/statistik/?year=1999").status_code == 404
    assert client.get("/api/v1/statistik/?year=x").status_code == 400
    assert client.get("/api/v1/statistik/?tahun=1999").status_code == 404


def resolve(schema, node):
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        return schema["components"]["schemas"][name]
    return node


def check_against_schema(schema, node, value, where):
    """Every object has exactly the documented properties, recursively."""
    node = resolve(schema, node)
    if "oneOf" in node:
        if value is None:
            return
        node = resolve(schema, node["oneOf"][0])
    types = node.get("type")
    types = types if isinstance(types, list) else [types]
    if value is None:
        assert "null" in types, f"{where}: null not documented"
        return
    if isinstance(value, dict):
        assert "object" in types, where
        documented = set(node["properties"])
        assert set(value) == documented, (
            f"{where}: undocumented {set(value) - documented}, "
            f"missing {documented - set(value)}"
        )
        for key, item in value.items():
            check_against_schema(
                schema, node["properties"][key], item, f"{where}.{key}"
            )
    elif isinstance(value, list):
        assert "array" in types, where
        for item in value:
            check_against_schema(schema, node["items"], item, f"{where}[]")
    else:
        python = {
            "string": str,
            "integer": int,
            "number": (int, float),
            "boolean": bool,
        }
        assert any(isinstance(value, python[t]) for t in types if t in python), (
            f"{where}: {value!r} is not {types}"
        )
        if "enum" in node:
            assert value in node["enum"], f"{where}: {value!r} not in enum"


def test_the_openapi_schema_matches_the_real_responses(client, world):
    schema = client.get("/api/v1/schema/").json()
    assert schema["openapi"].startswith("3.1")
    assert set(schema["paths"]) == {
        "/api/v1/usulan/",
        "/api/v1/usulan/{id}/",
        "/api/v1/statistik/",
        "/api/v1/schema/",
    }
    checked = 0
    for url, response in responses(client, world):
        if url.endswith("/schema/"):
            continue
        path = url.split("?")[0]
        template = re.sub(r"/\d+/$", "/{id}/", path)
        operation = schema["paths"][template]["get"]
        documented = operation["responses"][str(response.status_code)]
        ref = documented["content"]["application/json"]["schema"]
        check_against_schema(schema, ref, response.json(), url)
        checked += 1
        # Every query parameter used is documented.
        names = {p["name"] for p in operation.get("parameters", [])}
        if "?" in url:
            for pair in url.split("?")[1].split("&"):
                assert pair.split("=")[0] in names, (url, pair)
    assert checked >= 14
    assert (
        openapi.schema()["components"]["schemas"]["Usulan"]["additionalProperties"]
        is False
    )


def test_api_query_counts_do_not_grow_with_the_page(
    client, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        client.get("/api/v1/usulan/?page_size=100")
    with django_assert_max_num_queries(8):
        client.get(f"/api/v1/usulan/{world.ideas['A'].pk}/")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/usulan/?page_size=2",
        "/api/v1/usulan/{pk}/",
        "/api/v1/usulan/999999/",
        "/api/v1/statistik/",
        "/api/v1/statistik/?tahun=x",
        "/api/v1/schema/",
    ],
)
def test_head_answers_the_headers_of_get_without_a_body(client, world, url):
    """Issue 12 item 12: HEAD is not 405; its headers are GET's (with the
    length of GET's body) and it carries no body; the schema documents it."""
    url = url.format(pk=world.ideas["A"].pk)
    get, head = client.get(url), client.head(url)
    assert head.status_code == get.status_code
    assert head.content == b""
    assert int(head["Content-Length"]) == len(get.content) > 0
    for name in (
        "Content-Type",
        "Cache-Control",
        "Access-Control-Allow-Origin",
        "Content-Security-Policy",
    ):
        assert head[name] == get[name], name
    assert "HEAD" in client.post(url.split("?")[0])["Allow"]
    template = re.sub(r"/\d+/$", "/{id}/", url.split("?")[0])
    operation = openapi.schema()["paths"][template]["head"]
    assert str(get.status_code) in operation["responses"]
