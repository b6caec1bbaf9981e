# ruff: noqa: E501  (the register below is data: one system a line)
"""Demo data: a believable system register (about 60 systems) and maintenance plans in every state.

Run by `manage.py seed_demo` after governance's seeding. Idempotent: systems are looked up by name and
plans by (system, year); workflow transitions are only applied to plans created in this run.
System managers are found through governance memberships (GroupRole.SYSTEM_MANAGER), grouped by the
administration their ICT group works in; IT coordination through municipal roles.
"""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from governance.models import GroupRole, Membership, MunicipalRole, OrganisationUnit, RoleAssignment

from .models import (
    ActivityKind,
    CostType,
    InformationType,
    Lifecycle,
    MaintenancePlan,
    OperationForm,
    PlanActivity,
    PlanBudgetLine,
    PlanState,
    System,
    SystemKind,
)
from .services import system_refresh_classification
from .workflows import PLAN_WORKFLOW

# The demo walks plans through the real workflow but tells nobody (no notifications or e-mail).
QUIET_WORKFLOW = replace(PLAN_WORKFLOW, on_applied=[])

K, F, L = SystemKind, OperationForm, Lifecycle
# (name, kind, administration short name, operation form, supplier, personal data, highest level, description)
SYSTEMS = [
    (
        "Procapita VoO",
        K.CORE,
        "UTOM",
        F.OTHER_MUNICIPALITY,
        "Tieto Evry",
        True,
        4,
        "Verksamhetssystem för vård och omsorg: dokumentation, beslut och verkställighet.",
    ),
    (
        "Procapita IFO",
        K.CORE,
        "UTOM",
        F.OTHER_MUNICIPALITY,
        "Tieto Evry",
        True,
        4,
        "Individ- och familjeomsorgens ärendehantering och journalföring.",
    ),
    ("Lifecare Utförare", K.CORE, "UTOM", F.CLOUD, "Tieto Evry", True, 3, "Planering och dokumentation i hemtjänsten."),
    (
        "TES Planering",
        K.NICHE,
        "UTOM",
        F.CLOUD,
        "Tunstall",
        True,
        3,
        "Schemaläggning och besöksregistrering i hemtjänsten.",
    ),
    ("Trygghetslarm Carephone", K.NICHE, "UTOM", F.CLOUD, "Carephone", True, 3, "Larmmottagning för trygghetslarm."),
    ("Läkemedelsrobot Evondos", K.NICHE, "UTOM", F.CLOUD, "Evondos", True, 3, "Läkemedelsautomater i ordinärt boende."),
    ("Nyckelfri hemtjänst Phoniro", K.NICHE, "UTOM", F.CLOUD, "Phoniro", True, 2, "Digitala lås och nyckelhantering."),
    ("Pascal läkemedelslistor", K.NICHE, "UTOM", F.CLOUD, "Inera", True, 3, "Ordinationsverktyg för läkemedel."),
    ("NPÖ", K.NICHE, "UTOM", F.CLOUD, "Inera", True, 4, "Nationell patientöversikt."),
    ("Senior alert", K.NICHE, "UTOM", F.CLOUD, "RJL", True, 2, "Kvalitetsregister för förebyggande vård."),
    ("Viva Bistånd", K.NICHE, "UTOM", F.CLOUD, "CGI", True, 3, "Automatiserad handläggning av försörjningsstöd."),
    ("Skola24 Schema", K.CORE, "UTOM", F.CLOUD, "Skola24", True, 2, "Schemaläggning för grundskola och gymnasium."),
    ("IST Elevregister", K.CORE, "UTOM", F.CLOUD, "IST", True, 3, "Elevregister, placeringar och betyg."),
    (
        "Unikum lärplattform",
        K.CORE,
        "UTOM",
        F.CLOUD,
        "Unikum",
        True,
        2,
        "Lärplattform med pedagogisk planering och omdömen.",
    ),
    (
        "Google Workspace for Education",
        K.TECHNICAL,
        "UTOM",
        F.CLOUD,
        "Google",
        True,
        2,
        "Elevernas e-post, dokument och klassrum.",
    ),
    ("Tyra förskoleapp", K.NICHE, "UTOM", F.CLOUD, "Tyra", True, 2, "Kommunikation med vårdnadshavare i förskolan."),
    (
        "Procapita Förskola",
        K.NICHE,
        "UTOM",
        F.OTHER_MUNICIPALITY,
        "Tieto Evry",
        True,
        2,
        "Köhantering och placering i förskolan.",
    ),
    (
        "Elevhälsans journal PMO",
        K.NICHE,
        "UTOM",
        F.OTHER_MUNICIPALITY,
        "CGM",
        True,
        4,
        "Journalsystem för elevhälsans medicinska insats.",
    ),
    ("Skolskjuts planering", K.NICHE, "UTOM", F.CLOUD, "Tur & Retur", True, 1, "Planering av skolskjutsar."),
    ("Matsedel Mashie", K.NICHE, "UTOM", F.CLOUD, "Mashie", False, 1, "Måltidsplanering och specialkost."),
    (
        "Biblioteket Book-it",
        K.NICHE,
        "UTOM",
        F.OTHER_MUNICIPALITY,
        "Axiell",
        True,
        1,
        "Bibliotekssystem för folk- och skolbibliotek.",
    ),
    ("Närvaro Dexter", K.NICHE, "UTOM", F.CLOUD, "IST", True, 2, "Frånvarorapportering i skolan."),
    (
        "Kulturskolan Speedadmin",
        K.NICHE,
        "UTOM",
        F.CLOUD,
        "Speedadmin",
        True,
        1,
        "Anmälan och avgifter i kulturskolan.",
    ),
    ("Hypergene skolpeng", K.NICHE, "UTOM", F.CLOUD, "Hypergene", False, 1, "Beräkning av skolpeng."),
    ("ByggR", K.CORE, "SBF", F.OWN_DATA_CENTRE, "Tekis", True, 2, "Bygglov, anmälningar och tillsyn enligt PBL."),
    (
        "EDP Vision Miljö",
        K.CORE,
        "SBF",
        F.OWN_DATA_CENTRE,
        "EDP Consult",
        True,
        2,
        "Miljö- och hälsoskyddets tillsyn och registrering.",
    ),
    ("Geosecma GIS", K.CORE, "SBF", F.OWN_DATA_CENTRE, "Sokigo", False, 1, "Kartor, geodata och detaljplaner."),
    (
        "FB Fastighetsregister",
        K.NICHE,
        "SBF",
        F.OWN_DATA_CENTRE,
        "Tekis",
        True,
        2,
        "Fastighetsregister och lägenhetsregister.",
    ),
    (
        "Infrastruktur drift Bluebeam",
        K.NICHE,
        "SBF",
        F.CLOUD,
        "Bluebeam",
        False,
        0,
        "Ritningar och mängdning för gatu- och parkdrift.",
    ),
    (
        "Vatten och avlopp VA-bank",
        K.NICHE,
        "SBF",
        F.OWN_DATA_CENTRE,
        "Sokigo",
        False,
        2,
        "Ledningsnät för vatten och avlopp.",
    ),
    (
        "Renhållning EDP Future",
        K.NICHE,
        "SBF",
        F.OWN_DATA_CENTRE,
        "EDP Consult",
        True,
        2,
        "Kundregister och fakturering för avfall.",
    ),
    (
        "Felanmälan Infracontrol",
        K.NICHE,
        "SBF",
        F.CLOUD,
        "Infracontrol",
        True,
        1,
        "Felanmälan för gator, parker och fastigheter.",
    ),
    (
        "Fastighetssystem Incit Xpand",
        K.NICHE,
        "SBF",
        F.CLOUD,
        "Incit",
        False,
        1,
        "Fastighetsförvaltning, avtal och underhåll.",
    ),
    (
        "Trafiktillstånd Parkeringstillstånd",
        K.NICHE,
        "SBF",
        F.CLOUD,
        "Nordic Parking",
        True,
        2,
        "Handläggning av parkeringstillstånd för rörelsehindrade.",
    ),
    (
        "SCADA Vattenverk",
        K.TECHNICAL,
        "SBF",
        F.OWN_DATA_CENTRE,
        "Abb",
        False,
        4,
        "Styrning och övervakning av vatten- och avloppsverk.",
    ),
    (
        "Energiuppföljning Vitec",
        K.NICHE,
        "SBF",
        F.CLOUD,
        "Vitec",
        False,
        0,
        "Energistatistik för kommunens fastigheter.",
    ),
    ("Lantmäteri Mätdata", K.TECHNICAL, "SBF", F.OWN_DATA_CENTRE, "Leica", False, 0, "Mätdata från fältinstrument."),
    (
        "Raindance Ekonomi",
        K.CORE,
        "KS",
        F.OTHER_MUNICIPALITY,
        "CGI",
        True,
        3,
        "Ekonomisystem: redovisning, leverantörsfakturor och budget.",
    ),
    ("Personec P Lön", K.CORE, "KS", F.OTHER_MUNICIPALITY, "Visma", True, 4, "Lön och personaladministration."),
    ("Public 360 Ärende", K.CORE, "KS", F.CLOUD, "Tieto Evry", True, 3, "Diarium, ärende- och dokumenthantering."),
    (
        "E-arkiv Sydarkivera",
        K.CORE,
        "KS",
        F.OTHER_MUNICIPALITY,
        "Sydarkivera",
        True,
        4,
        "Slutarkiv för digitala handlingar.",
    ),
    ("Platina dokument", K.NICHE, "KS", F.OWN_DATA_CENTRE, "Formpipe", True, 3, "Äldre dokumenthanteringssystem."),
    (
        "E-tjänsteplattform Open ePlatform",
        K.TECHNICAL,
        "KS",
        F.CLOUD,
        "Nordic Peak",
        True,
        3,
        "E-tjänster för invånare och företag.",
    ),
    ("Webbplats Sitevision", K.TECHNICAL, "KS", F.CLOUD, "Sitevision", False, 1, "Kommunens webbplats och intranät."),
    ("Microsoft 365", K.TECHNICAL, "KS", F.CLOUD, "Microsoft", True, 3, "E-post, samarbete och kontorsprogram."),
    ("Active Directory", K.TECHNICAL, "KS", F.OWN_DATA_CENTRE, "Microsoft", True, 4, "Katalogtjänst och behörigheter."),
    (
        "Inloggning Freja eID",
        K.TECHNICAL,
        "KS",
        F.CLOUD,
        "Verisec",
        True,
        3,
        "E-legitimering för invånare och medarbetare.",
    ),
    ("Kontaktcenter Telia ACE", K.NICHE, "KS", F.CLOUD, "Telia", True, 2, "Växel och kontaktcenter."),
    ("Upphandling TendSign", K.NICHE, "KS", F.CLOUD, "Visma", False, 1, "Upphandlingsverktyg."),
    ("Avtalsdatabas Kommers", K.NICHE, "KS", F.CLOUD, "Kommers", False, 1, "Avtalskatalog och avtalsuppföljning."),
    ("Beslutsstöd Hypergene", K.NICHE, "KS", F.CLOUD, "Hypergene", False, 1, "Mål, uppföljning och analys."),
    ("Politikerportal Meetings", K.NICHE, "KS", F.CLOUD, "Formpipe", False, 1, "Möteshandlingar för förtroendevalda."),
    (
        "Säkerhetsloggning SIEM",
        K.TECHNICAL,
        "KS",
        F.OWN_DATA_CENTRE,
        "Splunk",
        True,
        4,
        "Loggning och larm för informationssäkerhet.",
    ),
    ("Backup Veeam", K.TECHNICAL, "KS", F.OWN_DATA_CENTRE, "Veeam", True, 4, "Säkerhetskopiering av servrar."),
    (
        "Integrationsplattform BizTalk",
        K.TECHNICAL,
        "KS",
        F.OWN_DATA_CENTRE,
        "Microsoft",
        True,
        3,
        "Integrationer mellan verksamhetssystem.",
    ),
    ("Skrivarhantering Pcounter", K.TECHNICAL, "KS", F.OWN_DATA_CENTRE, "Pcounter", False, 0, "Utskriftshantering."),
    ("Visma Proceedo", K.NICHE, "KS", F.CLOUD, "Visma", False, 1, "E-handel och beställningar."),
    ("Tidrapportering Flex", K.NICHE, "KS", F.CLOUD, "Flex", True, 2, "Tidrapportering och schema."),
    ("Rekrytering ReachMee", K.NICHE, "KS", F.CLOUD, "Talentech", True, 2, "Rekrytering och ansökningar."),
    (
        "Gamla löneregistret",
        K.NICHE,
        "KS",
        F.OWN_DATA_CENTRE,
        "Egen utveckling",
        True,
        3,
        "Historiskt löneregister, läses endast.",
    ),
]
INFO_NAMES = {
    4: "Personuppgifter av känslig art",
    3: "Personuppgifter",
    2: "Ärendeuppgifter",
    1: "Intern information",
    0: "Öppen information",
}


