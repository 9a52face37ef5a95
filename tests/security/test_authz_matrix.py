"""The authorisation matrix: every URL of the URL configuration, requested
as every role, compared with the table below.

The patterns are read from ``get_resolver()``, so a new URL without a row in
``EXPECTED`` (or a reason in ``EXCLUDED``) fails the test with its name.
Adding a row: one entry keyed by the URL name (``namespace:name``; the route
when the pattern has no name), built with ``row()`` from a default outcome
and the roles that differ; a path parameter that cannot be guessed from
``PARAMS`` gets an entry there; a view that only accepts POST goes in
``POST``. To print what each role gets today (to review, never to copy
blindly): ``AUTHZ_MATRIX_PRINT=1 pytest tests/security/test_authz_matrix.py -s``.

Outcomes: an HTTP status (200, 403, 404, 405), "login" (redirected to a
sign-in page: /akun/masuk/ or /admin/login/), "302" (redirected elsewhere).
POST requests are made with the body in ``POST`` and rolled back afterwards.
"""

import os
import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.module_rows import rows_for_the_module, shared_copy
from tests.security.world import ROLES, build_world

pytestmark = pytest.mark.django_db

LOGIN = "login"
REDIRECT = "302"
DENIED = "denied"  # Wagtail's refusal: back to the dashboard with a message


def row(default, **overrides):
    """The outcome of each role: ``default`` unless named in ``overrides``."""
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


# Patterns deliberately left out of the matrix: Wagtail's and Django's
# generic views of their own models (images, documents, users, groups,
# sites, redirects, workflows, reports, settings, collections, choosers,
# the editing internals). They are guarded by Wagtail's own permission
# checks and tested upstream; the adult roles here get no permission on
# those models (tests/accounts/test_roles.py). Matched by name prefix.
EXCLUDED = {
    "admin:": "Django admin (superusers only) except the regions rows below",
    "django-admin/": "Django admin's unnamed redirects and catch-all",
    "admin/": "the Wagtail admin's unnamed test404 page and catch-all",
    "wagtailadmin_pages:": "page editing internals; the explorer and edit have rows",
    "wagtailadmin_api:": "the explorer's internal JSON API (Wagtail)",
    "wagtailadmin_collections:": "Wagtail collections",
    "wagtailadmin_editing_sessions:": "Wagtail editing sessions",
    "wagtailadmin_choose_page": "Wagtail page chooser",
    "wagtailadmin_choose_page_": "Wagtail page chooser",
    "wagtailimages": "Wagtail images (not used by the portal's models)",
    "wagtaildocs:": "Wagtail documents admin",
    "wagtaildocs_chooser:": "Wagtail documents chooser",
    "wagtailsites:": "Wagtail sites",
    "wagtailredirects:": "Wagtail redirects",
    "wagtailforms:": "Wagtail form submissions (no form pages here)",
    "wagtailsettings:": "site settings (Wagtail settings permission)",
    "wagtailembeds:": "embeds (no finders configured)",
    "wagtailsnippets:": "the snippet index of Wagtail",
    "wagtailadmin_tag_autocomplete": "taggit autocomplete",
    "wagtailadmin_": "Wagtail admin chrome: account, login, sprite, jsi18n, ...",
    "wagtail_bulk_action": "Wagtail bulk actions (checked per object by Wagtail)",
    "password_reset": "disabled (WAGTAIL_PASSWORD_RESET_ENABLED = False)",
    "wagtaildocs_authenticate_with_password": "Wagtail document privacy form",
    "wagtailcore_": "Wagtail page privacy forms",
}
# Wagtail's own reports, workflow screens, users and groups, and the admin
# search are never excluded (issue 11 item 10): they list ideas, log entries
# and usernames, so every one of their patterns needs a row, and
# test_wagtail_reports_and_exports_show_a_role_only_what_it_may_see reads
# their bodies and exports.
MUST_COVER = (
    "wagtailadmin_reports:",
    "wagtailadmin_workflows:",
    "wagtailusers_",
    "wagtailadmin_pages:search",
)
# These names match an EXCLUDED prefix but are in the matrix on purpose.
INCLUDED_ANYWAY = {
    "admin:index",
    "admin:regions_kecamatan_changelist",
    "admin:regions_desa_changelist",
    "admin:regions_desa_change",
    "wagtailadmin_home",
    "wagtailadmin_explore_root",
    "wagtailadmin_explore",
    "wagtailadmin_explore_results",
    "wagtailadmin_pages:edit",
}

