"""Reads for the governance pages: querysets with their joins and annotations, and page data.

Every list selector returns a queryset whose row count is the only thing that grows with the data:
related rows come through `select_related`, `prefetch_related` or scalar subqueries, so a page runs a
fixed number of queries however many rows it shows.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Func, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .charts import line_chart, to_svg
from .models import (
    AgendaItem,
    BudgetCycle,
    Decision,
    Goal,
    Indicator,
    Measurement,
    Meeting,
    Membership,
    Milestone,
    MilestoneKind,
    SteeringGroup,
    Strategy,
    User,
)


def _count_subquery(qs: QuerySet) -> Coalesce:
    """A scalar `(SELECT COUNT(id) ... WHERE <OuterRef>)` over `qs`, 0 when empty.

    `Func` rather than `Count` so the subquery has no GROUP BY and the outer query stays plain.
    """
    counted = qs.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


# Meeting frequency against the norm ------------------------------------------------------------


@dataclass(frozen=True)
class NormStatus:
    key: str  # "below" | "within" | "above"
    label: str
    css: str


NORM_STATUSES = {
    "below": NormStatus("below", _("Below norm"), "text-bg-warning"),
    "within": NormStatus("within", _("Within norm"), "text-bg-success"),
    "above": NormStatus("above", _("Above norm"), "text-bg-info"),
}


def meeting_norm_status(*, count: int, minimum: int, maximum: int) -> NormStatus:
    """Where `count` meetings this year stand against the group's norm (min–max per year)."""
    if count < minimum:
        return NORM_STATUSES["below"]
    if count > maximum:
        return NORM_STATUSES["above"]
    return NORM_STATUSES["within"]


def _active_memberships(on: date) -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.active(on).select_related("user").order_by("user__last_name", "user__first_name"),
        to_attr="active_memberships",
    )


# Groups --------------------------------------------------------------------------------------


def group_list(*, user, year: int | None = None) -> QuerySet[SteeringGroup]:
    """All steering groups (everyone signed in reads them) with member count and this year's meetings."""
    today = timezone.localdate()
    year = year or today.year
    members = Membership.objects.active(today).filter(group=OuterRef("pk"))
    meetings = Meeting.objects.filter(group=OuterRef("pk"), starts_at__year=year)
    return (
        SteeringGroup.objects.select_related("parent", "scope")
        .annotate(member_count=_count_subquery(members), meetings_this_year=_count_subquery(meetings))
        .order_by("tier", "name")
    )


def orgchart_groups(*, on: date | None = None) -> list[SteeringGroup]:
    """Tier-1 groups with `chart_children` (recursively) and `active_memberships`: three queries in all."""
    on = on or timezone.localdate()
    groups = list(
        SteeringGroup.objects.select_related("scope").prefetch_related(_active_memberships(on)).order_by("tier", "name")
    )
    by_parent: dict[int | None, list[SteeringGroup]] = {}
    for g in groups:
        by_parent.setdefault(g.parent_id, []).append(g)
        g.conveners = [m for m in g.active_memberships if m.role in (g.convening_role, "chair")]
    for g in groups:
        g.chart_children = by_parent.get(g.pk, [])
    known = {g.pk for g in groups}
    # Roots: tier-1 groups, plus any group whose parent is missing (should not happen; never hide data).
    return [g for g in groups if g.parent_id is None or g.parent_id not in known]


@dataclass
class GroupPage:
    group: SteeringGroup
    memberships: list[Membership]
    meetings: list[Meeting]
    decisions: list[Decision]
    year: int
    meetings_this_year: int
    norm: NormStatus


