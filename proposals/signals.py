from django.dispatch import Signal

# Sent on commit after an idea's status changed. Arguments: proposal,
# from_status, to_status, event.
proposal_status_changed = Signal()

# Sent on commit after the third distinct report hid an idea. Argument: proposal.
proposal_hidden_by_reports = Signal()
