"""Every governance page, every demo role: who may see it and who may change through it.

The expected statuses are written out by hand below; they follow governance/rules.py:
everyone signed in reads; IT coordination and administrators change groups, memberships,
strategies (with their goals, indicators and measurements) and cycles; only administrators delete
a measurement; a group's convener (or chair) and the coordinators run its meetings and record and
correct their decisions.
In the `org` fixture the ICT group is convened by the IT operations manager (`ict_chair`) and the
leadership group by the municipal director (`leader`).
"""

import datetime as dt

import pytest
from django.urls import URLPattern, reverse

from governance.models import BudgetCycle, Decision, Goal, Indicator, Measurement, Meeting, Membership, SteeringGroup
from governance.models import Strategy as StrategyModel
from governance.rules import forget_access
from governance.urls import urlpatterns

from ..clock import TODAY
from ..conftest import ROLES
from .pages_data import pages_data  # noqa: F401

# Column order is ROLES: leader, board_member, ict_member, ict_chair, other_ict_member, it_coordinator, admin,
# outsider.
R, F = 200, 403
EXPECTED_GET = {
    # page                       leader board ict chair other coord admin outsider
    "my-work": (R, R, R, R, R, R, R, R),
    "orgchart": (R, R, R, R, R, R, R, R),
    "group-list": (R, R, R, R, R, R, R, R),
    "group-detail": (R, R, R, R, R, R, R, R),
    "group-history": (R, R, R, R, R, R, R, R),
    "group-create": (F, F, F, F, F, R, R, F),
    "group-update": (F, F, F, F, F, R, R, F),
    "membership-create": (F, F, F, F, F, R, R, F),
    "membership-update": (F, F, F, F, F, R, R, F),
    "membership-end": (F, F, F, F, F, R, R, F),
    "membership-history": (R, R, R, R, R, R, R, R),
    "meeting-list": (R, R, R, R, R, R, R, R),
    "meeting-detail": (R, R, R, R, R, R, R, R),
    "meeting-history": (R, R, R, R, R, R, R, R),
    "meeting-create": (F, F, F, R, F, R, R, F),
    "meeting-create-leadership": (R, F, F, F, F, R, R, F),
    "meeting-update": (F, F, F, R, F, R, R, F),
    "decision-create": (F, F, F, R, F, R, R, F),
    "decision-update": (F, F, F, R, F, R, R, F),
    "decision-list": (R, R, R, R, R, R, R, R),
    "decision-history": (R, R, R, R, R, R, R, R),
    "strategy-list": (R, R, R, R, R, R, R, R),
    "strategy-detail": (R, R, R, R, R, R, R, R),
    "strategy-history": (R, R, R, R, R, R, R, R),
    "strategy-create": (F, F, F, F, F, R, R, F),
    "strategy-update": (F, F, F, F, F, R, R, F),
    "goal-create": (F, F, F, F, F, R, R, F),
    "goal-update": (F, F, F, F, F, R, R, F),
    "goal-history": (R, R, R, R, R, R, R, R),
    "indicator-create": (F, F, F, F, F, R, R, F),
    "indicator-update": (F, F, F, F, F, R, R, F),
    "indicator-history": (R, R, R, R, R, R, R, R),
    "measurement-create": (F, F, F, F, F, R, R, F),
    "measurement-update": (F, F, F, F, F, R, R, F),
    "measurement-delete": (F, F, F, F, F, R, R, F),
    "cycle-list": (R, R, R, R, R, R, R, R),
    "cycle-detail": (R, R, R, R, R, R, R, R),
    "cycle-history": (R, R, R, R, R, R, R, R),
    "cycle-create": (F, F, F, F, F, R, R, F),
    "cycle-update": (F, F, F, F, F, R, R, F),
    "milestone-update": (F, F, F, F, F, R, R, F),
    "milestone-history": (R, R, R, R, R, R, R, R),
}