# Wagtail answers a signed-in adult without the model permission with a
# redirect to the dashboard and a message (DENIED); children have no admin
# access at all and are sent to the admin sign-in page (LOGIN).
EXPECTED = {
    # --- public, accounts, the child's own pages ---
    "healthz": row(200),
    "set_language": row(REDIRECT),
    "javascript-catalog": row(200),
    # Wagtail documents (UANG evidence: attendance lists name children) open
    # only for the roles of the KLA report (and OPD staff for ideas their
    # agency adopted: tests/evidence/test_documents.py); others get a 404.
    "wagtaildocs_serve": row(404, anon=LOGIN, moderator=200, bappeda=200, admin=200),
    "account_signup": row(REDIRECT, anon=200),
    "account_signup_guardian": row(REDIRECT),
    "account_login": row(REDIRECT, anon=200),
    "account_logout": row(200, anon=REDIRECT),
    "account_inactive": row(200),
    "account_reauthenticate": row(200, anon=LOGIN),
    "account_change_password": row(200, anon=LOGIN),
    "account_set_password": row(REDIRECT, anon=LOGIN),
    "account_reset_password": row(200),
    "accounts:my_page": row(200, anon=LOGIN),
    "accounts:my_data": row(200, anon=LOGIN),
    "accounts:my_data_zip": row(200, anon=LOGIN),
    "accounts:delete_account": row(
        REDIRECT, anon=LOGIN, child=200, child_noconsent=200, forum=200
    ),
    # Issue 11 item 14: the admins' sign-in pages only point to /akun/masuk/.
    "admin_sign_in": row(
        REDIRECT, anon=LOGIN, child=403, child_noconsent=403, forum=403
    ),
    "wagtail_sign_in": row(
        DENIED, anon=LOGIN, child=403, child_noconsent=403, forum=403
    ),
    # issue 11 item 6: a child changes their own public name
    "accounts:change_nickname": row(
        REDIRECT, anon=LOGIN, child=200, child_noconsent=200, forum=200
    ),
    "accounts:facilitator_home": row(403, anon=LOGIN, fasilitator=200, admin=200),
    "accounts:batch_accounts": row(403, anon=LOGIN, fasilitator=200, admin=200),
    "accounts:children": row(403, anon=LOGIN, fasilitator=200, admin=200),
    "accounts:child_detail": row(403, anon=LOGIN, fasilitator=200, admin=200),
    "accounts:child_verify_consent": row(
        403, anon=LOGIN, fasilitator=REDIRECT, admin=REDIRECT
    ),
    "accounts:child_forum_anak": row(
        403, anon=LOGIN, fasilitator=REDIRECT, admin=REDIRECT
    ),
    "accounts:child_reset_password": row(403, anon=LOGIN, fasilitator=200, admin=200),
    "accounts:child_revoke_consent": row(403, anon=LOGIN, fasilitator=200, admin=200),
    "proposals:list": row(200),
    "proposals:create": row(
        403, anon=LOGIN, child=200, forum=200, fasilitator=200, admin=200
    ),
    "proposals:detail": row(200),
    "proposals:edit": row(403, anon=LOGIN, child=200),
    # Always back to the idea with a message; refusals are tested in
    # tests/proposals/test_reports_and_safeguarding.py.
    "proposals:report": row(REDIRECT, anon=LOGIN),
    "proposals:photo": row(200),
    "proposals:committee_shortlist": row(403, anon=LOGIN, forum=200),
    "proposals:committee_recommend": row(403, anon=LOGIN, forum=REDIRECT),
    "proposals:layar": row(200),
    "proposals:layar_year": row(200),
    "voting:support": row(403, anon=401, child=200, forum=200),
    "wagtail_serve": row(200),
    # --- Django admin (superusers) and the Wagtail dashboard and explorer ---
    "admin:index": row(REDIRECT, admin=200),
    "admin:regions_kecamatan_changelist": row(REDIRECT, admin=200),
    "admin:regions_desa_changelist": row(REDIRECT, admin=200),
    "admin:regions_desa_change": row(REDIRECT, admin=200),
    "wagtailadmin_home": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailadmin_explore_root": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    "wagtailadmin_explore": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    "wagtailadmin_explore_results": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    "wagtailadmin_pages:edit": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    # --- the portal's own admin screens (proposals/admin_urls.py) ---
    "proposals_admin:redact": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "proposals_admin:escalate": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    # issue 11 item 7: the photo of the revision under review (moderators
    # only; the world's waiting idea has no photo, so theirs is a 404)
    "proposals_admin:revision_photo": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=404,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=404,
    ),
    # issue 11 item 6: the moderator removes a nickname that may not be shown
    "proposals_admin:remove_name": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    # h6: changed public names wait for a moderator's approval
    "proposals_admin:names": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "proposals_admin:not_publish": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "proposals_admin:merge": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "proposals_admin:reports": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "proposals_admin:resolve_reports": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=REDIRECT,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=REDIRECT,
    ),
    "proposals_admin:cases": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=200,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "proposals_admin:case": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=200,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    # Issue 11 items 1, 3, 5: clearing a danger flag is the moderators'; the
    # list of cleared flags and the case's photo are the officer's (and the
    # administrator's). The world's escalated idea has no photo: 404.
    "proposals_admin:clear_danger": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "proposals_admin:clearances": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=200,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "proposals_admin:case_photo": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=404,
        bappeda=DENIED,
        opd=DENIED,
        admin=404,
    ),
    "proposals_admin:shortlist": row(
        LOGIN,
        fasilitator=200,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "proposals_admin:award": row(
        LOGIN,
        fasilitator=REDIRECT,
        moderator=REDIRECT,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=REDIRECT,
    ),
    "proposals_admin:ticket": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "proposals_admin:overdue": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    # --- the KLA evidence (portal/evidence): the report in the admin is for
    # Moderator, Bappeda and Admin (other staff get a plain 403 from
    # report_role_required, children Wagtail's sign-in page like any admin
    # URL); /transparansi/ and the open data API are public.
    "evidence_admin:report": row(
        403,
        anon=LOGIN,
        child=LOGIN,
        child_noconsent=LOGIN,
        forum=LOGIN,
        moderator=200,
        bappeda=200,
        admin=200,
    ),
    "evidence_admin:report_download": row(
        403,
        anon=LOGIN,
        child=LOGIN,
        child_noconsent=LOGIN,
        forum=LOGIN,
        moderator=200,
        bappeda=200,
        admin=200,
    ),
    "evidence:transparency": row(200),
    "evidence:api_ideas": row(200),
    "evidence:api_idea": row(200),
    "evidence:api_statistics": row(200),
    "evidence:api_schema": row(200),
    # --- snippets of the portal's models: ideas, tiket emas, cycles, OPD ---
    # Escalated ideas are hidden from roles outside SEES_DISCLOSURES, and the
    # idea chooser needs a permission on ideas (proposals/viewsets.py).
    "wagtailsnippets_proposals_proposal:list": row(
        LOGIN,
        fasilitator=200,
        moderator=200,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_proposal:list_results": row(
        LOGIN,
        fasilitator=200,
        moderator=200,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_proposal:add": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    "wagtailsnippets_proposals_proposal:edit": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_proposal:delete": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    "wagtailsnippets_proposals_proposal:usage": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_proposal:history": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_proposal:history_results": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_proposal:copy": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    "wagtailsnippets_proposals_proposal:inspect": row(
        LOGIN,
        fasilitator=200,
        moderator=200,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_proposal:revisions_revert": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_proposal:revisions_compare": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_proposal:revisions_unschedule": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_proposal:unpublish": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_proposal:lock": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=405,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=405,
    ),
    "wagtailsnippets_proposals_proposal:unlock": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=405,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=405,
    ),
    "wagtailsnippets_proposals_proposal:workflow_action": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_proposal:collect_workflow_action_data": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_proposal:confirm_workflow_cancellation": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailsnippets_proposals_proposal:workflow_history": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_proposal:workflow_history_detail": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippetchoosers_proposals_proposal:choose": row(
        LOGIN,
        fasilitator=200,
        moderator=200,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippetchoosers_proposals_proposal:choose_results": row(
        LOGIN,
        fasilitator=200,
        moderator=200,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippetchoosers_proposals_proposal:chosen": row(
        LOGIN,
        fasilitator=200,
        moderator=200,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippetchoosers_proposals_proposal:chosen_multiple": row(
        LOGIN,
        fasilitator=200,
        moderator=200,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippetchoosers_proposals_proposal:create": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    "wagtailsnippets_proposals_goldenticket:list": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=200,
        opd=200,
        admin=200,
    ),
    "wagtailsnippets_proposals_goldenticket:list_results": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=200,
        opd=200,
        admin=200,
    ),
    "wagtailsnippets_proposals_goldenticket:add": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    "wagtailsnippets_proposals_goldenticket:edit": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_goldenticket:delete": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    "wagtailsnippets_proposals_goldenticket:usage": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_goldenticket:history": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_goldenticket:history_results": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_goldenticket:copy": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    "wagtailsnippetchoosers_proposals_goldenticket:choose": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailsnippetchoosers_proposals_goldenticket:choose_results": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailsnippetchoosers_proposals_goldenticket:chosen": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailsnippetchoosers_proposals_goldenticket:chosen_multiple": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailsnippetchoosers_proposals_goldenticket:create": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    "wagtailsnippets_proposals_cycle:list": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_cycle:list_results": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_cycle:add": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_cycle:edit": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_cycle:delete": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    "wagtailsnippets_proposals_cycle:usage": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_cycle:history": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_cycle:history_results": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_cycle:copy": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippetchoosers_proposals_cycle:choose": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailsnippetchoosers_proposals_cycle:choose_results": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailsnippetchoosers_proposals_cycle:chosen": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailsnippetchoosers_proposals_cycle:chosen_multiple": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailsnippetchoosers_proposals_cycle:create": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_agency:list": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_agency:list_results": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_agency:add": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_agency:edit": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_agency:delete": row(
        DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN, admin=200
    ),
    "wagtailsnippets_proposals_agency:usage": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_agency:history": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_agency:history_results": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_agency:copy": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippetchoosers_proposals_agency:choose": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailsnippetchoosers_proposals_agency:choose_results": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailsnippetchoosers_proposals_agency:chosen": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailsnippetchoosers_proposals_agency:chosen_multiple": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailsnippetchoosers_proposals_agency:create": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=DENIED,
        perlindungan=DENIED,
        bappeda=200,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_checkword:list": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_checkword:list_results": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_checkword:add": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_checkword:edit": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_checkword:delete": row(
        DENIED,
        anon=LOGIN,
        child=LOGIN,
        child_noconsent=LOGIN,
        forum=LOGIN,
        moderator=200,
        admin=200,
    ),
    "wagtailsnippets_proposals_checkword:usage": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_checkword:history": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_checkword:history_results": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippets_proposals_checkword:copy": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
    "wagtailsnippetchoosers_proposals_checkword:choose": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailsnippetchoosers_proposals_checkword:choose_results": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailsnippetchoosers_proposals_checkword:chosen": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailsnippetchoosers_proposals_checkword:chosen_multiple": row(
        200, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN
    ),
    "wagtailsnippetchoosers_proposals_checkword:create": row(
        LOGIN,
        fasilitator=DENIED,
        moderator=200,
        perlindungan=DENIED,
        bappeda=DENIED,
        opd=DENIED,
        admin=200,
    ),
}
# Issue 11 item 16: facilitators' assignments (admins edit them) and the
# append-only log of their actions (admins read it; nobody changes it).
_ADMIN_ONLY = row(DENIED, anon=LOGIN, child=LOGIN, child_noconsent=LOGIN, forum=LOGIN)
for _view in (
    "index",
    "index_results",
    "add",
    "edit",
    "delete",
    "history",
    "history_results",
    "usage",
):
    EXPECTED[f"penugasan_fasilitator:{_view}"] = {**_ADMIN_ONLY, "admin": 200}
    EXPECTED[f"log_fasilitator:{_view}"] = {
        **_ADMIN_ONLY,
        "admin": 200 if _view in ("index", "index_results") else DENIED,
    }


