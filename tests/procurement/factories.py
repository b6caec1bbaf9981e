"""Factories and helpers for procurement tests. Cases are opened through the service so they get the
checklist of the current template version (seeded by the data migration)."""

from decimal import Decimal

from procurement import services
from procurement.models import CaseItemStatus, Procedure
from tests.portfolio.factories import ProposalFactory

TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TINY_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def open_case(org, people, *, actor=None, value=Decimal("2000000"), proposal=None, **kwargs):
    proposal = proposal or ProposalFactory(owning_group=org.ict_group, author=people["ict_member"])
    values = {
        "title": "Nytt elevregister",
        "estimated_value": value,
        "procedure": Procedure.CALL_OFF,
        "responsible": people["ict_member"],
        "proposal": proposal,
        "description": "Elevregister för skolan",
    }
    values.update(kwargs)
    return services.case_create(actor=actor or people["ict_member"], **values)


def complete_phase(case, actor, *, phase=None):
    """Mark every mandatory item of the (current) phase done with evidence text."""
    for item in case.items.filter(phase=phase or case.phase, mandatory=True):
        services.case_item_set_status(
            item=item, actor=actor, status=CaseItemStatus.DONE, evidence_text="Dokumenterat i diariet."
        )
