import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def compiled():
    call_command("compile_translations", verbosity=0)


def test_indonesian_by_default_even_for_an_english_phone(client, regions):
    html = client.get("/akun/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    assert b'<html lang="id">' in html
    assert b"Nama pengguna" in html


def test_the_language_switch_turns_the_interface_english(client, regions):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/akun/masuk/"})
    assert response.status_code == 302
    html = client.get("/akun/masuk/").content.decode()
    assert '<html lang="en">' in html
    assert "Username" in html and "Log in" in html
    assert "Nama pengguna" not in html


def test_every_interface_string_has_an_english_translation():
    import polib
    from django.conf import settings

    po = polib.pofile(str(settings.BASE_DIR / "locale/en/LC_MESSAGES/django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def po_keys(path):
    """(msgctxt, msgid) of every entry of a .po file, in order."""
    keys, context, current, field = [], "", None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgctxt "):
            context, field = line[8:], "ctxt"
        elif line.startswith("msgid "):
            current, field = line[6:], "id"
        elif line.startswith('"') and field == "ctxt":
            context += line
        elif line.startswith('"') and field == "id":
            current += line
        else:
            if field == "id" and current != '""':
                keys.append((context, current))
            if field == "id":
                context = ""
            field = None
    if field == "id" and current != '""':
        keys.append((context, current))
    return keys


@pytest.mark.parametrize("language", ["en", "id"])
def test_no_message_is_translated_twice(language):
    """Two engineers adding the same text keep two entries after a merge;
    gettext then uses one of them silently (and msgfmt refuses the file)."""
    from collections import Counter
    from pathlib import Path

    from django.conf import settings

    path = Path(settings.BASE_DIR, "locale", language, "LC_MESSAGES", "django.po")
    twice = [key for key, n in Counter(po_keys(path)).items() if n > 1]
    assert twice == []


def test_every_wagtail_script_message_reaches_staff_in_indonesian(client):
    """The texts Wagtail's admin scripts draw (the sidebar's toggles, the
    comments, the StreamField and Draftail menus, "Ya"/"Tidak" in its
    dialogs) come from its JavaScript catalogue, whose ``id_ID`` lacks most
    of them; the portal's ``locale/id/LC_MESSAGES/djangojs.po`` fills the
    gaps. Every message of Wagtail's English catalogues must be in the
    catalogue the admin serves in Indonesian."""
    import json
    import re
    from pathlib import Path

    import polib
    import wagtail
    from django.urls import reverse

    from tests.factories import make_staff

    client.force_login(make_staff("Moderator"))
    script = client.get(
        reverse("wagtailadmin_javascript_catalog"), HTTP_ACCEPT_LANGUAGE="id"
    ).content.decode()
    served = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S)[1])
    wanted = {
        entry.msgid
        for po in Path(wagtail.__file__).parent.glob(
            "**/locale/en/LC_MESSAGES/djangojs.po"
        )
        for entry in polib.pofile(str(po))
        if entry.msgid and entry.msgid != entry.msgid.upper()  # not "PDF", "ID"
    }
    assert sorted(wanted - set(served)) == []
