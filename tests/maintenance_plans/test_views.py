"""Pages: register list (filters, sorting, export), detail, edit, plans, dashboard figures, documents, query counts."""

import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maintenance_plans.models import CostType, Lifecycle, MaintenancePlan, PlanState, System
from maintenance_plans.selectors import coverage_dashboard
from tests.pdfs import pdf_text

from .factories import ActivityFactory, BudgetLineFactory, PlanFactory, SystemFactory

LIST = reverse("maintenance_plans:system-list")


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_register_list_filters_and_sorts(people, client_for, org, manager):
    today = timezone.localdate()
    SystemFactory(
        name="Alfa",
        administration=org.administration,
        system_manager=manager,
        contract_end=today + timedelta(days=40),
        max_classification=3,
    )
    SystemFactory(
        name="Beta",
        administration=org.other_administration,
        lifecycle=Lifecycle.PHASE_OUT,
        description="e-arkiv",
        contract_end=today + timedelta(days=400),
    )
    client = client_for(people["ict_member"])

    def names(query):
        html = client.get(LIST + query).content.decode()
        return [n for n in ("Alfa", "Beta") if f">{n}</a>" in html]

    assert names("") == ["Alfa", "Beta"]
    assert names(f"?administration={org.other_administration.pk}") == ["Beta"]
    assert names("?lifecycle=phase_out") == ["Beta"]
    assert names("?min_classification=3") == ["Alfa"]
    assert names("?contract_months=6") == ["Alfa"]
    assert names(f"?system_manager={manager.pk}") == ["Alfa"]
    assert names("?q=arkiv") == ["Beta"]
    html = client.get(LIST + "?sort=-name").content.decode()
    assert html.index(">Beta</a>") < html.index(">Alfa</a>")


def test_register_list_query_count_does_not_grow(people, client_for, org, manager):
    client = client_for(people["ict_member"])
    SystemFactory(administration=org.administration, system_manager=manager)
    few = count_queries(client, LIST)
    for _ in range(30):
        SystemFactory(administration=org.administration, system_manager=manager)
    assert count_queries(client, LIST) == few
    assert count_queries(client, LIST + "?sort=system_manager&kind=niche") == few


def test_register_export_has_no_formulas(people, client_for, org):
    SystemFactory(
        name="=cmd|' /C calc'!A0", administration=org.administration, supplier="+SUM(A1)", description="@evil"
    )
    client = client_for(people["ict_member"])
    response = client.get(LIST + "?_export=xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    for ws in wb.worksheets:
        for r in ws.iter_rows():
            for cell in r:
                assert cell.data_type != "f"
    assert wb.worksheets[0]["B2"].value == "=cmd|' /C calc'!A0"
    csv = client.get(LIST + "?_export=csv").getvalue().decode("utf-8-sig")
    assert "'=cmd" in csv and "'+SUM" in csv and "'@evil" in csv


def test_export_can_be_imported_again(people, client_for, org, manager):
    SystemFactory(name="Alfa", administration=org.administration, system_manager=manager, supplier="X")
    client = client_for(people["it_coordinator"])
    exported = client.get(LIST + "?_export=xlsx").getvalue()
    from maintenance_plans.imports import systems_import

    report = systems_import(file=exported)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)


def test_system_detail_and_history(people, client_for, system):
    client = client_for(people["ict_member"])
    response = client.get(system.get_absolute_url())
    assert response.status_code == 200 and b"Procapita" in response.content
    assert client.get(reverse("maintenance_plans:system-history", args=[system.pk])).status_code == 200
    assert client.get(reverse("maintenance_plans:system-detail", args=[99999])).status_code == 404


