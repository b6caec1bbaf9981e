"""Prioritisation services: criteria and weight log, scoring rules, aggregation by hand, scenarios end to end."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from governance.demo import DemoContext
from governance.models import GroupRole, Tier
from governance.rules import forget_access
from portfolio.models import (
    CostLine,
    CriteriaModel,
    Proposal,
    ProposalState,
    Scenario,
    ScenarioStatus,
    Score,
    WeightChange,
)
from portfolio.prioritisation import demo as demo
from portfolio.prioritisation import selection
from portfolio.prioritisation.aggregation import CriterionSpec, aggregate_scores
from portfolio.prioritisation.codec import render_reason
from portfolio.prioritisation.selectors import (
    proposals_for_prioritisation,
    ranking,
    recommended_scenario,
    scenario_compare,
    scenario_rows,
    scenario_totals,
)
from portfolio.prioritisation.services import (
    ScenarioInputError,
    criteria_model_get_or_create,
    criteria_save,
    final_score_set,
    scenario_create,
    scenario_input,
    scenario_preview,
    scenario_recommend,
    scenario_settle,
    scores_open,
    scores_save,
)
from portfolio.prioritisation.tasks import scenario_run
from tests.governance.factories import MeetingFactory, MembershipFactory, UserFactory
from tests.portfolio.factories import DecisionFactory, in_state, ready_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def member(org):
    """A plain member of the board (not its chair)."""
    user = UserFactory(username="plain_board_member")
    MembershipFactory(user=user, group=org.board, role=GroupRole.MEMBER)
    return user


@pytest.fixture
def chair(people):
    return people["board_member"]  # IT manager: the board's convening role


def proposal(org, people, *, cost: int, state=ProposalState.UNDER_ASSESSMENT, **kwargs):
    p = in_state(org, people, state, **kwargs)
    CostLine.objects.filter(proposal=p).update(amount=Decimal(cost))
    return p


@pytest.fixture
def cm(org, people):
    p = in_state(org, people, ProposalState.UNDER_ASSESSMENT)
    return criteria_model_get_or_create(cycle=p.target_cycle, board=org.board)


# Criteria ------------------------------------------------------------------------------------------


def test_default_criteria(cm):
    criteria = list(cm.criteria.all())
    assert [c.key for c in criteria] == [
        "strategic_fit",
        "monetary_benefit",
        "quality_benefit",
        "mandatory_need",
        "risk",
        "urgency",
        "readiness",
    ]
    risk = next(c for c in criteria if c.key == "risk")
    assert risk.higher_is_better is False
    assert all(c.scale_min == 1 and c.scale_max == 5 and c.description for c in criteria)
    # Idempotent: a second call returns the same model, no duplicate criteria.
    again = criteria_model_get_or_create(cycle=cm.cycle, board=cm.board)
    assert again.pk == cm.pk and again.criteria.count() == 7


def test_criteria_only_for_boards(org, cm):
    with pytest.raises(ValidationError):
        criteria_model_get_or_create(cycle=cm.cycle, board=org.ict_group)


def test_weight_change_logged_before_and_after_scoring(cm, chair, org):
    fit = cm.criteria.get(key="strategic_fit")
    criteria_save(
        criteria_model=cm, actor=chair, expected_version=cm.version, criteria={fit.pk: {"weight": Decimal(4)}}
    )
    change = WeightChange.objects.get()
    assert (change.actor, change.old_weight, change.new_weight, change.after_scoring_started) == (
        chair,
        Decimal(3),
        Decimal(4),
        False,
    )
    p = proposals_for_prioritisation(cycle=cm.cycle, board=org.board).first()
    scores_save(criteria_model=cm, scorer=chair, values={(p.pk, fit.pk): 4})
    cm.refresh_from_db()
    criteria_save(
        criteria_model=cm, actor=chair, expected_version=cm.version, criteria={fit.pk: {"weight": Decimal(5)}}
    )
    latest = WeightChange.objects.order_by("-pk").first()
    assert (latest.old_weight, latest.new_weight, latest.after_scoring_started) == (Decimal(4), Decimal(5), True)
    # An unchanged weight writes no row; the field history keeps every save.
    cm.refresh_from_db()
    criteria_save(
        criteria_model=cm,
        actor=chair,
        expected_version=cm.version,
        criteria={fit.pk: {"weight": Decimal(5), "description": "Ny text"}},
    )
    assert WeightChange.objects.count() == 2
    assert fit.history.count() >= 3


def test_scale_locked_once_scoring_started(cm, chair, org):
    fit = cm.criteria.get(key="strategic_fit")
    p = proposals_for_prioritisation(cycle=cm.cycle, board=org.board).first()
    scores_save(criteria_model=cm, scorer=chair, values={(p.pk, fit.pk): 4})
    cm.refresh_from_db()
    with pytest.raises(ValidationError):
        criteria_save(criteria_model=cm, actor=chair, expected_version=cm.version, criteria={fit.pk: {"scale_max": 10}})
    fit.refresh_from_db()
    assert fit.scale_max == 5


def test_criteria_edit_refused_for_plain_member_and_stale_version(cm, member, chair):
    fit = cm.criteria.get(key="strategic_fit")
    with pytest.raises(PermissionDenied):
        criteria_save(
            criteria_model=cm, actor=member, expected_version=cm.version, criteria={fit.pk: {"weight": Decimal(1)}}
        )
    with pytest.raises(ValidationError):  # ConcurrentEditError
        criteria_save(
            criteria_model=cm, actor=chair, expected_version=cm.version + 5, criteria={fit.pk: {"weight": Decimal(1)}}
        )
    assert not WeightChange.objects.exists()


# Scoring -------------------------------------------------------------------------------------------


def test_scores_saved_and_cleared(cm, member, org):
    fit = cm.criteria.get(key="strategic_fit")
    p = proposals_for_prioritisation(cycle=cm.cycle, board=org.board).first()
    assert scores_save(criteria_model=cm, scorer=member, values={(p.pk, fit.pk): 3}) == {}
    assert Score.objects.get().value == 3
    scores_save(criteria_model=cm, scorer=member, values={(p.pk, fit.pk): 5})
    assert Score.objects.get().value == 5
    scores_save(criteria_model=cm, scorer=member, values={(p.pk, fit.pk): None})
    assert not Score.objects.exists()


def test_score_outside_scale_refused_and_nothing_saved(cm, member, org):
    fit, risk = cm.criteria.get(key="strategic_fit"), cm.criteria.get(key="risk")
    p = proposals_for_prioritisation(cycle=cm.cycle, board=org.board).first()
    errors = scores_save(criteria_model=cm, scorer=member, values={(p.pk, fit.pk): 4, (p.pk, risk.pk): 6})
    assert errors == {(p.pk, risk.pk): "Risk (lower is better) is scored from 1 to 5; 6 is outside the scale."}
    assert not Score.objects.exists()
    assert scores_save(criteria_model=cm, scorer=member, values={(p.pk, fit.pk): 0})
    assert not Score.objects.exists()


def test_scoring_refused_outside_the_board(cm, people, org):
    fit = cm.criteria.get(key="strategic_fit")
    p = proposals_for_prioritisation(cycle=cm.cycle, board=org.board).first()
    for role in ("ict_member", "leader", "it_coordinator", "outsider"):
        with pytest.raises(PermissionDenied):
            scores_save(criteria_model=cm, scorer=people[role], values={(p.pk, fit.pk): 3})


def test_draft_proposal_cannot_be_scored(cm, member, org, people):
    draft = in_state(org, people, ProposalState.DRAFT)
    fit = cm.criteria.get(key="strategic_fit")
    errors = scores_save(criteria_model=cm, scorer=member, values={(draft.pk, fit.pk): 3})
    assert list(errors) == [(draft.pk, fit.pk)]


def test_members_see_only_their_own_until_opened(cm, member, chair, people):
    assert chair.has_perm("portfolio.view_all_scores", cm)
    assert not member.has_perm("portfolio.view_all_scores", cm)
    assert not people["leader"].has_perm("portfolio.view_all_scores", cm)
    with pytest.raises(PermissionDenied):
        scores_open(criteria_model=cm, actor=member)
    cm = scores_open(criteria_model=cm, actor=chair)
    assert cm.scores_open
    assert member.has_perm("portfolio.view_all_scores", cm)
    assert people["leader"].has_perm("portfolio.view_all_scores", cm)
    assert not people["ict_member"].has_perm("portfolio.view_all_scores", cm)


def test_final_score_by_chair_only_with_reason(cm, member, chair, org):
    p = proposals_for_prioritisation(cycle=cm.cycle, board=org.board).first()
    with pytest.raises(PermissionDenied):
        final_score_set(criteria_model=cm, proposal=p, actor=member, value=Decimal(80), reason="Viktigt")
    with pytest.raises(ValidationError):
        final_score_set(criteria_model=cm, proposal=p, actor=chair, value=Decimal(80), reason=" ")
    with pytest.raises(ValidationError):
        final_score_set(criteria_model=cm, proposal=p, actor=chair, value=Decimal(101), reason="För högt")
    final = final_score_set(criteria_model=cm, proposal=p, actor=chair, value=Decimal(80), reason="Lagkrav")
    assert (final.value, final.reason, final.set_by) == (Decimal(80), "Lagkrav", chair)
    rows = ranking(criteria_model=cm)
    assert rows[0].final == Decimal(80) and rows[0].score == Decimal(80) and rows[0].rank == 1
    final_score_set(criteria_model=cm, proposal=p, actor=chair, value=None)
    assert not cm.final_scores.exists()


# Aggregation by hand -------------------------------------------------------------------------------


def test_aggregate_scores_by_hand():
    criteria = [CriterionSpec(1, Decimal(3), 1, 5, True), CriterionSpec(2, Decimal(1), 1, 5, False)]
    scores = {(10, 1): [4, 2], (10, 2): [1, 5], (20, 1): [5, 5], (20, 2): [2]}
    rows = aggregate_scores(criteria=criteria, scores=scores, proposal_ids=[10, 20, 30], threshold=Decimal(1))
    by_id = {r.proposal_id: r for r in rows}
    p10, p20, p30 = by_id[10], by_id[20], by_id[30]
    # Proposal 10, criterion 1: mean (4+2)/2 = 3, sd sqrt(((4-3)²+(2-3)²)/2) = 1, normalised (3-1)/4 = 0.5.
    assert (p10.criteria[1].mean, p10.criteria[1].stdev, p10.criteria[1].low, p10.criteria[1].high) == (
        Decimal("3.00"),
        Decimal("1.00"),
        2,
        4,
    )
    assert p10.criteria[1].disagreement is False  # 1.0 is not above the threshold 1.0
    # Criterion 2 (lower is better): mean 3, sd 2 (disagreement), normalised 1 - 0.5 = 0.5.
    assert (p10.criteria[2].mean, p10.criteria[2].stdev, p10.criteria[2].disagreement) == (
        Decimal("3.00"),
        Decimal("2.00"),
        True,
    )
    # Weighted total: 100 · (3·0.5 + 1·0.5) / 4 = 50.
    assert p10.weighted_total == Decimal("50.00") and p10.disagreement
    # Proposal 20: c1 mean 5 → 1; c2 mean 2 → 1 - 0.25 = 0.75; 100 · (3·1 + 1·0.75) / 4 = 93.75.
    assert p20.weighted_total == Decimal("93.75") and not p20.disagreement
    assert p30.weighted_total is None and p30.rank is None
    assert [r.proposal_id for r in rows] == [20, 10, 30]
    assert (p20.rank, p10.rank) == (1, 2)


def test_aggregate_final_score_and_ties():
    criteria = [CriterionSpec(1, Decimal(1), 1, 5)]
    scores = {(1, 1): [3], (2, 1): [3], (3, 1): [1]}
    rows = aggregate_scores(
        criteria=criteria, scores=scores, proposal_ids=[1, 2, 3], threshold=Decimal(1), finals={3: Decimal("75")}
    )
    assert [(r.proposal_id, r.rank, r.score) for r in rows] == [
        (3, 1, Decimal("75")),
        (1, 2, Decimal("50.00")),
        (2, 2, Decimal("50.00")),
    ]


def test_ranking_reads_every_members_scores(cm, member, chair, org):
    fit = cm.criteria.get(key="strategic_fit")
    p = proposals_for_prioritisation(cycle=cm.cycle, board=org.board).first()
    scores_save(criteria_model=cm, scorer=member, values={(p.pk, fit.pk): 2})
    scores_save(criteria_model=cm, scorer=chair, values={(p.pk, fit.pk): 4})
    row = ranking(criteria_model=cm)[0]
    # Only strategic fit scored: mean 3 → (3-1)/4 = 0.5 → 50.
    assert row.criteria[fit.pk].mean == Decimal("3.00") and row.weighted_total == Decimal("50.00")


# Scenarios -----------------------------------------------------------------------------------------


@pytest.fixture
def three(org, people, chair):
    """A 600 tkr (final score 90), B 500 tkr (60), C 500 tkr (50), all in the plan year."""
    a = proposal(org, people, cost=600_000, title="A")
    b = proposal(org, people, cost=500_000, title="B")
    c = proposal(org, people, cost=500_000, title="C", state=ProposalState.RECOMMENDED)
    cm = criteria_model_get_or_create(cycle=a.target_cycle, board=org.board)
    for p, value in ((a, 90), (b, 60), (c, 50)):
        final_score_set(criteria_model=cm, proposal=p, actor=chair, value=Decimal(value), reason="Enligt beslut")
    return a, b, c


def budgets(year, total, **extra):
    return [selection.Budget(year=year, limit=Decimal(total))] + [
        selection.Budget(year=year, limit=Decimal(v), administration=k) for k, v in extra.items()
    ]


def test_scenario_end_to_end_hand_checked(three, chair, org):
    a, b, c = three
    year = a.target_cycle.plan_year
    inputs = scenario_input(cycle=a.target_cycle, board=org.board, objective="score", budgets=budgets(year, 1_000_000))
    # Values: scores scaled by the largest: A 90/90 = 1, B 60/90, C 50/90.
    values = {cand.key: cand.value for cand in inputs.candidates}
    assert values[a.reference] == 1.0 and values[b.reference] == pytest.approx(2 / 3, abs=1e-6)
    # Rank cut-off: A (600 tkr) first, then B does not fit: {A}, value 1.
    preview = scenario_preview(inputs=inputs)
    assert set(preview.chosen) == {a.reference}
    scenario = scenario_create(
        cycle=a.target_cycle,
        board=org.board,
        name="Budget 1 mnkr",
        objective="score",
        npv_weight=Decimal("0.5"),
        inputs=inputs,
        actor=chair,
    )
    assert scenario.status == ScenarioStatus.DONE
    # Optimum: B + C = 1 000 tkr, value 60/90 + 50/90 = 1.2222 > A alone (1.0).
    assert set(scenario.chosen_references) == {b.reference, c.reference}
    assert scenario.results["objective"] == pytest.approx(110 / 90, abs=1e-5)
    assert scenario.results["proven_optimal"] is True
    assert Decimal(scenario.results["budgets"][0]["slack"]) == 0
    assert set(scenario.chosen_proposal_ids) == {b.pk, c.pk}
    assert scenario.results["rank_cutoff"]["chosen"] == [a.reference]
    # Explanations in words for every candidate.
    rows = {r.key: r for r in scenario_rows(scenario)}
    assert rows[b.reference].reason == "In: part of the best value within the budgets."
    assert rows[a.reference].reason.startswith("Out:")
    # Frontier: 5 levels, 50 % .. 150 %; at 150 % (1.5 mnkr) A + B fits: 1 + 0.667 = 1.667 > B + C.
    assert [p["level"] for p in scenario.results["frontier"]] == [0.5, 0.75, 1.0, 1.25, 1.5]
    top = scenario.results["frontier"][-1]
    assert top["optimal_value"] == pytest.approx(150 / 90, abs=1e-5)
    per_year, per_admin = scenario_totals(scenario)
    assert per_year == {year: Decimal(1_000_000)}
    assert per_admin == {"UTF": Decimal(1_000_000)}


def test_mandatory_dependency_and_exclusion(three, chair, org):
    a, b, c = three
    year = a.target_cycle.plan_year
    c.depends_on.add(a)  # C needs A
    inputs = scenario_input(
        cycle=a.target_cycle,
        board=org.board,
        objective="score",
        budgets=budgets(year, 1_100_000),
        extra_mandatory=[b.pk],
        exclusions=[(a.pk, b.pk)],
    )
    # B mandatory, A excluded by B, so C (needs A) is out too: only B.
    result = selection.solve(inputs.candidates, inputs.budgets)
    assert result.chosen == (b.reference,)
    words = {k: e.message for k, e in selection.explain(result, inputs.candidates, inputs.budgets).items()}
    assert words[b.reference] == "In: mandatory."
    assert words[a.reference] == f"Out: excluded by {b.reference}, which is in."
    assert words[c.reference] == f"Out: needs {a.reference}, which is out."


def test_dependency_on_non_candidate_leaves_proposal_out(three, org, people):
    a, b, c = three
    draft = in_state(org, people, ProposalState.DRAFT)
    b.depends_on.add(draft)
    inputs = scenario_input(
        cycle=a.target_cycle, board=org.board, objective="score", budgets=budgets(a.target_cycle.plan_year, 2_000_000)
    )
    assert b.reference not in inputs.ids
    assert inputs.skipped[0]["key"] == b.reference
    assert render_reason(inputs.skipped[0]["code"], inputs.skipped[0]["params"]) == (
        f"Out: needs {draft.reference}, which is neither approved nor among the candidates."
    )


def test_infeasible_input_explained_and_nothing_saved(three, chair, org):
    a, b, c = three
    a.is_mandatory = True
    a.save()
    year = a.target_cycle.plan_year
    inputs = scenario_input(cycle=a.target_cycle, board=org.board, objective="score", budgets=budgets(year, 500_000))
    with pytest.raises(ScenarioInputError) as exc:
        scenario_create(
            cycle=a.target_cycle,
            board=org.board,
            name="För lite",
            objective="score",
            npv_weight=Decimal("0.5"),
            inputs=inputs,
            actor=chair,
        )
    assert exc.value.messages == [f"Mandatory items alone exceed the {year} budget by 100\xa0tkr."]
    assert not Scenario.objects.exists()


def test_invalid_input_messages(three, chair, org):
    a, b, c = three
    year = a.target_cycle.plan_year
    a.is_mandatory = True
    a.save()
    inputs = scenario_input(
        cycle=a.target_cycle,
        board=org.board,
        objective="score",
        budgets=[selection.Budget(year=year, limit=Decimal(-1))],
        extra_mandatory=[b.pk],
        exclusions=[(a.pk, b.pk)],
    )
    with pytest.raises(ScenarioInputError) as exc:
        scenario_create(
            cycle=a.target_cycle,
            board=org.board,
            name="Fel",
            objective="score",
            npv_weight=Decimal("0.5"),
            inputs=inputs,
            actor=chair,
        )
    assert f"The {year} budget is negative." in exc.value.messages
    first, second = sorted([a.reference, b.reference])
    assert f"{first} and {second} are both mandatory but exclude each other." in exc.value.messages
    no_budget = scenario_input(cycle=a.target_cycle, board=org.board, objective="score", budgets=[])
    with pytest.raises(ScenarioInputError) as exc:
        scenario_create(
            cycle=a.target_cycle,
            board=org.board,
            name="Fel",
            objective="score",
            npv_weight=Decimal("0.5"),
            inputs=no_budget,
            actor=chair,
        )
    assert exc.value.messages == [f"No total budget for {year}, although candidates cost money that year."]
    assert not Scenario.objects.exists()


def test_scenario_run_permissions(three, people, org, member):
    a = three[0]
    inputs = scenario_input(
        cycle=a.target_cycle, board=org.board, objective="score", budgets=budgets(a.target_cycle.plan_year, 1_000_000)
    )
    for role in ("ict_member", "leader", "outsider"):
        with pytest.raises(PermissionDenied):
            scenario_create(
                cycle=a.target_cycle,
                board=org.board,
                name="X",
                objective="score",
                npv_weight=Decimal("0.5"),
                inputs=inputs,
                actor=people[role],
            )
    scenario = scenario_create(
        cycle=a.target_cycle,
        board=org.board,
        name="X",
        objective="score",
        npv_weight=Decimal("0.5"),
        inputs=inputs,
        actor=member,
    )
    assert scenario.status == ScenarioStatus.DONE


def test_large_runs_go_through_the_task(three, chair, org, settings, django_capture_on_commit_callbacks):
    settings.PORTFOLIO_SELECTION_ASYNC_FROM = 2
    a = three[0]
    inputs = scenario_input(
        cycle=a.target_cycle, board=org.board, objective="npv", budgets=budgets(a.target_cycle.plan_year, 1_000_000)
    )
    with django_capture_on_commit_callbacks(execute=True):
        scenario = scenario_create(
            cycle=a.target_cycle,
            board=org.board,
            name="Stor",
            objective="npv",
            npv_weight=Decimal("0.5"),
            inputs=inputs,
            actor=chair,
        )
        assert scenario.status == ScenarioStatus.QUEUED
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.DONE and scenario.results["proven_optimal"] is True
    # Idempotent: running again changes nothing.
    assert scenario_run(scenario.pk)["status"] == ScenarioStatus.DONE


def test_compare_and_recommended_selector(three, chair, member, org):
    a, b, c = three
    cycle, year = a.target_cycle, a.target_cycle.plan_year

    def run(name, total):
        inputs = scenario_input(cycle=cycle, board=org.board, objective="score", budgets=budgets(year, total))
        return scenario_create(
            cycle=cycle,
            board=org.board,
            name=name,
            objective="score",
            npv_weight=Decimal("0.5"),
            inputs=inputs,
            actor=chair,
        )

    small, large = run("1 mnkr", 1_000_000), run("1,1 mnkr", 1_100_000)
    assert set(large.chosen_references) == {a.reference, b.reference}  # 1.0 + 0.667 > 1.222
    comparison = scenario_compare(a=small, b=large)
    assert comparison.moved_in == [a.reference]
    assert comparison.moved_out == [c.reference]
    assert comparison.in_both == [b.reference]
    assert comparison.years == [
        {"year": year, "a": Decimal(1_000_000), "b": Decimal(1_100_000), "difference": Decimal(100_000)}
    ]
    assert comparison.administrations[0]["difference"] == Decimal(100_000)

    assert recommended_scenario(cycle, org.board) is None
    with pytest.raises(PermissionDenied):
        scenario_recommend(scenario=small, actor=member)
    scenario_recommend(scenario=small, actor=chair)
    scenario, ids = recommended_scenario(cycle, org.board)
    assert scenario == small and set(ids) == {b.pk, c.pk}
    scenario_recommend(scenario=large, actor=chair)
    found = recommended_scenario(cycle, board=org.board)
    assert found.scenario == large and set(found.proposal_ids) == {a.pk, b.pk}
    assert Scenario.objects.filter(is_recommended=True).count() == 1
    assert recommended_scenario(cycle) is None  # no leadership settlement yet


def test_leadership_scenario_and_settlement(three, people, org, chair):
    a = three[0]
    cycle, year = a.target_cycle, a.target_cycle.plan_year
    other = ready_proposal(org, people, owning_group=org.other_ict_group, author=people["other_ict_member"])
    Proposal.objects.filter(pk=other.pk).update(state=ProposalState.UNDER_ASSESSMENT)  # another board's inbox
    leader = people["leader"]
    inputs = scenario_input(cycle=cycle, board=None, objective="score", budgets=budgets(year, 1_200_000, SBF=0))
    assert other.reference in inputs.ids  # across boards
    with pytest.raises(PermissionDenied):
        scenario_create(
            cycle=cycle,
            board=None,
            name="Gemensam",
            objective="score",
            npv_weight=Decimal("0.5"),
            inputs=inputs,
            actor=chair,
        )
    scenario = scenario_create(
        cycle=cycle,
        board=None,
        name="Gemensam",
        objective="score",
        npv_weight=Decimal("0.5"),
        inputs=inputs,
        actor=leader,
    )
    assert other.reference not in scenario.chosen_references  # SBF's budget is 0
    board_decision = DecisionFactory(meeting=MeetingFactory(group=org.board))
    with pytest.raises(ValidationError):
        scenario_settle(scenario=scenario, actor=leader, decision=board_decision)
    decision = DecisionFactory(meeting=MeetingFactory(group=org.leadership))
    with pytest.raises(PermissionDenied):
        scenario_settle(scenario=scenario, actor=chair, decision=decision)
    scenario_settle(scenario=scenario, actor=leader, decision=decision)
    found = recommended_scenario(cycle)
    assert found.scenario.decision == decision
    assert org.leadership.tier == Tier.LEADERSHIP


def test_scenario_visibility_agrees_with_rules(three, chair, people, org):
    a = three[0]
    inputs = scenario_input(
        cycle=a.target_cycle, board=org.board, objective="score", budgets=budgets(a.target_cycle.plan_year, 1_000_000)
    )
    scenario = scenario_create(
        cycle=a.target_cycle,
        board=org.board,
        name="S",
        objective="score",
        npv_weight=Decimal("0.5"),
        inputs=inputs,
        actor=chair,
    )
    other_board_member = UserFactory(username="sbf_member")
    MembershipFactory(user=other_board_member, group=org.other_board)
    for user in [*people.values(), other_board_member]:
        forget_access(user)
        visible = Scenario.objects.visible_to(user).filter(pk=scenario.pk).exists()
        assert visible == user.has_perm("portfolio.view_scenario", scenario), user.username


def test_criteria_model_unique(cm):
    with pytest.raises(Exception):  # noqa: B017
        CriteriaModel.objects.create(cycle=cm.cycle, board=cm.board)


def test_demo_seed_is_idempotent(three, member, org):

    ctx = DemoContext(today=timezone.localdate())
    demo.seed(ctx)
    scores, scenarios = Score.objects.count(), Scenario.objects.count()
    assert scores == 2 * 3 * 7  # two board members × three proposals × seven criteria
    assert Scenario.objects.filter(board=org.board).count() == 2
    assert Scenario.objects.filter(board__isnull=True).count() == 1  # the leadership group's common fund
    found = recommended_scenario(three[0].target_cycle, org.board)
    assert found is not None and found.scenario.name.startswith("Grundbudget")
    demo.seed(ctx)
    assert (Score.objects.count(), Scenario.objects.count()) == (scores, scenarios)
