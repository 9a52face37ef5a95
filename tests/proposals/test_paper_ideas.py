"""Issue 12 item 6 (last sentence), item 2: the daily limit and the open
cycle are rules of the submit action; the children's 5-a-day limit does not
stop a facilitator typing in a Forum Anak's paper ideas, and the
facilitator's /saya/ lists the paper ideas they entered."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.core.actions import ActionRefused
from proposals import actions
from proposals.models import Cycle, Proposal
from tests.factories import IDEA_TEXT, make_child, make_group
from tests.proposals.test_submission import desa, idea_form  # noqa: F401

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("moderation_setup"),
]


def test_a_facilitator_enters_more_paper_ideas_than_a_child_may_send(
    client,
    facilitator,
    cycle,
    desa,  # noqa: F811
):
    group = make_group(desa.kecamatan, name="Forum Anak Kecamatan Ledo")
    client.force_login(facilitator)
    count = actions.DAILY_SUBMISSION_LIMIT + 2
    for n in range(count):
        response = client.post(
            "/usulan/baru/",
            idea_form(
                desa,
                title=f"Ide kertas nomor {n + 1}",
                group=group.pk,
                offline_children_count=12,
            ),
        )
        assert response.status_code == 302, n
    assert Proposal.objects.filter(entered_by=facilitator).count() == count

    html = client.get("/saya/").content.decode()
    assert "Ide Forum Anak yang saya masukkan" in html
    for n in range(count):
        assert f"Ide kertas nomor {n + 1}" in html
    assert "Forum Anak Kecamatan Ledo" in html


def test_the_submit_action_itself_keeps_the_childrens_limit_and_the_open_cycle(
    cycle,
    desa,  # noqa: F811
):
    """Not only the form: any caller of ``actions.submit`` meets the rules."""
    child = make_child()
    data = {**IDEA_TEXT, "desa": desa, "kecamatan": desa.kecamatan}
    for _n in range(actions.DAILY_SUBMISSION_LIMIT):
        actions.submit(child, data=data, cycle=cycle)
    with pytest.raises(ActionRefused, match="besok"):
        actions.submit(child, data=data, cycle=cycle)
    Cycle.objects.filter(pk=cycle.pk).update(
        opens_on=timezone.localdate() - timedelta(days=30),
        closes_on=timezone.localdate() - timedelta(days=1),
    )
    cycle.refresh_from_db()
    other = make_child()
    with pytest.raises(ActionRefused, match="ditutup"):
        actions.submit(other, data=data, cycle=cycle)
    assert Proposal.objects.count() == actions.DAILY_SUBMISSION_LIMIT