def _administrations() -> dict[str, OrganisationUnit]:
    units = OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.ADMINISTRATION)
    return {(u.short_name or u.name).upper(): u for u in units}


def _people_by_administration(role: str) -> dict[int, list]:
    """People holding `role` in a group, keyed by the administration the group's scope belongs to."""
    found: dict[int, list] = {}
    for m in Membership.objects.active().filter(role=role).select_related("user", "group__scope__parent"):
        admin = m.group.scope.administration
        if admin is not None and m.user not in found.setdefault(admin.pk, []):
            found[admin.pk].append(m.user)
    return found


def seed(ctx) -> None:
    admins = _administrations()
    if not admins:
        ctx.log.append("maintenance_plans: no administrations, nothing seeded")
        return
    fallback_admin = next(iter(admins.values()))
    managers = _people_by_administration(GroupRole.SYSTEM_MANAGER)
    owners = _people_by_administration(GroupRole.OPERATIONS_MANAGER)
    for admin_pk, heads in _people_by_administration(GroupRole.HEAD_OF_ADMINISTRATION).items():
        owners.setdefault(admin_pk, heads)
    everyone = list(ctx.users.values()) if ctx.users else []
    today = ctx.today
    rng = ctx.rng
    created = 0
    systems = []
    for i, (name, kind, admin_key, form, supplier, personal, level, description) in enumerate(SYSTEMS):
        admin = admins.get(admin_key) or fallback_admin
        manager_pool = managers.get(admin.pk) or everyone
        owner_pool = owners.get(admin.pk) or manager_pool
        lifecycle = L.MAINTENANCE
        retire = None
        if name == "Gamla löneregistret":
            lifecycle = L.RETIRED
        elif name in ("Platina dokument", "Procapita Förskola"):
            lifecycle, retire = L.PHASE_OUT, today.year + 1
        elif name in ("Viva Bistånd", "Inloggning Freja eID"):
            lifecycle = L.INTRODUCTION
        elif name == "Läkemedelsrobot Evondos":
            lifecycle = L.PLANNED
        # Every fifth contract ends within the coming months; the rest run on for years.
        end = today + timedelta(days=30 + 25 * i) if i % 5 == 0 else date(today.year + 1 + i % 4, 12, 31)
        system, new = System.objects.get_or_create(
            name=name,
            defaults={
                "register_id": f"SYS-{i + 1:03d}",
                "kind": kind,
                "administration": admin,
                "operation_form": form,
                "supplier": supplier,
                "personal_data": personal,
                "description": description,
                "capabilities": description,
                "contract_start": date(today.year - 3 - i % 4, 1, 1),
                "contract_end": end,
                "lifecycle": lifecycle,
                "planned_retirement_year": retire,
                "system_manager": manager_pool[i % len(manager_pool)] if manager_pool else None,
                "system_owner": owner_pool[i % len(owner_pool)] if owner_pool else None,
                "information_owner": owner_pool[(i + 1) % len(owner_pool)] if owner_pool else None,
            },
        )
        if new:
            created += 1
            InformationType.objects.create(
                system=system,
                name=INFO_NAMES[level],
                confidentiality=level,
                integrity=max(level - 1, 1),
                availability=min(level, 3),
                traceability=level,
                personal_data=personal,
            )
            if level >= 2:
                InformationType.objects.create(
                    system=system,
                    name="Loggar",
                    confidentiality=1,
                    integrity=2,
                    availability=1,
                    traceability=min(level, 3),
                )
            system_refresh_classification(system=system)
        systems.append(system)

    coordinator = (
        RoleAssignment.objects.active().filter(role=MunicipalRole.IT_COORDINATION).select_related("user").first()
    )
    cycle = ctx.cycles.get(today.year + 1) if ctx.cycles else None
    year = cycle.plan_year if cycle else today.year + 1
    rate = cycle.hourly_rate if cycle else Decimal(450)
    plans = 0
    for i, system in enumerate(s for s in systems if not s.is_retired):
        if _plan(system, year - 1, rate, rng, factor=Decimal("0.95")):
            plans += 1
            _advance(
                MaintenancePlan.objects.get(system=system, plan_year=year - 1), PlanState.ACCEPTED, system, coordinator
            )
        if i % 7 == 6:
            continue  # no plan yet for next year: shows as missing
        state = [
            PlanState.ACCEPTED,
            PlanState.SUBMITTED,
            PlanState.DRAFT,
            PlanState.RETURNED,
            PlanState.ACCEPTED,
            PlanState.SUBMITTED,
        ][i % 6]
        if _plan(system, year, rate, rng, factor=Decimal(1)):
            plans += 1
            _advance(MaintenancePlan.objects.get(system=system, plan_year=year), state, system, coordinator)
    ctx.log.append(f"maintenance_plans: {created} systems and {plans} maintenance plans created")