def group_page(*, group: SteeringGroup, today: date | None = None) -> GroupPage:
    """Everything the group page shows: members (current and past), meetings, decisions, the norm."""
    today = today or timezone.localdate()
    memberships = list(group.memberships.select_related("user").order_by("-valid_to", "user__last_name"))
    memberships.sort(key=lambda m: (not m.is_active(today), m.user.last_name, m.user.first_name))
    meetings = list(group.meetings.annotate(decision_count=Count("decisions")).order_by("-starts_at"))
    decisions = list(
        Decision.objects.filter(meeting__group=group)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "reference")
    )
    this_year = sum(1 for m in meetings if timezone.localtime(m.starts_at).year == today.year)
    norm = meeting_norm_status(
        count=this_year, minimum=group.meetings_min_per_year, maximum=group.meetings_max_per_year
    )
    return GroupPage(group, memberships, meetings, decisions, today.year, this_year, norm)


# Meetings and decisions ------------------------------------------------------------------------


def meeting_list(*, user) -> QuerySet[Meeting]:
    decisions = Decision.objects.filter(meeting=OuterRef("pk"))
    return (
        Meeting.objects.select_related("group")
        .annotate(decision_count=_count_subquery(decisions))
        .order_by("-starts_at", "pk")
    )


def meeting_detail(*, pk: int) -> Meeting:
    return (
        Meeting.objects.select_related("group")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("presenter").order_by("order")),
            "attendees",
            Prefetch(
                "decisions", queryset=Decision.objects.select_related("agenda_item", "created_by").order_by("reference")
            ),
        )
        .get(pk=pk)
    )


def decision_list(*, user) -> QuerySet[Decision]:
    return Decision.objects.select_related("meeting__group", "agenda_item").order_by("-meeting__starts_at", "reference")


# Strategies ----------------------------------------------------------------------------------


def strategy_list(*, user) -> QuerySet[Strategy]:
    goals = Goal.objects.filter(strategy=OuterRef("pk"))
    indicators = Indicator.objects.filter(goal__strategy=OuterRef("pk"))
    return Strategy.objects.annotate(
        goal_count=_count_subquery(goals), indicator_count=_count_subquery(indicators)
    ).order_by("title")


@dataclass
class IndicatorRow:
    indicator: Indicator
    measurements: list[Measurement]
    latest: Measurement | None
    progress: Decimal | None
    chart_svg: str


def indicator_row(indicator: Indicator) -> IndicatorRow:
    """Latest value, progress towards target (0–1) and a small chart of an indicator's measurements."""

    measurements = sorted(indicator.measurements.all(), key=lambda m: m.measured_on)
    latest = measurements[-1] if measurements else None
    progress = indicator.progress(latest.value if latest else None)
    svg = ""
    if measurements:
        drawing = line_chart(
            [(m.measured_on.isoformat()[:7], m.value) for m in measurements],
            target=float(indicator.target),
            baseline=float(indicator.baseline),
        )
        svg = to_svg(drawing, title=str(_("Measurements of %(name)s") % {"name": indicator.name}))
    return IndicatorRow(indicator, measurements, latest, progress, svg)


def strategy_page(*, pk: int) -> tuple[Strategy, list[tuple[Goal, list[IndicatorRow]]]]:
    """The strategy with its goals, and per goal its indicators with progress and chart."""
    strategy = Strategy.objects.prefetch_related(
        Prefetch(
            "goals",
            queryset=Goal.objects.order_by("code", "pk").prefetch_related(
                Prefetch("indicators", queryset=Indicator.objects.order_by("name").prefetch_related("measurements"))
            ),
        )
    ).get(pk=pk)
    goals = [(goal, [indicator_row(i) for i in goal.indicators.all()]) for goal in strategy.goals.all()]
    return strategy, goals


# Budget cycles -------------------------------------------------------------------------------


def cycle_list(*, user) -> QuerySet[BudgetCycle]:
    lock = Milestone.objects.filter(cycle=OuterRef("pk"), kind=MilestoneKind.LOCK).values("ends_on")[:1]
    today = timezone.localdate()
    open_overdue = Milestone.objects.filter(cycle=OuterRef("pk"), completed_on__isnull=True, ends_on__lt=today)
    next_due = (
        Milestone.objects.filter(cycle=OuterRef("pk"), completed_on__isnull=True, ends_on__gte=today)
        .order_by("ends_on")
        .values("ends_on")[:1]
    )
    return BudgetCycle.objects.annotate(
        lock_on=Subquery(lock),
        overdue_count=_count_subquery(open_overdue),
        next_due_on=Subquery(next_due),
    ).order_by("-plan_year")


