"""The governance list pages and the organisation chart run a fixed number of queries, whatever the
number of rows, and each paginated list runs exactly one COUNT (the paginator's)."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.models import AgendaItem, Decision, GroupRole, Membership, SteeringGroup, Tier
from governance.services import budget_cycle_create

from .factories import GoalFactory, IndicatorFactory, MeetingFactory, StrategyFactory, UserFactory


def _groups(org, start, n):
    for i in range(start, start + n):
        group = SteeringGroup.objects.create(
            name=f"IKT-grupp {i}", tier=Tier.ICT_GROUP, parent=org.board, scope=org.operation
        )
        Membership.objects.create(user=UserFactory(), group=group, role=GroupRole.CHAIR)
        Membership.objects.create(user=UserFactory(), group=group, role=GroupRole.CASE_OFFICER)
        MeetingFactory(group=group)


def _meetings(org, start, n):
    for i in range(start, start + n):
        meeting = MeetingFactory(group=org.ict_group, starts_at=timezone.now() - dt.timedelta(days=i))
        item = AgendaItem.objects.create(meeting=meeting, title=f"Punkt {i}")
        Decision.objects.create(meeting=meeting, agenda_item=item, reference="§ 1", title=f"Beslut {i}", text="-")


def _strategies(org, start, n):
    for i in range(start, start + n):
        IndicatorFactory(goal=GoalFactory(strategy=StrategyFactory(title=f"Strategi {i}")))


def _cycles(org, start, n):
    for i in range(start, start + n):
        budget_cycle_create(plan_year=2040 + i)


PAGES = {
    "group-list": _groups,
    "orgchart": _groups,
    "meeting-list": _meetings,
    "decision-list": _meetings,
    "strategy-list": _strategies,
    "cycle-list": _cycles,
}


def _run(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_does_not_grow_with_rows(page, org, people, client):
    client.force_login(people["it_coordinator"])
    url = reverse(f"governance:{page}")
    make = PAGES[page]
    make(org, 0, 3)
    _run(client, url)  # warm up: session, content types
    few = _run(client, url)
    make(org, 3, 27)
    many = _run(client, url)
    assert len(many) == len(few), "\n".join(many)
    if page != "orgchart":  # the chart is not paginated
        counts = [q for q in many if q.upper().startswith("SELECT COUNT(")]
        assert len(counts) == 1, counts


def test_group_list_shows_members_and_meetings_against_norm(org, people, client):
    now = timezone.now()
    MeetingFactory(group=org.ict_group, starts_at=now)
    client.force_login(people["outsider"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(reverse("governance:group-list"), {"tier": 3, "_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    by_name = {r[0]: r for r in rows[1:]}
    assert set(by_name) == {"IKT-grupp Grundskola", "IKT-grupp SBF"}
    # IKT-grupp Grundskola: ict_member + ict_chair; one meeting this year against a norm of 4–6.
    assert by_name["IKT-grupp Grundskola"][4] == "2"
    assert by_name["IKT-grupp Grundskola"][5] == "1 / 4–6 (Below norm)"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_has_every_filtered_row_not_just_the_page(fmt, org, people, client):
    for i in range(55):  # more than one page of 50
        MeetingFactory(group=org.ict_group, starts_at=timezone.now() - dt.timedelta(days=i), location=f"Rum {i}")
    for _ in range(4):
        MeetingFactory(group=org.other_ict_group)
    client.force_login(people["ict_member"])
    url = reverse("governance:meeting-list")
    page = client.get(url, {"group": org.ict_group.pk})
    assert len(page.context["table"].page.object_list) == 50
    response = client.get(url, {"group": org.ict_group.pk, "_export": fmt})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if fmt == "csv":
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    else:
        book = openpyxl.load_workbook(io.BytesIO(response.getvalue()), read_only=True)
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert len(data) == 55
    assert {r[1] for r in data} == {"IKT-grupp Grundskola"}
    assert len(header) == 5
