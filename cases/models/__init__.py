"""Models of the case loop: what report intake keeps beside an incident (``reports``), the case a report becomes and
its steps (``cases``), and the tables the centre edits (``rules``: dispatch rules, rejection reasons)."""
from .reports import IdempotencyKey, ReportDetail, ReportPhoto, ReporterRole, ReportSource
from .rules import DispatchRule, RejectReason
from .cases import Case, CaseStep, Urgency

__all__ = [
    "IdempotencyKey", "ReportDetail", "ReportPhoto", "ReporterRole", "ReportSource",
    "DispatchRule", "RejectReason", "Case", "CaseStep", "Urgency",
]
