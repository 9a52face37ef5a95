"""The ways of reading the idea on a tap that ``tap_bench.py`` compares, each
a drop-in for ``voting.actions.checked_idea``:

- ``current``: the code as it is (the statement written out, "public" being
  ``public_q()`` compiled by the ORM once);
- ``copy``: the statement before issue 13, "public" written out by hand (a
  copy of ``public_q()``, kept here only to be measured);
- ``orm``: the same query through the ORM, compiled on every tap."""

import functools

from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, Q
from django.utils import timezone

from portal.accounts.models import ConsentRecord
from proposals.models import Cycle, Proposal, public_q
from voting import actions
from voting.actions import CheckedIdea, _column, _table


def _idea(row):
    if row is None:
        raise Proposal.DoesNotExist
    pk, cycle_id, limit, public, cycle_open, has_consent = row
    return CheckedIdea(
        pk=pk,
        is_public=bool(public),
        cycle_id=cycle_id,
        cycle_open=bool(cycle_open),
        support_limit=limit,
        has_consent=bool(has_consent),
    )


@functools.cache
def _copy_statement():
    statuses = ", ".join(["%s"] * len(Proposal.PUBLIC_STATUSES))
    return (  # noqa: S608 - names from the models only
        f"SELECT {_column(Proposal, 'id', 'p')}, {_column(Proposal, 'cycle', 'p')}, "
        f"{_column(Cycle, 'support_limit', 'c')}, "
        f"({_column(Proposal, 'live', 'p')} AND {_column(Proposal, 'status', 'p')} "
        f"IN ({statuses}) AND {_column(Proposal, 'escalated_at', 'p')} IS NULL), "
        f"({_column(Cycle, 'opens_on', 'c')} <= %s AND %s <= "
        f"{_column(Cycle, 'closes_on', 'c')}), "
        f"EXISTS (SELECT 1 FROM {_table(ConsentRecord)} r "
        f"WHERE {_column(ConsentRecord, 'child', 'r')} = %s "
        f"AND {_column(ConsentRecord, 'status', 'r')} = %s) "
        f"FROM {_table(Proposal)} p INNER JOIN {_table(Cycle)} c "
        f"ON {_column(Cycle, 'id', 'c')} = {_column(Proposal, 'cycle', 'p')} "
        f"WHERE {_column(Proposal, 'id', 'p')} = %s"
    )


def copy(child_pk, proposal_id):
    today = connection.ops.adapt_datefield_value(timezone.localdate())
    params = [
        *Proposal.PUBLIC_STATUSES,
        today,
        today,
        child_pk,
        ConsentRecord.Status.ACTIVE,
        int(proposal_id),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_copy_statement(), params)
        return _idea(cursor.fetchone())


def orm(child_pk, proposal_id):
    today = timezone.localdate()
    row = (
        Proposal.objects.filter(pk=int(proposal_id))
        .annotate(
            public_now=ExpressionWrapper(public_q(), output_field=BooleanField()),
            cycle_open=ExpressionWrapper(
                Q(cycle__opens_on__lte=today, cycle__closes_on__gte=today),
                output_field=BooleanField(),
            ),
            has_consent=Exists(
                ConsentRecord.objects.filter(
                    child=child_pk, status=ConsentRecord.Status.ACTIVE
                )
            ),
        )
        .values_list(
            "pk",
            "cycle_id",
            "cycle__support_limit",
            "public_now",
            "cycle_open",
            "has_consent",
        )
        .first()
    )
    return _idea(row)


VARIANTS = {"current": actions.checked_idea, "copy": copy, "orm": orm}
