"""Prioritisation writes (DESIGN §7): criteria, scores, final scores and scenarios.

- A criteria model per (plan year, IT-strategic board), created with the default criteria the first time
  the board opens prioritisation for the year. Weight changes are logged (`WeightChange`, marked when
  scoring had already started) besides the field history.
- Each board member scores the board's proposals awaiting prioritisation (under assessment or
  recommended, for the plan year). Scores outside a criterion's scale are refused with a message; a
  full-page save is all or nothing.
- Scenarios build engine candidates from proposals (key = proposal reference, costs per calendar year
  and cost type from the base cost plan, administration, mandatory, dependencies) and budgets from the
  form, store the candidates as solved and the results as JSON (`codec`), and run the exact solver
  (inline for small runs, as a Celery task with a time limit for large ones). Bad input is refused
  before anything is saved, with the engine's messages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from governance.models import BudgetCycle, Decision, SteeringGroup, Tier, User
from governance.services import versioned_save
from portfolio.prioritisation import selection
from portfolio.prioritisation.aggregation import (
    ScoreKey,
)
from portfolio.prioritisation.codec import (
    budget_to_json,
    candidate_to_json,
)
from portfolio.prioritisation.models import (
    CriteriaModel,
    Criterion,
    FinalScore,
    Objective,
    Scenario,
    ScenarioStatus,
    Score,
    WeightChange,
)
from portfolio.prioritisation.runs import scenario_execute
from portfolio.prioritisation.selectors import (
    proposal_scores,
    proposals_for_prioritisation,
    scoring_started,
)
from portfolio.prioritisation.tasks import scenario_run
from portfolio.proposals.models import Proposal, ProposalState
from portfolio.proposals.selectors import proposal_yearly_costs


@dataclass(frozen=True)
class DefaultCriterion:
    key: str
    name: str
    description: str
    weight: Decimal
    higher_is_better: bool = True


DEFAULT_CRITERIA = (
    DefaultCriterion(
        "strategic_fit",
        gettext_noop("Strategic fit"),
        gettext_noop(
            "How well the proposal serves the strategic goals it links to. 1 = hardly, 5 = directly and substantially."
        ),
        Decimal(3),
    ),
    DefaultCriterion(
        "monetary_benefit",
        gettext_noop("Monetary benefit"),
        gettext_noop(
            "Money saved or earned against its cost, judged from the benefit calculation. "
            "1 = none, 5 = large and cash-releasing."
        ),
        Decimal(2),
    ),
    DefaultCriterion(
        "quality_benefit",
        gettext_noop("Quality and citizen benefit"),
        gettext_noop("Better service for residents, businesses and staff. 1 = none, 5 = large."),
        Decimal(2),
    ),
    DefaultCriterion(
        "mandatory_need",
        gettext_noop("Legal or mandatory need"),
        gettext_noop("Required by law, regulation or an agreement. 1 = not at all, 5 = required now."),
        Decimal(2),
    ),
    DefaultCriterion(
        "risk",
        gettext_noop("Risk (lower is better)"),
        gettext_noop(
            "Risk of the proposal failing or harming operations, from the board's risk "
            "assessment. 1 = low risk, 5 = high risk."
        ),
        Decimal(1),
        False,
    ),
    DefaultCriterion(
        "urgency",
        gettext_noop("Urgency"),
        gettext_noop("What happens if it waits a year. 1 = nothing, 5 = serious harm."),
        Decimal(1),
    ),
    DefaultCriterion(
        "readiness",
        gettext_noop("Readiness"),
        gettext_noop(
            "Whether the operation is ready: people, process, procurement. 1 = far from ready, 5 = can start at once."
        ),
        Decimal(1),
    ),
)


class ScenarioInputError(ValidationError):
    """The scenario's input cannot be solved (invalid or infeasible); the messages say why."""


# Criteria ----------------------------------------------------------------------------------------


def criteria_model_get_or_create(*, cycle: BudgetCycle, board: SteeringGroup) -> CriteriaModel:
    """The board's criteria model for the plan year, created with the default criteria if missing.

    Raises ValidationError if `board` is not an IT-strategic board.
    """
    if board.tier != Tier.BOARD:
        raise ValidationError(_("Only an IT-strategic board has a criteria model."))
    existing = CriteriaModel.objects.filter(cycle=cycle, board=board).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        model, created = CriteriaModel.objects.get_or_create(cycle=cycle, board=board)
        if created:
            Criterion.objects.bulk_create(
                [
                    Criterion(
                        criteria_model=model,
                        key=d.key,
                        name=_(d.name),
                        description=_(d.description),
                        weight=d.weight,
                        higher_is_better=d.higher_is_better,
                        order=i,
                    )
                    for i, d in enumerate(DEFAULT_CRITERIA)
                ]
            )
    return model


