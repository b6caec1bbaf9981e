"""Prioritisation reads: the proposals a board prioritises, the ranking (through `aggregation`), the
recommended scenario, and a scenario's stored result as rows, totals and comparisons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import QuerySet

from governance.models import BudgetCycle, SteeringGroup
from portfolio.prioritisation import selection
from portfolio.prioritisation.aggregation import (
    CriterionSpec,
    ProposalAggregate,
    ScoreKey,
    aggregate_scores,
)
from portfolio.prioritisation.codec import render_reason
from portfolio.prioritisation.models import (
    CriteriaModel,
    FinalScore,
    Scenario,
    ScenarioStatus,
    Score,
)
from portfolio.proposals.models import Proposal, ProposalState

# Reading results ---------------------------------------------------------------------------------


def scenario_totals(
    scenario: Scenario, chosen: Iterable[str] | None = None
) -> tuple[dict[int, Decimal], dict[str, Decimal]]:
    """Cost of the chosen set per calendar year and per administration (from the stored candidates)."""
    keys = set(scenario.chosen_references if chosen is None else chosen)
    per_year: dict[int, Decimal] = defaultdict(Decimal)
    per_admin: dict[str, Decimal] = defaultdict(Decimal)
    for c in scenario.parameters.get("candidates", []):
        if c["key"] not in keys:
            continue
        for year, amount in c["costs"].items():
            per_year[int(year)] += Decimal(amount)
            per_admin[c.get("administration") or "–"] += Decimal(amount)
    return dict(sorted(per_year.items())), dict(sorted(per_admin.items()))


@dataclass
class ScenarioRow:
    key: str
    proposal_id: int | None
    label: str
    administration: str | None
    value: float
    total_cost: Decimal
    chosen: bool
    in_rank_cutoff: bool
    mandatory: bool
    reason: str


def scenario_rows(scenario: Scenario) -> list[ScenarioRow]:
    """Every candidate with its in/out state and the reason in words, chosen first, by value."""
    results = scenario.results
    chosen = set(results.get("chosen", []))
    cutoff = set(results.get("rank_cutoff", {}).get("chosen", []))
    explanations = results.get("explanations", {})
    ids = scenario.parameters.get("ids", {})
    rows = []
    for c in scenario.parameters.get("candidates", []):
        e = explanations.get(c["key"])
        rows.append(
            ScenarioRow(
                key=c["key"],
                proposal_id=ids.get(c["key"]),
                label=c["label"],
                administration=c.get("administration"),
                value=c["value"],
                total_cost=sum((Decimal(a) for a in c["costs"].values()), Decimal(0)),
                chosen=c["key"] in chosen,
                in_rank_cutoff=c["key"] in cutoff,
                mandatory=c.get("mandatory", False),
                reason=render_reason(e["code"], e["params"]) if e else "",
            )
        )
    for s in scenario.parameters.get("skipped", []):
        rows.append(
            ScenarioRow(
                key=s["key"],
                proposal_id=None,
                label=s["label"],
                administration=None,
                value=0.0,
                total_cost=Decimal(0),
                chosen=False,
                in_rank_cutoff=False,
                mandatory=False,
                reason=render_reason(s["code"], s["params"]),
            )
        )
    rows.sort(key=lambda r: (not r.chosen, -r.value, r.key))
    return rows


def budget_rows(uses: Iterable[Mapping]) -> list[dict]:
    """Stored budget uses with a label in words."""
    return [
        {
            **u,
            "label": selection.text.budget_label(u["year"], u.get("administration"), u.get("cost_type")),
            "limit": Decimal(u["limit"]),
            "used": Decimal(u["used"]),
            "slack": Decimal(u["slack"]),
        }
        for u in uses
    ]


@dataclass
class Comparison:
    a: Scenario
    b: Scenario
    moved_in: list[str]  # in b, not in a
    moved_out: list[str]  # in a, not in b
    in_both: list[str]
    years: list[dict]  # {"year", "a", "b", "difference"}
    administrations: list[dict]
    labels: dict[str, str]


def scenario_compare(*, a: Scenario, b: Scenario) -> Comparison:
    """What moved in or out from `a` to `b`, and their totals per year and administration."""
    chosen_a, chosen_b = set(a.chosen_references), set(b.chosen_references)
    labels = {c["key"]: c["label"] for s in (a, b) for c in s.parameters.get("candidates", [])}
    years_a, admins_a = scenario_totals(a)
    years_b, admins_b = scenario_totals(b)

    def table(x: Mapping, y: Mapping, name: str) -> list[dict]:
        keys = sorted(set(x) | set(y), key=str)
        return [
            {
                name: k,
                "a": x.get(k, Decimal(0)),
                "b": y.get(k, Decimal(0)),
                "difference": y.get(k, Decimal(0)) - x.get(k, Decimal(0)),
            }
            for k in keys
        ]

    return Comparison(
        a=a,
        b=b,
        moved_in=sorted(chosen_b - chosen_a),
        moved_out=sorted(chosen_a - chosen_b),
        in_both=sorted(chosen_a & chosen_b),
        years=table(years_a, years_b, "year"),
        administrations=table(admins_a, admins_b, "administration"),
        labels=labels,
    )


def scenario_list(
    *, user, cycle: BudgetCycle | None = None, board: SteeringGroup | None = None, leadership: bool = False
) -> QuerySet:
    queryset = Scenario.objects.visible_to(user).select_related("cycle", "board", "created_by", "decision")
    if cycle is not None:
        queryset = queryset.filter(cycle=cycle)
    if leadership:
        queryset = queryset.filter(board__isnull=True)
    elif board is not None:
        queryset = queryset.filter(board=board)
    return queryset


# Proposals a board prioritises for a plan year.
PRIORITISATION_STATES = (ProposalState.UNDER_ASSESSMENT, ProposalState.RECOMMENDED)


def scoring_started(criteria_model: CriteriaModel) -> bool:
    return Score.objects.filter(criterion__criteria_model=criteria_model).exists()


def proposals_for_prioritisation(*, cycle: BudgetCycle, board: SteeringGroup | None = None) -> QuerySet:
    """The proposals awaiting prioritisation for the plan year: under assessment or recommended,
    owned by ICT groups under `board` (every board when None), in reference order."""
    queryset = Proposal.objects.filter(target_cycle=cycle, state__in=list(PRIORITISATION_STATES))
    if board is not None:
        queryset = queryset.filter(owning_group__parent=board)
    return queryset.select_related("owning_group", "administration").order_by("reference")


def ranking(*, criteria_model: CriteriaModel, proposals: Sequence[Proposal] | None = None) -> list[ProposalAggregate]:
    """Every member's scores of the board's proposals aggregated and ranked (3 queries)."""
    if proposals is None:
        proposals = list(proposals_for_prioritisation(cycle=criteria_model.cycle, board=criteria_model.board))
    criteria = [
        CriterionSpec(c.pk, c.weight, c.scale_min, c.scale_max, c.higher_is_better)
        for c in criteria_model.criteria.all()
    ]
    ids = [p.pk for p in proposals]
    scores: dict[ScoreKey, list[int]] = defaultdict(list)
    for pid, cid, value in Score.objects.filter(
        criterion__criteria_model=criteria_model, proposal_id__in=ids
    ).values_list("proposal_id", "criterion_id", "value"):
        scores[(pid, cid)].append(value)
    finals = dict(
        FinalScore.objects.filter(criteria_model=criteria_model, proposal_id__in=ids).values_list(
            "proposal_id", "value"
        )
    )
    return aggregate_scores(
        criteria=criteria,
        scores=scores,
        proposal_ids=ids,
        threshold=criteria_model.disagreement_threshold,
        finals=finals,
    )


def proposal_scores(*, cycle: BudgetCycle, proposals: Sequence[Proposal]) -> dict[int, Decimal]:
    """{proposal id: score 0–100} for proposals of any board: final score, else weighted total."""
    by_board: dict[int, list[Proposal]] = defaultdict(list)
    for proposal in proposals:
        by_board[proposal.owning_group.parent_id].append(proposal)
    models = {
        m.board_id: m
        for m in CriteriaModel.objects.filter(cycle=cycle, board_id__in=list(by_board)).prefetch_related("criteria")
    }
    result: dict[int, Decimal] = {}
    for board_id, members in by_board.items():
        model = models.get(board_id)
        if model is None:
            continue
        for row in ranking(criteria_model=model, proposals=members):
            if row.score is not None:
                result[row.proposal_id] = row.score
    return result


class RecommendedScenario(NamedTuple):
    scenario: Scenario
    proposal_ids: list[int]


def recommended_scenario(cycle: BudgetCycle, board: SteeringGroup | None = None) -> RecommendedScenario | None:
    """The board's recommended scenario for the plan year and its chosen proposal ids (the IT plan's
    draft). With no board: the leadership group's settled scenario across boards. None if none."""
    scenario = (
        Scenario.objects.filter(cycle=cycle, board=board, is_recommended=True, status=ScenarioStatus.DONE)
        .order_by("-updated_at")
        .first()
    )
    if scenario is None:
        return None
    return RecommendedScenario(scenario, scenario.chosen_proposal_ids)
