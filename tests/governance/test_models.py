"""Model rules of governance: what clean() refuses, what the database refuses, and row-level properties."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from governance.models import (
    BudgetCycle,
    GroupRole,
    Indicator,
    Measurement,
    Membership,
    Milestone,
    MilestoneKind,
    OrganisationUnit,
    RoleAssignment,
    SteeringGroup,
    Strategy,
    Tier,
)
from governance.models.cycles import Responsible
from governance.models.periods import held_on

from .factories import (
    BudgetCycleFactory,
    IndicatorFactory,
    MembershipFactory,
    OrganisationUnitFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Kind = OrganisationUnit.Kind


def db_refuses(make):
    """Assert the database itself refuses the write (the test transaction stays usable)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


# Steering groups ------------------------------------------------------------------------------


def test_board_under_leadership_and_ict_group_under_board_are_valid(org):
    org.board.full_clean()
    org.ict_group.full_clean()
    org.leadership.full_clean()


@pytest.mark.parametrize(
    ("tier", "parent_key", "message"),
    [
        (Tier.LEADERSHIP, "leadership", "has no parent group"),
        (Tier.BOARD, None, "needs a parent group"),
        (Tier.BOARD, "board", "must be on tier 1 (Municipal leadership group)"),
        (Tier.BOARD, "ict_group", "must be on tier 1 (Municipal leadership group)"),
        (Tier.ICT_GROUP, None, "needs a parent group"),
        (Tier.ICT_GROUP, "leadership", "must be on tier 2 (IT-strategic board)"),
        (Tier.ICT_GROUP, "ict_group", "must be on tier 2 (IT-strategic board)"),
    ],
)
def test_group_parent_must_be_of_the_tier_above(org, tier, parent_key, message, settings):
    settings.LANGUAGE_CODE = "en"
    parent = getattr(org, parent_key) if parent_key else None
    group = SteeringGroup(name="Ny grupp", tier=tier, parent=parent, scope=org.administration)
    with pytest.raises(ValidationError) as err:
        group.full_clean()
    assert "parent" in err.value.message_dict
    assert message in err.value.message_dict["parent"][0]


def test_group_cannot_be_its_own_parent(org):
    org.board.parent = org.board
    org.board.tier = Tier.ICT_GROUP  # a board's parent must be tier 1, so pretend it is an ICT group
    with pytest.raises(ValidationError):
        org.board.full_clean()


def test_database_refuses_a_board_without_parent_and_a_parented_leadership_group(org):
    db_refuses(lambda: SteeringGroup.objects.create(name="X", tier=Tier.BOARD, scope=org.administration))
    db_refuses(
        lambda: SteeringGroup.objects.create(
            name="Y", tier=Tier.LEADERSHIP, parent=org.leadership, scope=org.municipality
        )
    )


def test_database_refuses_meeting_norm_with_max_below_min(org):
    org.board.meetings_min_per_year, org.board.meetings_max_per_year = 5, 4
    db_refuses(org.board.save)


def test_tier_label(org):
    assert org.ict_group.tier == Tier.ICT_GROUP
    assert org.ict_group.tier_label == Tier.ICT_GROUP.label


# Memberships ----------------------------------------------------------------------------------


def test_membership_ending_before_it_starts_is_refused_by_clean_and_database(org):
    user = UserFactory()
    seat = Membership(
        user=user,
        group=org.board,
        role=GroupRole.IT_MANAGER,
        valid_from=dt.date(2026, 3, 1),
        valid_to=dt.date(2026, 2, 28),
    )
    with pytest.raises(ValidationError) as err:
        seat.full_clean()
    assert "valid_to" in err.value.message_dict
    db_refuses(seat.save)


def test_membership_may_end_on_the_day_it_starts(org):
    seat = MembershipFactory(group=org.board, valid_from=dt.date(2026, 3, 1), valid_to=dt.date(2026, 3, 1))
    seat.full_clean()
    assert seat.is_active(dt.date(2026, 3, 1))
    assert not seat.is_active(dt.date(2026, 3, 2))
    assert not seat.is_active(dt.date(2026, 2, 28))


def test_active_memberships_on_a_day(org):
    open_ended = MembershipFactory(group=org.board, valid_from=dt.date(2025, 1, 1))
    ended = MembershipFactory(group=org.board, valid_from=dt.date(2025, 1, 1), valid_to=dt.date(2025, 12, 31))
    future = MembershipFactory(group=org.board, valid_from=dt.date(2026, 6, 1))
    active = set(Membership.objects.active(dt.date(2026, 1, 1)))
    assert open_ended in active
    assert ended not in active
    assert future not in active
    assert ended in set(Membership.objects.active(dt.date(2025, 12, 31)))


def test_role_assignment_cannot_end_before_it_starts():
    user = UserFactory()
    db_refuses(
        lambda: RoleAssignment.objects.create(
            user=user, role="it_coordination", valid_from=dt.date(2026, 1, 2), valid_to=dt.date(2026, 1, 1)
        )
    )