@transaction.atomic
def criteria_save(
    *,
    criteria_model: CriteriaModel,
    actor: User,
    expected_version: int,
    criteria: Mapping[int, Mapping[str, object]],
    disagreement_threshold: Decimal | None = None,
) -> CriteriaModel:
    """Save the criteria's names, descriptions, weights and scales (and the disagreement threshold).

    Every weight change writes a WeightChange row (who, when, old, new; flagged when scoring had
    started). Scales cannot change once scores exist (scores would fall outside). Raises
    PermissionDenied, ConcurrentEditError (stale version) or ValidationError.
    """
    if not actor.has_perm("portfolio.change_criteriamodel", criteria_model):
        raise PermissionDenied
    started = scoring_started(criteria_model)
    if disagreement_threshold is not None:
        criteria_model.disagreement_threshold = disagreement_threshold
    versioned_save(instance=criteria_model, expected_version=expected_version)
    current = {c.pk: c for c in criteria_model.criteria.select_for_update()}
    for pk, values in criteria.items():
        criterion = current.get(pk)
        if criterion is None:
            raise ValidationError(_("Unknown criterion."))
        old_weight = criterion.weight
        old_scale = (criterion.scale_min, criterion.scale_max)
        for name in ("name", "description", "weight", "scale_min", "scale_max", "higher_is_better"):
            if name in values:
                setattr(criterion, name, values[name])
        if started and (criterion.scale_min, criterion.scale_max) != old_scale:
            raise ValidationError(
                _("The scale of “%(criterion)s” cannot change once scoring has started.")
                % {"criterion": criterion.name}
            )
        criterion.full_clean(exclude=["criteria_model"])
        criterion.save()
        if Decimal(criterion.weight) != old_weight:
            WeightChange.objects.create(
                criterion=criterion,
                actor=actor,
                old_weight=old_weight,
                new_weight=criterion.weight,
                after_scoring_started=started,
            )
    return criteria_model


# Scores ------------------------------------------------------------------------------------------


@transaction.atomic
def scores_save(
    *, criteria_model: CriteriaModel, scorer: User, values: Mapping[ScoreKey, int | None]
) -> dict[ScoreKey, str]:
    """Save `scorer`'s scores; None clears a score. All or nothing.

    Returns {} when saved, else {(proposal id, criterion id): message} and saves nothing (a score
    outside the criterion's scale, or a proposal not awaiting this board's prioritisation).
    Raises PermissionDenied unless `scorer` sits on the board.
    """
    if not scorer.has_perm("portfolio.score_proposals", criteria_model):
        raise PermissionDenied(_("Only members of the board score its proposals."))
    criteria = {c.pk: c for c in criteria_model.criteria.all()}
    proposal_ids = set(
        proposals_for_prioritisation(cycle=criteria_model.cycle, board=criteria_model.board).values_list(
            "pk", flat=True
        )
    )
    errors: dict[ScoreKey, str] = {}
    for (proposal_id, criterion_id), value in values.items():
        criterion = criteria.get(criterion_id)
        if criterion is None or proposal_id not in proposal_ids:
            errors[(proposal_id, criterion_id)] = _("This proposal is not awaiting the board's prioritisation.")
        elif value is not None and not criterion.scale_min <= value <= criterion.scale_max:
            errors[(proposal_id, criterion_id)] = _(
                "%(criterion)s is scored from %(min)s to %(max)s; %(value)s is outside the scale."
            ) % {"criterion": criterion.name, "min": criterion.scale_min, "max": criterion.scale_max, "value": value}
    if errors:
        return errors
    existing = {
        (s.proposal_id, s.criterion_id): s
        for s in Score.objects.select_for_update().filter(
            scorer=scorer, criterion__criteria_model=criteria_model, proposal_id__in={p for p, _c in values}
        )
    }
    for key, value in values.items():
        score = existing.get(key)
        if value is None:
            if score is not None:
                score.delete()
        elif score is None:
            Score.objects.create(proposal_id=key[0], criterion_id=key[1], scorer=scorer, value=value)
        elif score.value != value:
            score.value = value
            score.save(update_fields=["value", "updated_at"])
    return {}


@transaction.atomic
def scores_open(*, criteria_model: CriteriaModel, actor: User, is_open: bool = True) -> CriteriaModel:
    """The chair opens (or closes again) every member's scores to the whole board."""
    if not actor.has_perm("portfolio.open_scores", criteria_model):
        raise PermissionDenied(_("Only the board's chair opens the scores."))
    criteria_model = CriteriaModel.objects.select_for_update().get(pk=criteria_model.pk)
    criteria_model.scores_open = is_open
    criteria_model.version += 1
    criteria_model.save(update_fields=["scores_open", "version", "updated_at"])
    return criteria_model


