"""One shape for every action of the portal (issue 12 item 2), as Wagtail's
own ``wagtail/actions/``: check (permission and state), then execute inside
one transaction, then record the event and notify.

The rule for refusals:

- ``ActionRefused`` carries a message for people (Indonesian, through
  gettext): the state does not allow it ("this idea is already in the
  APBD"), the input is incomplete ("write an answer for the children"), or
  a limit is reached. Views show its message and keep what was typed; the
  admin shows it as a Wagtail error message.
- A bare ``PermissionDenied`` (no message) means "this role may never do
  this": views answer 403.

``ActionRefused`` is both a ``ValidationError`` (forms and views that show
``exc.messages`` keep working) and a ``PermissionDenied`` (a refusal that a
view forgot to catch answers 403, never 500). Nothing of a refused action is
left behind: actions check before they write, and they run in one
transaction, so a refusal raised half-way rolls back everything.
"""

from django.core.exceptions import PermissionDenied, ValidationError


class ActionRefused(ValidationError, PermissionDenied):
    """An action refused, with a message for the person who asked."""

    def __init__(self, message, code="refused"):
        ValidationError.__init__(self, message, code=code)

    def __str__(self):
        return " ".join(str(m) for m in self.messages)
