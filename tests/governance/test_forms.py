"""Bad input on the governance pages and in admin: refused with a message that says what to fix, the
user's input kept, nothing saved. And concurrent edits: the second of two stale saves is refused."""

import datetime as dt

import pytest
from django import forms as django_forms
from django.urls import reverse

from governance.forms import StyledForm
from governance.models import BudgetCycle, Measurement, Meeting, Membership, Milestone, SteeringGroup, Tier

from ..clock import TODAY
from .factories import UserFactory
from .pages_data import pages_data  # noqa: F401


@pytest.fixture
def coordinator(people, client):
    client.force_login(people["it_coordinator"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def superuser_client(db, client):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def text(response) -> str:
    return response.content.decode()


# Milestone ending before it starts ------------------------------------------------------------


def _milestone_data(m: Milestone, **changes) -> dict:
    data = {
        "title": m.title,
        "starts_on": m.starts_on.isoformat(),
        "ends_on": m.ends_on.isoformat(),
        "responsible": m.responsible,
        "remind_days_before": m.remind_days_before,
        "completed_on": "",
    }
    data.update(changes)
    return data


def test_milestone_ending_before_it_starts_is_refused_on_the_form(pages_data, coordinator):  # noqa: F811
    m = pages_data.milestone
    before = (m.starts_on, m.ends_on, m.title)
    starts, ends = m.starts_on, m.starts_on - dt.timedelta(days=10)
    response = coordinator.post(
        reverse("governance:milestone-update", args=[m.pk]),
        _milestone_data(m, title="Changed title", ends_on=ends.isoformat()),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == [
        f"The milestone ends before it starts ({starts}): move the due date to on or after the start."
    ]
    assert f'value="{ends.isoformat()}"' in text(response)  # the input is kept
    assert 'value="Changed title"' in text(response)
    assert 'aria-invalid="true"' in text(response)
    m.refresh_from_db()
    assert (m.starts_on, m.ends_on, m.title) == before


def test_milestone_ending_before_it_starts_is_refused_in_admin(pages_data, superuser_client):  # noqa: F811
    m = pages_data.milestone
    ends = m.starts_on - dt.timedelta(days=1)
    data = _milestone_data(m, ends_on=ends.isoformat(), cycle=m.cycle_id, kind=m.kind)
    response = superuser_client.post(reverse("admin:governance_milestone_change", args=[m.pk]), data)
    assert response.status_code == 200
    assert "The milestone ends before it starts" in text(response)
    m.refresh_from_db()
    assert m.ends_on != ends


# Membership ending before it starts -----------------------------------------------------------


def test_membership_ending_before_it_starts_is_refused_on_the_form(org, people, coordinator):
    count = Membership.objects.count()
    response = coordinator.post(
        reverse("governance:membership-create", args=[org.ict_group.pk]),
        {
            "user": people["outsider"].pk,
            "role": "member",
            "side": "operations",
            "valid_from": "2026-05-01",
            "valid_to": "2026-04-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["valid_to"] == ["The membership cannot end before it starts (2026-05-01)."]
    assert 'value="2026-04-01"' in text(response)
    assert Membership.objects.count() == count


def test_ending_a_membership_before_it_started_is_refused(pages_data, coordinator):  # noqa: F811
    m = pages_data.membership
    too_early = m.valid_from - dt.timedelta(days=1)
    response = coordinator.post(
        reverse("governance:membership-end", args=[m.pk]), {"ends_on": too_early.isoformat(), "confirm": "on"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == [
        f"The membership cannot end before it starts ({m.valid_from}): choose {m.valid_from} or later."
    ]
    m.refresh_from_db()
    assert m.valid_to is None


def test_ending_a_membership_needs_confirmation(pages_data, coordinator):  # noqa: F811
    m = pages_data.membership
    response = coordinator.post(reverse("governance:membership-end", args=[m.pk]), {"ends_on": TODAY.isoformat()})
    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    m.refresh_from_db()
    assert m.valid_to is None


def test_membership_ending_before_it_starts_is_refused_in_admin(org, people, superuser_client):
    count = Membership.objects.count()
    response = superuser_client.post(
        reverse("admin:governance_membership_add"),
        {
            "user": people["outsider"].pk,
            "group": org.ict_group.pk,
            "role": "member",
            "side": "operations",
            "valid_from": "2026-05-01",
            "valid_to": "2026-04-01",
        },
    )
    assert response.status_code == 200
    assert "The membership cannot end before it starts (2026-05-01)." in text(response)
    assert Membership.objects.count() == count


# A group with a parent of the wrong tier ------------------------------------------------------


def _group_data(org, **changes) -> dict:
    data = {
        "name": "IKT-grupp Förskola",
        "short_name": "",
        "tier": Tier.ICT_GROUP,
        "parent": org.leadership.pk,
        "scope": org.operation.pk,
        "convening_role": "chair",
        "meetings_min_per_year": 4,
        "meetings_max_per_year": 6,
        "duties": "",
    }
    data.update(changes)
    return data


def test_group_with_parent_of_wrong_tier_is_refused_on_the_form(org, coordinator):
    count = SteeringGroup.objects.count()
    response = coordinator.post(reverse("governance:group-create"), _group_data(org))
    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == [
        "The parent group must be on tier 2 (IT-strategic board); Kommunens ledningsgrupp is on tier 1."
    ]
    assert 'value="IKT-grupp Förskola"' in text(response)
    assert SteeringGroup.objects.count() == count


def test_editing_a_group_to_a_wrong_parent_is_refused(org, coordinator):
    response = coordinator.post(
        reverse("governance:group-update", args=[org.ict_group.pk]),
        _group_data(org, name=org.ict_group.name, parent=org.other_ict_group.pk),
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    org.ict_group.refresh_from_db()
    assert org.ict_group.parent_id == org.board.pk


def test_group_with_parent_of_wrong_tier_is_refused_in_admin(org, superuser_client):
    count = SteeringGroup.objects.count()
    data = _group_data(org) | {
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
    }
    response = superuser_client.post(reverse("admin:governance_steeringgroup_add"), data)
    assert response.status_code == 200
    assert "must be on tier 2 (IT-strategic board)" in text(response)
    assert SteeringGroup.objects.count() == count


# A second cycle for a year --------------------------------------------------------------------


def test_second_cycle_for_a_year_is_refused_on_the_form(pages_data, coordinator):  # noqa: F811
    year = pages_data.cycle.plan_year
    cycles, milestones = BudgetCycle.objects.count(), Milestone.objects.count()
    response = coordinator.post(
        reverse("governance:cycle-create"),
        {"plan_year": year, "discount_rate": "0.05", "hourly_rate": "600", "notes": "Dubblett"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["plan_year"] == [
        "There is already a budget cycle for this plan year: open that cycle or choose another year."
    ]
    assert "Dubblett" in text(response)
    assert (BudgetCycle.objects.count(), Milestone.objects.count()) == (cycles, milestones)


def test_new_cycle_gets_its_milestones(db, people, coordinator):
    year = TODAY.year + 5
    response = coordinator.post(
        reverse("governance:cycle-create"),
        {"plan_year": year, "discount_rate": "0.03", "hourly_rate": "450", "notes": ""},
    )
    cycle = BudgetCycle.objects.get(plan_year=year)
    assert response.status_code == 302
    assert response["Location"] == cycle.get_absolute_url()
    assert cycle.milestones.count() == 8  # the default template has eight milestones (DESIGN §4)
    assert cycle.milestone("lock").ends_on == dt.date(year - 1, 10, 31)


def test_second_cycle_for_a_year_is_refused_in_admin(pages_data, superuser_client):  # noqa: F811
    cycles, milestones = BudgetCycle.objects.count(), Milestone.objects.count()
    response = superuser_client.post(
        reverse("admin:governance_budgetcycle_add"),
        {
            "plan_year": pages_data.cycle.plan_year,
            "discount_rate": "0.03",
            "hourly_rate": "450",
            "notes": "",
            "milestones-TOTAL_FORMS": 0,
            "milestones-INITIAL_FORMS": 0,
            "milestones-MIN_NUM_FORMS": 0,
            "milestones-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 200
    assert "There is already a budget cycle for this plan year." in text(response)
    assert (BudgetCycle.objects.count(), Milestone.objects.count()) == (cycles, milestones)


# An indicator measurement without a date -------------------------------------------------------


def test_measurement_without_date_is_refused_on_the_form(pages_data, coordinator):  # noqa: F811
    count = Measurement.objects.count()
    response = coordinator.post(
        reverse("governance:measurement-create", args=[pages_data.indicator.pk]),
        {"measured_on": "", "value": "72.5", "comment": "Enkät"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["measured_on"] == ["Enter the date the value was measured (year-month-day)."]
    assert 'value="72.5"' in text(response) and 'value="Enkät"' in text(response)
    assert Measurement.objects.count() == count


def test_second_measurement_on_the_same_date_is_refused(pages_data, coordinator):  # noqa: F811
    count = Measurement.objects.count()
    response = coordinator.post(
        reverse("governance:measurement-create", args=[pages_data.indicator.pk]),
        {"measured_on": "2025-12-31", "value": "61", "comment": ""},
    )
    assert response.status_code == 200
    assert (
        "There is already a measurement of this indicator on that date"
        in response.context["form"].errors["measured_on"][0]
    )
    assert Measurement.objects.count() == count


def test_measurement_without_date_is_refused_in_admin(pages_data, superuser_client):  # noqa: F811
    count = Measurement.objects.count()
    response = superuser_client.post(
        reverse("admin:governance_measurement_add"),
        {"indicator": pages_data.indicator.pk, "measured_on": "", "value": "72.5", "comment": ""},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["measured_on"] == ["This field is required."]
    assert Measurement.objects.count() == count


# Meetings: the agenda is saved with the meeting or not at all -----------------------------------


def _meeting_data(**changes) -> dict:
    data = {
        "kind": "ordinary",
        "starts_at": "2030-01-15T09:00",
        "location": "Rum 1",
        "minutes": "",
        "agenda-TOTAL_FORMS": 2,
        "agenda-INITIAL_FORMS": 0,
        "agenda-MIN_NUM_FORMS": 0,
        "agenda-MAX_NUM_FORMS": 1000,
        "agenda-0-order": 1,
        "agenda-0-title": "Behov",
        "agenda-1-order": "x",
        "agenda-1-title": "Budget",
    }
    data.update(changes)
    return data


def test_meeting_with_a_bad_agenda_row_saves_nothing(org, people, client):
    client.force_login(people["ict_chair"])
    response = client.post(reverse("governance:meeting-create", args=[org.ict_group.pk]), _meeting_data())
    assert response.status_code == 200
    assert response.context["formset"].errors[1]["order"]
    assert not Meeting.objects.filter(location="Rum 1").exists()
    assert 'value="Behov"' in text(response)


def test_meeting_is_created_with_its_agenda(org, people, client):
    client.force_login(people["ict_chair"])
    response = client.post(
        reverse("governance:meeting-create", args=[org.ict_group.pk]), _meeting_data(**{"agenda-1-order": 2})
    )
    meeting = Meeting.objects.get(location="Rum 1")
    assert response.status_code == 302
    assert [i.title for i in meeting.agenda_items.order_by("order")] == ["Behov", "Budget"]
    assert meeting.group == org.ict_group


# Concurrent edits ---------------------------------------------------------------------------


def test_second_of_two_stale_cycle_saves_is_refused(pages_data, people, client):  # noqa: F811
    cycle = pages_data.cycle
    url = reverse("governance:cycle-update", args=[cycle.pk])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(people["it_coordinator"])
    first_version = client.get(url).context["form"]["expected_version"].value()
    client.force_login(people["admin"])
    second_version = client.get(url).context["form"]["expected_version"].value()
    assert first_version == second_version == 1

    client.force_login(people["it_coordinator"])
    ok = client.post(
        url, {"discount_rate": "0.04", "hourly_rate": "500", "notes": "Först", "expected_version": first_version}
    )
    assert ok.status_code == 302
    client.force_login(people["admin"])
    stale = client.post(
        url, {"discount_rate": "0.05", "hourly_rate": "650", "notes": "Sist", "expected_version": second_version}
    )
    assert stale.status_code == 200
    assert "Someone else saved this record while you were editing it." in text(stale)
    assert "Sist" in text(stale) and 'value="650"' in text(stale)  # the second person's input is kept
    cycle.refresh_from_db()
    assert (cycle.hourly_rate, cycle.notes, cycle.version) == (500, "Först", 2)


def test_second_of_two_stale_meeting_saves_keeps_agenda_unchanged(pages_data, people, client):  # noqa: F811
    d = pages_data
    url = reverse("governance:meeting-update", args=[d.meeting.pk])
    base = {
        "kind": "ordinary",
        "starts_at": "2026-02-02T10:00",
        "expected_version": 1,
        "agenda-TOTAL_FORMS": 1,
        "agenda-INITIAL_FORMS": 1,
        "agenda-MIN_NUM_FORMS": 0,
        "agenda-MAX_NUM_FORMS": 1000,
        "agenda-0-id": d.agenda_item.pk,
        "agenda-0-order": 1,
    }
    client.force_login(people["ict_chair"])
    assert client.post(url, base | {"location": "A", "minutes": "", "agenda-0-title": "Först"}).status_code == 302
    stale = client.post(url, base | {"location": "B", "minutes": "", "agenda-0-title": "Sist"})
    assert stale.status_code == 200
    assert stale.context["form"].non_field_errors()
    d.meeting.refresh_from_db()
    d.agenda_item.refresh_from_db()
    assert (d.meeting.location, d.agenda_item.title, d.meeting.version) == ("A", "Först", 2)


def test_an_invalid_field_keeps_its_bootstrap_class_and_names_its_error_once():

    class Form(StyledForm):
        name = django_forms.CharField(help_text="Your name")
        kind = django_forms.ChoiceField(choices=[("a", "A")])

    html = str(Form(data={})["name"])
    assert 'class="form-control is-invalid"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert html.count("id_name_error") == 1
    assert 'aria-invalid="true"' in html
    select = str(Form(data={})["kind"])
    assert 'class="form-select is-invalid"' in select and 'aria-describedby="id_kind_error"' in select
