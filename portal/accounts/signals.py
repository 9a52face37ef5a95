from django.dispatch import Signal

# Sent inside the deletion transaction, before the account row goes, so that
# other apps can remove or anonymise what hangs on the child (supports and
# their counts, authorship of ideas) atomically with the deletion.
# Arguments: user, kecamatan, reason.
child_account_deleting = Signal()

# Sent first, inside the same transaction, while everything of hers is still
# there: for the anonymous records that outlive the account (the KLA report's
# departed children, portal/evidence/participation.py). Argument: user.
child_account_departing = Signal()

# Sent on commit after a child account is created (signup or batch).
child_account_created = Signal()
