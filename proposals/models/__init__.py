"""The models of ``proposals``, one module per concept:

- ``ideas``: the idea itself, its year (``Cycle``), the one definition of a
  public idea (``public_q``) and its timeline (``ProposalEvent``, ``Redaction``);
- ``moderation``: reports, safeguarding cases and danger clearances;
- ``proposals/musrenbang/models.py``: the Musrenbang path, from the shortlist
  to the budget and the KLA evidence;
- ``proposals/checks/models.py``: the staff's entries in the checks' word lists.

Everything is re-exported here, so ``from proposals.models import X`` is the
one way to import a model (importing the modules also registers the models
with Django).
"""

# Kept in this order, the order of the former single models.py, so that
# Django registers the models as before (apps.get_models(), dumpdata).
# isort: off
from .ideas import (
    CLUSTER_HELP,
    Cluster,
    Cycle,
    CycleQuerySet,
    Proposal,
    ProposalEvent,
    ProposalQuerySet,
    Redaction,
    public_q,
)
from .moderation import (
    CaseAuditLog,
    CaseNote,
    DangerClearance,
    Report,
    SafeguardingCase,
)
from ..musrenbang.models import (
    Agency,
    CommitteeRecommendation,
    Deliberation,
    EvidenceDocument,
    EvidenceDocumentQuerySet,
    GoldenTicket,
    GoldenTicketQuerySet,
    ShortlistEntry,
    ThroughProposalQuerySet,
)
from ..checks.models import CheckWord
# isort: on

__all__ = [
    "CLUSTER_HELP",
    "Agency",
    "CheckWord",
    "CaseAuditLog",
    "CaseNote",
    "Cluster",
    "CommitteeRecommendation",
    "Cycle",
    "CycleQuerySet",
    "DangerClearance",
    "Deliberation",
    "EvidenceDocument",
    "EvidenceDocumentQuerySet",
    "GoldenTicket",
    "GoldenTicketQuerySet",
    "Proposal",
    "ProposalEvent",
    "ProposalQuerySet",
    "Redaction",
    "Report",
    "SafeguardingCase",
    "ShortlistEntry",
    "ThroughProposalQuerySet",
    "public_q",
]
