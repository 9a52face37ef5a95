"""Residue of removed data (issue 11 item 9): when words or photos must go,
every stored copy goes, not only the one on the page.

A child's words are copied far beyond the idea's row: into every Wagtail
revision (and its ``object_str``), into Wagtail's log entries (``label`` and
``data``), into the search index, into the moderator's comments (the task
state, the idea's events, the notification to the child), into staff
answers shown publicly. Photos stay in private storage after a new one
replaces them. This module is the one place that knows all those copies:

- :func:`neutral_log_label` keeps titles out of log entries from the start;
- :func:`scrub_everywhere` replaces removed strings in every copy;
- :func:`release_unused_files` deletes the files no revision still needs.

Callers: ``actions.redact`` (the removed personal data), the account
deletion handler (the child's nickname and username), ``actions.edit`` and
approval (replaced photos), deleting an idea (its files).
"""

import re

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q

from .storage import private_storage

# What replaces a removed name in staff answers and notes that stay public.
NAME_REPLACED = "[nama dihapus]"
FILE_FIELDS = ("photo", "photo_480", "photo_960", "paper_scan")


def neutral_log_label(proposal_pk):
    """The label of every Wagtail log entry about an idea: its number only.

    Wagtail copies ``str(instance)`` (the title) into each log entry at the
    time of the action, so unmoderated and escalated titles would reach the
    site history and its exports, and would outlive a redaction or the
    idea's deletion. The number is enough to find the idea."""
    return f"Usulan #{proposal_pk}"


def _pattern(strings, whole_words):
    strings = sorted({s for s in strings if s and s.strip()}, key=len, reverse=True)
    if not strings:
        return None
    body = "|".join(re.escape(s) for s in strings)
    if whole_words:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    return re.compile(body, re.IGNORECASE)


def _replace(value, pattern, replacement):
    """``value`` with every match replaced, walking JSON-like structures."""
    if isinstance(value, str):
        return pattern.sub(replacement, value)
    if isinstance(value, list):
        return [_replace(item, pattern, replacement) for item in value]
    if isinstance(value, dict):
        return {
            key: _replace(item, pattern, replacement) for key, item in value.items()
        }
    return value


def _staff_text():
    """(model, fields, path to the idea) of every text that staff,
    notifications or Wagtail write and that may quote a child's words or
    name. A path of None: not tied to one idea's row by a foreign key."""
    from wagtail.models import ModelLogEntry, PageLogEntry, TaskState

    from portal.notifications.models import Notification

    from .models import (
        CommitteeRecommendation,
        Deliberation,
        GoldenTicket,
        ProposalEvent,
        Report,
        ShortlistEntry,
    )

    return [
        (ProposalEvent, ["note"], "proposal"),
        (Deliberation, ["reply_for_children", "reason"], "ticket__proposal"),
        (GoldenTicket, ["rationale"], "proposal"),
        (ShortlistEntry, ["reason"], "proposal"),
        (CommitteeRecommendation, ["reason"], "entry__proposal"),
        (Report, ["details"], "proposal"),
        (TaskState, ["comment"], "workflow_state__proposal"),
        (ModelLogEntry, ["label", "data"], None),
        (PageLogEntry, ["label", "data"], None),
        (Notification, ["title", "body", "title_values", "body_values"], None),
    ]


def _scrub_rows(queryset, fields, pattern, replacement):
    for row in queryset.only("pk", *fields):
        changes = {}
        for field in fields:
            old = getattr(row, field)
            new = _replace(old, pattern, replacement)
            if new != old:
                changes[field] = new
        if changes:
            # A queryset update: events and audit rows refuse save(); this
            # is the one change allowed to them.
            type(row).objects.filter(pk=row.pk).update(**changes)


