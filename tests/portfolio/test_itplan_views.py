"""IT plan pages: who sees and does what, the documents, background builds and query counts."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portfolio.itplan.services import itplan_assemble, itplan_propose, itplan_revise
from portfolio.models import ITPlan, ITPlanExport, ITPlanState
from tests.governance.factories import BudgetCycleFactory

from .test_itplan import ProposalState, Y, _approve, _drive, _proposal, build_plan_world


@pytest.fixture
def plan_world(org, people):
    return build_plan_world(org, people)


def _plan(people) -> ITPlan:
    return itplan_assemble(plan_year=Y, actor=people["it_coordinator"])


def _approved(people, world) -> ITPlan:
    plan = _plan(people)
    plan = itplan_propose(plan=plan, actor=people["it_coordinator"], expected_version=plan.version)
    return _approve(plan, people, world)


def test_list_and_detail_for_insiders_and_others(plan_world, people, client_for):
    _plan(people)
    url = reverse("portfolio:itplan-detail", args=[Y])
    assert client_for(people["it_coordinator"]).get(url).status_code == 200
    assert client_for(people["leader"]).get(url).status_code == 200
    # Not approved yet: hidden from everyone else (hidden and missing are both 404).
    assert client_for(people["ict_member"]).get(url).status_code == 404
    response = client_for(people["ict_member"]).get(reverse("portfolio:itplan-list"))
    assert response.status_code == 200 and f"IT plan {Y}" not in response.content.decode()


def test_everyone_reads_the_approved_plan(plan_world, people, client_for):
    _approved(people, plan_world)
    client = client_for(people["outsider"])
    response = client.get(reverse("portfolio:itplan-detail", args=[Y]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and "223" in body and body.count("<h1") == 1
    assert f"IT plan {Y}" in client.get(reverse("portfolio:itplan-list")).content.decode()


def test_assemble_page(plan_world, people, client_for):
    url = reverse("portfolio:itplan-assemble")
    assert client_for(people["ict_member"]).get(url).status_code == 403
    client = client_for(people["it_coordinator"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"plan_year": Y, "reason": ""})
    assert response.status_code == 302
    assert ITPlan.objects.get().state == ITPlanState.DRAFT


def test_assembling_a_year_without_cycle_shows_the_message(plan_world, people, client_for):
    BudgetCycleFactory(plan_year=2044)
    client = client_for(people["it_coordinator"])
    response = client.post(reverse("portfolio:itplan-assemble"), {"plan_year": 2045})
    assert response.status_code == 200  # 2045 is not even offered
    assert not ITPlan.objects.exists()


def test_propose_page_refuses_a_stale_version(plan_world, people, client_for):
    plan = _plan(people)
    url = reverse("portfolio:itplan-propose", args=[Y])
    assert client_for(people["leader"]).post(url, {"expected_version": plan.version}).status_code == 403
    client = client_for(people["it_coordinator"])
    assert client.post(url, {"expected_version": plan.version}).status_code == 302
    response = client.post(url, {"expected_version": plan.version})
    assert response.status_code == 200
    assert "Someone else changed this IT plan" in response.content.decode()


def test_approve_page(plan_world, people, client_for):
    plan = _plan(people)
    plan = itplan_propose(plan=plan, actor=people["it_coordinator"], expected_version=plan.version)
    url = reverse("portfolio:itplan-approve", args=[Y])
    assert client_for(people["it_coordinator"]).get(url).status_code == 403
    client = client_for(people["leader"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"expected_version": plan.version, "meeting": plan_world["meeting"].pk, "reference": "§ 4", "confirm": "on"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == ITPlanState.APPROVED


def test_documents_download(plan_world, people, client_for):
    plan = _approved(people, plan_world)
    client = client_for(people["outsider"])
    for fmt, start in (("pdf", b"%PDF"), ("xlsx", b"PK"), ("csv", b"\xef\xbb\xbf")):
        response = client.get(reverse("portfolio:itplan-download", args=[Y, plan.current_number, fmt]))
        assert response.status_code == 200 and response.getvalue().startswith(start)
    response = client.get(reverse("portfolio:itplan-download", args=[Y, plan.current_number, "json"]))
    assert json.loads(response.getvalue())["version"] == 1
    assert client.get(reverse("portfolio:itplan-download", args=[Y, 9, "pdf"])).status_code == 404


def test_background_build_with_progress(
    plan_world, people, client_for, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    plan = _approved(people, plan_world)
    client = client_for(people["leader"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portfolio:itplan-build", args=[Y, plan.current_number, "pdf"]))
    export = ITPlanExport.objects.get()
    assert response["Location"] == reverse("portfolio:itplan-export", args=[export.pk])
    page = client.get(response["Location"], headers={"HX-Request": "true"})
    assert "Download" in page.content.decode()
    file = client.get(reverse("portfolio:itplan-export-file", args=[export.pk]))
    assert b"".join(file.streaming_content).startswith(b"%PDF")
    # Someone else's document is not theirs to fetch.
    assert client_for(people["outsider"]).get(reverse("portfolio:itplan-export", args=[export.pk])).status_code == 404


def test_compare_and_follow_up_pages(plan_world, people, client_for):

    plan = _approved(people, plan_world)
    itplan_revise(plan=plan, actor=people["it_coordinator"], reason="Uppföljning.")
    client = client_for(people["it_coordinator"])
    response = client.get(reverse("portfolio:itplan-compare", args=[Y]), {"a": 1, "b": 2})
    assert response.status_code == 200 and "Changed" in response.content.decode()
    assert client.get(reverse("portfolio:itplan-follow-up", args=[Y])).status_code == 200


def test_list_query_count_does_not_grow(plan_world, people, client_for):
    client = client_for(people["it_coordinator"])
    url = reverse("portfolio:itplan-list")
    _plan(people)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for year in (Y + 1, Y + 2, Y + 3):
        BudgetCycleFactory(plan_year=year)
        itplan_assemble(plan_year=year, actor=people["it_coordinator"])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_detail_query_count_does_not_grow(plan_world, people, client_for, org):

    client = client_for(people["it_coordinator"])
    url = reverse("portfolio:itplan-detail", args=[Y])
    plan = _plan(people)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(4):
        _drive(_proposal(org, people, cycle=plan_world["cycle"]), people, ProposalState.RECOMMENDED)
    plan = itplan_assemble(plan_year=Y, actor=people["it_coordinator"], expected_version=plan.version)
    assert plan.versions.get().items.count() == 10
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
