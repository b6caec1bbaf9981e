"""Demo prioritisation for next year's cycle: criteria per board, the board members' scores, two saved
scenarios per board (the first marked as the board's recommendation) and one leadership scenario.

Scores lean on the backlog's `LEANS`, else on a draw from the title, so the demo scores alike every year.
The log line names, per board, its proposals and the first scenario's optimum against the rank cut-off.

Idempotent: a board whose criteria model already has scores is not scored again, and scenarios are only
added while the board (or the leadership group) has none for the year. Runs after the proposals.
"""

import random
from decimal import ROUND_HALF_UP, Decimal

from governance.models import BudgetCycle, GroupRole, Membership, SteeringGroup, Tier
from governance.rules import forget_access
from portfolio.prioritisation import selection
from portfolio.prioritisation.models import Scenario, Score
from portfolio.prioritisation.selectors import proposals_for_prioritisation
from portfolio.prioritisation.services import (
    ScenarioInputError,
    criteria_model_get_or_create,
    scenario_create,
    scenario_input,
)
from portfolio.proposals.demo_backlog import LEANS
from portfolio.proposals.selectors import proposal_yearly_costs

SCENARIOS = (
    ("Grundbudget (70 %)", Decimal("0.70"), "score"),
    ("Utökad budget (90 %), nuvärde och poäng", Decimal("0.90"), "mix"),
)


def _budgets(proposals, share: Decimal) -> list[selection.Budget]:
    per_year: dict[int, Decimal] = {}
    for years in proposal_yearly_costs(proposals=[p.pk for p in proposals]).values():
        for year, types in years.items():
            per_year[year] = per_year.get(year, Decimal(0)) + sum(types.values(), Decimal(0))
    return [
        selection.Budget(year=y, limit=(total * share / 10_000).quantize(Decimal(1), ROUND_HALF_UP) * 10_000)
        for y, total in sorted(per_year.items())
        if total > 0
    ]


def _seats(board, today):
    return list(Membership.objects.active(today).filter(group=board).select_related("user").order_by("pk"))


def _chair(board, seats):
    for seat in seats:
        if seat.role in (board.convening_role, GroupRole.CHAIR):
            return seat.user
    return seats[0].user if seats else None


def seed(ctx) -> None:
    year = ctx.today.year + 1
    cycle = ctx.cycles.get(year) or BudgetCycle.objects.filter(plan_year=year).first()
    if cycle is None:
        ctx.log.append("prioritisation: no cycle for next year, nothing seeded")
        return
    made = {"scores": 0, "scenarios": 0}
    boards = []  # per board: its proposals, and its first scenario's optimum against the rank cut-off
    for board in SteeringGroup.objects.filter(tier=Tier.BOARD).order_by("name"):
        proposals = list(proposals_for_prioritisation(cycle=cycle, board=board))
        if not proposals:
            continue
        model = criteria_model_get_or_create(cycle=cycle, board=board)
        criteria = list(model.criteria.all())
        seats = _seats(board, ctx.today)
        if seats and not Score.objects.filter(criterion__criteria_model=model).exists():
            scores = []
            for seat in seats:
                for proposal in proposals:
                    # A stable leaning per proposal (the backlog's own, else drawn from the title, so the
                    # demo scores the same whatever the year), and each member's own view of it.
                    lean = LEANS.get(proposal.title) or random.Random(proposal.title).randint(2, 4)
                    for criterion in criteria:
                        rng = random.Random(f"{proposal.title}-{seat.user.username}-{criterion.key}")
                        value = min(5, max(1, lean + rng.choice((-2, -1, 0, 0, 0, 1, 1))))
                        scores.append(Score(criterion=criterion, proposal=proposal, scorer=seat.user, value=value))
            Score.objects.bulk_create(scores, ignore_conflicts=True)
            made["scores"] += len(scores)
            type(model).objects.filter(pk=model.pk).update(scores_open=True)
        chair = _chair(board, seats)
        if chair is None or Scenario.objects.filter(cycle=cycle, board=board).exists():
            continue
        forget_access(chair)
        for i, (name, share, objective) in enumerate(SCENARIOS):
            inputs = scenario_input(cycle=cycle, board=board, objective=objective, budgets=_budgets(proposals, share))
            try:
                scenario = scenario_create(
                    cycle=cycle,
                    board=board,
                    name=name,
                    objective=objective,
                    npv_weight=Decimal("0.5"),
                    inputs=inputs,
                    actor=chair,
                )
            except ScenarioInputError as exc:
                ctx.log.append(f"prioritisation: {board}: {name} not saved: {'; '.join(exc.messages)}")
                continue
            made["scenarios"] += 1
            if i == 0 and scenario.status == "done":
                Scenario.objects.filter(pk=scenario.pk).update(is_recommended=True)
                best, cutoff = scenario.results, scenario.results["rank_cutoff"]
                boards.append(
                    f"{board.short_name or board}: {len(proposals)} proposals, {name} optimum "
                    f"{len(best['chosen'])} in (value {best['objective']:.2f}), rank cut-off "
                    f"{len(cutoff['chosen'])} in ({cutoff['objective']:.2f})"
                )
    leader = (
        Membership.objects.active(ctx.today)
        .filter(group__tier=Tier.LEADERSHIP)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if leader and not Scenario.objects.filter(cycle=cycle, board__isnull=True).exists():
        everything = list(proposals_for_prioritisation(cycle=cycle))
        if everything:
            forget_access(leader.user)
            inputs = scenario_input(
                cycle=cycle, board=None, objective="score", budgets=_budgets(everything, Decimal("0.75"))
            )
            try:
                scenario_create(
                    cycle=cycle,
                    board=None,
                    name="Gemensam IT-fond (75 %)",
                    objective="score",
                    npv_weight=Decimal("0.5"),
                    inputs=inputs,
                    actor=leader.user,
                )
                made["scenarios"] += 1
            except ScenarioInputError as exc:
                ctx.log.append(f"prioritisation: leadership scenario not saved: {'; '.join(exc.messages)}")
    ctx.log.append(
        f"prioritisation: {made['scores']} scores, {made['scenarios']} scenarios"
        + (f" ({'; '.join(boards)})" if boards else "")
    )
