from portal.accounts.signals import child_account_deleting

from .actions import remove_all_supports


def handle_child_account_deleting(sender, user, **kwargs):
    """A deleted account or revoked consent: its supports go, counts follow."""
    remove_all_supports(user)


def connect():
    child_account_deleting.connect(
        handle_child_account_deleting, dispatch_uid="voting_child_deleting"
    )
