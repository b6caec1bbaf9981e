"""Project and programme pages: reading per role, plan against actual, status reports, follow-up,
transitions with reasons, filters, export and query counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.exceptions import TransitionNotAllowed
from portfolio.models import (
    RAG,
    ActualCost,
    BenefitFollowUp,
    CostCategory,
    FollowUpPhase,
    Programme,
    ProjectState,
    ProposalState,
    StatusReport,
)
from portfolio.projects.selectors import project_get
from portfolio.projects.services import actual_cost_save, benefit_follow_up_save, status_report_save
from portfolio.projects.views import plan_vs_actual_table
from portfolio.projects.workflows import project_transition
from tests.portfolio.factories import ProgrammeFactory, in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(org, people):
    proposal = in_state(org, people, ProposalState.APPROVED)
    return proposal.project


def shown(page: str, number: int) -> bool:
    """`number` formatted as the page shows it, in Swedish or English."""
    text = f"{abs(number):,}"
    sign = "−" if number < 0 else ""
    return any(f"{sign}{variant}" in page for variant in (text, text.replace(",", "\xa0")))


def _status(project, actor, **values):
    data = {"schedule": RAG.GREEN, "cost": RAG.GREEN, "scope": RAG.GREEN, "reported_on": date(2027, 3, 1)}
    data.update(values)
    return status_report_save(report=StatusReport(project=project, **data), actor=actor)


# Reading ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["leader", "board_member", "ict_member", "other_ict_member", "it_coordinator", "outsider"]
)
def test_every_signed_in_role_reads_the_project_list_and_page(client_for, people, project, role):
    client = client_for(people[role])
    listing = client.get(reverse("portfolio:project-list"))
    assert listing.status_code == 200
    assert project.name in listing.content.decode()
    page = client.get(project.get_absolute_url())
    assert page.status_code == 200
    assert page.content.decode().count("<h1") == 1


def test_signed_out_is_sent_to_login(client, project):
    response = client.get(reverse("portfolio:project-list"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_missing_project_is_404(client_for, people, project):
    assert client_for(people["outsider"]).get(reverse("portfolio:project-detail", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    "role,allowed",
    [
        ("ict_member", True),
        ("board_member", True),
        ("it_coordinator", True),
        ("other_ict_member", False),
        ("outsider", False),
        ("leader", False),
    ],
)
def test_who_sees_the_reporting_buttons_and_forms(client_for, people, project, role, allowed):
    client = client_for(people[role])
    page = client.get(project.get_absolute_url()).content.decode()
    url = reverse("portfolio:project-status-report-create", args=[project.pk])
    assert (url in page) is allowed
    assert client.get(url).status_code == (200 if allowed else 403)
    assert client.get(reverse("portfolio:project-actual-cost-create", args=[project.pk])).status_code == (
        200 if allowed else 403
    )
    assert client.get(reverse("portfolio:project-follow-up-create", args=[project.pk])).status_code == (
        200 if allowed else 403
    )


# Plan against actual -----------------------------------------------------------------------------


def test_plan_against_actual_per_year_matches_hand_sums(client_for, people, project):
    year = project.proposal.start_year  # the ready proposal: 100 000 investment in year 0, 60 000 benefit in year 1
    actor = people["ict_member"]
    actual_cost_save(
        cost=ActualCost(project=project, year=year, category=CostCategory.INVESTMENT, amount=Decimal("40000")),
        actor=actor,
    )
    actual_cost_save(
        cost=ActualCost(project=project, year=year, category=CostCategory.RUNNING, amount=Decimal("25000")), actor=actor
    )
    actual_cost_save(
        cost=ActualCost(project=project, year=year + 1, category=CostCategory.RUNNING, amount=Decimal("30000")),
        actor=actor,
    )

    table = plan_vs_actual_table(project_get(user=actor, pk=project.pk))
    by_year = {r["year"]: r for r in table["rows"]}
    assert [r["year"] for r in table["rows"]] == [year + i for i in range(5)]
    assert by_year[year]["planned_cost"] == Decimal("100000")
    assert by_year[year]["actual_cost"] == Decimal("65000")  # 40 000 + 25 000
    assert by_year[year]["deviation"] == Decimal("-35000")  # 65 000 − 100 000
    assert by_year[year + 1]["planned_cost"] == Decimal("0")
    assert by_year[year + 1]["planned_benefit"] == Decimal("60000")
    assert by_year[year + 1]["actual_cost"] == Decimal("30000")
    assert table["totals"]["planned_cost"] == Decimal("100000")
    assert table["totals"]["actual_cost"] == Decimal("95000")  # 65 000 + 30 000
    assert table["totals"]["deviation"] == Decimal("-5000")
    assert table["totals"]["planned_benefit"] == Decimal("60000")
    page = client_for(people["outsider"]).get(project.get_absolute_url()).content.decode()
    assert shown(page, 95000) and shown(page, -35000)
    listing = client_for(people["outsider"]).get(reverse("portfolio:project-list")).content.decode()
    assert shown(listing, 95000)  # actual cost to date in the list


def test_one_actual_cost_per_year_and_category(people, project):
    actor = people["ict_member"]
    year = project.proposal.start_year
    actual_cost_save(cost=ActualCost(project=project, year=year, amount=Decimal(1)), actor=actor)
    with pytest.raises(ValidationError):
        actual_cost_save(cost=ActualCost(project=project, year=year, amount=Decimal(2)), actor=actor)


def test_actual_cost_form_shows_the_error_on_the_field(client_for, people, project):
    client = client_for(people["ict_member"])
    url = reverse("portfolio:project-actual-cost-create", args=[project.pk])
    response = client.post(url, {"year": "2027", "category": "investment", "amount": "-5"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ActualCost.objects.exists()
    response = client.post(url, {"year": "2027", "category": "investment", "amount": "1200"})
    assert response.status_code == 302
    assert ActualCost.objects.get().amount == Decimal("1200")


# Status reports ----------------------------------------------------------------------------------


@pytest.mark.parametrize("colour", [RAG.AMBER, RAG.RED])
@pytest.mark.parametrize("aspect", ["schedule", "cost", "scope"])
def test_amber_or_red_needs_a_comment(people, project, colour, aspect):
    with pytest.raises(ValidationError) as exc:
        _status(project, people["ict_member"], **{aspect: colour})
    assert f"{aspect}_comment" in exc.value.error_dict
    report = _status(project, people["ict_member"], **{aspect: colour, f"{aspect}_comment": "Leverantören är sen."})
    assert report.overall == colour
    assert report.author == people["ict_member"]


def test_green_needs_no_comment(people, project):
    assert _status(project, people["ict_member"]).overall == RAG.GREEN


def test_status_report_form_keeps_input_and_shows_error(client_for, people, project):
    client = client_for(people["ict_member"])
    url = reverse("portfolio:project-status-report-create", args=[project.pk])
    data = {
        "reported_on": "2027-03-01",
        "schedule": "red",
        "schedule_comment": "",
        "cost": "green",
        "scope": "green",
        "summary": "Förseningar i leveransen.",
    }
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "Explain why this is amber or red." in html
    assert "Förseningar i leveransen." in html
    assert not StatusReport.objects.exists()
    data["schedule_comment"] = "Leverantören har bytt projektledare."
    assert client.post(url, data).status_code == 302
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Red – off track" in page and "text-bg-danger" in page  # text beside the colour


def test_outsider_cannot_report_through_the_service(people, project):
    with pytest.raises(PermissionDenied):
        _status(project, people["outsider"])


# Benefit follow-up and transitions ---------------------------------------------------------------


def test_benefit_follow_up_planned_against_realised(client_for, people, project):
    line = project.proposal.benefit_lines.get()
    client = client_for(people["ict_member"])
    url = reverse("portfolio:project-follow-up-create", args=[project.pk])
    response = client.post(
        url, {"benefit_line": line.pk, "phase": "during", "measured_on": "2027-06-30", "realised_value": "45000"}
    )
    assert response.status_code == 302
    follow_up = BenefitFollowUp.objects.get()
    assert follow_up.planned_value == Decimal("60000")  # taken from the benefit line
    assert follow_up.deviation == Decimal("-15000")
    page = client.get(project.get_absolute_url()).content.decode()
    assert shown(page, 45000) and shown(page, -15000)


def test_follow_up_of_another_proposals_benefit_is_refused(org, people, project):
    other = in_state(org, people, ProposalState.APPROVED)
    with pytest.raises(ValidationError):
        benefit_follow_up_save(
            follow_up=BenefitFollowUp(
                project=project,
                benefit_line=other.benefit_lines.get(),
                phase=FollowUpPhase.AFTER,
                realised_value=Decimal(1),
            ),
            actor=people["ict_member"],
        )


def test_transitions_through_the_pages_with_reasons_on_refusal(client_for, people, project):
    member = client_for(people["ict_member"])
    complete = reverse("portfolio:project-transition", args=[project.pk, "complete"])
    assert member.get(complete).status_code == 200
    assert member.post(complete, {"comment": "Klart.", "completed_on": "2027-11-30"}).status_code == 302
    project.refresh_from_db()
    assert project.state == ProjectState.COMPLETED and project.completed_on == date(2027, 11, 30)

    follow_up = reverse("portfolio:project-transition", args=[project.pk, "follow_up"])
    refused = member.post(follow_up, {"comment": ""})
    assert refused.status_code == 409
    assert "Record the after-project follow-up of every benefit (1 missing)." in refused.content.decode()
    benefit_follow_up_save(
        follow_up=BenefitFollowUp(
            project=project,
            benefit_line=project.proposal.benefit_lines.get(),
            phase=FollowUpPhase.AFTER,
            realised_value=Decimal(58000),
        ),
        actor=people["ict_member"],
    )
    assert member.post(follow_up, {"comment": ""}).status_code == 302

    close = reverse("portfolio:project-transition", args=[project.pk, "close"])
    assert member.post(close, {"comment": ""}).status_code == 403  # the board or IT coordination closes
    assert client_for(people["board_member"]).post(close, {"comment": "Avslutat."}).status_code == 302
    project.refresh_from_db()
    assert project.state == ProjectState.CLOSED
    # A closed project takes no more reports.
    assert (
        client_for(people["ict_member"])
        .get(reverse("portfolio:project-status-report-create", args=[project.pk]))
        .status_code
        == 403
    )


def test_transition_from_the_wrong_state_is_refused(people, project):
    with pytest.raises(TransitionNotAllowed):
        project_transition(project=project, action="close", actor=people["board_member"])


def test_outsider_may_not_complete(client_for, people, project):
    url = reverse("portfolio:project-transition", args=[project.pk, "complete"])
    assert client_for(people["outsider"]).post(url, {}).status_code == 403


def test_history_page(client_for, people, project):
    project_transition(project=project, action="complete", actor=people["ict_member"], comment="Klart.")
    response = client_for(people["outsider"]).get(reverse("portfolio:project-history", args=[project.pk]))
    assert response.status_code == 200 and "complete" in response.content.decode()


# List filters, export and query counts -----------------------------------------------------------


def test_filter_by_latest_status_and_free_text(client_for, people, org):
    red = in_state(org, people, ProposalState.APPROVED, title="Digital signering").project
    quiet = in_state(org, people, ProposalState.APPROVED, title="Schemaläggning i hemtjänsten").project
    _status(red, people["ict_member"], reported_on=date(2027, 1, 10))
    _status(red, people["ict_member"], reported_on=date(2027, 2, 10), cost=RAG.RED, cost_comment="Dyrare.")
    client = client_for(people["outsider"])
    url = reverse("portfolio:project-list")
    body = client.get(url, {"status": "red"}).content.decode()
    assert red.name in body and quiet.name not in body
    body = client.get(url, {"status": "green"}).content.decode()
    assert red.name not in body  # the latest report counts, not the earlier green one
    body = client.get(url, {"status": "none"}).content.decode()
    assert quiet.name in body and red.name not in body
    body = client.get(url, {"q": "hemtjänst"}).content.decode()
    assert quiet.name in body and red.name not in body


def test_export_all_rows_as_csv(client_for, people, org):
    in_state(org, people, ProposalState.APPROVED, title='=HYPERLINK("x")')
    response = client_for(people["outsider"]).get(reverse("portfolio:project-list"), {"_export": "csv"})
    assert response.status_code == 200
    text = response.getvalue().decode("utf-8-sig")
    assert "'=HYPERLINK" in text  # never a live formula


def _list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_project_list_queries_do_not_grow_with_rows(client_for, people, org):
    client = client_for(people["outsider"])
    url = reverse("portfolio:project-list")
    first = in_state(org, people, ProposalState.APPROVED).project
    _status(first, people["ict_member"])
    client.get(url)  # warm caches (content types, sessions)
    few = _list_queries(client, url)
    programme = ProgrammeFactory()
    for _ in range(5):
        project = in_state(org, people, ProposalState.APPROVED, programme=programme).project
        _status(project, people["ict_member"], scope=RAG.AMBER, scope_comment="Omfånget växer.")
    many = _list_queries(client, url)
    assert many == few


# Programmes --------------------------------------------------------------------------------------


def test_programme_totals_and_portfolio_totals(client_for, people, org):
    programme = ProgrammeFactory(name="Digital välfärd")
    a = in_state(org, people, ProposalState.APPROVED, programme=programme).project
    b = in_state(org, people, ProposalState.APPROVED, programme=programme).project
    outside = in_state(org, people, ProposalState.APPROVED).project
    actor = people["ict_member"]
    actual_cost_save(cost=ActualCost(project=a, year=2027, amount=Decimal("70000")), actor=actor)
    actual_cost_save(cost=ActualCost(project=b, year=2027, amount=Decimal("20000")), actor=actor)
    actual_cost_save(cost=ActualCost(project=outside, year=2027, amount=Decimal("5000")), actor=actor)
    client = client_for(people["outsider"])
    detail = client.get(programme.get_absolute_url())
    assert detail.status_code == 200
    ctx = detail.context
    assert ctx["totals"]["planned"] == Decimal("200000")  # two projects × 100 000
    assert ctx["totals"]["actual"] == Decimal("90000")  # 70 000 + 20 000
    listing = client.get(reverse("portfolio:programme-list"))
    totals = listing.context["portfolio_totals"]
    assert totals["projects"] == 3 and totals["in_programmes"] == 2 and totals["outside_programmes"] == 1
    assert totals["planned"] == Decimal("300000") and totals["planned_outside"] == Decimal("100000")
    assert totals["actual"] == Decimal("95000") and totals["actual_outside"] == Decimal("5000")
    assert "Digital välfärd" in listing.content.decode()


@pytest.mark.parametrize(
    "role,allowed", [("it_coordinator", True), ("board_member", True), ("ict_member", False), ("outsider", False)]
)
def test_who_creates_programmes(client_for, people, role, allowed):
    client = client_for(people[role])
    url = reverse("portfolio:programme-create")
    assert client.get(url).status_code == (200 if allowed else 403)
    response = client.post(url, {"name": "Skola digital", "description": "", "owner": ""})
    assert (response.status_code == 302) is allowed
    assert Programme.objects.filter(name="Skola digital").exists() is allowed


# Editing the project -------------------------------------------------------------------------------


def test_edit_project_dates_and_manager_and_refuse_a_stale_save(client_for, people, project):
    url = reverse("portfolio:project-update", args=[project.pk])
    assert client_for(people["outsider"]).get(url).status_code == 403
    client = client_for(people["ict_member"])
    version = project.version
    data = {
        "name": project.name,
        "manager": people["ict_chair"].pk,
        "programme": "",
        "start_date": "2027-02-01",
        "planned_end_date": "2027-12-31",
        "expected_version": version,
    }
    assert client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert project.manager == people["ict_chair"] and project.start_date == date(2027, 2, 1)
    assert project.baseline_total_cost == Decimal("100000.00")  # the baseline never changes
    stale = client.post(url, {**data, "name": "Nytt namn", "expected_version": version})
    assert stale.status_code == 200 and "Nytt namn" in stale.content.decode()  # input kept
    project.refresh_from_db()
    assert project.name != "Nytt namn"
    bad = client.post(url, {**data, "planned_end_date": "2026-01-01", "expected_version": project.version})
    assert bad.status_code == 200 and 'aria-invalid="true"' in bad.content.decode()