def admin_only(outcome):
    """Wagtail's own management screens: the administrator only
    (portal/accounts/admin_access.py), children to the sign-in page."""
    return row(
        DENIED,
        anon=LOGIN,
        child=LOGIN,
        child_noconsent=LOGIN,
        forum=LOGIN,
        admin=outcome,
    )


# --- Wagtail's own reports, workflow screens, users and groups, admin
# search (issue 11 item 10): by role, portal/accounts/admin_access.py. The
# site history (the audit log) is for the moderators and the admin only;
# the rest for the admin. The bodies are checked below.
EXPECTED.update(
    {
        "wagtailadmin_reports:site_history": row(
            DENIED,
            anon=LOGIN,
            child=LOGIN,
            child_noconsent=LOGIN,
            forum=LOGIN,
            moderator=200,
            admin=200,
        ),
        **{
            f"wagtailadmin_reports:{name}": admin_only(200)
            for name in (
                "locked_pages",
                "locked_pages_results",
                "workflow",
                "workflow_results",
                "workflow_tasks",
                "workflow_tasks_results",
                "aging_pages",
                "aging_pages_results",
                "page_types_usage",
                "page_types_usage_results",
            )
        },
        "wagtailadmin_pages:search": admin_only(200),
        "wagtailadmin_pages:search_results": admin_only(200),
        **{
            f"wagtailadmin_workflows:{name}": admin_only(200)
            for name in (
                "index",
                "index_results",
                "add",
                "edit",
                "usage",
                "usage_results",
                "add_task",
                "task_index",
                "task_index_results",
                "edit_task",
                "disable",
                "disable_task",
                "task_chooser",
                "task_chooser_results",
                "task_chooser_create",
                "task_chosen",
            )
        },
        "wagtailadmin_workflows:enable": admin_only(405),
        "wagtailadmin_workflows:enable_task": admin_only(405),
        "wagtailadmin_workflows:remove": admin_only(405),
        "wagtailadmin_workflows:select_task_type": admin_only(REDIRECT),
        **{
            f"wagtailusers_{name}": admin_only(200)
            for name in (
                "users:index",
                "users:index_results",
                "users:add",
                "users:edit",
                "users:delete",
                "users:history",
                "users:history_results",
                "users:usage",
                "users:copy",
                "groups:index",
                "groups:index_results",
                "groups:add",
                "groups:edit",
                "groups:delete",
                "groups:history",
                "groups:history_results",
                "groups:usage",
            )
        },
    }
)
EXPECTED["wagtailadmin_reports:site_history_results"] = EXPECTED[
    "wagtailadmin_reports:site_history"
]
# Only to draft rows (see the docstring): request every pattern, expect nothing.
OBSERVE = bool(os.environ.get("AUTHZ_MATRIX_PRINT"))


