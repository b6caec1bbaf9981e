"""The all-proposals page with 10,000 proposals (issue 4).

Figures, each with a baseline measured in the same run:
- proposal_list_page_render: the all-proposals page, filtered (plan year and state), sorted (NPV, descending)
  and on its third 50-row page, rendered by the view with the whole page template (RequestFactory, no
  middleware); baseline: the page's own SQL (its COUNT and its 50-row SELECT, captured from the view and
  replayed raw). Aim: ratio ≤ 15, and exactly one COUNT query in the page (asserted).
- proposal_list_page: the same through the full request cycle (test client: session, auth, middleware).
- proposal_table_tables2_default: reference only, the same rows through django-tables2's default template.
Run: .venv/bin/python bench/bench_proposals.py (BENCH_DATABASE_URL for PostgreSQL).
"""

import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import emit, setup, timed  # noqa: E402

N_PROPOSALS = 10_000
AIM_RATIO = 15


def build():
    from governance.models import (
        BudgetCycle,
        Goal,
        MunicipalRole,
        OrganisationUnit,
        RoleAssignment,
        SteeringGroup,
        Strategy,
        Tier,
        User,
    )
    from portfolio.models import AreaOfOperation, Proposal, ProposalState

    rng = random.Random(4)
    town = OrganisationUnit.objects.create(name="Benchkommun", kind=OrganisationUnit.Kind.MUNICIPALITY)
    leadership = SteeringGroup.objects.create(name="Ledningsgrupp", tier=Tier.LEADERSHIP, scope=town)
    groups, admins = [], []
    for i in range(3):
        admin = OrganisationUnit.objects.create(
            name=f"Förvaltning {i}", short_name=f"F{i}", parent=town, kind=OrganisationUnit.Kind.ADMINISTRATION
        )
        admins.append(admin)
        board = SteeringGroup.objects.create(
            name=f"IT-strategisk ledningsgrupp {i}", tier=Tier.BOARD, parent=leadership, scope=admin
        )
        for j in range(4):
            operation = OrganisationUnit.objects.create(
                name=f"Verksamhet {i}.{j}", parent=admin, kind=OrganisationUnit.Kind.OPERATION
            )
            groups.append(
                SteeringGroup.objects.create(
                    name=f"IKT-grupp {i}.{j}", tier=Tier.ICT_GROUP, parent=board, scope=operation
                )
            )
    cycles = [BudgetCycle.objects.create(plan_year=year) for year in (2026, 2027, 2028)]
    strategy = Strategy.objects.create(title="IT-strategi", kind=Strategy.Kind.IT_STRATEGY, adopted_on="2024-01-01")
    goals = [Goal.objects.create(strategy=strategy, code=str(n), title=f"Mål {n}") for n in range(1, 9)]
    author = User.objects.create(username="author")
    coordinator = User.objects.create(username="coord", first_name="IT", last_name="Samordnare")
    RoleAssignment.objects.create(user=coordinator, role=MunicipalRole.IT_COORDINATION)
    states = [s for s, _ in ProposalState.choices]
    areas = [a for a, _ in AreaOfOperation.choices]
    rows = []
    for n in range(N_PROPOSALS):
        group = rng.choice(groups)
        cost = Decimal(rng.randrange(50_000, 5_000_000))
        npv = Decimal(rng.randrange(-2_000_000, 3_000_000))
        rows.append(
            Proposal(
                reference=f"B{n:06d}",
                owning_group=group,
                administration=admins[groups.index(group) // 4],
                author=author,
                title=f"Förslag {n} om digitalisering",
                description="Beskrivning " * 5,
                target_cycle=rng.choice(cycles),
                state=rng.choice(states),
                area=rng.choice(areas),
                total_cost=cost,
                total_benefit=cost + npv,
                npv=npv,
                benefit_cost_ratio=Decimal(rng.randrange(10, 300)) / 100,
            )
        )
    Proposal.objects.bulk_create(rows, batch_size=2000)
    through = Proposal.goals.through
    ids = list(Proposal.objects.values_list("pk", flat=True))
    through.objects.bulk_create([through(proposal_id=pk, goal_id=rng.choice(goals).pk) for pk in ids], batch_size=5000)
    return coordinator, cycles


def main() -> None:
    setup()
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from governance.rules import forget_access
    from portfolio.proposals.views.proposals import ProposalListView

    coordinator, cycles = build()
    url = reverse("portfolio:proposal-list")
    params = {"cycle": cycles[1].pk, "state": "submitted", "sort": "-npv", "page": "3"}
    request = RequestFactory().get(url, params)
    request.user = coordinator
    view = ProposalListView.as_view()

    def page_render():
        forget_access(coordinator)  # a fresh request reads the person's seats and roles again
        response = view(request)
        response.render()
        return response

    with CaptureQueriesContext(connection) as captured:
        response = page_render()
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<tr>") >= 50, "the page should show 50 rows"
    sqls = [q["sql"] for q in captured.captured_queries]
    counts = [s for s in sqls if "COUNT(" in s.upper()]
    assert len(counts) == 1, f"expected exactly one COUNT, got {len(counts)}"
    page_sql = [s for s in sqls if "LIMIT 50" in s.upper() and "proposal" in s.lower()]
    assert len(page_sql) == 1, page_sql
    bare_sqls = [counts[0], page_sql[0]]

    def bare_page():
        with connection.cursor() as cur:
            for sql in bare_sqls:
                cur.execute(sql)
                cur.fetchall()

    client = Client()
    client.force_login(coordinator)

    def full_page():
        assert client.get(url, params).status_code == 200

    def tables2_default():
        import django_tables2 as tables
        from django_tables2 import RequestConfig

        from portfolio.models import Proposal

        class Default(tables.Table):
            class Meta:
                model = Proposal
                template_name = "django_tables2/table.html"
                fields = (
                    "reference",
                    "title",
                    "owning_group",
                    "administration",
                    "target_cycle",
                    "state",
                    "area",
                    "total_cost",
                    "npv",
                    "benefit_cost_ratio",
                )

        qs = (
            Proposal.objects.filter(target_cycle=cycles[1], state="submitted")
            .select_related("owning_group", "administration", "target_cycle")
            .order_by("-npv", "reference")
        )
        table = Default(qs)
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
        table.as_html(request)

    render_s, bare_s = timed(page_render), timed(bare_page)
    full_s, t2_s = timed(full_page), timed(tables2_default)
    emit(
        figure="proposal_list_page_render",
        rows=50,
        of=N_PROPOSALS,
        seconds=round(render_s, 5),
        baseline="bare SQL of the same page (its COUNT and 50-row SELECT)",
        baseline_seconds=round(bare_s, 5),
        ratio=round(render_s / bare_s, 1),
        aim_ratio=AIM_RATIO,
        within_aim=render_s / bare_s <= AIM_RATIO,
        count_queries=len(counts),
        queries=len(sqls),
        vendor=connection.vendor,
        note="filtered by plan year and state, sorted by NPV, page 3; view + filters + whole page, no middleware",
    )
    emit(
        figure="proposal_list_page",
        rows=50,
        of=N_PROPOSALS,
        seconds=round(full_s, 5),
        baseline="bare SQL of the same page",
        baseline_seconds=round(bare_s, 5),
        ratio=round(full_s / bare_s, 1),
        vendor=connection.vendor,
        note="full request cycle: session, auth, middleware, base layout",
    )
    emit(
        figure="proposal_table_tables2_default",
        rows=50,
        of=N_PROPOSALS,
        seconds=round(t2_s, 5),
        baseline="bare SQL of the same page",
        baseline_seconds=round(bare_s, 5),
        ratio=round(t2_s / bare_s, 1),
        vendor=connection.vendor,
        note="reference only: the table alone through django-tables2's default template",
    )


if __name__ == "__main__":
    main()