# Milestones and cycles ------------------------------------------------------------------------


def milestone(cycle, **values):
    defaults = {
        "cycle": cycle,
        "kind": MilestoneKind.OTHER,
        "title": "Test",
        "ends_on": dt.date(2027, 5, 31),
        "responsible": Responsible.LEADERSHIP,
    }
    return Milestone(**{**defaults, **values})


def test_milestone_ending_before_it_starts_is_refused_by_clean_and_database():
    cycle = BudgetCycleFactory(plan_year=2028)
    bad = milestone(cycle, starts_on=dt.date(2027, 6, 1), ends_on=dt.date(2027, 5, 31))
    with pytest.raises(ValidationError) as err:
        bad.full_clean()
    assert "ends_on" in err.value.message_dict
    db_refuses(bad.save)


def test_milestone_without_start_or_ending_on_its_start_is_valid():
    cycle = BudgetCycleFactory(plan_year=2028)
    milestone(cycle).full_clean()
    milestone(cycle, starts_on=dt.date(2027, 5, 31)).full_clean()


def test_one_milestone_of_each_kind_per_cycle_but_any_number_of_other():
    cycle = BudgetCycleFactory(plan_year=2028)
    milestone(cycle, kind=MilestoneKind.LOCK).save()
    db_refuses(milestone(cycle, kind=MilestoneKind.LOCK).save)
    with pytest.raises(ValidationError):
        milestone(cycle, kind=MilestoneKind.LOCK).full_clean()
    milestone(cycle).save()
    milestone(cycle).save()
    assert cycle.milestones.filter(kind=MilestoneKind.OTHER).count() == 2
    # the same kind in another cycle is fine
    milestone(BudgetCycleFactory(plan_year=2029), kind=MilestoneKind.LOCK).save()


def test_milestone_remind_from_and_overdue():
    cycle = BudgetCycleFactory(plan_year=2028)
    m = milestone(cycle, ends_on=dt.date(2027, 3, 31), remind_days_before=14)
    assert m.remind_from == dt.date(2027, 3, 17)
    assert not m.is_overdue(dt.date(2027, 3, 31))
    assert m.is_overdue(dt.date(2027, 4, 1))
    m.completed_on = dt.date(2027, 4, 2)
    assert not m.is_overdue(dt.date(2027, 4, 3))


def test_cycle_is_locked_only_after_the_lock_day():
    cycle = BudgetCycleFactory(plan_year=2028)
    assert not cycle.is_locked(dt.date(2030, 1, 1))  # no lock milestone: never locked
    milestone(cycle, kind=MilestoneKind.LOCK, ends_on=dt.date(2027, 10, 31)).save()
    cycle = type(cycle).objects.get(pk=cycle.pk)
    assert cycle.milestone(MilestoneKind.LOCK).ends_on == dt.date(2027, 10, 31)
    assert cycle.milestone(MilestoneKind.FOLLOW_UP) is None
    assert not cycle.is_locked(dt.date(2027, 10, 31))
    assert cycle.is_locked(dt.date(2027, 11, 1))


def test_cycle_plan_year_is_unique_and_rates_are_validated():
    BudgetCycleFactory(plan_year=2028)
    db_refuses(lambda: BudgetCycle.objects.create(plan_year=2028))
    cycle = BudgetCycle(plan_year=2029, discount_rate=Decimal("0.25"), hourly_rate=Decimal(0))
    with pytest.raises(ValidationError) as err:
        cycle.full_clean()
    assert {"discount_rate", "hourly_rate"} <= set(err.value.message_dict)


# Strategies, indicators, measurements ---------------------------------------------------------


def test_measurement_date_is_unique_per_indicator():
    indicator = IndicatorFactory()
    Measurement.objects.create(indicator=indicator, measured_on=dt.date(2026, 12, 31), value=50)
    duplicate = Measurement(indicator=indicator, measured_on=dt.date(2026, 12, 31), value=55)
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    db_refuses(duplicate.save)
    # the same date on another indicator is fine
    Measurement.objects.create(indicator=IndicatorFactory(), measured_on=dt.date(2026, 12, 31), value=50)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (Decimal(40), Decimal(0)),  # at the baseline
        (Decimal(60), Decimal("0.5")),  # (60 - 40) / (80 - 40)
        (Decimal(70), Decimal("0.75")),  # (70 - 40) / 40
        (Decimal(80), Decimal(1)),
        (Decimal(95), Decimal(1)),  # beyond target: capped
        (Decimal(30), Decimal(0)),  # below baseline: floored
    ],
)
def test_indicator_progress_higher_is_better(value, expected):
    indicator = Indicator(name="Andel digitala svar", baseline=Decimal(40), target=Decimal(80))
    assert indicator.progress(value) == expected


