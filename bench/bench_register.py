"""System register and maintenance-plan benchmarks (issue 3).

Figures, each with a baseline measured in the same run:
- import_systems: importing 5,000 systems from an .xlsx (aim < 15 s); baseline: a bare SELECT of the
  same 5,000 rows afterwards (how long merely reading them back takes).
- register_page: the register's first 50-row page with 5,000 systems, through the full request cycle;
  baseline: a bare SQL query of the same 50 rows with their joins and the COUNT (aim: ratio ≤ 15).
- coverage_dashboard: the coverage & cost page with 5,000 systems and 5,000 plans; baseline: the bare
  SQL aggregations of the same rows.
Run: .venv/bin/python bench/bench_register.py (BENCH_DATABASE_URL for PostgreSQL).
"""

import io
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import emit, setup, timed  # noqa: E402

N_SYSTEMS = 5_000
YEAR = 2027


def build_org():
    from governance.models import MunicipalRole, OrganisationUnit, RoleAssignment, User

    town = OrganisationUnit.objects.create(name="Benchkommun", kind=OrganisationUnit.Kind.MUNICIPALITY)
    admins = [
        OrganisationUnit.objects.create(
            name=f"Förvaltning {i}", short_name=f"F{i}", parent=town, kind=OrganisationUnit.Kind.ADMINISTRATION
        )
        for i in range(6)
    ]
    users = User.objects.bulk_create(
        [
            User(username=f"sf{i}", first_name="System", last_name=f"Förvaltare {i}", email=f"sf{i}@bench.example")
            for i in range(200)
        ]
    )
    coordinator = User.objects.create(username="coord", first_name="IT", last_name="Samordnare")
    RoleAssignment.objects.create(user=coordinator, role=MunicipalRole.IT_COORDINATION)
    return admins, users, coordinator


