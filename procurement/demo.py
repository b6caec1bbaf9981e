"""Procurement demo data: the default checklist and thresholds, and cases in every phase, some blocked,
one with a waiver, one with an operation-form override, one registered in the system register and one
closed. Idempotent: does nothing when demo cases already exist. Runs last in seed_demo."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from governance.models import MunicipalRole, RoleAssignment, User
from maintenance_plans.models import System
from portfolio.models import Proposal

from . import services
from .models import CaseItemStatus, DecisionLevel, DecisionThreshold, Phase, Procedure, ProcurementCase
from .workflows import case_advance_phase

DEMO_MARK = "[demo]"


def _person(ctx, *keys):
    for key in keys:
        if ctx.users.get(key):
            return ctx.users[key]
    return None


def seed(ctx) -> None:

    services.template_seed_default()
    coordinator = (
        _person(ctx, "it_coordinator", "it_manager")
        or User.objects.filter(role_assignments__role=MunicipalRole.IT_COORDINATION).first()
    )
    if (
        coordinator is None
        or not RoleAssignment.objects.filter(user=coordinator, role=MunicipalRole.IT_COORDINATION).exists()
    ):
        ctx.log.append("procurement: no IT coordination person, no demo cases")
        return
    director = _person(ctx, "municipal_director")
    if director is not None:
        DecisionThreshold.objects.filter(level=DecisionLevel.MUNICIPAL_DIRECTOR, decider__isnull=True).update(
            decider=director
        )
    if ProcurementCase.objects.filter(description__contains=DEMO_MARK).exists():
        ctx.log.append("procurement: nothing new")
        return

    specs = [
        # (title, value SEK, procedure, phases to pass, extra, the proposal it serves, the system it renews)
        (
            "Digital signering och e-underskrift",
            Decimal("850000"),
            Procedure.CALL_OFF,
            0,
            "blocked",
            "Digital signering",
            None,
        ),
        (
            "Schemaläggning och närvaro för grundskolan",
            Decimal("2400000"),
            Procedure.CALL_OFF,
            1,
            "waiver",
            "Schemaläggningssystem för skolor",
            "Skola24 Schema",
        ),
        (
            "Verksamhetssystem för hemtjänstplanering",
            Decimal("6500000"),
            Procedure.OPEN,
            2,
            "valuation",
            "Schemaläggning i hemtjänsten",
            None,
        ),
        (
            "Ärende- och dokumenthantering för nämnderna",
            Decimal("14000000"),
            Procedure.OPEN,
            3,
            "decision",
            "Digitala nämndhandlingar",
            None,
        ),
        (
            "E-tjänst för bygglov",
            Decimal("1800000"),
            Procedure.DIRECT_AWARD,
            4,
            "registered",
            "E-tjänst för bygglov",
            None,
        ),
        (
            "Förnyat avtal för ekonomisystemet",
            Decimal("3200000"),
            Procedure.CALL_OFF,
            5,
            "closed",
            None,
            "Raindance Ekonomi",
        ),
    ]
    proposals = {
        p.title: p
        for p in Proposal.objects.filter(title__in=[s[5] for s in specs if s[5]])
        .exclude(state__in=["rejected", "withdrawn"])
        .select_related("author", "administration")
    }
    systems = {
        s.name: s
        for s in System.objects.filter(name__in=[s[6] for s in specs if s[6]]).select_related(
            "system_manager", "administration"
        )
    }
    created = 0
    for title, value, procedure, passes, extra, proposal_title, system_name in specs:
        proposal, system = proposals.get(proposal_title), systems.get(system_name)
        if proposal is None and system is None:  # a trimmed demo: the case stands on its own
            system = System.objects.active().select_related("system_manager").order_by("name").first()
        responsible = (proposal.author if proposal else (system.system_manager if system else None)) or coordinator
        case = services.case_create(
            actor=coordinator,
            title=title,
            estimated_value=value,
            procedure=procedure,
            responsible=responsible,
            proposal=proposal,
            system=system,
            contract_months=48,
            description=f"{title}. {DEMO_MARK}",
        )
        created += 1
        if extra == "waiver":
            item = case.items.get(phase=Phase.PREPARATION, order=1)
            services.case_item_set_status(
                item=item,
                actor=coordinator,
                status=CaseItemStatus.WAIVED,
                reason="Behovsanalysen gjordes i den gemensamma förstudien 2024; dispens beviljad av IT-samordningen.",
            )
        if passes >= 1 or extra in ("valuation", "decision"):
            services.reuse_check_record(
                case=case,
                actor=coordinator,
                outcome="buy_anyway",
                reason="Befintliga system saknar stöd för behovet; nyttokalkylen visar "
                "klart större nytta med ny upphandling.",
                suggestions=[],
            )
        if passes >= 2:
            valuation = services.valuation_save(
                case=case,
                actor=coordinator,
                weights={
                    "weight_cost": 30,
                    "weight_risk": 25,
                    "weight_classification": 20,
                    "weight_mobility": 10,
                    "weight_exit": 15,
                },
                options=[
                    {
                        "option": "own_data_centre",
                        "total_cost": value * Decimal("1.2"),
                        "risk_score": 4,
                        "classification_score": 5,
                        "mobility_score": 2,
                        "exit_score": 4,
                    },
                    {
                        "option": "other_municipality",
                        "total_cost": value,
                        "risk_score": 3,
                        "classification_score": 4,
                        "mobility_score": 3,
                        "exit_score": 3,
                    },
                    {
                        "option": "cloud",
                        "total_cost": value * Decimal("0.7"),
                        "risk_score": 2,
                        "classification_score": 2,
                        "mobility_score": 5,
                        "exit_score": 2,
                    },
                ],
            )
            if extra == "valuation":
                services.valuation_confirm(
                    valuation=valuation,
                    actor=coordinator,
                    chosen="cloud",
                    reason="Hemtjänstens personal arbetar mobilt; molntjänsten är ett krav.",
                )
            else:
                services.valuation_confirm(valuation=valuation, actor=coordinator, chosen=valuation.recommended)
        if passes >= 3 or extra == "decision":
            required = services.required_decision_level(case.estimated_value)
            kwargs = {"reference": "KS § 45"} if required and required.requires_minutes else {}
            decided_by = required.decider if required and required.decider else None
            services.decision_record(
                case=case,
                actor=coordinator,
                level=required.level,
                decided_on=ctx.today - timedelta(days=20),
                text="Tilldelning enligt utvärderingen.",
                decided_by=decided_by,
                decided_by_body="" if decided_by else str(required.get_level_display()),
                **kwargs,
            )

        def register(case=case, proposal=proposal, system=system, title=title, responsible=responsible):
            manager = _person(ctx, "planning_system_manager", "management_system_manager") or responsible
            start = ctx.today - timedelta(days=200)
            services.case_register_system(
                case=case,
                actor=coordinator,
                name=title if case.system_id is None else "",
                system_manager=manager,
                contract_start=start,
                contract_end=date(start.year + 4, start.month, 1),
                supplier="Leverantör AB",
                kind="niche",
                administration=(
                    proposal.administration
                    if proposal and proposal.administration_id
                    else (system.administration if system else None)
                ),
                follow_up_dates=[ctx.today + timedelta(days=25), start.replace(year=start.year + 1)],
            )

        for _ in range(passes):
            phase = case.phase
            if phase == Phase.INTRODUCTION:
                register()
            for item in case.items.filter(phase=phase, mandatory=True, status=CaseItemStatus.OPEN):
                services.case_item_set_status(
                    item=item,
                    actor=coordinator,
                    status=CaseItemStatus.DONE,
                    evidence_text="Dokumenterat i ärendet, se diariet.",
                )
            case = case_advance_phase(case=case, actor=coordinator, comment="Grindkontroll klar.")
        if extra == "registered":
            register(case=case)
        if extra in ("waiver", "valuation", "decision"):
            # Leave the current phase half done: some items done, the gate still blocked.
            for item in case.items.filter(phase=case.phase, mandatory=True, status=CaseItemStatus.OPEN)[:1]:
                services.case_item_set_status(
                    item=item, actor=coordinator, status=CaseItemStatus.DONE, evidence_text="Klart enligt protokoll."
                )
    ProcurementCase.objects.filter(description__contains=DEMO_MARK).update(updated_at=timezone.now())
    ctx.log.append(f"procurement: created {created} cases")