def _measurement(d) -> Measurement:
    """The indicator's first measurement (2024-12-31, value 50)."""
    return Measurement.objects.get(indicator=d.indicator, measured_on=dt.date(2024, 12, 31))


def url_of(page: str, d, org) -> str:
    """The URL of `page` for the shared records."""
    if page in ("measurement-update", "measurement-delete"):
        return reverse(f"governance:{page}", args=[_measurement(d).pk])
    args = {
        "group-detail": [org.ict_group.pk],
        "group-history": [org.ict_group.pk],
        "group-update": [org.ict_group.pk],
        "membership-create": [org.ict_group.pk],
        "membership-update": [d.membership.pk],
        "membership-end": [d.membership.pk],
        "membership-history": [d.membership.pk],
        "meeting-detail": [d.meeting.pk],
        "meeting-history": [d.meeting.pk],
        "meeting-create": [org.ict_group.pk],
        "meeting-update": [d.meeting.pk],
        "decision-create": [d.meeting.pk],
        "decision-history": [d.decision.pk],
        "decision-update": [d.decision.pk],
        "strategy-detail": [d.strategy.pk],
        "strategy-history": [d.strategy.pk],
        "strategy-update": [d.strategy.pk],
        "goal-create": [d.strategy.pk],
        "goal-history": [d.goal.pk],
        "goal-update": [d.goal.pk],
        "indicator-create": [d.goal.pk],
        "indicator-update": [d.indicator.pk],
        "indicator-history": [d.indicator.pk],
        "measurement-create": [d.indicator.pk],
        "cycle-detail": [d.cycle.pk],
        "cycle-history": [d.cycle.pk],
        "cycle-update": [d.cycle.pk],
        "milestone-update": [d.milestone.pk],
        "milestone-history": [d.milestone.pk],
    }
    if page == "meeting-create-leadership":
        return reverse("governance:meeting-create", args=[org.leadership.pk])
    return reverse(f"governance:{page}", args=args.get(page, []))


def test_every_governance_page_is_in_the_matrix():
    names = {p.name for p in urlpatterns if isinstance(p, URLPattern)}
    assert names - set(EXPECTED_GET) == set()


@pytest.mark.parametrize("page", list(EXPECTED_GET))
def test_get_every_page_as_every_role(page, pages_data, people, org, client):  # noqa: F811
    url = url_of(page, pages_data, org)
    client.logout()
    response = client.get(url)
    assert response.status_code == 302, "anonymous"
    assert response["Location"].startswith(reverse("login"))
    for role, expected in zip(ROLES, EXPECTED_GET[page], strict=True):
        client.force_login(people[role])
        response = client.get(url)
        assert response.status_code == expected, (page, role, response.status_code)


# POST: a valid change per page; the allowed roles are redirected after saving, the others get 403 and
# nothing changes. `changed(d, org)` says whether the change reached the database.


