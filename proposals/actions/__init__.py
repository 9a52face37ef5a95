"""State changes of an idea. Views, admin views, commands and Wagtail's
workflow signals all go through these functions, so every path checks the
same rules, writes the same event and sends the same signal.

One module per concern (docs/development.md "Layout"): ``events`` (what every
action shares), ``submission``, ``moderation``, ``escalation`` and
``reports``. The Musrenbang path has its own actions in
``proposals/musrenbang/actions.py``."""

from .escalation import clear_danger_flag, escalate, log_case
from .events import log_step, notify_proposer, record, require, role_of, staff_in
from .moderation import (
    manual_findings,
    merge,
    on_workflow_approved,
    on_workflow_rejected,
    redact,
    redact_selection,
    refuse_if_escalated,
    remove_public_name,
    status_while_moderated,
    unpublish,
)
from .reports import REPORT_THRESHOLD, report, resolve_reports
from .submission import (
    DAILY_SUBMISSION_LIMIT,
    PhotoFiles,
    can_edit,
    can_submit,
    counts_toward_daily_limit,
    edit,
    open_cycle,
    submissions_today,
    submit,
)

__all__ = [
    "DAILY_SUBMISSION_LIMIT",
    "REPORT_THRESHOLD",
    "PhotoFiles",
    "can_edit",
    "can_submit",
    "clear_danger_flag",
    "counts_toward_daily_limit",
    "edit",
    "escalate",
    "log_case",
    "log_step",
    "manual_findings",
    "merge",
    "notify_proposer",
    "on_workflow_approved",
    "on_workflow_rejected",
    "open_cycle",
    "record",
    "redact",
    "redact_selection",
    "refuse_if_escalated",
    "remove_public_name",
    "report",
    "require",
    "resolve_reports",
    "role_of",
    "staff_in",
    "status_while_moderated",
    "submissions_today",
    "submit",
    "unpublish",
]
