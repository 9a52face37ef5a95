"""Supports under concurrency, in real transactions from real threads.

CI runs the suite on PostgreSQL, where these tests use many threads at once
(row locks, the unique constraint, atomic counter updates). On SQLite,
which serialises writers, the same tests run with fewer threads and must
pass too. Every thread closes its own database connection."""

import os
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F

from portal.accounts import actions as account_actions
from portal.accounts.signals import child_account_deleting
from proposals.models import Proposal
from tests import factories
from tests.factories import stored_count, support_rows
from voting.actions import toggle_support
from voting.models import Support

pytestmark = pytest.mark.django_db(transaction=True)

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
SAME_CHILD_THREADS = 20 if ON_POSTGRES else 4
CHILDREN_AT_ONCE = 40 if ON_POSTGRES else 8
MIXED_CHILDREN = 30 if ON_POSTGRES else 6


@pytest.fixture(autouse=True)
def right_database():
    """With DATABASE_URL=postgres://… these tests must really run there."""
    if ON_POSTGRES:
        assert connection.vendor == "postgresql"


def at_once(fn, jobs):
    """Run ``fn(job)`` for every job in its own thread, all released at the
    same moment; return the results, re-raising the first error."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait(timeout=30)
            return fn(job)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(run, job) for job in jobs]
        return [future.result(timeout=120) for future in futures]


def fresh(user):
    """Each thread loads its own copy of the user (as each request would)."""
    from portal.accounts.models import User

    return User.objects.get(pk=user.pk)


def toggle(child_pk, proposal_pk):
    from portal.accounts.models import User

    return toggle_support(User.objects.get(pk=child_pk), proposal_pk)


def test_one_child_tapping_from_many_threads_at_once_never_duplicates(idea, regions):
    """A child with a shaky connection: the same tap arrives many times at
    once. Taps are serialised: each flips, none is lost or doubled."""
    child = factories.make_child()
    for _round in range(3):
        results = at_once(
            lambda _n: toggle(child.pk, idea.pk), range(SAME_CHILD_THREADS)
        )
        supported = [r.supported for r in results]
        assert supported.count(True) == supported.count(False)
        assert Support.objects.filter(child=child, proposal=idea).count() <= 1
        assert stored_count(idea) == support_rows(idea) == 0
    # And once more, an odd number of taps: she ends up supporting it.
    at_once(lambda _n: toggle(child.pk, idea.pk), range(SAME_CHILD_THREADS + 1))
    assert stored_count(idea) == support_rows(idea) == 1


def test_many_children_supporting_one_idea_at_once(idea, regions):
    children = factories.make_children(CHILDREN_AT_ONCE)
    results = at_once(lambda child: toggle(child.pk, idea.pk), children)
    assert all(r.supported for r in results)
    assert sorted(r.count for r in results) == list(range(1, CHILDREN_AT_ONCE + 1))
    assert stored_count(idea) == support_rows(idea) == CHILDREN_AT_ONCE


def test_a_limit_holds_when_one_child_taps_many_ideas_at_once(cycle, moderator):
    cycle.support_limit = 2
    cycle.save()
    proposals = [factories.public_idea(cycle, moderator) for _ in range(4)]
    child = factories.make_child()

    def attempt(proposal):
        try:
            return toggle(child.pk, proposal.pk).supported
        except Exception as error:  # noqa: BLE001 - the refusal is the result
            return type(error).__name__

    outcome = at_once(attempt, proposals)
    assert outcome.count(True) == 2, outcome
    assert Support.objects.filter(child=child).count() == 2
    for proposal in proposals:
        assert stored_count(proposal) == support_rows(proposal)
    # The two others were told why (not a server error).
    assert outcome.count("SupportRefused") == 2, outcome


def test_mixed_supports_and_withdrawals_keep_every_count_exact(cycle, moderator):
    proposals = [factories.public_idea(cycle, moderator) for _ in range(5)]
    children = factories.make_children(MIXED_CHILDREN)

    def taps(child):
        rng = random.Random(child.pk)  # noqa: S311 - a test's reproducible taps
        for _ in range(8):
            toggle(child.pk, rng.choice(proposals).pk)

    at_once(taps, children)
    for proposal in proposals:
        assert stored_count(proposal) == support_rows(proposal)
    assert Support.objects.count() > 0

    out = StringIO()
    call_command("reconcile_tallies", stdout=out)
    assert "No drift" in out.getvalue()

    # A counter corrupted behind the application's back.
    broken = proposals[2]
    real = support_rows(broken)
    Proposal.objects.filter(pk=broken.pk).update(support_count=F("support_count") + 7)

    out = StringIO()
    call_command("reconcile_tallies", "--dry-run", stdout=out)
    assert f"idea {broken.pk}: count {real + 7}, rows {real}" in out.getvalue()
    assert "1 idea(s) drifted (not repaired)" in out.getvalue()
    assert stored_count(broken) == real + 7

    out = StringIO()
    call_command("reconcile_tallies", stdout=out)
    assert f"idea {broken.pk}: count {real + 7}, rows {real}" in out.getvalue()
    assert "1 idea(s) repaired." in out.getvalue()
    for proposal in proposals:
        assert stored_count(proposal) == support_rows(proposal)

    out = StringIO()
    call_command("reconcile_tallies", stdout=out)
    assert "No drift" in out.getvalue()


def test_reconcile_repairs_while_children_keep_supporting(cycle, moderator):
    proposal = factories.public_idea(cycle, moderator)
    children = factories.make_children(MIXED_CHILDREN)
    Proposal.objects.filter(pk=proposal.pk).update(support_count=99)

    def job(child):
        if child is None:
            call_command("reconcile_tallies", stdout=StringIO())
        else:
            toggle(child.pk, proposal.pk)

    at_once(job, [None, *children])
    call_command("reconcile_tallies", stdout=StringIO())
    assert stored_count(proposal) == support_rows(proposal) == MIXED_CHILDREN


def test_a_tap_during_the_account_deletion_does_not_leave_a_count_behind(
    cycle, moderator
):
    """The guardian revokes consent (the account is being deleted) while
    the child, on a second phone, taps "Dukung" on another idea. Whatever
    the order, no count may keep a support whose row is gone."""
    first, second = (factories.public_idea(cycle, moderator) for _ in range(2))
    child = factories.make_child()
    toggle_support(child, first.pk)

    supports_removed = threading.Event()
    tap_done = threading.Event()

    def pause_after_supports_removed(sender, user, **kwargs):
        # Connected after voting's receiver: its supports are gone by now,
        # the account row is not yet.
        if user.pk == child.pk:
            supports_removed.set()
            tap_done.wait(timeout=3)

    child_account_deleting.connect(pause_after_supports_removed)
    try:

        def job(which):
            if which == "delete":
                account_actions.delete_child_account(fresh(child))
                return "deleted"
            assert supports_removed.wait(timeout=30)
            try:
                return toggle(child.pk, second.pk)
            except Exception as error:  # noqa: BLE001 - the account may be gone
                return type(error).__name__
            finally:
                tap_done.set()

        at_once(job, ["delete", "tap"])
    finally:
        child_account_deleting.disconnect(pause_after_supports_removed)

    assert not Support.objects.filter(child_id=child.pk).exists()
    assert stored_count(first) == support_rows(first) == 0
    assert stored_count(second) == support_rows(second), (
        "the tap's +1 stayed on the count after the account's supports were "
        "deleted with it"
    )
