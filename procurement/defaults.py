"""The default checklist of the IT procurement model (DESIGN §10) and the default decision thresholds.

Used by the data migration, by `manage.py seed_procurement_template` and by the demo. The functions take
the model classes so a migration can pass its historical models; both are idempotent.
The texts are the municipality's own model document (data, in Swedish), not UI strings.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone


@dataclass(frozen=True)
class DefaultItem:
    phase: str
    text: str
    guidance: str = ""
    mandatory: bool = True
    evidence_required: bool = True
    key: str = ""


DEFAULT_ITEMS: tuple[DefaultItem, ...] = (
    # Preparation
    DefaultItem(
        "preparation",
        "Behovsanalys med användarmedverkan",
        "Beskriv behovet och hur verksamhetens användare har deltagit (workshops, intervjuer).",
    ),
    DefaultItem("preparation", "Processkartläggning", "Dagens och morgondagens process; vad ändras för användarna?"),
    DefaultItem(
        "preparation",
        "Återanvändningskontroll",
        "Finns liknande system i systemförteckningen eller liknande behov i andra verksamheter?",
        key="reuse_check",
    ),
    DefaultItem(
        "preparation",
        "Samråd med IT om integration",
        "E-arkiv, dokument- och ärendehantering, databaser, portal/e-tjänsteplattform.",
    ),
    DefaultItem("preparation", "Nyttokalkyl", "Ekonomisk effektivisering eller kvalitetshöjning, med nyttoansvarig."),
    # Requirements
    DefaultItem(
        "requirements",
        "Informationsklassning och informationsägare",
        "Klassa informationen (KLASSA) och utse informationsägare.",
    ),
    DefaultItem(
        "requirements",
        "Bedömning av personuppgiftsbehandling",
        "Behandlas personuppgifter? Behövs en konsekvensbedömning (DPIA)?",
    ),
    DefaultItem(
        "requirements",
        "Värdering av driftsform",
        "Egen drift, drift hos annan kommun eller molntjänst: total kostnad över avtalstiden och risk.",
        key="valuation",
    ),
    DefaultItem("requirements", "Risk- och sårbarhetsanalys"),
    DefaultItem(
        "requirements",
        "Tillgänglighetskrav",
        "Krav enligt lagen om tillgänglighet till digital offentlig service (WCAG 2.1 AA).",
    ),
    DefaultItem("requirements", "Informationssäkerhetskrav utifrån klassningen"),
    DefaultItem(
        "requirements", "Öppna gränssnitt och dataexport", "Krav på öppna API:er och export av all data i öppna format."
    ),
    DefaultItem("requirements", "Standarder", "Autentisering, arbetsplats, integration och namngivning."),
    DefaultItem("requirements", "Exitplan", "Hur lämnar vi leverantören och tar med oss informationen?"),
    # Procurement or call-off
    DefaultItem(
        "procurement_or_call_off",
        "Upphandlingsdokument eller avropsförfrågan skickad",
        "Enligt vald upphandlingsform; kraven från kravfasen ingår.",
    ),
    DefaultItem(
        "procurement_or_call_off",
        "Frågor och svar under anbudstiden dokumenterade",
        mandatory=False,
        evidence_required=False,
    ),
    # Evaluation and contract
    DefaultItem("evaluation_and_contract", "Utvärdering av anbud dokumenterad"),
    DefaultItem(
        "evaluation_and_contract",
        "Delegerat beslut efter kontraktsvärde",
        "Beslut av den som har delegation för värdet (se beslutsgränser).",
        key="decision",
    ),
    DefaultItem(
        "evaluation_and_contract",
        "Personuppgiftsbiträdesavtal",
        "Krävs när leverantören behandlar personuppgifter för kommunens räkning.",
    ),
    # Introduction and contract follow-up
    DefaultItem(
        "introduction_and_follow_up",
        "Registrering i systemförteckningen med systemförvaltare",
        key="system_registration",
    ),
    DefaultItem("introduction_and_follow_up", "Datum för avtalsuppföljning", key="follow_up"),
    DefaultItem("introduction_and_follow_up", "Utbildningsbehov inventerade", mandatory=False, evidence_required=False),
)

DEFAULT_THRESHOLDS = (
    # (level, up to and including SEK, decided at a meeting)
    ("deputy_municipal_director", Decimal(3_000_000), False),
    ("municipal_director", Decimal(10_000_000), False),
    ("executive_committee", None, True),
)


def ensure_default_template(template_model, item_model, *, user=None, now=None):
    """Create and publish version 1 with the default items unless any template exists. Returns it or None."""

    if template_model.objects.exists():
        return None
    template = template_model.objects.create(
        number=1,
        title="IT-upphandlingsmodellen",
        change_note="Standardmallen enligt IT-upphandlingsmodellen.",
        published_at=now or timezone.now(),
        created_by=user,
        published_by=user,
    )
    item_model.objects.bulk_create(
        [
            item_model(
                template=template,
                phase=d.phase,
                order=i,
                text=d.text,
                guidance=d.guidance,
                mandatory=d.mandatory,
                evidence_required=d.evidence_required,
                key=d.key,
            )
            for i, d in enumerate(DEFAULT_ITEMS, start=1)
        ]
    )
    return template


def ensure_default_thresholds(threshold_model) -> int:
    """Create the default thresholds whose level is missing. Returns how many were created."""
    created = 0
    for level, up_to, minutes in DEFAULT_THRESHOLDS:
        _obj, was_created = threshold_model.objects.get_or_create(
            level=level, defaults={"up_to": up_to, "requires_minutes": minutes}
        )
        created += was_created
    return created