def snippet_rows(model, *, view, edit, add=None, delete=None, **extra):
    """The snippet views of one model: ``view`` (list, results, usage,
    history, inspect, choosers), ``edit``, ``add``, ``delete``."""
    add = add or edit
    delete = delete or add
    base = f"wagtailsnippets_proposals_{model}"
    chooser = f"wagtailsnippetchoosers_proposals_{model}"
    rows = {
        f"{base}:list": view,
        f"{base}:list_results": view,
        f"{base}:add": add,
        f"{base}:edit": edit,
        f"{base}:delete": delete,
        f"{base}:usage": view,
        f"{base}:history": view,
        f"{base}:history_results": view,
        f"{base}:copy": add,
        f"{chooser}:choose": view,
        f"{chooser}:choose_results": view,
        f"{chooser}:chosen": view,
        f"{chooser}:chosen_multiple": view,
        f"{chooser}:create": add,
    }
    rows.update({f"{base}:{name}": outcome for name, outcome in extra.items()})
    return rows


def _snippet_params(attribute):
    return lambda w: {"pk": getattr(w, attribute).pk}


PARAMS = {
    "proposals:detail": lambda w: {"pk": w.published.pk},
    "proposals:edit": lambda w: {"pk": w.pending.pk},  # Ani's own draft
    "proposals:report": lambda w: {"pk": w.shortlisted.pk},  # Budi's idea
    "proposals:photo": lambda w: {"pk": w.published.pk, "width": 480},
    "proposals:committee_recommend": lambda w: {"pk": w.entry.pk},
    "proposals:layar_year": lambda w: {"year": w.cycle.year},
    "voting:support": lambda w: {"pk": w.shortlisted.pk},
    "accounts:child_detail": lambda w: {"pk": w.child.pk},
    "accounts:child_verify_consent": lambda w: {"pk": w.child.pk},
    "accounts:child_forum_anak": lambda w: {"pk": w.child.pk},
    "accounts:child_reset_password": lambda w: {"pk": w.child.pk},
    "accounts:child_revoke_consent": lambda w: {"pk": w.child.pk},
    "proposals_admin:redact": lambda w: {"pk": w.other_pending.pk},
    "proposals_admin:escalate": lambda w: {"pk": w.other_pending.pk},
    "proposals_admin:not_publish": lambda w: {"pk": w.other_pending.pk},
    "proposals_admin:merge": lambda w: {"pk": w.other_pending.pk},
    "proposals_admin:remove_name": lambda w: {"pk": w.other_pending.pk},
    "proposals_admin:revision_photo": lambda w: {
        "pk": w.other_pending.pk,
        "revision_id": w.other_pending.latest_revision_id,
        "width": 480,
    },
    "proposals_admin:resolve_reports": lambda w: {"pk": w.published.pk},
    "proposals_admin:case": lambda w: {"pk": w.case.pk},
    "proposals_admin:case_photo": lambda w: {"pk": w.case.pk},
    "proposals_admin:clear_danger": lambda w: {"pk": w.other_pending.pk},
    "proposals_admin:shortlist": lambda w: {"year": w.cycle.year},
    "proposals_admin:award": lambda w: {"pk": w.published.pk},
    "proposals_admin:ticket": lambda w: {"pk": w.ticket.pk},
    "wagtailadmin_explore": lambda w: {"parent_page_id": w.home.pk},
    "wagtailadmin_explore_results": lambda w: {"parent_page_id": w.home.pk},
    "wagtailadmin_pages:edit": lambda w: {"page_id": w.home.pk},
    "admin:regions_desa_change": lambda w: {"object_id": w.child.child_profile.desa_id},
    "wagtaildocs_serve": lambda w: {
        "path": f"/dokumen/{w.document.pk}/{w.document.filename}"
    },
    "wagtail_serve": lambda w: {"path": "/"},
    "evidence_admin:report_download": lambda w: {"fmt": "xlsx"},
    "evidence:api_idea": lambda w: {"pk": w.published.pk},
}
for _view in ("edit", "delete", "history", "history_results", "usage"):
    PARAMS[f"penugasan_fasilitator:{_view}"] = _snippet_params("assignment")
    PARAMS[f"log_fasilitator:{_view}"] = _snippet_params("facilitator_action")
