"""Demo projects: the approved demo proposals' projects get a manager, dates, monthly status reports, actual
costs, benefit follow-ups (before and during), two programmes, and one project is completed with its
benefits followed up after. Everything goes through the services and `project_transition`.

Idempotent: a project that already has status reports is left alone; programmes are found by name.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from governance.exceptions import TransitionNotAllowed
from governance.models import MunicipalRole, RoleAssignment
from portfolio.projects.models import RAG, ActualCost, BenefitFollowUp, FollowUpPhase, Programme, Project, StatusReport
from portfolio.projects.services import (
    actual_cost_save,
    benefit_follow_up_save,
    programme_save,
    project_save,
    status_report_save,
)
from portfolio.projects.workflows import project_transition
from portfolio.proposals.demo import SPECS, People
from portfolio.proposals.models import CostCategory

PROGRAMMES = {
    "Digital välfärd": (
        "Digitala stöd i vård, omsorg och skola som frigör tid för brukare och elever.",
        (
            "Schemaläggning i hemtjänsten",
            "Elevhälsans journalsystem",
            "Läkemedelsrobotar i hemtjänsten",
            "Digital nattillsyn med kamera",
        ),
    ),
    "Digital service till invånare och företag": (
        "E-tjänster och digitala leveranser enligt e-servicestrategin: 80 % av ärendena digitalt.",
        ("E-tjänst för bygglov", "Digital barnomsorgskö med e-tjänst", "Digital signering"),
    ),
}
COMPLETED = "Digital signering"
# (schedule, cost, scope, comments, summary) per report, oldest first; amber and red carry their reason.
STORIES = [
    [
        (
            RAG.GREEN,
            RAG.GREEN,
            RAG.GREEN,
            {},
            "Projektet har startat enligt plan. Styrgrupp och projektgrupp är bemannade.",
        ),
        (
            RAG.AMBER,
            RAG.GREEN,
            RAG.GREEN,
            {"schedule": "Leverantörens testmiljö kom tre veckor sent."},
            "Utvecklingen pågår; testerna har skjutits fram.",
        ),
        (RAG.GREEN, RAG.GREEN, RAG.GREEN, {}, "Förseningen är inhämtad. Pilot med två enheter har startat."),
    ],
    [
        (RAG.GREEN, RAG.GREEN, RAG.GREEN, {}, "Upphandlad modul är beställd och projektplanen beslutad."),
        (
            RAG.AMBER,
            RAG.AMBER,
            RAG.GREEN,
            {
                "schedule": "Utbildningen av personal tar längre tid än planerat.",
                "cost": "Extra utbildningstillfällen kostar cirka 40 000 kr.",
            },
            "Införandet pågår i tre av sex grupper.",
        ),
        (
            RAG.RED,
            RAG.AMBER,
            RAG.GREEN,
            {
                "schedule": "Integrationen mot verksamhetssystemet fungerar inte; driftstart flyttas minst en månad.",
                "cost": "Konsultstöd för integrationen behövs.",
            },
            "Eskalerat till styrgruppen; åtgärdsplan tas fram med leverantören.",
        ),
    ],
    [
        (RAG.GREEN, RAG.GREEN, RAG.GREEN, {}, "Kravställning klar."),
        (
            RAG.GREEN,
            RAG.GREEN,
            RAG.AMBER,
            {"scope": "Verksamheten vill lägga till en modul för statistik."},
            "Förändringsbegäran om statistikmodul lämnad till styrgruppen.",
        ),
        (RAG.GREEN, RAG.GREEN, RAG.GREEN, {}, "Statistikmodulen skjuts till etapp 2. Införandet följer planen."),
    ],
]


def _coordinator(ctx):
    assignment = (
        RoleAssignment.objects.active(ctx.today)
        .filter(role=MunicipalRole.IT_COORDINATION)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal(1000), rounding=ROUND_HALF_UP)


def _programmes(coordinator) -> dict[str, Programme]:
    result = {}
    for name, (description, _titles) in PROGRAMMES.items():
        programme = Programme.objects.filter(name=name).first()
        if programme is None:
            programme = programme_save(
                programme=Programme(name=name, description=description, owner=coordinator), actor=coordinator
            )
        result[name] = programme
    return result


def _programme_of(title: str, programmes: dict[str, Programme]) -> Programme | None:
    for name, (_d, titles) in PROGRAMMES.items():
        if title in titles:
            return programmes[name]
    return None


def seed(ctx) -> None:
    coordinator = _coordinator(ctx)
    if coordinator is None:
        ctx.log.append("portfolio/projects: no IT coordination, nothing seeded")
        return
    programmes = _programmes(coordinator)
    titles = [s.title for s in SPECS]
    projects = list(
        Project.objects.filter(proposal__title__in=titles)
        .select_related("proposal__owning_group", "proposal__target_cycle")
        .order_by("proposal__reference")
    )
    made = 0
    for index, project in enumerate(projects):
        if project.status_reports.exists():
            continue
        with transaction.atomic():
            _seed_project(ctx, project, index, coordinator, programmes)
        made += 1
    ctx.log.append(f"portfolio/projects: {made} projects reported on, {len(programmes)} programmes")


def _seed_project(ctx, project: Project, index: int, coordinator, programmes) -> None:

    rng = random.Random(project.proposal.title)
    today = ctx.today
    people = People(ctx)
    manager = people.author(project.proposal.owning_group) or coordinator
    start = date(today.year, 2, 1) + timedelta(days=14 * (index % 3))
    project.manager = manager
    project.programme = _programme_of(project.proposal.title, programmes) or project.programme
    project.start_date = start
    project.planned_end_date = (
        date(today.year + 1, 6, 30) if project.proposal.title != COMPLETED else date(today.year, 10, 31)
    )
    project = project_save(project=project, actor=coordinator, expected_version=project.version)

    # Status reports: one every three months since the start, up to today.
    story = STORIES[index % len(STORIES)]
    reported_on = start + timedelta(days=60)
    for schedule, cost, scope, comments, summary in story:
        if reported_on > today:
            break
        status_report_save(
            report=StatusReport(
                project=project,
                reported_on=reported_on,
                schedule=schedule,
                cost=cost,
                scope=scope,
                schedule_comment=comments.get("schedule", ""),
                cost_comment=comments.get("cost", ""),
                scope_comment=comments.get("scope", ""),
                summary=summary,
                author=manager,
            ),
            actor=manager,
        )
        reported_on += timedelta(days=90)

    # Actual costs of this year: what has been spent so far against the baseline.
    baseline = {b.year: b for b in project.baseline_years.all()}
    this_year = baseline.get(today.year)
    if this_year is not None and this_year.cost:
        share = Decimal(rng.choice(("0.72", "0.85", "0.94", "1.08")))
        investment = _money(this_year.investment * share)
        running = _money((this_year.cost - this_year.investment) * share)
        for category, amount, comment in (
            (CostCategory.INVESTMENT, investment, "Enligt fakturor t.o.m. oktober"),
            (CostCategory.RUNNING, running, "Licenser och intern tid"),
        ):
            if amount > 0:
                actual_cost_save(
                    cost=ActualCost(
                        project=project, year=today.year, category=category, amount=amount, comment=comment
                    ),
                    actor=manager,
                )

    # Benefit follow-up: the baseline before the project, a first measurement during it.
    lines = list(project.proposal.benefit_lines.order_by("year", "pk"))
    measured_before = start - timedelta(days=20)
    for line in lines:
        if line.baseline is not None:
            benefit_follow_up_save(
                follow_up=BenefitFollowUp(
                    project=project,
                    benefit_line=line,
                    phase=FollowUpPhase.BEFORE,
                    measured_on=measured_before,
                    planned_value=line.baseline,
                    realised_value=line.baseline,
                    comment="Nollmätning före projektstart.",
                ),
                actor=manager,
            )
    for line in lines[:2]:
        planned = line.amount if line.amount is not None else line.target
        if planned is None:
            continue
        realised = (Decimal(planned) * Decimal(rng.choice(("0.4", "0.55", "0.7")))).quantize(Decimal(1))
        benefit_follow_up_save(
            follow_up=BenefitFollowUp(
                project=project,
                benefit_line=line,
                phase=FollowUpPhase.DURING,
                measured_on=today - timedelta(days=30),
                planned_value=planned,
                realised_value=realised,
                comment="Delvis realiserad under piloten.",
            ),
            actor=manager,
        )

    if project.proposal.title == COMPLETED:
        _complete(project, lines, manager, today)


def _complete(project: Project, lines, manager, today) -> None:
    """Complete the project and follow every benefit up after it (then `follow_up` is allowed)."""
    try:
        project = project_transition(
            project=project,
            action="complete",
            actor=manager,
            comment="Alla förvaltningar är anslutna.",
            completed_on=today - timedelta(days=21),
        )
        for line in lines:
            planned = (
                line.amount
                if line.amount is not None
                else (line.target if line.target is not None else Decimal(line.score or 0))
            )
            benefit_follow_up_save(
                follow_up=BenefitFollowUp(
                    project=project,
                    benefit_line=line,
                    phase=FollowUpPhase.AFTER,
                    measured_on=today - timedelta(days=7),
                    planned_value=planned,
                    realised_value=(Decimal(planned) * Decimal("0.9")).quantize(Decimal(1)),
                    comment="Uppföljning efter projektet.",
                ),
                actor=manager,
            )
        project_transition(
            project=project,
            action="follow_up",
            actor=manager,
            comment="Nyttorna är uppföljda; 90 % av planerad nytta realiserad.",
        )
    except TransitionNotAllowed:  # pragma: no cover - the demo then leaves the project completed
        pass