@dataclass(frozen=True)
class MilestoneStatus:
    key: str
    label: str
    css: str


MILESTONE_STATUSES = {
    "past": MilestoneStatus("past", _("Completed"), "text-bg-secondary"),
    "overdue": MilestoneStatus("overdue", _("Overdue"), "text-bg-danger"),
    "current": MilestoneStatus("current", _("Current"), "text-bg-primary"),
    "upcoming": MilestoneStatus("upcoming", _("Upcoming"), "text-bg-light"),
}


def milestone_status(milestone: Milestone, *, today: date) -> MilestoneStatus:
    """past: completed; overdue: due date passed and not completed; current: started (or in its
    reminder window when it has no start) and not yet due; upcoming: everything later."""
    if milestone.completed_on:
        return MILESTONE_STATUSES["past"]
    if today > milestone.ends_on:
        return MILESTONE_STATUSES["overdue"]
    opens = milestone.starts_on or milestone.remind_from
    if opens <= today:
        return MILESTONE_STATUSES["current"]
    return MILESTONE_STATUSES["upcoming"]


def cycle_page(*, pk: int, today: date | None = None) -> tuple[BudgetCycle, list[tuple[Milestone, MilestoneStatus]]]:
    today = today or timezone.localdate()
    cycle = BudgetCycle.objects.prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("ends_on", "starts_on", "pk"))
    ).get(pk=pk)
    return cycle, [(m, milestone_status(m, today=today)) for m in cycle.milestones.all()]


# My work -------------------------------------------------------------------------------------


def my_groups(*, user, today: date | None = None) -> list[Membership]:
    today = today or timezone.localdate()
    return list(
        Membership.objects.active(today)
        .filter(user=user)
        .select_related("group")
        .order_by("group__tier", "group__name")
    )


def next_meetings(*, group_ids, limit: int = 10) -> list[Meeting]:
    return list(
        Meeting.objects.filter(group_id__in=list(group_ids), starts_at__gte=timezone.now())
        .select_related("group")
        .order_by("starts_at")[:limit]
    )


# People --------------------------------------------------------------------------------------


def _person_key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


@dataclass(frozen=True)
class PeopleIndex:
    """Active people by user name, e-mail or full name, any case and spacing (for importers, which name
    people as typed in a spreadsheet). A full name two people share is known but ambiguous."""

    pks: dict[str, int | None]  # key -> pk; None for a full name shared by several people

    def pk_for(self, text: str) -> int:
        """The pk of the person `text` names. Raises ValidationError (code unknown_person or ambiguous_person)."""
        key = _person_key(text)
        pk = self.pks.get(key)
        if pk is None:
            shown = " ".join(str(text).split())
            if key in self.pks:
                raise ValidationError(
                    gettext("Several people are called “%(value)s”: use the user name or e-mail.") % {"value": shown},
                    code="ambiguous_person",
                )
            raise ValidationError(
                gettext("Nobody with user name, e-mail or name “%(value)s”.") % {"value": shown}, code="unknown_person"
            )
        return pk


def people_index() -> PeopleIndex:
    """Every active person in one query, for looking many up by what a file calls them (`PeopleIndex.pk_for`).

    A user name wins over an e-mail address that reads the same; a full name shared by two people maps to
    None (ambiguous), so they must be named by user name or e-mail.
    """
    pks: dict[str, int | None] = {}
    rows = User.objects.filter(is_active=True).values_list("pk", "username", "email", "first_name", "last_name")
    for pk, username, email, first, last in rows:
        pks[_person_key(username)] = pk
        if email:
            pks.setdefault(_person_key(email), pk)
        full = _person_key(f"{first} {last}")
        if full:
            pks[full] = None if full in pks and pks[full] != pk else pk
    return PeopleIndex(pks)
