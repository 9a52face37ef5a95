"""Issue 11 item 12 (b): "hidden means gone within minutes everywhere".

Regression: a public photo was sent with ``max-age=86400``, so browsers and
proxies kept showing it for a day after its idea was hidden. Kept page
fragments must not show a hidden idea either."""

import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from proposals import actions
from proposals.images import sanitise_photo
from tests import factories
from tests.security.world import jpeg_bytes

pytestmark = pytest.mark.django_db

MAX_PUBLIC_SECONDS = 300


@pytest.fixture
def photo_idea(child, cycle, moderator, private_media):
    photo = sanitise_photo(ContentFile(jpeg_bytes(), name="foto.jpg"))
    idea = actions.submit(
        child,
        data={
            **factories.IDEA_TEXT,
            "title": "Jembatan gantung ke sekolah",
            "desa": child.child_profile.desa,
            "kecamatan": child.child_profile.desa.kecamatan,
        },
        cycle=cycle,
        photo=photo,
    )
    return factories.moderator_approves(idea, moderator)


def test_a_public_photo_is_kept_for_minutes_not_a_day(photo_idea):
    anon = Client()
    for width in (0, 480, 960):
        response = anon.get(f"/usulan/{photo_idea.pk}/foto/{width}/")
        assert response.status_code == 200, width
        cache_control = response["Cache-Control"]
        max_age = int(re.search(r"max-age=(\d+)", cache_control).group(1))
        assert max_age <= MAX_PUBLIC_SECONDS, cache_control


def test_a_hidden_idea_leaves_kept_pages_and_its_photo_at_once(photo_idea):
    anon = Client()
    title = photo_idea.title
    # The list and the idea's page are rendered and kept.
    assert title in anon.get("/usulan/").content.decode()
    assert title in anon.get(f"/usulan/{photo_idea.pk}/").content.decode()
    assert anon.get(f"/usulan/{photo_idea.pk}/foto/480/").status_code == 200
    for _n in range(actions.REPORT_THRESHOLD):
        actions.report(photo_idea, factories.make_child(verified=True), "rude")
    assert title not in anon.get("/usulan/").content.decode()
    assert title not in anon.get("/usulan/?sort=newest").content.decode()
    assert anon.get(f"/usulan/{photo_idea.pk}/").status_code == 404
    response = anon.get(f"/usulan/{photo_idea.pk}/foto/480/")
    assert response.status_code == 404
