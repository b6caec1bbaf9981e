"""Changing and deleting a project's status reports, actual costs and benefit follow-ups: the pages, who may,
a closed project, another project's record, the confirmation before deleting, and the project page's links."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portfolio.models import (
    RAG,
    ActualCost,
    BenefitFollowUp,
    CostCategory,
    FollowUpPhase,
    ProjectState,
    ProposalState,
    StatusReport,
)
from portfolio.projects.services import actual_cost_save, benefit_follow_up_save, status_report_save
from portfolio.projects.workflows import project_transition
from tests.portfolio.factories import in_state

pytestmark = pytest.mark.django_db

KINDS = ["status-report", "actual-cost", "follow-up"]
MODELS = {"status-report": StatusReport, "actual-cost": ActualCost, "follow-up": BenefitFollowUp}
ANCHORS = {"status-report": "#status-reports", "actual-cost": "#plan-vs-actual", "follow-up": "#benefit-follow-up"}


@pytest.fixture
def project(org, people):
    return in_state(org, people, ProposalState.APPROVED).project


@pytest.fixture
def other_project(org, people):
    return in_state(org, people, ProposalState.APPROVED, title="Ett annat projekt").project


def make(kind: str, project, actor, n: int = 0):
    """One stored record of `kind`; `n` keeps records of the same project apart."""
    if kind == "status-report":
        return status_report_save(
            report=StatusReport(
                project=project,
                reported_on=date(2027, 3, 1 + n),
                schedule=RAG.GREEN,
                cost=RAG.GREEN,
                scope=RAG.GREEN,
                summary=f"Rapport {n}.",
            ),
            actor=actor,
        )
    if kind == "actual-cost":
        return actual_cost_save(
            cost=ActualCost(project=project, year=2027 + n, category=CostCategory.INVESTMENT, amount=Decimal(1000 + n)),
            actor=actor,
        )
    return benefit_follow_up_save(
        follow_up=BenefitFollowUp(
            project=project,
            benefit_line=project.proposal.benefit_lines.get(),
            phase=FollowUpPhase.DURING,
            measured_on=date(2027, 6, 1 + n),
            realised_value=Decimal(40000 + n),
        ),
        actor=actor,
    )


def valid_data(kind: str, project) -> dict:
    """A valid edit of a record made by `make`, with the field that tells whether it was saved."""
    if kind == "status-report":
        return {
            "reported_on": "2027-04-01",
            "schedule": "green",
            "cost": "green",
            "scope": "green",
            "summary": "Ändrad sammanfattning.",
        }
    if kind == "actual-cost":
        return {"year": "2027", "category": "investment", "amount": "999"}
    return {
        "benefit_line": project.proposal.benefit_lines.get().pk,
        "phase": "during",
        "measured_on": "2027-06-30",
        "realised_value": "999",
    }


def url(kind: str, action: str, record) -> str:
    return reverse(f"portfolio:project-{kind}-{action}", args=[record.project_id, record.pk])


def close(project, people):
    """Complete, follow up (one after-project follow-up) and close the project through the workflow."""
    project_transition(project=project, action="complete", actor=people["ict_member"])
    benefit_follow_up_save(
        follow_up=BenefitFollowUp(
            project=project,
            benefit_line=project.proposal.benefit_lines.get(),
            phase=FollowUpPhase.AFTER,
            realised_value=Decimal(58000),
        ),
        actor=people["ict_member"],
    )
    project_transition(project=project, action="follow_up", actor=people["ict_member"])
    project_transition(project=project, action="close", actor=people["board_member"])
    project.refresh_from_db()
    assert project.state == ProjectState.CLOSED


# Editing -----------------------------------------------------------------------------------------


def test_editing_a_status_report_saves_and_keeps_the_author(client_for, people, project, other_project):
    report = make("status-report", project, people["ict_member"])
    client = client_for(people["board_member"])  # another user allowed to manage the project
    edit = url("status-report", "update", report)
    page = client.get(edit)
    assert page.status_code == 200 and "Rapport 0." in page.content.decode()  # the stored values in the form
    data = {
        "reported_on": "2027-03-15",
        "schedule": "amber",
        "schedule_comment": "Leveransen är sen.",
        "cost": "green",
        "scope": "green",
        "summary": "Ny sammanfattning.",
        "project": other_project.pk,
    }
    response = client.post(edit, data)
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url() + "#status-reports"
    report.refresh_from_db()
    assert report.reported_on == date(2027, 3, 15)
    assert report.schedule == RAG.AMBER and report.schedule_comment == "Leveransen är sen."
    assert report.summary == "Ny sammanfattning."
    assert report.project_id == project.pk  # the project is not a field of the form
    assert report.author == people["ict_member"]  # who reported, not who corrected
    assert StatusReport.objects.count() == 1  # changed, not added


def test_editing_keeps_what_the_user_typed_on_a_validation_error(client_for, people, project):
    report = make("status-report", project, people["ict_member"])
    client = client_for(people["ict_member"])
    data = {
        "reported_on": "2027-03-01",
        "schedule": "red",
        "schedule_comment": "",
        "cost": "green",
        "scope": "green",
        "summary": "Förseningar i leveransen.",
    }
    response = client.post(url("status-report", "update", report), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Explain why this is amber or red." in html
    assert "Förseningar i leveransen." in html  # the typed summary, not the stored "Rapport 0."
    assert '<option value="red" selected>' in html  # the typed colour, not the stored green
    report.refresh_from_db()
    assert report.schedule == RAG.GREEN and report.summary == "Rapport 0."  # nothing saved


def test_editing_an_actual_cost_onto_an_existing_year_and_category_is_refused_on_the_form(client_for, people, project):
    first = make("actual-cost", project, people["ict_member"], n=0)  # 2027
    second = make("actual-cost", project, people["ict_member"], n=1)  # 2028
    client = client_for(people["ict_member"])
    response = client.post(
        url("actual-cost", "update", second), {"year": "2027", "category": "investment", "amount": "5"}
    )
    assert response.status_code == 200
    assert "This year already has an actual cost of that category." in response.content.decode()
    second.refresh_from_db()
    assert (second.year, second.amount) == (2028, Decimal("1001"))
    response = client.post(
        url("actual-cost", "update", second), {"year": "2028", "category": "running", "amount": "1500"}
    )
    assert response["Location"] == project.get_absolute_url() + "#plan-vs-actual"
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.year, second.category, second.amount) == (2028, CostCategory.RUNNING, Decimal("1500"))
    assert (first.year, first.amount) == (2027, Decimal("1000"))


def test_editing_a_follow_up_recomputes_the_deviation(client_for, people, project):
    follow_up = make("follow-up", project, people["ict_member"])  # planned 60 000 from the benefit line
    client = client_for(people["ict_member"])
    data = valid_data("follow-up", project) | {"phase": "after", "realised_value": "70000"}
    response = client.post(url("follow-up", "update", follow_up), data)
    assert response["Location"] == project.get_absolute_url() + "#benefit-follow-up"
    follow_up.refresh_from_db()
    assert follow_up.phase == FollowUpPhase.AFTER
    assert follow_up.realised_value == Decimal("70000")
    assert follow_up.deviation == Decimal("10000")  # 70 000 − 60 000
    assert follow_up.recorded_by == people["ict_member"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_services_ask_for_change_on_a_stored_record_and_add_on_a_new_one(people, project, kind):
    actor = people["ict_member"]
    record = make(kind, project, actor)
    asked = []
    real = actor.has_perm

    def has_perm(perm, obj=None):
        asked.append((perm, obj))
        return real(perm, obj)

    actor.has_perm = has_perm
    model = MODELS[kind]._meta.model_name
    save = {
        "status-report": lambda r: status_report_save(report=r, actor=actor),
        "actual-cost": lambda r: actual_cost_save(cost=r, actor=actor),
        "follow-up": lambda r: benefit_follow_up_save(follow_up=r, actor=actor),
    }[kind]
    save(record)
    assert asked == [(f"portfolio.change_{model}", project)]
    asked.clear()
    make(kind, project, actor, n=2)
    assert asked == [(f"portfolio.add_{model}", project)]


@pytest.mark.parametrize("kind", KINDS)
def test_a_closed_project_refuses_changes_in_the_service(people, project, kind):
    record = make(kind, project, people["ict_member"])
    close(project, people)
    record = MODELS[kind].objects.get(pk=record.pk)
    save = {
        "status-report": lambda r, a: status_report_save(report=r, actor=a),
        "actual-cost": lambda r, a: actual_cost_save(cost=r, actor=a),
        "follow-up": lambda r, a: benefit_follow_up_save(follow_up=r, actor=a),
    }[kind]
    with pytest.raises(PermissionDenied):
        save(record, people["ict_member"])


# Who may, and which record -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ["update", "delete"])
def test_a_record_of_another_project_is_404(client_for, people, project, other_project, kind, action):
    record = make(kind, other_project, people["ict_member"])
    client = client_for(people["ict_member"])  # allowed on both projects
    wrong = reverse(f"portfolio:project-{kind}-{action}", args=[project.pk, record.pk])
    assert client.get(wrong).status_code == 404
    data = valid_data(kind, project) if action == "update" else {"confirm": "on"}
    assert client.post(wrong, data).status_code == 404
    assert MODELS[kind].objects.filter(pk=record.pk).exists()
    assert client.get(url(kind, action, record)).status_code == 200  # the right project finds it


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ["update", "delete"])
@pytest.mark.parametrize("role", ["outsider", "other_ict_member", "leader"])
def test_users_without_the_permission_get_403(client_for, people, project, kind, action, role):
    record = make(kind, project, people["ict_member"])
    client = client_for(people[role])
    target = url(kind, action, record)
    assert client.get(target).status_code == 403
    data = valid_data(kind, project) if action == "update" else {"confirm": "on"}
    assert client.post(target, data).status_code == 403
    stored = MODELS[kind].objects.get(pk=record.pk)  # still there, unchanged
    assert [getattr(stored, f.attname) for f in stored._meta.concrete_fields] == [
        getattr(record, f.attname) for f in record._meta.concrete_fields
    ]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ["update", "delete"])
def test_a_closed_project_refuses_edits_and_deletes(client_for, people, project, kind, action):
    record = make(kind, project, people["ict_member"])
    close(project, people)
    client = client_for(people["ict_member"])  # allowed while the project was open
    target = url(kind, action, record)
    assert client.get(target).status_code == 403
    data = valid_data(kind, project) if action == "update" else {"confirm": "on"}
    assert client.post(target, data).status_code == 403
    assert MODELS[kind].objects.filter(pk=record.pk).exists()


def test_missing_record_is_404(client_for, people, project):
    client = client_for(people["ict_member"])
    assert client.get(reverse("portfolio:project-status-report-update", args=[project.pk, 999999])).status_code == 404
    assert client.get(reverse("portfolio:project-actual-cost-delete", args=[project.pk, 999999])).status_code == 404


# Deleting ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_get_on_delete_shows_the_record_and_changes_nothing(client_for, people, project, kind):
    record = make(kind, project, people["ict_member"])
    response = client_for(people["ict_member"]).get(url(kind, "delete", record))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Yes, I am sure" in html and 'name="confirm"' in html
    assert project.get_absolute_url() + ANCHORS[kind] in html  # back and cancel
    shown = {"status-report": "2027-03-01", "actual-cost": "1,000", "follow-up": "40,000"}[kind]
    assert shown in html  # what will be deleted
    assert MODELS[kind].objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_delete_needs_the_confirmation(client_for, people, project, kind):
    record = make(kind, project, people["ict_member"])
    response = client_for(people["ict_member"]).post(url(kind, "delete", record), {})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert MODELS[kind].objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_confirmed_delete_removes_exactly_that_record(client_for, people, project, other_project, kind):
    actor = people["ict_member"]
    keep = make(kind, project, actor, n=0)
    doomed = make(kind, project, actor, n=1)
    elsewhere = make(kind, other_project, actor, n=1)
    client = client_for(actor)
    response = client.post(url(kind, "delete", doomed), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url() + ANCHORS[kind]
    model = MODELS[kind]
    assert set(model.objects.values_list("pk", flat=True)) == {keep.pk, elsewhere.pk}
    page = client.get(response["Location"]).content.decode()
    message = {
        "status-report": "The status report was deleted.",
        "actual-cost": "The actual cost was deleted.",
        "follow-up": "The benefit follow-up was deleted.",
    }[kind]
    assert message in page


# The project page --------------------------------------------------------------------------------


def _links(project, records) -> list[str]:
    return [url(kind, action, record) for kind, record in records.items() for action in ("update", "delete")]


def test_the_project_page_links_edit_and_delete_for_those_allowed(client_for, people, project):
    records = {kind: make(kind, project, people["ict_member"]) for kind in KINDS}
    page = client_for(people["ict_member"]).get(project.get_absolute_url()).content.decode()
    for link in _links(project, records):
        assert f'href="{link}"' in page
    # Each link names its record for screen readers.
    assert 'Edit<span class="visually-hidden"> status report of 2027-03-01</span>' in page
    assert 'Delete<span class="visually-hidden"> actual cost 2027, Investment (one-off)</span>' in page
    assert (
        'Edit<span class="visually-hidden"> follow-up of Cost reduction, During the project, 2027-06-01</span>' in page
    )
    outsider_page = client_for(people["outsider"]).get(project.get_absolute_url()).content.decode()
    for link in _links(project, records):
        assert link not in outsider_page


def test_a_closed_project_page_has_no_edit_or_delete_links(client_for, people, project):
    records = {kind: make(kind, project, people["ict_member"]) for kind in KINDS}
    close(project, people)
    page = client_for(people["ict_member"]).get(project.get_absolute_url()).content.decode()
    for link in _links(project, records):
        assert link not in page


def _page_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_project_page_queries_do_not_grow_with_records(client_for, people, project):
    actor = people["ict_member"]
    client = client_for(actor)
    for kind in KINDS:
        make(kind, project, actor, n=0)
    path = project.get_absolute_url()
    client.get(path)  # warm caches (content types, sessions)
    few = _page_queries(client, path)
    for n in range(1, 5):
        for kind in KINDS:
            make(kind, project, actor, n=n)
    many = _page_queries(client, path)
    html = client.get(path).content.decode()
    assert html.count("/status-reports/") >= 10  # 5 reports × edit and delete
    assert many == few


@pytest.mark.parametrize("kind", KINDS)
def test_a_stale_edit_is_refused_and_keeps_what_the_user_typed(kind, project, people, client_for):
    record = make(kind, project, people["ict_member"])
    assert record.version == 1
    client = client_for(people["ict_member"])
    data = {**valid_data(kind, project), "expected_version": 1}
    MODELS[kind].objects.filter(pk=record.pk).update(version=2)  # someone else saved in between
    response = client.post(url(kind, "update", record), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else saved this record" in body
    typed = {"status-report": "Ändrad sammanfattning.", "actual-cost": 'value="999"', "follow-up": 'value="999"'}
    assert typed[kind] in body
    stored = MODELS[kind].objects.get(pk=record.pk)
    assert stored.version == 2
    assert client.post(url(kind, "update", record), {**data, "expected_version": 2}).status_code == 302
    assert MODELS[kind].objects.get(pk=record.pk).version == 3