for _model, _attribute in [
    ("proposal", "published"),
    ("goldenticket", "ticket"),
    ("cycle", "cycle"),
    ("agency", "agency"),
    ("checkword", "check_word"),
]:
    for _view in (
        "edit",
        "delete",
        "usage",
        "history",
        "history_results",
        "copy",
        "inspect",
        "unpublish",
        "lock",
        "unlock",
        "confirm_workflow_cancellation",
        "workflow_history",
    ):
        PARAMS[f"wagtailsnippets_proposals_{_model}:{_view}"] = _snippet_params(
            _attribute
        )
    PARAMS[f"wagtailsnippetchoosers_proposals_{_model}:chosen"] = _snippet_params(
        _attribute
    )
PARAMS.update(
    {
        "wagtailsnippets_proposals_proposal:revisions_revert": lambda w: {
            "pk": w.published.pk,
            "revision_id": w.published.latest_revision_id,
        },
        "wagtailsnippets_proposals_proposal:revisions_unschedule": lambda w: {
            "pk": w.published.pk,
            "revision_id": w.published.latest_revision_id,
        },
        "wagtailsnippets_proposals_proposal:revisions_compare": lambda w: {
            "path": "/admin/snippets/proposals/proposal/history/"
            f"{w.published.pk}/revisions/compare/earliest...latest/"
        },
        "wagtailsnippets_proposals_proposal:workflow_action": lambda w: {
            "pk": w.other_pending.pk,
            "action_name": "approve",
            "task_state_id": w.other_pending.current_workflow_task_state.pk,
        },
        "wagtailsnippets_proposals_proposal:collect_workflow_action_data": lambda w: {
            "pk": w.other_pending.pk,
            "action_name": "approve",
            "task_state_id": w.other_pending.current_workflow_task_state.pk,
        },
        "wagtailsnippets_proposals_proposal:workflow_history_detail": lambda w: {
            "pk": w.other_pending.pk,
            "workflow_state_id": w.other_pending.current_workflow_state.pk,
        },
    }
)