@transaction.atomic
def final_score_set(
    *, criteria_model: CriteriaModel, proposal: Proposal, actor: User, value: Decimal | None, reason: str = ""
) -> FinalScore | None:
    """The chair sets (or, with None, removes) the final score of a proposal, with a reason.

    Raises PermissionDenied unless the actor chairs the board, ValidationError without a reason, with
    a value outside 0–100 or for a proposal not awaiting the board's prioritisation.
    """
    if not actor.has_perm("portfolio.set_final_score", criteria_model):
        raise PermissionDenied(_("Only the board's chair sets final scores."))
    if (
        not proposals_for_prioritisation(cycle=criteria_model.cycle, board=criteria_model.board)
        .filter(pk=proposal.pk)
        .exists()
    ):
        raise ValidationError(_("This proposal is not awaiting the board's prioritisation."))
    if value is None:
        FinalScore.objects.filter(criteria_model=criteria_model, proposal=proposal).delete()
        return None
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the final score.")})
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError({"value": _("A final score is between 0 and 100.")})
    final, _created = FinalScore.objects.update_or_create(
        criteria_model=criteria_model,
        proposal=proposal,
        defaults={"value": value, "reason": reason.strip(), "set_by": actor},
    )
    return final


# Scenarios ---------------------------------------------------------------------------------------


def administration_label(unit) -> str | None:
    return (unit.short_name or unit.name) if unit is not None else None


@dataclass
class ScenarioInput:
    """Everything the engine needs, and how to map its keys back to proposals."""

    candidates: list[selection.Candidate]
    budgets: list[selection.Budget]
    ids: dict[str, int]
    skipped: list[dict]  # {"key", "label", "code", "params"}: left out before solving, with the reason


def scenario_input(
    *,
    cycle: BudgetCycle,
    board: SteeringGroup | None,
    objective: str,
    npv_weight: Decimal = Decimal("0.5"),
    budgets: Sequence[selection.Budget] = (),
    extra_mandatory: Iterable[int] = (),
    not_mandatory: Iterable[int] = (),
    exclusions: Iterable[tuple[int, int]] = (),
) -> ScenarioInput:
    """Candidates from the proposals awaiting prioritisation (of `board`, or every board).

    Value per `objective` through the engine's `objective_values` (scores 0–100 and NPV scaled to 0..1);
    mandatory = `Proposal.is_mandatory` plus `extra_mandatory`, minus `not_mandatory`; requirements from
    `depends_on` (a dependency on an approved proposal is met; one on a proposal that is neither
    approved nor a candidate leaves the dependent proposal out, with the reason); `exclusions` as pairs.
    """
    proposals = list(
        proposals_for_prioritisation(cycle=cycle, board=board)
        .select_related("owning_group")
        .prefetch_related("depends_on")
    )
    by_id = {p.pk: p for p in proposals}
    costs = proposal_yearly_costs(proposals=list(by_id))
    scores = proposal_scores(cycle=cycle, proposals=proposals)
    extra, unforced = set(extra_mandatory), set(not_mandatory)
    excluded: dict[int, set[int]] = defaultdict(set)
    for a, b in exclusions:
        excluded[a].add(b)
    skipped: list[dict] = []
    keep: list[Proposal] = []
    for proposal in proposals:
        missing = [d for d in proposal.depends_on.all() if d.pk not in by_id and d.state != ProposalState.APPROVED]
        if missing:
            skipped.append(
                {
                    "key": proposal.reference,
                    "label": proposal.title,
                    "code": "needs_missing",
                    "params": {"required": missing[0].reference},
                }
            )
        else:
            keep.append(proposal)
    # Leaving one out may strand those that need it; repeat until stable.
    changed = True
    while changed:
        changed = False
        kept_ids = {p.pk for p in keep}
        for proposal in list(keep):
            gone = [d for d in proposal.depends_on.all() if d.pk in by_id and d.pk not in kept_ids]
            if gone:
                keep.remove(proposal)
                skipped.append(
                    {
                        "key": proposal.reference,
                        "label": proposal.title,
                        "code": "needs_missing",
                        "params": {"required": gone[0].reference},
                    }
                )
                changed = True
    kept_ids = {p.pk for p in keep}
    mode = objective if objective in Objective.values else Objective.SCORE
    values = selection.objective_values(
        {p.reference: float(scores.get(p.pk, 0)) for p in keep},
        {p.reference: float(p.npv) for p in keep},
        mode=mode,
        npv_weight=float(npv_weight),
    )
    candidates = []
    for proposal in keep:
        years = costs.get(proposal.pk, {})
        candidates.append(
            selection.Candidate(
                key=proposal.reference,
                label=proposal.title,
                value=round(values.get(proposal.reference, 0.0), 6),
                costs={year: sum(types.values(), Decimal(0)) for year, types in years.items()},
                administration=administration_label(proposal.administration),
                cost_types={(year, t): amount for year, types in years.items() for t, amount in types.items()},
                mandatory=(proposal.is_mandatory or proposal.pk in extra) and proposal.pk not in unforced,
                requires=frozenset(d.reference for d in proposal.depends_on.all() if d.pk in kept_ids),
                excludes=frozenset(by_id[o].reference for o in excluded.get(proposal.pk, ()) if o in by_id),
            )
        )
    return ScenarioInput(
        candidates=candidates, budgets=list(budgets), ids={p.reference: p.pk for p in keep}, skipped=skipped
    )


