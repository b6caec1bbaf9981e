"""Prioritisation pages: criteria, scoring, ranking, scenarios, frontier, comparison and the leadership view.

Views parse input and call the prioritisation services and selectors; permissions are the rules in
`portfolio.prioritisation.rules`.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from governance.exceptions import ConcurrentEditError
from governance.forms import ConfirmForm
from governance.models import BudgetCycle, SteeringGroup, Tier
from governance.rules import access_of, is_coordinator, is_leadership_member
from portfolio.prioritisation.charts import frontier_chart
from portfolio.prioritisation.forms import CriteriaForm, FinalScoreForm, ScenarioForm, SettleForm
from portfolio.prioritisation.models import Scenario, ScenarioStatus, Score, WeightChange
from portfolio.prioritisation.selectors import (
    budget_rows,
    proposals_for_prioritisation,
    ranking,
    scenario_compare,
    scenario_list,
    scenario_rows,
    scenario_totals,
    scoring_started,
)
from portfolio.prioritisation.services import (
    ScenarioInputError,
    criteria_model_get_or_create,
    criteria_save,
    final_score_set,
    scenario_create,
    scenario_delete,
    scenario_input,
    scenario_preview,
    scenario_recommend,
    scenario_settle,
    scores_open,
    scores_save,
)
from portfolio.proposals.selectors import proposal_yearly_costs


def _home_crumb():
    return (_("Prioritisation"), reverse("portfolio:prioritisation-home"))


def _check(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


class BoardMixin:
    """Fetches the cycle and the board from the URL and checks `portfolio.view_prioritisation`."""

    def setup_board(self, request, cycle_pk: int, board_pk: int):
        self.cycle = get_object_or_404(BudgetCycle, pk=cycle_pk)
        self.board = get_object_or_404(SteeringGroup, pk=board_pk, tier=Tier.BOARD)
        _check(request.user, "portfolio.view_prioritisation", self.board)
        self.criteria_model = criteria_model_get_or_create(cycle=self.cycle, board=self.board)

    def board_crumbs(self, last: str | None = None):
        crumbs = [_home_crumb()]
        title = f"{self.board} · {self.cycle.plan_year}"
        if last is None:
            return [*crumbs, (title, None)]
        return [
            *crumbs,
            (title, reverse("portfolio:prioritisation-board", args=[self.cycle.pk, self.board.pk])),
            (last, None),
        ]

    @property
    def board_url(self) -> str:
        return reverse("portfolio:prioritisation-board", args=[self.cycle.pk, self.board.pk])


class PrioritisationHomeView(View):
    """The boards and plan years the user may prioritise, and the leadership view."""

    def get(self, request):
        _check(request.user, "portfolio.view_prioritisation")
        user = request.user
        boards = SteeringGroup.objects.filter(tier=Tier.BOARD).order_by("name")
        if not (is_coordinator(user) or is_leadership_member(user)):
            boards = boards.filter(pk__in=[s.group_id for s in access_of(user).seats if s.tier == Tier.BOARD])
        cycles = list(BudgetCycle.objects.order_by("-plan_year")[:3])
        return render(
            request,
            "portfolio/prioritisation/home.html",
            {
                "boards": list(boards),
                "cycles": cycles,
                "may_lead": is_coordinator(user) or is_leadership_member(user),
                "breadcrumbs": [(_("Prioritisation"), None)],
            },
        )


class BoardOverviewView(BoardMixin, View):
    def get(self, request, cycle_pk: int, board_pk: int):
        self.setup_board(request, cycle_pk, board_pk)
        scenarios = list(scenario_list(user=request.user, cycle=self.cycle, board=self.board))
        return render(
            request,
            "portfolio/prioritisation/board.html",
            {
                "cycle": self.cycle,
                "board": self.board,
                "criteria_model": self.criteria_model,
                "criteria": list(self.criteria_model.criteria.all()),
                "scenarios": scenarios,
                "proposal_count": proposals_for_prioritisation(cycle=self.cycle, board=self.board).count(),
                "weight_changes": list(
                    WeightChange.objects.filter(criterion__criteria_model=self.criteria_model).select_related(
                        "criterion", "actor"
                    )[:20]
                ),
                "breadcrumbs": self.board_crumbs(),
            },
        )


class CriteriaEditView(BoardMixin, View):
    template_name = "portfolio/prioritisation/criteria_form.html"

    def dispatch(self, request, cycle_pk: int, board_pk: int):
        self.setup_board(request, cycle_pk, board_pk)
        _check(request.user, "portfolio.change_criteriamodel", self.criteria_model)
        self.criteria = list(self.criteria_model.criteria.all())
        self.scales_locked = scoring_started(self.criteria_model)
        return super().dispatch(request)

    def form(self, data=None):
        return CriteriaForm(
            data, criteria_model=self.criteria_model, criteria=self.criteria, scales_locked=self.scales_locked
        )

    def page(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "cycle": self.cycle,
                "board": self.board,
                "scales_locked": self.scales_locked,
                "back_url": self.board_url,
                "breadcrumbs": self.board_crumbs(_("Criteria and weights")),
            },
        )

    def get(self, request):
        return self.page(self.form())

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                criteria_save(
                    criteria_model=self.criteria_model,
                    actor=request.user,
                    expected_version=form.cleaned_data["expected_version"],
                    criteria=form.criteria_values(),
                    disagreement_threshold=form.cleaned_data["disagreement_threshold"],
                )
            except (ConcurrentEditError, ValidationError) as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The criteria were saved."))
                return redirect(self.board_url)
        return self.page(form)


def _score_field(proposal_id: int, criterion_id: int) -> str:
    return f"s-{proposal_id}-{criterion_id}"


def _parse_scores(post) -> tuple[dict, dict]:
    """{(proposal, criterion): int | None} from s-<p>-<c> fields, and {key: message} for non-numbers."""
    values, errors = {}, {}
    for name, raw in post.items():
        if not name.startswith("s-"):
            continue
        try:
            _s, pid, cid = name.split("-")
            key = (int(pid), int(cid))
        except ValueError:
            continue
        raw = raw.strip()
        if raw == "":
            values[key] = None
            continue
        try:
            values[key] = int(raw)
        except ValueError:
            errors[key] = _("Enter a whole number.")
    return values, errors


class ScoringView(BoardMixin, View):
    """One page: a row per proposal, a column per criterion, the member's own scores.

    Each input saves itself through htmx on change (the response is the cell's status); without
    JavaScript the whole table is submitted and saved all or nothing.
    """

    template_name = "portfolio/prioritisation/scoring.html"

    def dispatch(self, request, cycle_pk: int, board_pk: int):
        self.setup_board(request, cycle_pk, board_pk)
        _check(request.user, "portfolio.score_proposals", self.criteria_model)
        return super().dispatch(request)

    def page(self, entered=None, errors=None, status=200):
        criteria = list(self.criteria_model.criteria.all())
        proposals = list(proposals_for_prioritisation(cycle=self.cycle, board=self.board))
        mine = {
            (s.proposal_id, s.criterion_id): s.value
            for s in Score.objects.filter(scorer=self.request.user, criterion__criteria_model=self.criteria_model)
        }
        entered = entered or {}
        errors = errors or {}
        rows = []
        for p in proposals:
            cells = []
            for c in criteria:
                key = (p.pk, c.pk)
                value = entered.get(key, mine.get(key))
                cells.append(
                    {
                        "criterion": c,
                        "name": _score_field(p.pk, c.pk),
                        "value": "" if value is None else value,
                        "error": errors.get(key),
                        "id": f"score-{p.pk}-{c.pk}",
                    }
                )
            rows.append({"proposal": p, "cells": cells})
        return render(
            self.request,
            self.template_name,
            {
                "cycle": self.cycle,
                "board": self.board,
                "criteria": criteria,
                "rows": rows,
                "errors": errors,
                "criteria_model": self.criteria_model,
                "back_url": self.board_url,
                "breadcrumbs": self.board_crumbs(_("Score proposals")),
            },
            status=status,
        )

    def get(self, request):
        return self.page()

    def post(self, request):
        values, errors = _parse_scores(request.POST)
        if not errors:
            errors = scores_save(criteria_model=self.criteria_model, scorer=request.user, values=values)
        if request.htmx:
            message = next(iter(errors.values()), None)
            return render(request, "portfolio/prioritisation/_score_status.html", {"error": message}, status=200)
        if errors:
            messages.error(request, _("Nothing was saved: correct the scores marked below."))
            entered = {k: (request.POST.get(_score_field(*k), "")) for k in errors}
            merged = {**values, **entered}
            return self.page(entered=merged, errors=errors, status=400)
        messages.success(request, _("Your scores were saved."))
        return redirect(reverse("portfolio:prioritisation-score", args=[self.cycle.pk, self.board.pk]))


class RankingView(BoardMixin, View):
    """Aggregated scores: mean and spread per criterion, weighted total, rank and disagreement."""

    def get(self, request, cycle_pk: int, board_pk: int):
        self.setup_board(request, cycle_pk, board_pk)
        _check(request.user, "portfolio.view_all_scores", self.criteria_model)
        criteria = list(self.criteria_model.criteria.all())
        proposals = {p.pk: p for p in proposals_for_prioritisation(cycle=self.cycle, board=self.board)}
        aggregates = ranking(criteria_model=self.criteria_model, proposals=list(proposals.values()))
        finals = {f.proposal_id: f for f in self.criteria_model.final_scores.select_related("set_by")}
        rows = [
            {
                "proposal": proposals[a.proposal_id],
                "aggregate": a,
                "final": finals.get(a.proposal_id),
                "cells": [a.criteria.get(c.pk) for c in criteria],
            }
            for a in aggregates
        ]
        return render(
            request,
            "portfolio/prioritisation/ranking.html",
            {
                "cycle": self.cycle,
                "board": self.board,
                "criteria_model": self.criteria_model,
                "criteria": criteria,
                "rows": rows,
                "back_url": self.board_url,
                "breadcrumbs": self.board_crumbs(_("Ranking")),
            },
        )


class OpenScoresView(BoardMixin, View):
    def post(self, request, cycle_pk: int, board_pk: int):
        self.setup_board(request, cycle_pk, board_pk)
        is_open = request.POST.get("open") != "0"
        scores_open(criteria_model=self.criteria_model, actor=request.user, is_open=is_open)
        messages.success(
            request,
            _("The scores are now open to the whole board.")
            if is_open
            else _("The scores are closed again: members see only their own."),
        )
        return redirect(self.board_url)


class FinalScoreView(BoardMixin, View):
    template_name = "governance/form_page.html"

    def dispatch(self, request, cycle_pk: int, board_pk: int, proposal_pk: int):
        self.setup_board(request, cycle_pk, board_pk)
        _check(request.user, "portfolio.set_final_score", self.criteria_model)
        self.proposal = get_object_or_404(
            proposals_for_prioritisation(cycle=self.cycle, board=self.board), pk=proposal_pk
        )
        return super().dispatch(request)

    def page(self, form):
        back = reverse("portfolio:prioritisation-ranking", args=[self.cycle.pk, self.board.pk])
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "page_title": _("Final score of %(proposal)s") % {"proposal": self.proposal},
                "back_url": back,
                "submit_label": _("Save"),
                "breadcrumbs": self.board_crumbs(_("Final score")),
            },
        )

    def get(self, request):
        final = self.criteria_model.final_scores.filter(proposal=self.proposal).first()
        initial = {"value": final.value, "reason": final.reason} if final else {}
        return self.page(FinalScoreForm(initial=initial))

    def post(self, request):
        form = FinalScoreForm(request.POST)
        if form.is_valid():
            try:
                final_score_set(
                    criteria_model=self.criteria_model,
                    proposal=self.proposal,
                    actor=request.user,
                    value=form.cleaned_data["value"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The final score was saved."))
                return redirect(reverse("portfolio:prioritisation-ranking", args=[self.cycle.pk, self.board.pk]))
        return self.page(form)


# Scenarios -------------------------------------------------------------------------------------------


class ScenarioCreateView(View):
    """The scenario form; "Preview" shows the rank cut-off at once, "Run" solves and saves."""

    template_name = "portfolio/prioritisation/scenario_form.html"
    leadership = False

    def dispatch(self, request, cycle_pk: int, board_pk: int | None = None):
        self.cycle = get_object_or_404(BudgetCycle, pk=cycle_pk)
        self.board = None if self.leadership else get_object_or_404(SteeringGroup, pk=board_pk, tier=Tier.BOARD)
        _check(request.user, "portfolio.run_scenario", self.board)
        self.proposals = list(proposals_for_prioritisation(cycle=self.cycle, board=self.board))
        costs = proposal_yearly_costs(proposals=[p.pk for p in self.proposals])
        self.year_costs: dict[int, Decimal] = {}
        for years in costs.values():
            for year, types in years.items():
                self.year_costs[year] = self.year_costs.get(year, Decimal(0)) + sum(types.values(), Decimal(0))
        self.years = sorted(y for y, v in self.year_costs.items() if v > 0)
        return super().dispatch(request)

    @property
    def back_url(self) -> str:
        if self.leadership:
            return reverse("portfolio:prioritisation-leadership", args=[self.cycle.pk])
        return reverse("portfolio:prioritisation-board", args=[self.cycle.pk, self.board.pk])

    def form(self, data=None):
        return ScenarioForm(data, proposals=self.proposals, years=self.years, year_costs=self.year_costs)

    def page(self, form, preview=None, preview_rows=None, problems=None, status=200):
        scope = _("Leadership group") if self.leadership else str(self.board)
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "cycle": self.cycle,
                "board": self.board,
                "leadership": self.leadership,
                "preview": preview,
                "preview_rows": preview_rows or [],
                "problems": problems or [],
                "back_url": self.back_url,
                "breadcrumbs": [
                    _home_crumb(),
                    (f"{scope} · {self.cycle.plan_year}", self.back_url),
                    (_("New scenario"), None),
                ],
            },
            status=status,
        )

    def get(self, request):
        return self.page(self.form())

    def post(self, request):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.page(form, status=400)
        made, unmade = form.mandatory_changes()
        inputs = scenario_input(
            cycle=self.cycle,
            board=self.board,
            objective=form.cleaned_data["objective"],
            npv_weight=form.cleaned_data["npv_weight"],
            budgets=form.budgets(),
            extra_mandatory=made,
            not_mandatory=unmade,
            exclusions=form.cleaned_data["exclusions"],
        )
        if "preview" in request.POST:
            result = scenario_preview(inputs=inputs)
            chosen = set(result.chosen)
            rows = [
                {"key": c.key, "label": c.label, "value": c.value, "chosen": c.key in chosen, "mandatory": c.mandatory}
                for c in sorted(inputs.candidates, key=lambda c: -c.value)
            ]
            return self.page(form, preview=result, preview_rows=rows, problems=result.messages)
        try:
            scenario = scenario_create(
                cycle=self.cycle,
                board=self.board,
                name=form.cleaned_data["name"],
                objective=form.cleaned_data["objective"],
                npv_weight=form.cleaned_data["npv_weight"],
                inputs=inputs,
                actor=request.user,
            )
        except ScenarioInputError as exc:
            return self.page(form, problems=exc.messages, status=400)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.page(form, status=400)
        messages.success(request, _("The scenario was saved."))
        return redirect(scenario.get_absolute_url())


def _scenario_for(request, pk: int) -> Scenario:
    scenario = get_object_or_404(
        Scenario.objects.visible_to(request.user).select_related("cycle", "board", "created_by", "decision__meeting"),
        pk=pk,
    )
    return scenario


def _scenario_back(scenario: Scenario) -> str:
    if scenario.board_id is None:
        return reverse("portfolio:prioritisation-leadership", args=[scenario.cycle_id])
    return reverse("portfolio:prioritisation-board", args=[scenario.cycle_id, scenario.board_id])


def _scenario_context(scenario: Scenario) -> dict:
    results = scenario.results
    ctx = {"scenario": scenario, "results": results}
    if scenario.status != ScenarioStatus.DONE:
        return ctx
    points = results.get("frontier", [])
    ctx.update(
        {
            "rows": scenario_rows(scenario),
            "budgets": budget_rows(results.get("budgets", [])),
            "cutoff_budgets": budget_rows(results.get("rank_cutoff", {}).get("budgets", [])),
            "frontier": [
                {**p, "total_budget": Decimal(p["total_budget"]), "percent": round(p["level"] * 100)} for p in points
            ],
            "frontier_svg": frontier_chart(points) if points else "",
            "gap_percent": (results.get("gap") or 0) * 100,
            "difference": (results.get("objective") or 0) - (results.get("rank_cutoff", {}).get("objective") or 0),
        }
    )
    ctx["per_year"], ctx["per_admin"] = scenario_totals(scenario)
    return ctx


class ScenarioDetailView(View):
    def get(self, request, pk: int):
        scenario = _scenario_for(request, pk)
        _check(request.user, "portfolio.view_scenario", scenario)
        scope = str(scenario.board) if scenario.board_id else _("Leadership group")
        ctx = _scenario_context(scenario)
        ctx.update(
            {
                "back_url": _scenario_back(scenario),
                "may_recommend": request.user.has_perm("portfolio.recommend_scenario", scenario),
                "may_settle": request.user.has_perm("portfolio.settle_scenario", scenario),
                "may_delete": (
                    request.user.has_perm("portfolio.delete_scenario", scenario) and not scenario.deletion_blockers()
                ),
                "others": list(
                    scenario_list(
                        user=request.user,
                        cycle=scenario.cycle,
                        board=scenario.board,
                        leadership=scenario.board_id is None,
                    )
                    .exclude(pk=scenario.pk)
                    .filter(status=ScenarioStatus.DONE)[:20]
                ),
                "breadcrumbs": [
                    _home_crumb(),
                    (f"{scope} · {scenario.cycle.plan_year}", _scenario_back(scenario)),
                    (scenario.name, None),
                ],
            }
        )
        return render(request, "portfolio/prioritisation/scenario_detail.html", ctx)


class ScenarioDeleteView(View):
    """Confirmation, then deletion through `scenario_delete`; kept scenarios say why they are kept."""

    template_name = "portfolio/prioritisation/scenario_delete.html"

    def dispatch(self, request, pk: int):
        self.scenario = _scenario_for(request, pk)
        _check(request.user, "portfolio.delete_scenario", self.scenario)
        return super().dispatch(request)

    def page(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "scenario": self.scenario,
                "blockers": self.scenario.deletion_blockers(),
                "page_title": _("Delete the scenario %(scenario)s") % {"scenario": self.scenario},
                "back_url": self.scenario.get_absolute_url(),
                "submit_label": _("Delete"),
                "breadcrumbs": [
                    _home_crumb(),
                    (self.scenario.name, self.scenario.get_absolute_url()),
                    (_("Delete"), None),
                ],
            },
        )

    def get(self, request):
        return self.page(ConfirmForm())

    def post(self, request):
        form = ConfirmForm(request.POST)
        if form.is_valid():
            try:
                scenario_delete(scenario=self.scenario, actor=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The scenario “%(scenario)s” was deleted.") % {"scenario": self.scenario})
                return redirect(_scenario_back(self.scenario))
        return self.page(form)


class ScenarioStatusView(View):
    """The htmx poll target: the progress fragment until the run is finished, then the whole result."""

    def get(self, request, pk: int):
        scenario = _scenario_for(request, pk)
        _check(request.user, "portfolio.view_scenario", scenario)
        if scenario.is_finished:
            response = HttpResponse()
            response["HX-Refresh"] = "true"
            return response
        return render(request, "portfolio/prioritisation/_scenario_progress.html", {"scenario": scenario})


class ScenarioRecommendView(View):
    def post(self, request, pk: int):
        scenario = _scenario_for(request, pk)
        try:
            scenario_recommend(scenario=scenario, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The scenario is now the recommendation for the plan year."))
        return redirect(scenario.get_absolute_url())


class ScenarioSettleView(View):
    template_name = "governance/form_page.html"

    def dispatch(self, request, pk: int):
        self.scenario = _scenario_for(request, pk)
        _check(request.user, "portfolio.settle_scenario", self.scenario)
        return super().dispatch(request)

    def page(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "page_title": _("Record the settlement of %(scenario)s") % {"scenario": self.scenario},
                "back_url": self.scenario.get_absolute_url(),
                "submit_label": _("Record settlement"),
                "breadcrumbs": [
                    _home_crumb(),
                    (self.scenario.name, self.scenario.get_absolute_url()),
                    (_("Settlement"), None),
                ],
            },
        )

    def get(self, request):
        return self.page(SettleForm(initial={"decision": self.scenario.decision_id}))

    def post(self, request):
        form = SettleForm(request.POST)
        if form.is_valid():
            try:
                scenario_settle(scenario=self.scenario, actor=request.user, decision=form.cleaned_data["decision"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The settlement was recorded."))
                return redirect(self.scenario.get_absolute_url())
        return self.page(form)


class ScenarioCompareView(View):
    def get(self, request):
        try:
            a_pk, b_pk = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
        except ValueError:
            raise Http404 from None
        a, b = _scenario_for(request, a_pk), _scenario_for(request, b_pk)
        for s in (a, b):
            _check(request.user, "portfolio.view_scenario", s)
        comparison = scenario_compare(a=a, b=b)
        return render(
            request,
            "portfolio/prioritisation/compare.html",
            {
                "c": comparison,
                "back_url": a.get_absolute_url(),
                "breadcrumbs": [_home_crumb(), (a.name, a.get_absolute_url()), (_("Compare"), None)],
            },
        )


class LeadershipView(View):
    """The leadership group's view: scenarios across every board for a common fund, and the boards'
    recommendations."""

    def get(self, request, cycle_pk: int):
        cycle = get_object_or_404(BudgetCycle, pk=cycle_pk)
        _check(request.user, "portfolio.view_prioritisation")
        if not (is_coordinator(request.user) or is_leadership_member(request.user)):
            raise PermissionDenied
        scenarios = list(scenario_list(user=request.user, cycle=cycle, leadership=True))
        recommended = list(
            Scenario.objects.filter(Q(cycle=cycle) & Q(is_recommended=True) & Q(board__isnull=False)).select_related(
                "board"
            )
        )
        return render(
            request,
            "portfolio/prioritisation/leadership.html",
            {
                "cycle": cycle,
                "scenarios": scenarios,
                "recommended": recommended,
                "may_run": request.user.has_perm("portfolio.run_scenario", None),
                "proposal_count": proposals_for_prioritisation(cycle=cycle).count(),
                "breadcrumbs": [_home_crumb(), (_("Leadership group · %(year)s") % {"year": cycle.plan_year}, None)],
            },
        )