def system_post(system, **changes):
    data = {
        "name": system.name,
        "kind": system.kind,
        "administration": system.administration_id,
        "operation_form": system.operation_form,
        "lifecycle": system.lifecycle,
        "expected_version": system.version,
        "system_manager": system.system_manager_id or "",
        "system_owner": system.system_owner_id or "",
        "info-TOTAL_FORMS": 1,
        "info-INITIAL_FORMS": 0,
        "info-0-name": "Journal",
        "info-0-confidentiality": 4,
        "info-0-integrity": 2,
        "info-0-availability": 2,
        "info-0-traceability": 3,
        "info-0-personal_data": "on",
        "integrations-TOTAL_FORMS": 0,
        "integrations-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def test_system_edit_by_manager_keeps_max_classification(client_for, manager, system):
    client = client_for(manager)
    url = reverse("maintenance_plans:system-update", args=[system.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, system_post(system, supplier="CGI"))
    assert response.status_code == 302, response.content.decode()[:3000]
    system.refresh_from_db()
    assert (system.supplier, system.max_classification, system.personal_data, system.version) == ("CGI", 4, True, 2)


def test_stale_system_edit_is_refused_and_input_kept(client_for, manager, system):
    client = client_for(manager)
    url = reverse("maintenance_plans:system-update", args=[system.pk])
    System.objects.filter(pk=system.pk).update(version=5)
    response = client.post(url, system_post(system, supplier="Stale AB"))
    assert response.status_code == 200 and "Stale AB" in response.content.decode()
    system.refresh_from_db()
    assert system.supplier != "Stale AB"


def test_system_edit_refused_for_others(people, client_for, system):
    url = reverse("maintenance_plans:system-update", args=[system.pk])
    assert client_for(people["ict_member"]).get(url).status_code == 403


def test_plan_pages(client_for, manager, people, system):
    client = client_for(manager)
    response = client.post(
        reverse("maintenance_plans:plan-create"), {"system": system.pk, "plan_year": 2027, "start": "empty"}
    )
    assert response.status_code == 302
    plan = MaintenancePlan.objects.get()
    edit = reverse("maintenance_plans:plan-update", args=[plan.pk])
    data = {
        "goals": "Stabil drift",
        "expected_version": plan.version,
        "activities-TOTAL_FORMS": 1,
        "activities-INITIAL_FORMS": 0,
        "activities-0-kind": "adaptive",
        "activities-0-quarter": 3,
        "activities-0-description": "Ny version",
        "activities-0-estimate": "20000",
        "budget-TOTAL_FORMS": 2,
        "budget-INITIAL_FORMS": 0,
        "budget-0-cost_type": "staff",
        "budget-0-hours": "10",
        "budget-0-hourly_rate": "500",
        "budget-1-cost_type": "licences",
        "budget-1-amount": "-5",
    }
    response = client.post(edit, data)
    assert response.status_code == 200  # the negative amount is refused
    data["budget-1-amount"] = "1000"
    response = client.post(edit, data)
    assert response.status_code == 302
    assert sorted(plan.budget_lines.values_list("amount", flat=True)) == [Decimal("1000"), Decimal("5000")]
    detail = client.get(plan.get_absolute_url()).content.decode()
    assert "Submit to IT coordination" in detail and "Accept" not in detail
    response = client.post(reverse("maintenance_plans:plan-transition", args=[plan.pk]), {"action": "submit"})
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED
    assert client.get(edit).status_code == 403  # submitted plans are not edited
    coordinator = client_for(people["it_coordinator"])
    assert "Accept" in coordinator.get(plan.get_absolute_url()).content.decode()
    coordinator.post(reverse("maintenance_plans:plan-transition", args=[plan.pk]), {"action": "return", "comment": ""})
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED  # no reason, no return
    pdf = coordinator.get(reverse("maintenance_plans:plan-pdf", args=[plan.pk]))
    data = pdf.getvalue()  # a FileResponse streams: read it once
    assert pdf.status_code == 200 and data.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == f'attachment; filename="maintenance-plan-2027-{plan.pk}.pdf"'
    text = pdf_text(data)
    # Hand sums: the activity's 20 000; staff 10 h × 500 = 5 000 and licences 1 000, in all 6 000 (plain kronor).
    assert "20 000 kr" in text and "10 × 500 kr" in text and "6 000 kr" in text and "Page 1" in text
    assert coordinator.get(reverse("maintenance_plans:plan-history", args=[plan.pk])).status_code == 200


def test_plan_list_query_count_does_not_grow(people, client_for, org):
    client = client_for(people["it_coordinator"])
    url = reverse("maintenance_plans:plan-list") + "?year=2027"
    BudgetLineFactory(plan=PlanFactory(system=SystemFactory(administration=org.administration)))
    few = count_queries(client, url)
    for _ in range(20):
        BudgetLineFactory(plan=PlanFactory(system=SystemFactory(administration=org.administration)))
    assert count_queries(client, url) == few


@pytest.fixture
def year_data(org, manager):
    """Hand-counted: UTF has 4 active systems (+1 retired), SBF 2."""
    today = timezone.localdate()
    utf = [SystemFactory(name=f"U{i}", administration=org.administration, system_manager=manager) for i in range(4)]
    SystemFactory(name="U-retired", administration=org.administration, lifecycle=Lifecycle.RETIRED)
    sbf = [
        SystemFactory(name="S0", administration=org.other_administration, contract_end=today + timedelta(days=100)),
        SystemFactory(
            name="S1",
            administration=org.other_administration,
            lifecycle=Lifecycle.PHASE_OUT,
            contract_end=today + timedelta(days=500),
        ),
    ]
    p = [
        PlanFactory(system=utf[0], state=PlanState.ACCEPTED),
        PlanFactory(system=utf[1], state=PlanState.SUBMITTED),
        PlanFactory(system=utf[2], state=PlanState.DRAFT),
        PlanFactory(system=sbf[0], state=PlanState.RETURNED),
    ]
    BudgetLineFactory(plan=p[0], cost_type=CostType.LICENCES, amount=Decimal("100000"))
    BudgetLineFactory(
        plan=p[0], cost_type=CostType.STAFF, hours=Decimal(100), hourly_rate=Decimal(500), amount=Decimal("50000")
    )
    BudgetLineFactory(plan=p[1], cost_type=CostType.SUPPORT, amount=Decimal("30000"))
    BudgetLineFactory(plan=p[3], cost_type=CostType.LICENCES, amount=Decimal("20000"))
    ActivityFactory(plan=p[0])
    last = PlanFactory(system=utf[0], plan_year=2026, state=PlanState.ACCEPTED)
    BudgetLineFactory(plan=last, cost_type=CostType.LICENCES, amount=Decimal("90000"))
    last_sbf = PlanFactory(system=sbf[0], plan_year=2026, state=PlanState.ACCEPTED)
    BudgetLineFactory(plan=last_sbf, cost_type=CostType.OPERATION, amount=Decimal("40000"))
    return utf, sbf


def test_coverage_and_cost_against_hand_counts(org, year_data):
    dash = coverage_dashboard(year=2027)
    rows = {r.administration: r for r in dash.rows}
    utf, sbf = rows[org.administration.name], rows[org.other_administration.name]
    assert (utf.systems, utf.accepted, utf.submitted, utf.draft, utf.returned, utf.missing) == (4, 1, 1, 1, 0, 1)
    assert (sbf.systems, sbf.accepted, sbf.submitted, sbf.draft, sbf.returned, sbf.missing) == (2, 0, 0, 0, 1, 1)
    assert (dash.total.systems, dash.total.missing) == (6, 2)
    assert (utf.budget, utf.budget_previous) == (Decimal("180000"), Decimal("90000"))  # 100k + 50k + 30k
    assert (sbf.budget, sbf.budget_previous) == (Decimal("20000"), Decimal("40000"))
    assert utf.budget_change == Decimal("1.0000") and sbf.budget_change == Decimal("-0.5000")
    by_type = {c.cost_type: (c.budget, c.budget_previous) for c in dash.cost_types}
    assert by_type[CostType.LICENCES] == (Decimal("120000"), Decimal("90000"))
    assert by_type[CostType.STAFF] == (Decimal("50000"), Decimal(0))
    assert by_type[CostType.OPERATION] == (Decimal(0), Decimal("40000"))
    assert [c["name"] for c in dash.contracts_ending] == ["S0"]
    assert [r["name"] for r in dash.retiring] == ["S1"]


def test_dashboard_query_count_does_not_grow(people, client_for, org, year_data):
    client = client_for(people["it_coordinator"])
    url = reverse("maintenance_plans:dashboard") + "?year=2027"
    few = count_queries(client, url)
    for i in range(15):
        BudgetLineFactory(
            plan=PlanFactory(
                system=SystemFactory(
                    administration=org.other_administration, contract_end=date.today() + timedelta(days=30 + i)
                )
            )
        )
    assert count_queries(client, url) == few


def test_plans_of_year_xlsx(people, client_for, org, year_data):
    response = client_for(people["it_coordinator"]).get(reverse("maintenance_plans:plans-xlsx") + "?year=2027")
    wb = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    plans, activities = wb.worksheets
    rows = list(plans.iter_rows(values_only=True))
    assert len(rows) == 1 + 4 + 1  # header, four plans, total
    assert rows[-1][-1] == 200000  # 180k UTF + 20k SBF
    assert len(list(activities.iter_rows())) == 2


def test_system_create_by_it_coordination_only(people, client_for, org):
    url = reverse("maintenance_plans:system-create")
    assert client_for(people["ict_member"]).get(url).status_code == 403
    client = client_for(people["it_coordinator"])
    data = {
        "name": "Ny",
        "kind": "core",
        "administration": org.administration.pk,
        "operation_form": "cloud",
        "lifecycle": "planned",
        "info-TOTAL_FORMS": 0,
        "info-INITIAL_FORMS": 0,
        "integrations-TOTAL_FORMS": 0,
        "integrations-INITIAL_FORMS": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    system = System.objects.get(name="Ny")
    assert response["Location"] == system.get_absolute_url()
    assert reverse("maintenance_plans:system-list") + f"{system.pk}/" == system.get_absolute_url()


def test_plan_list_filters(people, client_for, org):
    PlanFactory(system=SystemFactory(name="Alfa", administration=org.administration), state=PlanState.ACCEPTED)
    PlanFactory(system=SystemFactory(name="Beta", administration=org.other_administration))
    PlanFactory(system=SystemFactory(name="Gamma", administration=org.administration), plan_year=2026)
    client = client_for(people["ict_member"])
    url = reverse("maintenance_plans:plan-list") + "?year=2027"
    html = client.get(url).content.decode()
    assert ">Alfa</a>" in html and ">Beta</a>" in html and ">Gamma</a>" not in html
    html = client.get(url + "&state=accepted").content.decode()
    assert ">Alfa</a>" in html and ">Beta</a>" not in html
    html = client.get(url + f"&administration={org.other_administration.pk}").content.decode()
    assert ">Beta</a>" in html and ">Alfa</a>" not in html
    csv = client.get(url + "&_export=csv").getvalue().decode("utf-8-sig")
    assert "Alfa" in csv and "Beta" in csv


def test_dashboard_page(people, client_for, org, year_data):
    response = client_for(people["it_coordinator"]).get(reverse("maintenance_plans:dashboard") + "?year=2027")
    html = response.content.decode()
    assert response.status_code == 200 and "<svg" in html and "S0" in html and "S1" in html


def test_system_edit_page_reads_the_other_systems_once_whatever_the_integrations(client_for, manager, system):
    from maintenance_plans.models import Integration

    others = [SystemFactory(name=f"Målsystem {k}") for k in range(4)]
    client = client_for(manager)
    url = reverse("maintenance_plans:system-update", args=[system.pk])
    client.get(url)  # warm caches
    Integration.objects.create(source=system, target=others[0])
    with CaptureQueriesContext(connection) as one:
        first = client.get(url)
    Integration.objects.bulk_create([Integration(source=system, target=o) for o in others[1:]])
    with CaptureQueriesContext(connection) as four:
        response = client.get(url)
    assert len(four) == len(one)
    body = response.content.decode()
    assert body.count('name="integrations-') > first.content.decode().count('name="integrations-')
    assert body.count(">Målsystem 2</option>") == 5  # four saved rows and the empty one
    assert f">{system.name}</option>" not in body  # a system does not integrate with itself

    data = system_post(
        system,
        **{
            "integrations-TOTAL_FORMS": 1,
            "integrations-0-target": others[3].pk,
            "integrations-0-description": "Export",
        },
    )
    Integration.objects.filter(source=system).delete()
    assert client.post(url, data).status_code == 302
    assert list(Integration.objects.filter(source=system).values_list("target_id", flat=True)) == [others[3].pk]
