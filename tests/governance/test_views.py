"""What the governance pages show: the chart, a group against its meeting norm, indicator progress, the
cycle calendar, My work, and edit buttons only for those who may edit."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from governance.models import AgendaItem, Meeting, Membership, Milestone, Strategy
from governance.selectors import meeting_norm_status, milestone_status
from governance.services import budget_cycle_create

from .factories import MeetingFactory
from .pages_data import pages_data  # noqa: F401


def body(response) -> str:
    return response.content.decode()


# Meeting norm -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "below"), (3, "below"), (4, "within"), (6, "within"), (7, "above")]
)
def test_meeting_norm_status(count, expected):
    assert meeting_norm_status(count=count, minimum=4, maximum=6).key == expected


def test_group_page_compares_this_years_meetings_with_the_norm(org, people, en):
    year = timezone.localdate().year
    for month in (1, 2, 3, 4, 5):
        MeetingFactory(group=org.ict_group, starts_at=dt.datetime(year, month, 10, 9, tzinfo=dt.UTC))
    MeetingFactory(group=org.ict_group, starts_at=dt.datetime(year - 1, 6, 10, 9, tzinfo=dt.UTC))  # last year
    en.force_login(people["ict_member"])
    response = en.get(reverse("governance:group-detail", args=[org.ict_group.pk]))
    page = response.context["page"]
    assert (page.meetings_this_year, page.norm.key) == (5, "within")  # norm 4–6
    assert f"Meetings in {year}: 5, norm 4–6." in body(response)
    assert "Within norm" in body(response)
    assert len(page.meetings) == 6
    assert [m.user.username for m in page.memberships] == sorted(
        ["ict_member", "ict_chair"], key=lambda u: (people[u].last_name, people[u].first_name)
    )
    assert reverse("governance:group-history", args=[org.ict_group.pk]) in body(response)


def test_edit_buttons_only_for_those_who_may_edit(org, people, en):
    edit_url = reverse("governance:group-update", args=[org.ict_group.pk])
    meeting_url = reverse("governance:meeting-create", args=[org.ict_group.pk])
    en.force_login(people["ict_member"])
    response = en.get(reverse("governance:group-detail", args=[org.ict_group.pk]))
    assert edit_url not in body(response) and meeting_url not in body(response)
    en.force_login(people["ict_chair"])  # convenes the ICT group: may add meetings, not edit the group
    response = en.get(reverse("governance:group-detail", args=[org.ict_group.pk]))
    assert edit_url not in body(response) and meeting_url in body(response)
    en.force_login(people["it_coordinator"])
    response = en.get(reverse("governance:group-detail", args=[org.ict_group.pk]))
    assert edit_url in body(response) and meeting_url in body(response)
    assert reverse("governance:membership-create", args=[org.ict_group.pk]) in body(response)


# Organisation chart -------------------------------------------------------------------------


def test_orgchart_nests_the_three_tiers_with_conveners_and_members(org, people, en):
    Membership.objects.create(
        user=people["outsider"],
        group=org.ict_group,
        role="member",
        valid_from=dt.date(2000, 1, 1),
        valid_to=dt.date(2001, 1, 1),
    )  # ended long ago
    en.force_login(people["outsider"])
    response = en.get(reverse("governance:orgchart"))
    roots = response.context["roots"]
    assert [g.name for g in roots] == ["Kommunens ledningsgrupp"]
    boards = roots[0].chart_children
    assert [b.name for b in boards] == ["IT-strategisk ledningsgrupp SBF", "IT-strategisk ledningsgrupp UTF"]
    ict = boards[1].chart_children[0]
    assert ict.name == "IKT-grupp Grundskola"
    assert [m.user.username for m in ict.conveners] == ["ict_chair"]
    assert {m.user.username for m in ict.active_memberships} == {"ict_member", "ict_chair"}
    html = body(response)
    assert html.count('class="node tier-1"') == 1 and html.count('class="node tier-2"') == 2
    assert html.count('class="node tier-3"') == 2
    link = re.escape(org.ict_group.get_absolute_url())
    assert re.search(rf'<h4[^>]*><a href="{link}">IKT-grupp Grundskola</a></h4>', html)
    assert f"{people['ict_chair']} – IT operations manager" in html


# Meetings and decisions ---------------------------------------------------------------------


def test_meeting_page_shows_agenda_attendees_minutes_and_anchored_decisions(pages_data, people, en):  # noqa: F811
    d = pages_data
    en.force_login(people["outsider"])
    response = en.get(reverse("governance:meeting-detail", args=[d.meeting.pk]))
    html = body(response)
    assert "Nya lärplattformen" in html and "Protokoll" in html
    assert str(people["ict_member"]) in html
    assert f'id="decision-{d.decision.pk}"' in html
    assert d.decision.get_absolute_url().endswith(f"#decision-{d.decision.pk}")
    assert reverse("governance:decision-create", args=[d.meeting.pk]) not in html  # outsider may not decide


def test_convener_records_a_decision(pages_data, people, en):  # noqa: F811
    d = pages_data
    en.force_login(people["ict_chair"])
    response = en.post(
        reverse("governance:decision-create", args=[d.meeting.pk]),
        {"agenda_item": d.agenda_item.pk, "reference": "§ 2", "title": "Utbildning", "text": "Ja"},
    )
    decision = d.meeting.decisions.get(reference="§ 2")
    assert response["Location"] == decision.get_absolute_url()
    assert (
        decision.get_absolute_url()
        == reverse("governance:meeting-detail", args=[d.meeting.pk]) + f"#decision-{decision.pk}"
    )
    assert decision.created_by == people["ict_chair"]
    duplicate = en.post(
        reverse("governance:decision-create", args=[d.meeting.pk]), {"reference": "§ 2", "title": "Igen", "text": "Nej"}
    )
    assert duplicate.context["form"].errors["reference"] == [
        "This meeting already has a decision § 2: choose another reference."
    ]


def test_meeting_and_decision_lists_filter(pages_data, org, people, en):  # noqa: F811
    MeetingFactory(group=org.other_ict_group, location="Sporthallen")
    en.force_login(people["ict_member"])
    response = en.get(reverse("governance:meeting-list"), {"q": "lärplattform"})
    assert [m.pk for m in response.context["table"].page.object_list.data] == [pages_data.meeting.pk]
    response = en.get(reverse("governance:meeting-list"), {"group": org.other_ict_group.pk})
    assert [r.record.location for r in response.context["table"].page.object_list] == ["Sporthallen"]
    response = en.get(reverse("governance:decision-list"), {"q": "styrgruppen"})
    assert [r.record.pk for r in response.context["table"].page.object_list] == [pages_data.decision.pk]


def test_membership_end_keeps_the_record(pages_data, people, en):  # noqa: F811
    m = pages_data.membership
    en.force_login(people["admin"])
    page = en.get(reverse("governance:membership-end", args=[m.pk]))
    assert "Yes, end this membership" in body(page)
    today = timezone.localdate()
    response = en.post(
        reverse("governance:membership-end", args=[m.pk]), {"ends_on": today.isoformat(), "confirm": "on"}
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.valid_to == today
    assert m.history.count() == 2  # created, ended
    assert m.history.first().history_user == people["admin"]


# Strategies and indicators ------------------------------------------------------------------


def test_strategy_page_shows_progress_chart_and_table(pages_data, people, en):  # noqa: F811
    s = pages_data.strategy
    Strategy.objects.filter(pk=s.pk).update(adopted_on=dt.date(2015, 1, 1), revision_interval_years=2)
    en.force_login(people["outsider"])
    response = en.get(reverse("governance:strategy-detail", args=[s.pk]))
    ((goal, rows),) = response.context["goals"]
    row = rows[0]
    # Baseline 40, target 80, latest 60 (2025-12-31): (60 − 40) / (80 − 40) = 0.5.
    assert row.latest.value == Decimal(60)
    assert row.progress == Decimal("0.5")
    html = " ".join(body(response).split())  # layout aside
    assert '<meter class="meter-wide" min="0" max="1"' in html and 'value="0.5"' in html
    assert '<svg role="img" aria-label="Measurements of Andel digitala svar"' in html
    assert "<caption>Measurements of Andel digitala svar</caption>" in html
    assert html.count("<td>2024-12-31</td>") == 1 and html.count("<td>2025-12-31</td>") == 1
    assert 'id="revision-overdue"' in html  # adopted 2015, every 2 years: due 2017-01-01


def test_strategy_without_overdue_revision_shows_no_warning(pages_data, people, en):  # noqa: F811
    s = pages_data.strategy
    Strategy.objects.filter(pk=s.pk).update(last_revised_on=timezone.localdate())
    en.force_login(people["outsider"])
    response = en.get(reverse("governance:strategy-detail", args=[s.pk]))
    assert 'id="revision-overdue"' not in body(response)


# Budget cycle calendar ----------------------------------------------------------------------


@time_machine.travel(dt.datetime(2029, 3, 20, 12, tzinfo=dt.UTC), tick=False)
def test_cycle_calendar_statuses_and_lock(people, en):
    cycle = budget_cycle_create(plan_year=2030)
    cycle.milestones.filter(kind="inventory").update(completed_on=dt.date(2028, 12, 20))
    en.force_login(people["ict_member"])
    response = en.get(reverse("governance:cycle-detail", args=[cycle.pk]))
    statuses = {m.kind: s.key for m, s in response.context["milestones"]}
    assert statuses == {
        "inventory": "past",  # 2028-10-01 – 2028-12-31, completed
        "budget_priorities": "current",  # 2029-02-01 – 2029-03-31
        "inventory_presented": "current",  # due 2029-03-31, reminders from 03-17
        "proposal_ready": "upcoming",  # due 2029-04-30, reminders from 04-16
        "maintenance_plans_filed": "upcoming",
        "lock": "upcoming",  # 2029-10-31
        "it_plan_approved": "upcoming",
        "follow_up": "upcoming",
    }
    dates = [m.ends_on for m, _ in response.context["milestones"]]
    assert dates == sorted(dates)
    html = body(response)
    assert "<strong>2029-10-31</strong>" in html and "Open for changes" in html
    assert html.count("Lock date") == 2  # in the timeline and in the table


def test_overdue_milestone_status():
    m = Milestone(starts_on=dt.date(2029, 2, 1), ends_on=dt.date(2029, 3, 31), remind_days_before=14)
    assert milestone_status(m, today=dt.date(2029, 4, 1)).key == "overdue"
    assert milestone_status(m, today=dt.date(2029, 1, 31)).key == "upcoming"
    m.completed_on = dt.date(2029, 4, 2)
    assert milestone_status(m, today=dt.date(2029, 4, 3)).key == "past"


def test_cycle_list_shows_lock_date(pages_data, people, en):  # noqa: F811
    en.force_login(people["outsider"])
    response = en.get(reverse("governance:cycle-list"))
    (row,) = response.context["table"].page.object_list
    assert row.record.lock_on == dt.date(pages_data.cycle.plan_year - 1, 10, 31)


# My work ------------------------------------------------------------------------------------


def test_my_work_lists_my_groups_and_their_next_meetings(org, people, en):
    soon = MeetingFactory(group=org.ict_group, starts_at=timezone.now() + dt.timedelta(days=7), location="Aulan")
    MeetingFactory(group=org.ict_group, starts_at=timezone.now() - dt.timedelta(days=7), location="Förr")
    MeetingFactory(group=org.other_ict_group, starts_at=timezone.now() + dt.timedelta(days=3), location="Annat")
    en.force_login(people["ict_member"])
    response = en.get(reverse("governance:my-work"))
    assert [m.group for m in response.context["my_memberships"]] == [org.ict_group]
    assert response.context["next_meetings"] == [soon]
    html = body(response)
    assert org.ict_group.get_absolute_url() in html and soon.get_absolute_url() in html
    assert "Annat" not in html and "Förr" not in html


def test_meeting_list_query_is_not_duplicated_by_agenda_search(pages_data, people, en):  # noqa: F811

    AgendaItem.objects.create(meeting=pages_data.meeting, order=2, title="Lärplattform, forts.")
    en.force_login(people["ict_member"])
    response = en.get(reverse("governance:meeting-list"), {"q": "lärplattform"})
    assert response.context["table"].paginator.count == Meeting.objects.count() == 1
