from django.dispatch import Signal

# Sent on commit after an idea's status changed. Arguments: proposal,
# from_status, to_status, event.
proposal_status_changed = Signal()

# Sent on commit after the third distinct report hid an idea. Argument: proposal.
proposal_hidden_by_reports = Signal()

# Sent on commit when something happened on an idea's way to the budget that
# its proposer and supporters should hear about. Arguments: proposal, title,
# body (both written for children).
proposal_news = Signal()