def _workflow(w):
    from wagtail.models import Workflow

    from proposals.setup import WORKFLOW_NAME

    return Workflow.objects.get(name=WORKFLOW_NAME)


def _task(w):
    from wagtail.models import Task

    from proposals.setup import TASK_NAME

    return Task.objects.get(name=TASK_NAME)


PARAMS.update(
    {
        **{
            f"wagtailadmin_workflows:{name}": lambda w: {"pk": _workflow(w).pk}
            for name in ("enable", "disable", "edit", "usage", "usage_results")
        },
        **{
            f"wagtailadmin_workflows:{name}": lambda w: {"pk": _task(w).pk}
            for name in ("edit_task", "disable_task", "enable_task")
        },
        "wagtailadmin_workflows:task_chosen": lambda w: {"task_id": _task(w).pk},
        "wagtailadmin_workflows:remove": lambda w: {
            "page_pk": w.home.pk,
            "workflow_pk": _workflow(w).pk,
        },
        "wagtailadmin_workflows:add_task": lambda w: {
            "app_label": "wagtailcore",
            "model_name": "groupapprovaltask",
        },
        **{
            f"wagtailusers_users:{name}": lambda w: {"pk": w.child.pk}
            for name in (
                "edit",
                "delete",
                "history",
                "history_results",
                "usage",
                "copy",
            )
        },
        **{
            f"wagtailusers_groups:{name}": lambda w: {
                "pk": w.users["moderator"].groups.get().pk
            }
            for name in ("edit", "delete", "history", "history_results", "usage")
        },
    }
)

# The support button answers fetch() with a status code (a plain form post
# is redirected back with a message either way).
HEADERS = {"voting:support": {"Accept": "application/json"}}

# Views that refuse GET (require_POST): requested with a valid POST body.
POST = {
    "proposals:report": {"reason": "rude"},
    "proposals:committee_recommend": {"recommend": "yes", "reason": "Bagus"},
    "voting:support": {},
    "accounts:child_verify_consent": {},
    "accounts:child_forum_anak": {"action": "verify"},
    "accounts:child_reset_password": {},
    "proposals_admin:resolve_reports": {"decision": "keep"},
    "proposals_admin:award": {"level": "kabupaten", "rationale": "Alasan"},
}


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = f"{namespace}{pattern.name}" if pattern.name else route
            yield name, route


