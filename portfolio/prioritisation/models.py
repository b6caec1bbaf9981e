"""Prioritisation (DESIGN §7): criteria models, board members' scores, final scores and selection scenarios.

A criteria model belongs to one IT-strategic board and one budget cycle: each board weighs its own
proposals for the plan year (boards differ in what matters to them), and a board's weighted totals are
always on 0–100, so the leadership group can compare proposals of several boards. The leadership
group's own scenarios across boards have no board (``board`` is empty).

Aggregation (see `portfolio.prioritisation.aggregation`): per criterion the mean of the members' scores is put on
0..1 within the criterion's scale ((mean − min) / (max − min), reversed for criteria where lower is
better, such as risk); the weighted total is 100 · Σ weight · normalised mean / Σ weight over the
criteria that have scores. A final score set by the chair replaces the weighted total.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models import BudgetCycle, Decision, SteeringGroup, Tier, TimeStampedModel, VersionedModel
from governance.rules import access_of, is_coordinator, is_leadership_member
from portfolio.proposals.models import Proposal


class CriteriaModel(VersionedModel):
    """The criteria, weights and scoring state one board uses for one plan year."""

    cycle = models.ForeignKey(
        BudgetCycle, on_delete=models.PROTECT, related_name="criteria_models", verbose_name=_("plan year")
    )
    board = models.ForeignKey(
        SteeringGroup,
        on_delete=models.PROTECT,
        related_name="criteria_models",
        verbose_name=_("IT-strategic board"),
        limit_choices_to={"tier": Tier.BOARD},
    )
    scores_open = models.BooleanField(
        _("scores open to all members"),
        default=False,
        help_text=_("Until the chair opens the scores, each member sees only their own."),
    )
    disagreement_threshold = models.DecimalField(
        _("disagreement threshold (standard deviation)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_(
            "A criterion whose scores spread more than this (standard deviation, in scale points) "
            "is marked as disagreement."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criteria model")
        verbose_name_plural = _("criteria models")
        ordering = ["-cycle__plan_year", "board__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "board"],
                name="criteriamodel_unique_per_board_cycle",
                violation_error_message=_("The board already has criteria for this plan year."),
            ),
        ]

    def __str__(self) -> str:
        return _("Criteria of %(board)s for %(year)s") % {"board": self.board, "year": self.cycle.plan_year}

    def get_absolute_url(self) -> str:
        return reverse("portfolio:prioritisation-board", args=[self.cycle_id, self.board_id])


class Criterion(models.Model):
    criteria_model = models.ForeignKey(
        CriteriaModel, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("criteria model")
    )
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description shown to scorers"), blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=Decimal(1), validators=[MinValueValidator(Decimal(0))]
    )
    scale_min = models.SmallIntegerField(_("lowest score"), default=1)
    scale_max = models.SmallIntegerField(_("highest score"), default=5)
    higher_is_better = models.BooleanField(
        _("higher is better"),
        default=True,
        help_text=_("Untick for criteria where a high score is bad, such as risk."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_model", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_model", "key"], name="criterion_unique_key"),
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")),
                name="criterion_scale_order",
                violation_error_message=_("The highest score must be above the lowest."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0),
                name="criterion_weight_not_negative",
                violation_error_message=_("A weight cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.scale_min is not None and self.scale_max is not None and self.scale_max <= self.scale_min:
            raise ValidationError(
                {"scale_max": _("The highest score must be above the lowest (%(min)s).") % {"min": self.scale_min}}
            )

    @property
    def scale(self) -> range:
        return range(self.scale_min, self.scale_max + 1)


class WeightChange(models.Model):
    """An explicit log row for every change of a criterion's weight (who, when, old, new)."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="weight_changes", verbose_name=_("criterion")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    old_weight = models.DecimalField(_("old weight"), max_digits=6, decimal_places=2)
    new_weight = models.DecimalField(_("new weight"), max_digits=6, decimal_places=2)
    after_scoring_started = models.BooleanField(_("after scoring had started"), default=False)

    class Meta:
        verbose_name = _("weight change")
        verbose_name_plural = _("weight changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.old_weight} → {self.new_weight}"


class Score(TimeStampedModel):
    """One board member's score of one proposal on one criterion."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="scores", verbose_name=_("proposal"))
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposal_scores", verbose_name=_("scored by")
    )
    value = models.SmallIntegerField(_("score"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "proposal", "scorer"], name="score_unique_per_scorer"),
        ]
        indexes = [models.Index(fields=["proposal", "criterion"])]

    def __str__(self) -> str:
        return f"{self.proposal} / {self.criterion}: {self.value}"


class FinalScore(TimeStampedModel):
    """The chair's final score of a proposal (0–100, replaces the weighted total), with a reason."""

    criteria_model = models.ForeignKey(
        CriteriaModel, on_delete=models.CASCADE, related_name="final_scores", verbose_name=_("criteria model")
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="final_scores", verbose_name=_("proposal")
    )
    value = models.DecimalField(
        _("final score (0–100)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    reason = models.TextField(_("reason"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("set by")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("final score")
        verbose_name_plural = _("final scores")
        constraints = [
            models.UniqueConstraint(fields=["criteria_model", "proposal"], name="finalscore_unique_per_proposal"),
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=100),
                name="finalscore_range",
                violation_error_message=_("A final score is between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.value}"


class Objective(models.TextChoices):
    SCORE = "score", _("Weighted score")
    NPV = "npv", _("Net present value")
    MIX = "mix", _("Mix of score and NPV")


class ScenarioStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ScenarioQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Agrees with `portfolio.view_scenario`: the scenario's board, the leadership group and IT
        coordination; leadership scenarios (no board) also every board member."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_coordinator(user) or is_leadership_member(user):
            return self
        access = access_of(user)
        board_ids = [s.group_id for s in access.seats if s.tier == Tier.BOARD]
        if not board_ids:
            return self.none()
        return self.filter(Q(board_id__in=board_ids) | Q(board__isnull=True))


class Scenario(TimeStampedModel):
    """A named, saved selection run: its parameters (with the candidates as solved) and its results.

    ``board`` empty: a leadership scenario across every board (common fund). Parameters and results
    are JSON written by `portfolio.prioritisation.services`; they are never edited afterwards.
    """

    cycle = models.ForeignKey(
        BudgetCycle, on_delete=models.PROTECT, related_name="scenarios", verbose_name=_("plan year")
    )
    board = models.ForeignKey(
        SteeringGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scenarios",
        verbose_name=_("IT-strategic board"),
    )
    name = models.CharField(_("name"), max_length=120)
    objective = models.CharField(
        _("value to maximise"), max_length=10, choices=Objective.choices, default=Objective.SCORE
    )
    npv_weight = models.DecimalField(
        _("share of NPV in the mix"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )
    parameters = models.JSONField(_("parameters"), default=dict)
    results = models.JSONField(_("results"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ScenarioStatus.choices, default=ScenarioStatus.QUEUED)
    is_recommended = models.BooleanField(_("the board's recommendation"), default=False)
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prioritisation_scenarios",
        verbose_name=_("decision"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    objects = ScenarioQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["parameters", "results"])

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "board"], condition=Q(is_recommended=True), name="scenario_one_recommended_per_board"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:scenario-detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (ScenarioStatus.DONE, ScenarioStatus.FAILED)

    def deletion_blockers(self) -> list[str]:
        """Why the scenario must be kept (empty when it may be deleted)."""
        blockers = []
        if self.is_recommended:
            blockers.append(_("It is the recommendation for the plan year; mark another scenario first."))
        if self.decision_id:
            blockers.append(_("A decision refers to it."))
        if self.status == ScenarioStatus.RUNNING:
            blockers.append(_("It is being solved right now; wait until it has finished."))
        return blockers

    @property
    def chosen_references(self) -> list[str]:
        return list(self.results.get("chosen", []))

    @property
    def chosen_proposal_ids(self) -> list[int]:
        ids = self.parameters.get("ids", {})
        return [ids[ref] for ref in self.chosen_references if ref in ids]