def _payloads(d, org, people):
    leadership_year = TODAY.year + 3
    measurement = _measurement(d)
    return {
        "group-create": (
            {
                "name": "IKT-grupp Förskola",
                "tier": 3,
                "parent": org.board.pk,
                "scope": org.operation.pk,
                "convening_role": "chair",
                "meetings_min_per_year": 4,
                "meetings_max_per_year": 6,
                "duties": "",
            },
            lambda: SteeringGroup.objects.filter(name="IKT-grupp Förskola").exists(),
        ),
        "group-update": (
            {
                "name": "IKT-grupp Grundskolan",
                "tier": 3,
                "parent": org.board.pk,
                "scope": org.operation.pk,
                "convening_role": "it_operations_manager",
                "meetings_min_per_year": 4,
                "meetings_max_per_year": 6,
                "duties": "Verksamhetsutveckling",
            },
            lambda: SteeringGroup.objects.filter(name="IKT-grupp Grundskolan").exists(),
        ),
        "membership-create": (
            {
                "user": people["outsider"].pk,
                "role": "member",
                "side": "operations",
                "valid_from": TODAY.isoformat(),
                "valid_to": "",
            },
            lambda: Membership.objects.filter(user=people["outsider"], group=org.ict_group).exists(),
        ),
        "membership-update": (
            {
                "user": people["ict_member"].pk,
                "role": "case_officer",
                "side": "operations",
                "valid_from": d.membership.valid_from.isoformat(),
                "valid_to": "",
            },
            lambda: Membership.objects.get(pk=d.membership.pk).role == "case_officer",
        ),
        "membership-end": (
            {"ends_on": TODAY.isoformat(), "confirm": "on"},
            lambda: Membership.objects.get(pk=d.membership.pk).valid_to == TODAY,
        ),
        "meeting-create": (
            {
                "kind": "ordinary",
                "starts_at": f"{TODAY.year + 1}-01-15T09:00",
                "location": "Rum 1",
                "minutes": "",
                "agenda-TOTAL_FORMS": 1,
                "agenda-INITIAL_FORMS": 0,
                "agenda-MIN_NUM_FORMS": 0,
                "agenda-MAX_NUM_FORMS": 1000,
                "agenda-0-order": 1,
                "agenda-0-title": "Behov inför nästa år",
            },
            lambda: Meeting.objects.filter(group=org.ict_group, location="Rum 1").exists(),
        ),
        "meeting-create-leadership": (
            {
                "kind": "budget_priorities",
                "starts_at": f"{leadership_year}-03-01T13:00",
                "location": "KS-salen",
                "minutes": "",
                "agenda-TOTAL_FORMS": 0,
                "agenda-INITIAL_FORMS": 0,
                "agenda-MIN_NUM_FORMS": 0,
                "agenda-MAX_NUM_FORMS": 1000,
            },
            lambda: Meeting.objects.filter(group=org.leadership, location="KS-salen").exists(),
        ),
        "meeting-update": (
            {
                "kind": "ordinary",
                "starts_at": "2026-02-02T10:00",
                "location": "Rum 2",
                "minutes": "Klart",
                "expected_version": d.meeting.version,
                "agenda-TOTAL_FORMS": 1,
                "agenda-INITIAL_FORMS": 1,
                "agenda-MIN_NUM_FORMS": 0,
                "agenda-MAX_NUM_FORMS": 1000,
                "agenda-0-id": d.agenda_item.pk,
                "agenda-0-order": 1,
                "agenda-0-title": "Ny lärplattform",
            },
            lambda: Meeting.objects.get(pk=d.meeting.pk).location == "Rum 2",
        ),
        "decision-create": (
            {"reference": "§ 2", "title": "Utbildning", "text": "Utbildning genomförs under våren."},
            lambda: Decision.objects.filter(meeting=d.meeting, reference="§ 2").exists(),
        ),
        "decision-update": (
            {
                "agenda_item": d.agenda_item.pk,
                "reference": "§ 1",
                "title": "Förslaget lämnas vidare",
                "text": "IKT-gruppen lämnar förslaget till styrgruppen.",
            },
            lambda: Decision.objects.get(pk=d.decision.pk).title == "Förslaget lämnas vidare",
        ),
        "strategy-create": (
            {
                "title": "E-tjänststrategi",
                "kind": "e_service_strategy",
                "adopted_on": "2025-01-01",
                "revision_interval_years": 2,
                "description": "",
                "last_revised_on": "",
            },
            lambda: StrategyModel.objects.filter(title="E-tjänststrategi").exists(),
        ),
        "strategy-update": (
            {
                "title": d.strategy.title,
                "kind": "it_strategy",
                "adopted_on": "2024-01-01",
                "revision_interval_years": 3,
                "description": "Reviderad",
                "last_revised_on": "",
                "expected_version": d.strategy.version,
            },
            lambda: StrategyModel.objects.get(pk=d.strategy.pk).revision_interval_years == 3,
        ),
        "goal-create": (
            {"code": "2", "title": "Öppna data", "description": ""},
            lambda: Goal.objects.filter(title="Öppna data").exists(),
        ),
        "goal-update": (
            {"code": "1", "title": "Digitalt först för alla", "description": ""},
            lambda: Goal.objects.get(pk=d.goal.pk).title == "Digitalt först för alla",
        ),
        "indicator-create": (
            {
                "name": "Andel e-tjänster",
                "description": "",
                "unit": "%",
                "direction": "increase",
                "baseline": "10",
                "target": "50",
                "target_year": "",
            },
            lambda: Indicator.objects.filter(name="Andel e-tjänster").exists(),
        ),
        "indicator-update": (
            {
                "name": "Andel digitala svar",
                "description": "",
                "unit": "%",
                "direction": "increase",
                "baseline": "40",
                "target": "90",
                "target_year": "",
            },
            lambda: Indicator.objects.get(pk=d.indicator.pk).target == 90,
        ),
        "measurement-create": (
            {"measured_on": "2026-06-30", "value": "65", "comment": ""},
            lambda: Measurement.objects.filter(indicator=d.indicator, measured_on=dt.date(2026, 6, 30)).exists(),
        ),
        "measurement-update": (
            {"measured_on": "2024-12-31", "value": "52", "comment": "Rättad"},
            lambda: Measurement.objects.get(pk=measurement.pk).value == 52,
        ),
        "measurement-delete": ({"confirm": "on"}, lambda: not Measurement.objects.filter(pk=measurement.pk).exists()),
        "cycle-create": (
            {"plan_year": TODAY.year + 2, "discount_rate": "0.03", "hourly_rate": "450", "notes": ""},
            lambda: BudgetCycle.objects.filter(plan_year=TODAY.year + 2).exists(),
        ),
        "cycle-update": (
            {
                "discount_rate": "0.04",
                "hourly_rate": "500",
                "notes": "Ny kalkylränta",
                "expected_version": d.cycle.version,
            },
            lambda: BudgetCycle.objects.get(pk=d.cycle.pk).hourly_rate == 500,
        ),
        "milestone-update": (
            {
                "title": "Budgetprioriteringar",
                "starts_on": d.milestone.starts_on.isoformat(),
                "ends_on": d.milestone.ends_on.isoformat(),
                "responsible": "leadership",
                "remind_days_before": 21,
                "completed_on": "",
            },
            lambda: BudgetCycle.objects.get(pk=d.cycle.pk).milestones.get(pk=d.milestone.pk).remind_days_before == 21,
        ),
    }


