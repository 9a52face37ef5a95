"""The Musrenbang path: from the most supported ideas to the budget.

- ``models``: shortlist, Forum Anak recommendations, tiket emas, Musrenbang
  outcomes, agencies (OPD) and KLA evidence (re-exported by
  ``proposals.models``);
- ``actions``: every step, with its check, its event and its answer for the
  children, and the stages as a table (``STAGE_RULES``);
- ``admin``: the staff screens (shortlist, award, outcomes, adoption,
  implementation, evidence, overdue answers);
- ``viewsets``: the Antrean Musrenbang and the agencies in Wagtail;
- ``views``: the Forum Anak committee's pages and the Layar.

``from proposals import musrenbang; musrenbang.record_outcome(...)`` keeps
working: the actions are re-exported here, loaded on first use, because
``proposals.models`` imports ``musrenbang.models`` while Django loads the
models, before the actions (which need every app's models) can be imported.
"""

from importlib import import_module

# The public API of ``actions``, readable as ``musrenbang.<name>``.
ACTIONS_API = frozenset(
    {
        "ADOPTION_FIELDS",
        "ANSWER_OVERDUE_DAYS",
        "LEVEL_DATE",
        "LEVEL_ORDER",
        "RANKING",
        "STAGE_RULES",
        "Stage",
        "StageRule",
        "add_evidence",
        "add_to_shortlist",
        "award_golden_ticket",
        "build_shortlist",
        "carry_over",
        "check_stage",
        "deciding_level",
        "is_committee_member",
        "mark_received",
        "overdue_answers",
        "quota_left",
        "recommend",
        "record_adoption",
        "record_outcome",
        "refusal_for",
        "update_implementation",
        "with_verified_support_count",
    }
)


def __getattr__(name):
    if name in ACTIONS_API:
        return getattr(import_module(f"{__name__}.actions"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted({*globals(), *ACTIONS_API})