def scenario_preview(*, inputs: ScenarioInput) -> selection.SelectionResult:
    """The plain rank cut-off (instant): what a spreadsheet would choose, or why the input is bad."""
    return selection.rank_cutoff(inputs.candidates, inputs.budgets)


@transaction.atomic
def scenario_create(
    *,
    cycle: BudgetCycle,
    board: SteeringGroup | None,
    name: str,
    objective: str,
    npv_weight: Decimal,
    inputs: ScenarioInput,
    actor: User,
) -> Scenario:
    """Save a named scenario and solve it: inline when small, else as a Celery task after commit.

    Raises PermissionDenied, or ScenarioInputError with the engine's words when the input is invalid
    or infeasible (nothing is saved then).
    """
    if not actor.has_perm("portfolio.run_scenario", board):
        raise PermissionDenied(_("You may not run scenarios here."))
    if not name.strip():
        raise ValidationError({"name": _("Give the scenario a name.")})
    check = scenario_preview(inputs=inputs)
    if check.status in ("invalid", "infeasible"):
        raise ScenarioInputError(check.messages)
    scenario = Scenario.objects.create(
        cycle=cycle,
        board=board,
        name=name.strip(),
        objective=objective,
        npv_weight=npv_weight,
        created_by=actor,
        status=ScenarioStatus.QUEUED,
        parameters={
            "candidates": [candidate_to_json(c) for c in inputs.candidates],
            "budgets": [budget_to_json(b) for b in inputs.budgets],
            "ids": inputs.ids,
            "skipped": inputs.skipped,
        },
    )
    if len(inputs.candidates) >= getattr(settings, "PORTFOLIO_SELECTION_ASYNC_FROM", 300):
        transaction.on_commit(lambda: scenario_run.delay(scenario.pk))
    else:
        scenario = scenario_execute(scenario_id=scenario.pk)
    return scenario


@transaction.atomic
def scenario_recommend(*, scenario: Scenario, actor: User) -> Scenario:
    """Mark `scenario` as the board's recommendation for the plan year (the IT plan's draft); any
    earlier recommendation of the same board and year is unmarked. Only finished, solved scenarios."""
    if not actor.has_perm("portfolio.recommend_scenario", scenario):
        raise PermissionDenied(_("Only the board's chair marks the recommendation."))
    if scenario.status != ScenarioStatus.DONE:
        raise ValidationError(_("Only a solved scenario can be recommended."))
    Scenario.objects.select_for_update().filter(cycle=scenario.cycle, board=scenario.board).exclude(
        pk=scenario.pk
    ).update(is_recommended=False)
    scenario.is_recommended = True
    scenario.save(update_fields=["is_recommended", "updated_at"])
    return scenario


@transaction.atomic
def scenario_settle(*, scenario: Scenario, actor: User, decision: Decision) -> Scenario:
    """The leadership group records its settlement across boards: a decision of one of its meetings is
    linked and the scenario becomes the leadership recommendation for the year."""
    if not actor.has_perm("portfolio.settle_scenario", scenario):
        raise PermissionDenied(_("Only the leadership group settles priorities across boards."))
    if decision.meeting.group.tier != Tier.LEADERSHIP:
        raise ValidationError({"decision": _("Choose a decision of a leadership group meeting.")})
    if scenario.status != ScenarioStatus.DONE:
        raise ValidationError(_("Only a solved scenario can be settled."))
    Scenario.objects.select_for_update().filter(cycle=scenario.cycle, board__isnull=True).exclude(
        pk=scenario.pk
    ).update(is_recommended=False)
    scenario.decision = decision
    scenario.is_recommended = True
    scenario.save(update_fields=["decision", "is_recommended", "updated_at"])
    return scenario


@transaction.atomic
def scenario_delete(*, scenario: Scenario, actor: User) -> None:
    """Delete a scenario nobody relies on (see `Scenario.deletion_blockers`); a queued run then ends quietly."""
    if not actor.has_perm("portfolio.delete_scenario", scenario):
        raise PermissionDenied(_("You may not delete scenarios here."))
    stored = Scenario.objects.select_for_update().get(pk=scenario.pk)
    blockers = stored.deletion_blockers()
    if blockers:
        raise ValidationError(blockers)
    stored.delete()