CHANGE_PAGES = [
    p
    for p in EXPECTED_GET
    if p
    in {
        "group-create",
        "group-update",
        "membership-create",
        "membership-update",
        "membership-end",
        "meeting-create",
        "meeting-create-leadership",
        "meeting-update",
        "decision-create",
        "decision-update",
        "strategy-create",
        "strategy-update",
        "goal-create",
        "goal-update",
        "indicator-create",
        "indicator-update",
        "measurement-create",
        "measurement-update",
        "measurement-delete",
        "cycle-create",
        "cycle-update",
        "milestone-update",
    }
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", CHANGE_PAGES)
def test_post_every_change_page_as_every_role(page, role, pages_data, people, org, client):  # noqa: F811
    data, changed = _payloads(pages_data, org, people)[page]
    may_change = EXPECTED_GET[page][ROLES.index(role)] == R
    client.force_login(people[role])
    forget_access(people[role])
    response = client.post(url_of(page, pages_data, org), data)
    if may_change:
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        assert changed()
    else:
        assert response.status_code == 403
        assert not changed()


@pytest.mark.parametrize("page", ["meeting-create", "group-update", "cycle-update"])
def test_anonymous_post_is_sent_to_login(page, pages_data, people, org, client):  # noqa: F811
    data, changed = _payloads(pages_data, org, people)[page]
    response = client.post(url_of(page, pages_data, org), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not changed()