def test_indicator_progress_lower_is_better_and_degenerate_target():
    gap = Indicator(
        name="Konsekvent användning",
        baseline=Decimal(4800),
        target=Decimal(1000),
        direction=Indicator.Direction.DECREASE,
    )
    assert gap.progress(Decimal(2900)) == Decimal("0.5")  # (2900 - 4800) / (1000 - 4800) = 1900 / 3800
    assert gap.progress(Decimal(5000)) == Decimal(0)
    assert gap.progress(Decimal(500)) == Decimal(1)
    flat = Indicator(name="Plant", baseline=Decimal(80), target=Decimal(80))
    assert flat.progress(Decimal(90)) is None


def test_indicator_target_must_lie_in_its_direction():
    indicator = IndicatorFactory(baseline=80, target=40)
    with pytest.raises(ValidationError) as err:
        indicator.full_clean()
    assert "target" in err.value.message_dict
    indicator.direction = Indicator.Direction.DECREASE
    indicator.full_clean()
    indicator.target = 90
    with pytest.raises(ValidationError):
        indicator.full_clean()


@pytest.mark.parametrize(
    ("adopted", "revised", "years", "expected"),
    [
        (dt.date(2024, 1, 1), None, 2, dt.date(2026, 1, 1)),
        (dt.date(2024, 1, 1), dt.date(2025, 3, 15), 2, dt.date(2027, 3, 15)),  # counted from the last revision
        (dt.date(2017, 4, 24), None, 4, dt.date(2021, 4, 24)),
        (dt.date(2024, 2, 29), None, 1, dt.date(2025, 2, 28)),  # leap day falls back to 28 February
        (dt.date(2024, 2, 29), None, 4, dt.date(2028, 2, 29)),
    ],
)
def test_strategy_next_revision(adopted, revised, years, expected):
    strategy = Strategy(
        title="S",
        kind=Strategy.Kind.IT_STRATEGY,
        adopted_on=adopted,
        last_revised_on=revised,
        revision_interval_years=years,
    )
    assert strategy.next_revision_due == expected


def test_strategy_revision_interval_must_be_positive():
    strategy = StrategyFactory()
    strategy.revision_interval_years = 0
    db_refuses(strategy.save)


# Organisation units ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "parent_kind", "ok"),
    [
        (Kind.MUNICIPALITY, None, True),
        (Kind.MUNICIPALITY, Kind.MUNICIPALITY, False),
        (Kind.ADMINISTRATION, Kind.MUNICIPALITY, True),
        (Kind.ADMINISTRATION, None, False),
        (Kind.ADMINISTRATION, Kind.ADMINISTRATION, False),
        (Kind.ADMINISTRATION, Kind.OPERATION, False),
        (Kind.OPERATION, Kind.ADMINISTRATION, True),
        (Kind.OPERATION, Kind.MUNICIPALITY, False),
        (Kind.OPERATION, None, False),
        (Kind.OPERATION, Kind.OPERATION, False),
    ],
)
def test_organisation_unit_parent_kind(org, kind, parent_kind, ok):
    parents = {
        Kind.MUNICIPALITY: org.municipality,
        Kind.ADMINISTRATION: org.administration,
        Kind.OPERATION: org.operation,
        None: None,
    }
    unit = OrganisationUnit(name="Ny enhet", kind=kind, parent=parents[parent_kind])
    if ok:
        unit.full_clean()
    else:
        with pytest.raises(ValidationError) as err:
            unit.full_clean()
        assert "parent" in err.value.message_dict


def test_organisation_unit_administration(org):
    assert org.operation.administration == org.administration
    assert org.administration.administration == org.administration
    assert org.municipality.administration is None


def test_unit_names_are_unique_under_one_parent(org):
    db_refuses(lambda: OrganisationUnitFactory(name="Grundskola", kind=Kind.OPERATION, parent=org.administration))
    OrganisationUnitFactory(name="Grundskola", kind=Kind.OPERATION, parent=org.other_administration)


def test_held_on_a_day_is_one_rule_for_querysets_and_rows(org):
    """Seats and municipal roles share one validity period: the queryset and a loaded row agree on every day."""

    start, end = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
    seats = [MembershipFactory(group=org.board, valid_from=start, valid_to=to) for to in (None, start, end)]
    roles = [
        RoleAssignment.objects.create(user=UserFactory(), role="it_coordination", valid_from=start, valid_to=to)
        for to in (None, start, end)
    ]
    for day in (start - dt.timedelta(days=1), start, start + dt.timedelta(days=1), end, end + dt.timedelta(days=1)):
        for model, rows in ((Membership, seats), (RoleAssignment, roles)):
            active = set(model.objects.active(day).filter(pk__in=[r.pk for r in rows]))
            assert active == {r for r in rows if r.is_active(day)}, (model, day)
            assert active == set(model.objects.filter(held_on(day), pk__in=[r.pk for r in rows]))
    assert seats[0].may_end_on(start) and not seats[0].may_end_on(start - dt.timedelta(days=1))
