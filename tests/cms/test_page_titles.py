"""Every page's title names the page, then the portal: "Ide anak · Musrenbang
Anak Bengkayang". A browser tab, a bookmark and a screen reader announce it
first. (The separator used to depend on a Wagtail-only variable, so every
Django page read "Ide anakMusrenbang Anak Bengkayang".)"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from portal.accounts.models import User
from proposals.models import Proposal

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def title_of(response):
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert match, response.request["PATH_INFO"]
    return match.group(1).strip()


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def test_every_page_template_names_its_page():
    """A template on the site's layout gives a title of its own (or extends
    one that does); the layout adds the portal's name."""
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        parent = re.search(r'{%\s*extends\s+"([^"]+)"', text)
        if not parent or parent.group(1) != "base.html":
            continue
        title = re.search(r"{%\s*block title\s*%}(.*?){%\s*endblock", text, re.S)
        assert title and title.group(1).strip(), template


def test_pages_read_their_name_then_the_portals(demo):
    from wagtail.models import Site

    from portal.core.models import PortalSettings

    site_name = PortalSettings.for_site(
        Site.objects.get(is_default_site=True)
    ).site_name
    idea = Proposal.objects.public().first()
    child = User.objects.filter(child_profile__isnull=False).first()
    visitor, signed_in = Client(), Client()
    signed_in.force_login(child)
    pages = {
        visitor: [
            "/",
            "/cara-ikut/",
            "/usulan/",
            f"/usulan/{idea.pk}/",
            "/transparansi/",
            "/akun/masuk/",
            "/akun/daftar/",
            "/tidak-ada-halaman-ini/",
        ],
        signed_in: ["/saya/", "/usulan/baru/", "/saya/nama/"],
    }
    for client, paths in pages.items():
        for path in paths:
            title = title_of(client.get(path))
            page, _, portal = title.rpartition(" · ")
            assert portal == site_name and page.strip(), (path, title)
