"""What the KLA report counted about a child, kept anonymously when her
account is deleted (issue 12 item 11): ``record_departure`` is called by
``portal.accounts.actions.delete_child_account`` before anything of hers is
deleted, in the same transaction, so every path that deletes a child's
account (her own request, consent withdrawn, the retention rules) keeps the
figures of /transparansi/, the admin report, its PDF/XLSX/CSV and the API
unchanged."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from proposals.models import CommitteeRecommendation, Cycle, Proposal
from voting.models import Support

from .metrics import (
    age_band_key,
    children_in_scope,
    disability_key,
    sex_key,
)
from .models import DepartedContribution, DepartedParticipant


@transaction.atomic
def record_departure(user):
    """Write the anonymous records of ``user`` (a child about to be
    deleted): one ``DepartedParticipant`` per scope of the report where she
    counts (each cycle, and all cycles), and one ``DepartedContribution``
    per support or review she gave and per idea of hers never made public.
    Nothing that names or dates her."""
    if getattr(user, "child_profile", None) is None:
        return 0
    records = []
    scopes = [*Cycle.objects.order_by("year"), None]
    for cycle in scopes:
        facts = children_in_scope(cycle, only={user.pk})
        if user.pk not in facts["registered"]:
            continue
        gender, birth_year, disability, kecamatan_id = facts["profiles"][user.pk]
        year = cycle.year if cycle else timezone.localdate().year
        taking_part = user.pk in facts["taking_part"]
        records.append(
            DepartedParticipant(
                cycle=cycle,
                kecamatan_id=kecamatan_id,
                age_band=age_band_key(year - birth_year),
                sex=sex_key(gender),
                disability=disability_key(disability),
                registered=True,
                with_consent=user.pk in facts["with_consent"],
                submitted_ideas=taking_part and user.pk in facts["proposers"],
                supported_ideas=taking_part and user.pk in facts["supporters"],
                committee_reviewer=taking_part and user.pk in facts["reviewers"],
            )
        )
    DepartedParticipant.objects.bulk_create(records)
    contributions = [
        DepartedContribution(
            cycle_id=cycle_id, kind=DepartedContribution.Kind.SUPPORT, target_id=pk
        )
        for pk, cycle_id in Support.objects.filter(child=user).values_list(
            "proposal_id", "proposal__cycle_id"
        )
    ] + [
        DepartedContribution(
            cycle_id=cycle_id,
            kind=DepartedContribution.Kind.REVIEW,
            target_id=pk,
            recommend=recommend,
        )
        for pk, cycle_id, recommend in CommitteeRecommendation.objects.filter(
            member=user
        ).values_list("entry_id", "entry__cycle_id", "recommend")
    ]
    # Her ideas that were never public are erased with her account
    # (proposals.signal_handlers.handle_child_account_deleting, same
    # criteria): keep each as a tally for "Ide dikirim" and the idea tables,
    # with no text and no id.
    never_public = (
        Proposal.objects.filter(
            proposer=user, first_published_at__isnull=True, escalated_at__isnull=True
        )
        .filter(~Q(status=Proposal.Status.MERGED))
        .values_list("cycle_id", "cluster", "status", "kecamatan_id")
    )
    contributions += [
        DepartedContribution(
            cycle_id=cycle_id,
            kind=DepartedContribution.Kind.IDEA,
            cluster=cluster,
            status=status,
            kecamatan_id=kecamatan_id,
        )
        for cycle_id, cluster, status, kecamatan_id in never_public
    ]
    DepartedContribution.objects.bulk_create(contributions)
    return len(records)
