"""The portal reaches into parts of its dependencies that are not public API.
Each such place has a test here that fails loudly when an upgrade changes it
(issue 13 item 6); the exact tested versions are in requirements/lock.txt.

- asgiref: ``SyncToAsync.threadlocal.main_event_loop`` (voting/live.py);
- Django: ``RedisCacheClient.get_client``/``incr`` and the private helpers
  portal/core/cache.py builds on, ``RedisCache._class``/``_cache``;
- Wagtail: ``BaseChooser.render`` (copied in portal/core/chooser_csp.py), the
  texts of ``AdminSnippetChooser.__init__`` (kept lazy there) and
  the seven admin templates the portal overrides (templates/wagtailadmin/,
  portal/core/templates/wagtailadmin/).

A fingerprint is the SHA-256 of the upstream text at the locked version. When
one fails after an upgrade: read the upstream change, carry it into the
override (or drop the override when upstream now does the right thing), then
put the new fingerprint here.
"""

import ast
import asyncio
import hashlib
import inspect
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def fingerprint(text):
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def assert_unchanged(what, text, expected, override):
    actual = fingerprint(text)
    assert actual == expected, (
        f"{what} changed upstream (fingerprint {actual}, tested {expected}). "
        f"Compare it with {override}, carry the change over, then update the "
        f"fingerprint in {Path(__file__).name}."
    )


# --- asgiref -----------------------------------------------------------------


def test_sync_to_async_marks_its_thread_with_the_calling_loop():
    """voting/live.py tells "inside sync_to_async" (use async_to_sync) from a
    plain sync worker (keep a loop per thread) by this attribute."""
    from asgiref.sync import SyncToAsync, sync_to_async

    from voting import live

    assert isinstance(SyncToAsync.threadlocal, threading.local)
    seen = {}

    def inside():
        seen["loop"] = getattr(SyncToAsync.threadlocal, "main_event_loop", None)

    async def main():
        await sync_to_async(inside)()
        return asyncio.get_running_loop()

    loop = asyncio.run(main())
    assert seen["loop"] is loop

    outside = {}
    thread = threading.Thread(
        target=lambda: outside.setdefault(
            "loop", getattr(SyncToAsync.threadlocal, "main_event_loop", None)
        )
    )
    thread.start()
    thread.join()
    assert outside["loop"] is None
    assert "SyncToAsync.threadlocal" in inspect.getsource(live._send)


# --- Django's Redis cache client ---------------------------------------------


def test_djangos_redis_client_still_has_what_portal_cache_builds_on():
    from django.core.cache.backends import redis as django_redis

    from portal.core import cache

    client = django_redis.RedisCacheClient
    assert list(inspect.signature(client.get_client).parameters) == [
        "self",
        "key",
        "write",
    ]
    assert list(inspect.signature(client.incr).parameters) == ["self", "key", "delta"]
    assert list(inspect.signature(client._get_connection_pool_index).parameters) == [
        "self",
        "write",
    ]
    assert list(inspect.signature(client._get_connection_pool).parameters) == [
        "self",
        "write",
    ]
    # The methods portal.core.cache.RedisCacheClient replaces.
    assert_unchanged(
        "django.core.cache.backends.redis.RedisCacheClient.get_client",
        inspect.getsource(client.get_client),
        "ba56fb39ace75b84",
        "portal/core/cache.py RedisCacheClient.get_client",
    )
    assert_unchanged(
        "django.core.cache.backends.redis.RedisCacheClient.incr",
        inspect.getsource(client.incr),
        "8161a95d6a1db480",
        "portal/core/cache.py RedisCacheClient.incr",
    )
    # RedisCache picks its client class through ``_class``; no connection is
    # made by building the objects.
    backend = cache.ResilientRedisCache("redis://127.0.0.1:1/0", {})
    assert isinstance(backend._cache, cache.RedisCacheClient)
    assert isinstance(backend._cache._client, type)
    assert backend._cache.get_client() is backend._cache.get_client(write=True)


# --- Wagtail -----------------------------------------------------------------


def wagtail_source(module_file, class_name, method):
    import wagtail

    path = Path(wagtail.__file__).parent / module_file
    text = path.read_text()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == method:
                    return ast.get_source_segment(text, item)
    raise AssertionError(f"{class_name}.{method} is gone from wagtail/{module_file}")


def test_wagtails_chooser_render_is_the_one_chooser_csp_copies():
    from wagtail.admin.widgets.chooser import BaseChooser

    from portal.core import chooser_csp

    original = wagtail_source("admin/widgets/chooser.py", "BaseChooser", "render")
    assert "render_js_init" in original and "<script>" in original
    assert_unchanged(
        "wagtail.admin.widgets.chooser.BaseChooser.render",
        original,
        "0cd7d42ae7b3c43f",
        "portal/core/chooser_csp.py render_without_inline_script",
    )
    for name in ("get_value_data", "render_html", "get_js_init_options"):
        assert callable(getattr(BaseChooser, name)), name
    assert BaseChooser.render is chooser_csp.render_without_inline_script


