from portal.accounts.signals import child_account_deleting

from .actions import remove_all_supports


def handle_child_account_deleting(sender, user, **kwargs):
    """A deleted account or revoked consent: its supports go, counts follow."""
    remove_all_supports(user)


def notify_supporters(sender, proposal, title, body, **kwargs):
    """Everyone who supported an idea hears what became of it, while it is
    public: news of an idea hidden or escalated since would carry its words
    to other children (issue 11 item 11)."""
    from portal.accounts.models import User
    from portal.notifications.models import Notification, notify
    from proposals.models import Proposal

    if not Proposal.objects.public().filter(pk=proposal.pk).exists():
        return
    supporters = User.objects.filter(supports__proposal=proposal).exclude(
        pk=proposal.proposer_id
    )
    notify(
        supporters,
        kind=Notification.Kind.OUTCOME,
        title=title,
        body=body,
        url=proposal.get_absolute_url(),
    )


def connect():
    from proposals.signals import proposal_news, proposal_status_changed

    from .live import announce_if_gone

    proposal_status_changed.connect(announce_if_gone, dispatch_uid="voting_live_gone")

    proposal_news.connect(notify_supporters, dispatch_uid="voting_notify_supporters")
    child_account_deleting.connect(
        handle_child_account_deleting, dispatch_uid="voting_child_deleting"
    )
