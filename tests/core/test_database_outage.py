"""While PostgreSQL does not answer, every page is a friendly 503 that asks
the child to try again, not a server error."""

import json
import subprocess
import sys
from pathlib import Path

from tests.core.test_health_and_settings import clean_environ

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
out = []
for path, accept in [("/usulan/", "text/html"), ("/usulan/1/", "application/json"),
                     ("/tidak-ada-halaman-ini/", "text/html")]:
    r = client.get(path, HTTP_ACCEPT=accept)
    out.append({"status": r.status_code, "retry": r.get("Retry-After"),
                "type": r["Content-Type"], "body": r.content.decode()})
print("PROBE " + json.dumps(out))
"""


def probe(database_url):
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={
            **clean_environ(),
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": database_url,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("PROBE ")), None)
    assert line, result.stderr
    return json.loads(line.removeprefix("PROBE "))


def test_pages_answer_503_and_ask_to_try_again_while_the_database_is_down():
    html, data, unknown = probe("postgres://nobody@127.0.0.1:1/nothing")

    assert html["status"] == 503
    assert html["retry"] == "30"
    assert html["type"].startswith("text/html")
    assert "Sebentar lagi, ya" in html["body"]
    assert "Coba lagi dalam beberapa detik" in html["body"]
    assert '<html lang="id">' in html["body"]

    assert data["status"] == 503
    assert data["type"] == "application/json"
    assert "Coba lagi" in json.loads(data["body"])["error"]

    # Even a page that would be a 404 needs the database to find out.
    assert unknown["status"] == 503