def test_wagtails_snippet_chooser_texts_are_the_ones_chooser_csp_keeps_lazy():
    from wagtail.snippets.widgets import AdminSnippetChooser

    from portal.core import chooser_csp

    original = wagtail_source("snippets/widgets.py", "AdminSnippetChooser", "__init__")
    for attribute, msgid in chooser_csp.SNIPPET_CHOOSER_TEXTS.items():
        assert f'self.{attribute} = _("{msgid}")' in original, attribute
    assert_unchanged(
        "wagtail.snippets.widgets.AdminSnippetChooser.__init__",
        original,
        "35df87a3c3e31ba6",
        "portal/core/chooser_csp.py keep_texts_lazy",
    )
    assert AdminSnippetChooser.__init__.portal_lazy_texts


UPSTREAM_TEMPLATES = Path(__import__("wagtail.admin").admin.__file__).parent
OVERRIDES = {
    # template: (fingerprint of Wagtail's own, our override)
    "shared/headers/_actions.html": (
        "facea723b6b91762",
        "templates/wagtailadmin/shared/headers/_actions.html",
    ),
    "tables/boolean_cell.html": (
        "f52d1f7945b2b176",
        "templates/wagtailadmin/tables/boolean_cell.html",
    ),
    "panels/inline_panel.html": (
        "195bb0b199edb062",
        "portal/core/templates/wagtailadmin/panels/inline_panel.html",
    ),
    "panels/multiple_chooser_panel.html": (
        "673bc9b26ca95c03",
        "portal/core/templates/wagtailadmin/panels/multiple_chooser_panel.html",
    ),
    "widgets/date_input.html": (
        "2557f7a4fd543d7c",
        "portal/core/templates/wagtailadmin/widgets/date_input.html",
    ),
    "widgets/datetime_input.html": (
        "479d8ddeaa73d2fd",
        "portal/core/templates/wagtailadmin/widgets/datetime_input.html",
    ),
    "widgets/time_input.html": (
        "536917c544a13563",
        "portal/core/templates/wagtailadmin/widgets/time_input.html",
    ),
}


def upstream(name):
    return (UPSTREAM_TEMPLATES / "templates" / "wagtailadmin" / name).read_text()


def test_every_wagtailadmin_override_is_listed():
    found = {
        str(path.relative_to(base))
        for base in (
            ROOT / "templates" / "wagtailadmin",
            ROOT / "portal" / "core" / "templates" / "wagtailadmin",
        )
        for path in base.rglob("*.html")
    }
    assert found == set(OVERRIDES), "list a new override (and its test) here"


@pytest.mark.parametrize("name", sorted(OVERRIDES))
def test_wagtails_template_is_the_one_the_override_was_made_from(name):
    expected, override = OVERRIDES[name]
    assert (ROOT / override).exists()
    assert_unchanged(
        f"Wagtail's wagtailadmin/{name}", upstream(name), expected, override
    )


def test_the_overrides_still_fit_wagtails_structure():
    """What each override relies on, said in words (the fingerprints above
    catch any change; these say what must stay true)."""
    actions = upstream("shared/headers/_actions.html")
    assert 'id="w-slim-header-buttons"' in actions and "{{ actions }}" in actions
    cell = upstream("tables/boolean_cell.html")
    assert "value is None" in cell and 'name="check"' in cell and 'name="cross"' in cell
    inline = upstream("panels/inline_panel.html")
    assert "{% block js_init %}" in inline
    assert "new InlinePanel(JSON.parse(" in inline and "options_json" in inline
    multiple = upstream("panels/multiple_chooser_panel.html")
    assert '{% extends "wagtailadmin/panels/inline_panel.html" %}' in multiple
    assert "new MultipleChooserPanel(JSON.parse(" in multiple
    assert "chooser_widget_definition|json_script:script_id" in multiple
    for widget, starter in (
        ("date", "initDateChooser"),
        ("datetime", "initDateTimeChooser"),
        ("time", "initTimeChooser"),
    ):
        text = upstream(f"widgets/{widget}_input.html")
        assert f"{{% include 'django/forms/widgets/{widget}.html' %}}" in text
        assert f"{starter}(" in text and "widget.config_json" in text


@pytest.mark.django_db
def test_wagtails_date_widgets_render_the_portals_markers():
    from wagtail.admin.widgets import (
        AdminDateInput,
        AdminDateTimeInput,
        AdminTimeInput,
    )

    for widget, starter in (
        (AdminDateInput(), "initDateChooser"),
        (AdminDateTimeInput(), "initDateTimeChooser"),
        (AdminTimeInput(), "initTimeChooser"),
    ):
        html = widget.render("when", None, attrs={"id": "id_when"})
        assert "<script" not in html
        assert f'data-portal-chooser="{starter}"' in html
        assert 'data-portal-for="id_when"' in html


def test_the_boolean_cell_and_header_actions_render_in_indonesian():
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("id"):
        cell = render_to_string(
            "wagtailadmin/tables/boolean_cell.html",
            {"value": True, "column": None},
        )
        actions = render_to_string(
            "wagtailadmin/shared/headers/_actions.html", {"actions": "X"}
        )
    assert "Ya" in cell and "True" not in cell
    assert 'id="w-slim-header-buttons"' in actions and "X" in actions