def matrix_patterns():
    """(key, route) of every pattern the matrix covers, and the uncovered."""
    covered, missing = [], []
    for key, route in walk(get_resolver().url_patterns):
        excluded = (
            key not in INCLUDED_ANYWAY
            and not key.startswith(MUST_COVER)
            and any(key.startswith(prefix) for prefix in EXCLUDED)
        )
        if key in EXPECTED or (OBSERVE and not excluded):
            covered.append((key, route))
        elif not excluded:
            missing.append((key, route))
    return covered, missing


def build_path(key, route, world):
    """The route with its parameters filled from the world's objects."""
    values = PARAMS.get(key, lambda w: {})(world)
    if "path" in values:
        return values["path"]
    path = route
    for name, value in values.items():
        path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path)
    assert "<" not in path and "(?P" not in path, (
        f"{key}: no parameters for {route!r}; add an entry to PARAMS"
    )
    return "/" + path


def outcome(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(("/akun/masuk/", "/admin/login/")):
            return LOGIN
        if location == "/admin/":
            return DENIED
        return REDIRECT
    return response.status_code


def client_for(role, world):
    client = Client()
    if role != "anon":
        client.force_login(world.users[role])
    return client


def request(client, key, path):
    with transaction.atomic():
        if key in POST:
            response = client.post(path, POST[key], headers=HEADERS.get(key, {}))
        else:
            response = client.get(path)
        transaction.set_rollback(True)
    return response


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module (9–26 s on PostgreSQL); every test gets it
    fresh from its own savepoint (``rows_for_the_module``)."""
    with rows_for_the_module(django_db_blocker, tmp_path_factory.mktemp("private")):
        with django_db_blocker.unblock():
            world = build_world()
        yield world


@pytest.fixture
def world(db, module_world):
    return shared_copy(module_world)


def test_every_url_pattern_has_a_row():
    covered, missing = matrix_patterns()
    assert not missing, (
        "URL patterns without a row in tests/security/test_authz_matrix.py "
        "EXPECTED (add one, or a reason in EXCLUDED):\n"
        + "\n".join(f"  {key}  ({route})" for key, route in missing)
    )
    stale = set(EXPECTED) - {key for key, _ in covered}
    assert not stale, f"rows for URL patterns that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says(role, world):
    covered, _ = matrix_patterns()
    client = client_for(role, world)
    wrong, seen = [], {}
    for key, route in covered:
        try:
            path = build_path(key, route, world)
        except AssertionError:
            if not OBSERVE:
                raise
            seen[key] = "NO PARAMS"
            continue
        got = outcome(request(client, key, path))
        seen[key] = got
        expected = EXPECTED.get(key, {}).get(role)
        if got != expected:
            wrong.append(f"  {key} {path}: expected {expected}, got {got}")
    if os.environ.get("AUTHZ_MATRIX_PRINT"):
        print(f"\n# {role}")
        for key, got in seen.items():
            print(f"{role}\t{key}\t{got!r}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


# --- what Wagtail's own reports, listings and exports SHOW (issue 11 item 10)
# The rows above check who may open a screen; these check the body of every
# Wagtail report, listing, search, chooser and export for each role that may
# open it: no title a moderator has not approved (waiting, escalated) and no
# child's username, except for the roles that moderate.
SEES_UNMODERATED = {"moderator", "admin"}
BODY_CHECKED = [
    "/admin/",
    "/admin/reports/site-history/",
    "/admin/reports/site-history/results/",
    "/admin/reports/site-history/?export=csv",
    "/admin/reports/site-history/?export=xlsx",
    "/admin/reports/workflow/",
    "/admin/reports/workflow/?export=csv",
    "/admin/reports/workflow/?export=xlsx",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/workflow_tasks/?export=csv",
    "/admin/reports/locked/",
    "/admin/reports/locked/?export=csv",
    "/admin/reports/aging-pages/",
    "/admin/reports/aging-pages/?export=csv",
    "/admin/reports/page-types-usage/",
    "/admin/pages/search/?q=Ide",
    "/admin/users/",
    "/admin/users/?q=2013",
    "/admin/groups/",
    "/admin/workflows/list/",
    "/admin/workflows/tasks/index/",
    "/admin/workflows/task_chooser/",
    "/admin/snippets/proposals/proposal/?q=Ide",
    "/admin/snippets/proposals/proposal/?export=csv",
    "/admin/snippets/proposals/proposal/?export=xlsx",
    "/admin/snippets/choose/proposals/proposal/?q=Ide",
    "/admin/snippets/proposals/goldenticket/?export=csv",
]


def unmoderated_words(world):
    """Titles nobody outside moderation may read, and children's usernames."""
    return [
        world.pending.title,
        world.other_pending.title,
        world.escalated.title,
        *(
            world.users[name].username
            for name in ("child", "child_noconsent", "forum", "budi")
        ),
    ]


def body_text(response):
    """The response as text; an XLSX export's cells joined."""
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    if response.get("Content-Type", "").startswith(
        "application/vnd.openxmlformats-officedocument"
    ):
        import io

        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content))
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return content.decode()


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anon"])
def test_wagtail_reports_and_exports_show_a_role_only_what_it_may_see(role, world):
    client = client_for(role, world)
    secret = unmoderated_words(world)
    leaks = []
    for path in BODY_CHECKED:
        response = client.get(path)
        if response.status_code != 200:
            continue
        text = body_text(response)
        if role not in SEES_UNMODERATED:
            leaks += [f"  {path}: {word!r}" for word in secret if word in text]
        if path.startswith("/admin/reports/site-history/"):
            # Log entries name an idea by its number, never by its title.
            titles = [world.published.title, world.shortlisted.title]
            leaks += [f"  {path}: {t!r}" for t in secret[:3] + titles if t in text]
    assert not leaks, f"{role} sees:\n" + "\n".join(leaks)