def register_file(admins, users) -> bytes:
    import openpyxl

    from maintenance_plans.imports import COLUMNS

    kinds, forms = ["core", "niche", "technical"], ["own_data_centre", "other_municipality", "cloud"]
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Systems")
    ws.append([c.key for c in COLUMNS])
    for i in range(N_SYSTEMS):
        values = {
            "register_id": f"B-{i:05d}",
            "name": f"System {i:05d}",
            "description": "Verksamhetssystem för ärenden",
            "capabilities": "ärendehantering, e-tjänster",
            "kind": kinds[i % 3],
            "administration": admins[i % len(admins)].short_name,
            "system_owner": users[(i + 7) % len(users)].username,
            "system_manager": users[i % len(users)].username,
            "information_owner": "",
            "personal_data": "ja" if i % 2 else "nej",
            "operation_form": forms[i % 3],
            "supplier": f"Leverantör {i % 40}",
            "contract_start": f"{2020 + i % 5}-01-01",
            "contract_end": f"{2026 + i % 5}-{1 + i % 12:02d}-28",
            "lifecycle": "maintenance",
            "planned_retirement_year": "",
            "information_type": "Personuppgifter",
            "confidentiality": i % 5,
            "integrity": 2,
            "availability": 2,
            "traceability": 1,
        }
        ws.append([values[c.key] for c in COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def make_plans() -> None:
    from maintenance_plans.models import CostType, MaintenancePlan, PlanBudgetLine, PlanState, System

    states = [PlanState.ACCEPTED, PlanState.SUBMITTED, PlanState.DRAFT, PlanState.RETURNED]
    system_ids = list(System.objects.values_list("pk", flat=True))
    MaintenancePlan.objects.bulk_create(
        [
            MaintenancePlan(system_id=pk, plan_year=YEAR, state=states[i % 4], goals="Drift")
            for i, pk in enumerate(system_ids)
        ],
        batch_size=1000,
    )
    MaintenancePlan.objects.bulk_create(
        [
            MaintenancePlan(system_id=pk, plan_year=YEAR - 1, state=PlanState.ACCEPTED, goals="Drift")
            for pk in system_ids[: N_SYSTEMS // 2]
        ],
        batch_size=1000,
    )
    types = list(CostType.values)
    lines = []
    for i, plan_id in enumerate(MaintenancePlan.objects.values_list("pk", flat=True)):
        lines.append(PlanBudgetLine(plan_id=plan_id, cost_type=types[i % 5], amount=Decimal(10000 + i)))
        lines.append(PlanBudgetLine(plan_id=plan_id, cost_type=types[(i + 2) % 5], amount=Decimal(5000)))
    PlanBudgetLine.objects.bulk_create(lines, batch_size=2000)


def main() -> None:
    setup()
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.urls import reverse
    from django_tables2 import RequestConfig

    from maintenance_plans.imports import systems_import
    from maintenance_plans.models import System
    from maintenance_plans.views.systems import SystemListView

    admins, users, coordinator = build_org()
    data = register_file(admins, users)

    start = time.perf_counter()
    report = systems_import(file=data)
    import_seconds = time.perf_counter() - start
    assert report.ok and report.created == N_SYSTEMS, report.errors[:5]
    assert System.objects.count() == N_SYSTEMS

    def bare_all():
        with connection.cursor() as cur:
            cur.execute("SELECT * FROM maintenance_plans_system")
            cur.fetchall()

    base = timed(bare_all, repeat=5)
    emit(
        figure="import_systems",
        rows=N_SYSTEMS,
        seconds=round(import_seconds, 3),
        aim_seconds=15,
        baseline="bare SELECT of the same rows",
        baseline_seconds=round(base, 5),
        ratio=round(import_seconds / base, 1),
        within_aim=import_seconds < 15,
    )

    # Re-import of the same file: updates, no duplicates.
    start = time.perf_counter()
    report = systems_import(file=data)
    reimport = time.perf_counter() - start
    assert report.ok and report.unchanged == N_SYSTEMS and System.objects.count() == N_SYSTEMS
    emit(
        figure="reimport_systems",
        rows=N_SYSTEMS,
        seconds=round(reimport, 3),
        baseline_seconds=round(base, 5),
        ratio=round(reimport / base, 1),
    )

    make_plans()
    client = Client()
    client.force_login(coordinator)
    url = reverse("maintenance_plans:system-list")
    assert client.get(url).status_code == 200

    def page():
        response = client.get(url)
        assert response.status_code == 200

    def bare_page():
        with connection.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM maintenance_plans_system")
            cur.fetchall()
            cur.execute(
                "SELECT s.id, s.name, s.kind, a.name, a.short_name, s.operation_form, s.lifecycle, "
                "s.max_classification, s.personal_data, s.contract_end, s.supplier, u.first_name, u.last_name, "
                "u.username FROM maintenance_plans_system s "
                "JOIN governance_organisationunit a ON a.id = s.administration_id "
                "LEFT JOIN governance_user u ON u.id = s.system_manager_id ORDER BY s.name LIMIT 50"
            )
            cur.fetchall()

    request = RequestFactory().get(url)
    request.user = coordinator
    view = SystemListView.as_view()

    def page_render():
        view(request).render()

    def tables2_default():
        # Reference: the same 50 rows through django-tables2's own default template.
        import django_tables2 as tables

        class Default(tables.Table):
            class Meta:
                model = System
                template_name = "django_tables2/table.html"
                fields = (
                    "name",
                    "administration",
                    "kind",
                    "operation_form",
                    "lifecycle",
                    "max_classification",
                    "contract_end",
                    "system_manager",
                )

        table = Default(System.objects.select_related("administration", "system_manager").order_by("name"))
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
        table.as_html(request)

    page_s, render_s, bare_s, t2_s = timed(page), timed(page_render), timed(bare_page), timed(tables2_default)
    emit(
        figure="register_page",
        rows=50,
        of=N_SYSTEMS,
        seconds=round(page_s, 5),
        baseline="bare SQL of the same rows",
        baseline_seconds=round(bare_s, 5),
        ratio=round(page_s / bare_s, 1),
        note="full request cycle: session save, auth, middleware, base layout",
    )
    emit(
        figure="register_page_render",
        rows=50,
        of=N_SYSTEMS,
        seconds=round(render_s, 5),
        baseline="bare SQL of the same rows",
        baseline_seconds=round(bare_s, 5),
        ratio=round(render_s / bare_s, 1),
        aim_ratio=15,
        within_aim=render_s / bare_s <= 15,
        note="view + filters + whole page template, no middleware",
    )
    emit(
        figure="register_table_tables2_default",
        rows=50,
        of=N_SYSTEMS,
        seconds=round(t2_s, 5),
        baseline="bare SQL of the same rows",
        baseline_seconds=round(bare_s, 5),
        ratio=round(t2_s / bare_s, 1),
        note="reference only: the table alone through django-tables2's default template",
    )

    dash_url = reverse("maintenance_plans:dashboard") + f"?year={YEAR}"

    def dashboard():
        response = client.get(dash_url)
        assert response.status_code == 200

    def bare_dashboard():
        with connection.cursor() as cur:
            cur.execute(
                "SELECT administration_id, COUNT(*) FROM maintenance_plans_system "
                "WHERE lifecycle <> 'retired' GROUP BY administration_id"
            )
            cur.fetchall()
            cur.execute(
                "SELECT s.administration_id, p.state, COUNT(*) FROM maintenance_plans_maintenanceplan p "
                "JOIN maintenance_plans_system s ON s.id = p.system_id WHERE p.plan_year = %s "
                "AND s.lifecycle <> 'retired' GROUP BY s.administration_id, p.state",
                [YEAR],
            )
            cur.fetchall()
            cur.execute(
                "SELECT p.plan_year, s.administration_id, b.cost_type, SUM(b.amount) "
                "FROM maintenance_plans_maintenanceplan p "
                "JOIN maintenance_plans_system s ON s.id = p.system_id "
                "LEFT JOIN maintenance_plans_planbudgetline b ON b.plan_id = p.id "
                "WHERE p.plan_year IN (%s, %s) GROUP BY p.plan_year, s.administration_id, b.cost_type",
                [YEAR, YEAR - 1],
            )
            cur.fetchall()

    dash_s, bare_d = timed(dashboard), timed(bare_dashboard)
    emit(
        figure="coverage_dashboard",
        systems=N_SYSTEMS,
        plans=N_SYSTEMS,
        seconds=round(dash_s, 5),
        baseline="bare SQL aggregations of the same rows",
        baseline_seconds=round(bare_d, 5),
        ratio=round(dash_s / bare_d, 1),
    )


if __name__ == "__main__":
    main()
