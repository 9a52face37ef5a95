"""Wagtail's choosers render without an inline script (the CSP refuses it):
a hidden marker carries the constructor and its options for
static/js/admin-csp.js (issue 12 item 5; the browser test is
tests/e2e/test_admin_forms_csp.py)."""

import json
import re

import pytest
from wagtail.admin.widgets import AdminPageChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser
from wagtail.documents.widgets import AdminDocumentChooser
from wagtail.snippets.widgets import AdminSnippetChooser

from proposals.models import Agency

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "widget, starter",
    [
        (AdminSnippetChooser(Agency), "SnippetChooser"),
        (AdminPageChooser(), "PageChooser"),
        (AdminDocumentChooser(), "DocumentChooser"),
        (AdminTaskChooser(), "createTaskChooser"),
    ],
)
def test_a_chooser_leaves_a_marker_instead_of_a_script(widget, starter):
    html = widget.render("target_opd", None, attrs={"id": "id_target_opd"})
    assert "<script" not in html
    marker = re.search(r'data-portal-(widget|chooser)="([^"]+)"', html)
    assert marker and marker.group(2) == starter
    assert 'data-portal-for="id_target_opd"' in html
    if marker.group(1) == "widget":
        config = re.search(r'data-portal-config="([^"]+)"', html).group(1)
        assert "modalUrl" in json.loads(config.replace("&quot;", '"'))


def test_a_snippet_choosers_texts_follow_the_readers_language():
    """Wagtail builds a form's widgets once per process: the first reader's
    language must not stay in the buttons for everyone after her."""
    from django.utils import translation

    widget = AdminSnippetChooser(Agency)  # made while one language is active …
    for language in ("en", "id", "en", "id"):  # … drawn for readers of each
        with translation.override(language):
            name = Agency._meta.verbose_name
            html = widget.render("target_opd", None, attrs={"id": "id_target_opd"})
            for msgid in ("Choose %(object)s", "Edit this %(object)s"):
                assert translation.gettext(msgid) % {"object": name} in html
    with translation.override("id"):
        html = widget.render("target_opd", None, attrs={"id": "id_target_opd"})
    assert "Choose " not in html and "Edit this" not in html