def test_site_history_keeps_no_title_or_username_after_the_account_is_deleted(world):
    from portal.accounts.actions import delete_child_account

    budi = world.users["budi"]
    delete_child_account(budi)
    for role in ("moderator", "admin"):
        text = body_text(
            client_for(role, world).get("/admin/reports/site-history/?export=csv")
        )
        assert "Usulan #" in text
        for word in ("Ide Budi yang menunggu", "budi2012", "Ide yang dialihkan"):
            assert word not in text, f"{role}: {word!r}"


# --- issue 11 item 5: Wagtail's views of an escalated idea ----------------------
# An escalated idea's words are read through its case only (logged): every
# Wagtail view of the Proposal snippet answers 404 for every adult role, and
# no listing, search or chooser names it. Children and visitors never reach
# the admin at all.
ESCALATED_SNIPPET_VIEWS = {
    "edit": "edit/{pk}/",
    "inspect": "inspect/{pk}/",
    "history": "history/{pk}/",
    "history_results": "history-results/{pk}/",
    "usage": "usage/{pk}/",
    "delete": "delete/{pk}/",
    "copy": "copy/{pk}/",
    "unpublish": "unpublish/{pk}/",
    "lock": "lock/{pk}/",
    "unlock": "unlock/{pk}/",
    "revisions_revert": "history/{pk}/revisions/{rev}/revert/",
    "revisions_unschedule": "history/{pk}/revisions/{rev}/unschedule/",
    "revisions_compare": "history/{pk}/revisions/compare/earliest...latest/",
    "workflow_history": "workflow_history/{pk}/",
    "workflow_history_detail": "workflow_history/{pk}/detail/{ws}/",
    "confirm_workflow_cancellation": "workflow/confirm_cancellation/{pk}/",
}
ADMIN_LISTINGS = [
    "/admin/snippets/proposals/proposal/",
    "/admin/snippets/proposals/proposal/results/?q=dialihkan",
    "/admin/snippets/proposals/proposal/?export=csv",
    "/admin/snippets/choose/proposals/proposal/?q=dialihkan",
    "/admin/snippets/choose/proposals/proposal/results/?q=dialihkan",
    "/admin/bulk/proposals/proposal/delete/?id={pk}",
    "/admin/bulk/proposals/proposal/delete/?id=all",
]


@pytest.mark.parametrize("role", ROLES)
def test_no_wagtail_view_opens_an_escalated_idea(role, world):
    from wagtail.models import WorkflowState

    escalated = world.escalated
    workflow_state = WorkflowState.objects.filter(
        base_content_type__model="proposal", object_id=str(escalated.pk)
    ).first()
    client = client_for(role, world)
    adult = role in ("fasilitator", "moderator", "perlindungan", "bappeda", "opd")
    wrong = []
    for name, view in ESCALATED_SNIPPET_VIEWS.items():
        path = "/admin/snippets/proposals/proposal/" + view.format(
            pk=escalated.pk,
            rev=escalated.latest_revision_id,
            ws=workflow_state.pk if workflow_state else 0,
        )
        got = outcome(request(client, name, path))
        expected = 404 if adult or role == "admin" else LOGIN
        if got != expected:
            wrong.append(f"  {name} {path}: expected {expected}, got {got}")
    for path in ADMIN_LISTINGS:
        path = path.format(pk=escalated.pk)
        response = client.get(path)
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        ).decode()
        if escalated.title in body:
            wrong.append(f"  {path}: shows the escalated idea's title")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
