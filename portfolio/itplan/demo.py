"""Demo IT plans: this year's plan approved and revised once (the revision approved at the follow-up
meeting), and next year's plan assembled and proposed to the leadership group. Idempotent: a year that
already has a plan is left alone. Runs last in the portfolio, after proposals, projects and prioritisation."""

from django.db import transaction
from django.utils import timezone

from governance.exceptions import TransitionNotAllowed
from governance.models import GroupRole, Meeting, Membership, MunicipalRole, RoleAssignment, Tier
from portfolio.itplan.models import ITPlan
from portfolio.itplan.services import itplan_approve, itplan_assemble, itplan_propose, itplan_revise


def _people(ctx):
    today = ctx.today
    coordinator = next(
        (
            r.user
            for r in RoleAssignment.objects.active(today)
            .filter(role=MunicipalRole.IT_COORDINATION)
            .select_related("user")
        ),
        None,
    )
    seats = (
        Membership.objects.active(today)
        .filter(group__tier=Tier.LEADERSHIP)
        .select_related("user", "group")
        .order_by("pk")
    )
    leader = next((m.user for m in seats if m.role == GroupRole.MUNICIPAL_DIRECTOR), None) or next(
        (m.user for m in seats), None
    )
    return coordinator, leader


def _meetings(today):
    held = list(
        Meeting.objects.filter(
            group__tier=Tier.LEADERSHIP, starts_at__lte=timezone.now(), starts_at__year=today.year
        ).order_by("starts_at")
    )
    follow_up = next((m for m in held if m.kind == Meeting.Kind.FOLLOW_UP), held[-1] if held else None)
    return (held[0] if held else None), follow_up


def seed(ctx) -> None:
    coordinator, leader = _people(ctx)
    if coordinator is None or leader is None:
        ctx.log.append("portfolio/itplan: no IT coordination or leadership member, no IT plans seeded")
        return
    year = ctx.today.year
    first, follow_up = _meetings(ctx.today)
    notes = []
    if year in ctx.cycles and not ITPlan.objects.filter(cycle__plan_year=year).exists():
        try:
            with transaction.atomic():
                plan = itplan_assemble(plan_year=year, actor=coordinator)
                plan = itplan_propose(plan=plan, actor=coordinator, expected_version=plan.version)
                if first is None:
                    raise TransitionNotAllowed("no leadership meeting this year")
                plan = itplan_approve(
                    plan=plan, actor=leader, expected_version=plan.version, meeting=first, reference=f"§ IT-plan {year}"
                )
                plan = itplan_revise(
                    plan=plan,
                    actor=coordinator,
                    expected_version=plan.version,
                    reason=f"Uppföljning av IT-planen {year}: läget i projekten och "
                    f"förvaltningsbudgetarna efter halvåret.",
                )
                if follow_up is not None and follow_up.pk != first.pk:
                    plan = itplan_approve(
                        plan=plan,
                        actor=leader,
                        expected_version=plan.version,
                        meeting=follow_up,
                        reference=f"§ IT-plan {year} rev 2",
                    )
            notes.append(f"IT plan {year} approved, version {plan.current_number} ({plan.get_state_display()})")
        except (TransitionNotAllowed, ValueError) as exc:
            notes.append(f"IT plan {year} not approved: {'; '.join(getattr(exc, 'messages', [str(exc)]))}")
            with transaction.atomic():  # keep at least the assembled draft for the demo
                if not ITPlan.objects.filter(cycle__plan_year=year).exists():
                    itplan_assemble(plan_year=year, actor=coordinator)
    if year + 1 in ctx.cycles and not ITPlan.objects.filter(cycle__plan_year=year + 1).exists():
        with transaction.atomic():
            plan = itplan_assemble(plan_year=year + 1, actor=coordinator)
            if plan.versions.get(number=plan.current_number).items.exists():
                plan = itplan_propose(plan=plan, actor=coordinator, expected_version=plan.version)
        notes.append(f"IT plan {year + 1} {plan.get_state_display().lower()}")
    ctx.log.append("portfolio/itplan: " + ("; ".join(notes) if notes else "nothing new"))