def scrub_everywhere(
    strings, *, proposals=(), replacement, whole_words=False, only_these=False
):
    """Replace ``strings`` (case-insensitive) in every stored copy.

    Staff texts, notifications and log entries are searched everywhere, or,
    with ``only_these``, those tied to ``proposals`` (a nickname may be a
    common word: another child's timeline keeps its words). Log entries and
    notifications are always searched everywhere. The revisions, row and
    search index entry of ``proposals`` are rewritten too (a revision is
    the child's own words, so other children's ideas stay as written)."""
    from wagtail.search import index

    from .models import Proposal

    pattern = _pattern(strings, whole_words)
    if pattern is None:
        return
    pks = [proposal.pk for proposal in proposals]
    for model, fields, path in _staff_text():
        condition = Q()
        for string in strings:
            for field in fields:
                condition |= Q(**{f"{field}__icontains": string})
        rows = model.objects.filter(condition)
        if only_these and path is not None:
            rows = rows.filter(**{f"{path}__in": pks})
        _scrub_rows(rows, fields, pattern, replacement)
    for proposal in proposals:
        for revision in proposal.revisions.all():
            content = _replace(revision.content, pattern, replacement)
            object_str = pattern.sub(replacement, revision.object_str or "")
            if content != revision.content or object_str != revision.object_str:
                type(revision).objects.filter(pk=revision.pk).update(
                    content=content, object_str=object_str
                )
        row = Proposal.objects.filter(pk=proposal.pk).values(*Proposal.TEXT_FIELDS)
        for values in row:
            changed = {
                name: pattern.sub(replacement, text)
                for name, text in values.items()
                if pattern.search(text or "")
            }
            if changed:
                Proposal.objects.filter(pk=proposal.pk).update(**changed)
        fresh = Proposal.objects.filter(pk=proposal.pk).first()
        if fresh is not None:
            index.insert_or_update_object(fresh)
    _compact_search_index()


def _compact_search_index():
    """SQLite's full-text index keeps deleted terms in its segments until
    they are merged: merge them now so that a removed word is really gone.
    (PostgreSQL rewrites the row's tsvector in place.)"""
    if connection.vendor != "sqlite":
        return
    from wagtail.search.models import IndexEntry

    table = f"{IndexEntry._meta.db_table}_fts"
    if table in connection.introspection.table_names():
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table}({table}) VALUES('optimize')")  # noqa: S608


def forget_child(user, proposals):
    """The child's nickname and username leave every staff answer, note,
    notification and log entry (issue 11 item 9), in the same transaction
    as the account's deletion."""
    names = [n for n in (user.nickname, user.approved_nickname, user.username) if n]
    names = list(dict.fromkeys(names))
    scrub_everywhere(
        names,
        proposals=proposals,
        replacement=NAME_REPLACED,
        whole_words=True,
        only_these=True,
    )
    ct = ContentType.objects.get_for_model(get_user_model())
    from wagtail.models import ModelLogEntry

    # Log entries about the account itself (Wagtail's user admin).
    ModelLogEntry.objects.filter(content_type=ct, object_id=str(user.pk)).update(
        label=NAME_REPLACED, data={}
    )


# --- files -------------------------------------------------------------------


def names_in(content):
    return {content.get(field) for field in FILE_FIELDS if content.get(field)}


def _row_names(proposal):
    return {
        getattr(proposal, field).name
        for field in FILE_FIELDS
        if getattr(proposal, field)
    }


def release_unused_files(proposal):
    """Delete the photo and scan files that no revision still needs.

    Needed are the files of the row, of the published revision and of the
    latest revision (the one in moderation). A revision that was never
    published and has been superseded, or an earlier published one, needs
    none: its file fields are emptied and the files deleted once the
    transaction commits (a rolled-back change keeps them)."""
    from .models import Proposal

    proposal = Proposal.objects.filter(pk=proposal.pk).first()
    if proposal is None:
        return
    needed = _row_names(proposal)
    for revision_id in (proposal.live_revision_id, proposal.latest_revision_id):
        if revision_id:
            revision = proposal.revisions.filter(pk=revision_id).first()
            if revision is not None:
                needed |= names_in(revision.content)
    unneeded = set()
    for revision in proposal.revisions.all():
        names = names_in(revision.content) - needed
        if names:
            unneeded |= names
            content = dict(revision.content)
            for field in FILE_FIELDS:
                if content.get(field) in names:
                    content[field] = ""
            type(revision).objects.filter(pk=revision.pk).update(content=content)
    delete_files_on_commit(unneeded)


def files_of(proposal):
    """Every file the idea's row and revisions name (before it is deleted)."""
    names = _row_names(proposal)
    for revision in proposal.revisions.all():
        names |= names_in(revision.content)
    return names


def delete_files_on_commit(names):
    names = {name for name in names if name}
    if names:
        transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names):
    for name in names:
        private_storage.delete(name)
