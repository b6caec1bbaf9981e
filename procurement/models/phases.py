from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    REQUIREMENTS = "requirements", _("Requirements")
    PROCUREMENT = "procurement_or_call_off", _("Procurement or call-off")
    EVALUATION = "evaluation_and_contract", _("Evaluation and contract")
    INTRODUCTION = "introduction_and_follow_up", _("Introduction and contract follow-up")
    CLOSED = "closed", _("Closed")


# The phases a case works through, in order; `closed` follows the last one.
WORKING_PHASES = (Phase.PREPARATION, Phase.REQUIREMENTS, Phase.PROCUREMENT, Phase.EVALUATION, Phase.INTRODUCTION)
PHASE_ORDER = (*WORKING_PHASES, Phase.CLOSED)
WORKING_PHASE_CHOICES = [(p.value, p.label) for p in WORKING_PHASES]


def phase_index(phase: str) -> int:
    return PHASE_ORDER.index(phase)


def next_phase(phase: str) -> str | None:
    i = phase_index(phase)
    return PHASE_ORDER[i + 1] if i + 1 < len(PHASE_ORDER) else None