def _plan(system: System, year: int, rate: Decimal, rng, *, factor: Decimal) -> bool:
    plan, new = MaintenancePlan.objects.get_or_create(
        system=system,
        plan_year=year,
        defaults={
            "goals": f"Stabil drift av {system.name} med hög tillgänglighet. Genomföra leverantörens "
            "versionsuppgraderingar och utbilda nya användare.",
            "risks": "Beroende av en leverantör; nyckelperson i förvaltningen saknar ersättare.",
            "classification_review_on": date(year, 3 + system.pk % 9, 15),
            "contract_renewal_need": (
                "Avtalet löper ut under året: förlängning eller ny upphandling ska beslutas."
                if system.contract_end and system.contract_end.year <= year
                else ""
            ),
            "procurement_needed": bool(system.contract_end and system.contract_end.year <= year),
            "decommissioning_plan": (
                "Avveckling planeras; data flyttas till ersättande system och e-arkiv."
                if system.lifecycle == Lifecycle.PHASE_OUT
                else ""
            ),
        },
    )
    if not new:
        return False
    base = Decimal(rng.choice([40, 80, 120, 200, 350, 600])) * 1000
    PlanBudgetLine.objects.bulk_create(
        [
            PlanBudgetLine(
                plan=plan,
                cost_type=CostType.LICENCES,
                description="Licenser och abonnemang",
                amount=(base * factor).quantize(Decimal(1)),
            ),
            PlanBudgetLine(
                plan=plan,
                cost_type=CostType.OPERATION,
                description="Drift och hosting",
                amount=(base * Decimal("0.4") * factor).quantize(Decimal(1)),
            ),
            PlanBudgetLine(
                plan=plan,
                cost_type=CostType.SUPPORT,
                description="Support",
                amount=(base * Decimal("0.15")).quantize(Decimal(1)),
            ),
            PlanBudgetLine(
                plan=plan,
                cost_type=CostType.STAFF,
                description="Systemförvaltare",
                hours=Decimal(rng.choice([80, 160, 320])),
                hourly_rate=rate,
                amount=Decimal(0),
            ),
            PlanBudgetLine(
                plan=plan,
                cost_type=CostType.DEVELOPMENT,
                description="Vidareutveckling",
                amount=(base * Decimal("0.2")).quantize(Decimal(1)),
            ),
        ]
    )
    for line in plan.budget_lines.filter(cost_type=CostType.STAFF):
        line.full_clean()
        line.save(update_fields=["amount"])
    PlanActivity.objects.bulk_create(
        [
            PlanActivity(
                plan=plan,
                kind=ActivityKind.CORRECTIVE,
                quarter=1,
                description="Felrättningar och patchar",
                estimate=Decimal(20000),
            ),
            PlanActivity(
                plan=plan,
                kind=ActivityKind.ADAPTIVE,
                quarter=2,
                description="Versionsuppgradering",
                estimate=Decimal(60000),
            ),
            PlanActivity(
                plan=plan,
                kind=ActivityKind.DEVELOPMENT if system.lifecycle != Lifecycle.PHASE_OUT else ActivityKind.PHASE_OUT,
                quarter=3,
                description="Ny e-tjänst mot invånare"
                if system.lifecycle != Lifecycle.PHASE_OUT
                else "Migrering av data och avveckling",
                estimate=Decimal(90000),
            ),
        ]
    )
    return True


def _advance(plan: MaintenancePlan, state: str, system: System, coordinator) -> None:
    """Walk a new draft through the workflow to `state`, as the real people would."""
    manager = system.system_manager or system.system_owner
    if state == PlanState.DRAFT or manager is None or coordinator is None:
        return
    plan = QUIET_WORKFLOW.apply(plan, "submit", actor=manager, comment="")
    if state == PlanState.ACCEPTED:
        QUIET_WORKFLOW.apply(plan, "accept", actor=coordinator.user, comment="")
    elif state == PlanState.RETURNED:
        plan.return_reason = "Budgeten för drift saknar underlag; komplettera med leverantörens prisbild."
        QUIET_WORKFLOW.apply(
            plan, "return", actor=coordinator.user, comment=plan.return_reason, extra_fields=("return_reason",)
        )
