"""Correcting goals, indicators, measurements and decisions from the product's pages.

Each edit page saves and goes back to where the record is shown, keeps the user's input when something
is wrong, and answers 403 to a signed-in person without the permission. Changing follows who may add
(goals, indicators, measurements: IT coordination and administrators; decisions: also the convener of
the meeting's group); deleting a measurement is for administrators and needs a confirmation.
None of these four models carries a `version`, so there is no stale-version check; a test below keeps
the forms and models in step should one of them become versioned.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import AgendaItem, Decision, Goal, Indicator, Measurement
from governance.rules import forget_access

from ..conftest import ROLES
from .factories import GoalFactory, IndicatorFactory, MeetingFactory
from .pages_data import pages_data  # noqa: F401

COORDINATORS = {"it_coordinator", "admin"}


def text(response) -> str:
    return response.content.decode()


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def measurement_on(d, day: dt.date) -> Measurement:
    return Measurement.objects.get(indicator=d.indicator, measured_on=day)


DEC_2024, DEC_2025 = dt.date(2024, 12, 31), dt.date(2025, 12, 31)  # pages_data: values 50 and 60


def strategy_url(d) -> str:
    return reverse("governance:strategy-detail", args=[d.strategy.pk])


# Who may change and delete ----------------------------------------------------------------------


def who(people, check) -> set[str]:
    return {role for role in ROLES if check(people[role])}


def test_who_may_change_and_delete(pages_data, people):  # noqa: F811
    d = pages_data
    m = measurement_on(d, DEC_2024)
    assert who(people, lambda u: u.has_perm("governance.change_goal", d.goal)) == COORDINATORS
    assert who(people, lambda u: u.has_perm("governance.change_indicator", d.indicator)) == COORDINATORS
    assert who(people, lambda u: u.has_perm("governance.change_measurement", m)) == COORDINATORS
    assert who(people, lambda u: u.has_perm("governance.delete_measurement", m)) == COORDINATORS
    # The ICT group meeting: its convener (the IT operations manager) records and corrects decisions.
    assert who(people, lambda u: u.has_perm("governance.add_decision", d.meeting)) == COORDINATORS | {"ict_chair"}
    assert who(people, lambda u: u.has_perm("governance.change_decision", d.decision)) == (COORDINATORS | {"ict_chair"})


def test_board_convener_may_not_correct_an_ict_group_decision(org, people):
    board_decision = Decision.objects.create(
        meeting=MeetingFactory(group=org.board), reference="§ 4", title="B", text="-"
    )
    assert who(people, lambda u: u.has_perm("governance.change_decision", board_decision)) == (
        COORDINATORS | {"board_member"}
    )


# Goal ---------------------------------------------------------------------------------------------


def test_goal_edit_saves_and_returns_to_the_goal(pages_data, people, en):  # noqa: F811
    d = pages_data
    en.force_login(people["it_coordinator"])
    url = reverse("governance:goal-update", args=[d.goal.pk])
    page = en.get(url)
    assert page.status_code == 200
    assert 'value="Digitalt först"' in text(page)  # the form starts from the stored goal
    response = en.post(
        url, {"code": "1", "title": "Digitalt först för alla", "description": "Rättat stavfel", "is_principle": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{strategy_url(d)}#goal-{d.goal.pk}"
    assert flashed(response) == ["The goal was saved."]
    goal = Goal.objects.get(pk=d.goal.pk)
    assert (goal.code, goal.title, goal.description, goal.is_principle, goal.strategy_id) == (
        "1",
        "Digitalt först för alla",
        "Rättat stavfel",
        True,
        d.strategy.pk,
    )


def test_goal_edit_without_title_keeps_the_input(pages_data, people, en):  # noqa: F811
    d = pages_data
    en.force_login(people["it_coordinator"])
    response = en.post(
        reverse("governance:goal-update", args=[d.goal.pk]),
        {"code": "1a", "title": "", "description": "Ny beskrivning"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["This field is required."]
    assert 'value="1a"' in text(response) and "Ny beskrivning" in text(response)
    assert 'aria-invalid="true"' in text(response)
    goal = Goal.objects.get(pk=d.goal.pk)
    assert (goal.code, goal.title, goal.description) == ("1", "Digitalt först", "")


# Indicator ----------------------------------------------------------------------------------------


def _indicator_data(**changes) -> dict:
    data = {
        "name": "Andel digitala svar",
        "description": "",
        "unit": "%",
        "direction": "increase",
        "baseline": "40",
        "target": "80",
        "target_year": "",
    }
    data.update(changes)
    return data


def test_indicator_edit_saves_and_returns_to_the_indicator(pages_data, people, en):  # noqa: F811
    d = pages_data
    en.force_login(people["admin"])
    response = en.post(
        reverse("governance:indicator-update", args=[d.indicator.pk]),
        _indicator_data(target="90", target_year="2027", description="Enkät varje höst"),
    )
    assert response.status_code == 302
    assert response["Location"] == f"{strategy_url(d)}#indicator-{d.indicator.pk}"
    assert flashed(response) == ["The indicator was saved."]
    ind = Indicator.objects.get(pk=d.indicator.pk)
    assert (ind.baseline, ind.target, ind.target_year, ind.description, ind.goal_id) == (
        Decimal(40),
        Decimal(90),
        2027,
        "Enkät varje höst",
        d.goal.pk,
    )


def test_indicator_target_on_the_wrong_side_of_the_baseline_keeps_the_input(pages_data, people, en):  # noqa: F811
    d = pages_data
    en.force_login(people["it_coordinator"])
    response = en.post(
        reverse("governance:indicator-update", args=[d.indicator.pk]),
        _indicator_data(name="Andel svar digitalt", target="30"),
    )  # higher is better, 30 < 40
    assert response.status_code == 200
    assert response.context["form"].errors["target"] == [
        "For 'higher is better' the target must not be below the baseline."
    ]
    assert 'value="Andel svar digitalt"' in text(response) and 'value="30"' in text(response)
    ind = Indicator.objects.get(pk=d.indicator.pk)
    assert (ind.name, ind.target) == ("Andel digitala svar", Decimal(80))


# Measurement --------------------------------------------------------------------------------------


def test_measurement_edit_saves_and_returns_to_the_indicator(pages_data, people, en):  # noqa: F811
    d = pages_data
    m = measurement_on(d, DEC_2025)
    en.force_login(people["it_coordinator"])
    # The same date as before is not a clash with itself.
    response = en.post(
        reverse("governance:measurement-update", args=[m.pk]),
        {"measured_on": "2025-12-31", "value": "62.5", "comment": "Rättad efter ny enkät"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{strategy_url(d)}#indicator-{d.indicator.pk}"
    assert flashed(response) == ["The measurement was saved."]
    m.refresh_from_db()
    assert (m.measured_on, m.value, m.comment, m.indicator_id) == (
        DEC_2025,
        Decimal("62.50"),
        "Rättad efter ny enkät",
        d.indicator.pk,
    )
    assert measurement_on(d, DEC_2024).value == Decimal(50)  # the other one is untouched
    # The strategy page now shows 62.5 as the latest value: (62.5 − 40) / (80 − 40) = 56 % of the way.
    page = en.get(strategy_url(d))
    assert page.context["goals"][0][1][0].progress == Decimal("0.5625")


def test_measurement_moved_onto_another_measurements_date_keeps_the_input(pages_data, people, en):  # noqa: F811
    d = pages_data
    m = measurement_on(d, DEC_2025)
    en.force_login(people["it_coordinator"])
    response = en.post(
        reverse("governance:measurement-update", args=[m.pk]),
        {"measured_on": "2024-12-31", "value": "61", "comment": "Fel år"},
    )
    assert response.status_code == 200
    assert (
        "There is already a measurement of this indicator on that date: choose another date or edit that measurement."
    ) in response.context["form"].errors["measured_on"]
    assert 'value="2024-12-31"' in text(response) and 'value="61"' in text(response)
    assert 'value="Fel år"' in text(response)
    m.refresh_from_db()
    assert (m.measured_on, m.value, m.comment) == (DEC_2025, Decimal(60), "")


def test_measurement_delete_asks_first_and_get_changes_nothing(pages_data, people, en):  # noqa: F811
    d = pages_data
    m = measurement_on(d, DEC_2024)
    en.force_login(people["admin"])
    page = en.get(reverse("governance:measurement-delete", args=[m.pk]))
    assert page.status_code == 200
    assert "Delete the measurement of Andel digitala svar on 2024-12-31 (50.00 %)?" in text(page)
    assert 'name="confirm"' in text(page)
    assert f'href="{strategy_url(d)}#indicator-{d.indicator.pk}"' in text(page)  # the way back
    assert Measurement.objects.filter(indicator=d.indicator).count() == 2


def test_measurement_delete_without_confirmation_deletes_nothing(pages_data, people, en):  # noqa: F811
    d = pages_data
    m = measurement_on(d, DEC_2024)
    en.force_login(people["admin"])
    response = en.post(reverse("governance:measurement-delete", args=[m.pk]), {})
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"] == ["This field is required."]
    assert Measurement.objects.filter(indicator=d.indicator).count() == 2


def test_measurement_delete_removes_exactly_that_row(pages_data, people, en):  # noqa: F811
    d = pages_data
    other_indicator = IndicatorFactory(goal=d.goal, name="Nöjdhet")
    Measurement.objects.create(indicator=other_indicator, measured_on=DEC_2024, value=Decimal(3))
    m = measurement_on(d, DEC_2024)
    en.force_login(people["admin"])
    response = en.post(reverse("governance:measurement-delete", args=[m.pk]), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == f"{strategy_url(d)}#indicator-{d.indicator.pk}"
    assert flashed(response) == ["The measurement was deleted."]
    assert not Measurement.objects.filter(pk=m.pk).exists()
    assert list(Measurement.objects.filter(indicator=d.indicator).values_list("measured_on", "value")) == [
        (DEC_2025, Decimal(60))
    ]
    assert Measurement.objects.filter(indicator=other_indicator, measured_on=DEC_2024).count() == 1


def test_measurement_delete_by_http_delete_is_not_allowed(pages_data, people, en):  # noqa: F811
    m = measurement_on(pages_data, DEC_2024)
    en.force_login(people["admin"])
    response = en.delete(reverse("governance:measurement-delete", args=[m.pk]))
    assert response.status_code == 405
    assert Measurement.objects.filter(pk=m.pk).exists()


# Decision -----------------------------------------------------------------------------------------


def test_decision_edit_by_the_convener_saves_and_returns_to_the_decision(pages_data, people, en):  # noqa: F811
    d = pages_data
    recorder = people["it_coordinator"]
    Decision.objects.filter(pk=d.decision.pk).update(created_by=recorder)
    en.force_login(people["ict_chair"])
    response = en.post(
        reverse("governance:decision-update", args=[d.decision.pk]),
        {
            "agenda_item": d.agenda_item.pk,
            "reference": "§ 1",
            "title": "Förslaget lämnas vidare",
            "text": "IKT-gruppen lämnar förslaget till IT-strategiska ledningsgruppen.",
        },
    )
    assert response.status_code == 302
    assert (
        response["Location"] == reverse("governance:meeting-detail", args=[d.meeting.pk]) + f"#decision-{d.decision.pk}"
    )
    assert flashed(response) == ["The decision was saved."]
    decision = Decision.objects.get(pk=d.decision.pk)
    assert (decision.reference, decision.title, decision.meeting_id, decision.created_by_id) == (
        "§ 1",
        "Förslaget lämnas vidare",
        d.meeting.pk,
        recorder.pk,
    )  # who recorded it stays
    assert decision.text == "IKT-gruppen lämnar förslaget till IT-strategiska ledningsgruppen."


def test_decision_reference_taken_in_the_meeting_keeps_the_input(pages_data, people, en):  # noqa: F811
    d = pages_data
    Decision.objects.create(meeting=d.meeting, reference="§ 2", title="Annat", text="-")
    en.force_login(people["it_coordinator"])
    response = en.post(
        reverse("governance:decision-update", args=[d.decision.pk]),
        {"agenda_item": "", "reference": "§ 2", "title": "Nytt namn", "text": "Ny text"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reference"] == [
        "This meeting already has a decision § 2: choose another reference."
    ]
    assert 'value="Nytt namn"' in text(response) and "Ny text" in text(response)
    decision = Decision.objects.get(pk=d.decision.pk)
    assert (decision.reference, decision.title, decision.agenda_item_id) == (
        "§ 1",
        "Förslaget lämnas",
        d.agenda_item.pk,
    )


def test_decision_agenda_item_from_another_meeting_is_refused(pages_data, people, en):  # noqa: F811
    d = pages_data
    foreign = AgendaItem.objects.create(meeting=MeetingFactory(group=d.meeting.group), title="Annat möte")
    en.force_login(people["it_coordinator"])
    response = en.post(
        reverse("governance:decision-update", args=[d.decision.pk]),
        {"agenda_item": foreign.pk, "reference": "§ 1", "title": "Förslaget lämnas", "text": "-"},
    )
    assert response.status_code == 200
    assert "agenda_item" in response.context["form"].errors
    assert Decision.objects.get(pk=d.decision.pk).agenda_item_id == d.agenda_item.pk


# Refused without the permission -------------------------------------------------------------------


def _edit_pages(d) -> dict:
    m = measurement_on(d, DEC_2024)
    return {
        "goal-update": (
            d.goal.pk,
            {"code": "9", "title": "Ändrat", "description": ""},
            lambda: Goal.objects.get(pk=d.goal.pk).title == "Ändrat",
        ),
        "indicator-update": (
            d.indicator.pk,
            _indicator_data(name="Ändrat"),
            lambda: Indicator.objects.get(pk=d.indicator.pk).name == "Ändrat",
        ),
        "measurement-update": (
            m.pk,
            {"measured_on": "2024-12-31", "value": "99", "comment": ""},
            lambda: Measurement.objects.get(pk=m.pk).value == 99,
        ),
        "measurement-delete": (m.pk, {"confirm": "on"}, lambda: not Measurement.objects.filter(pk=m.pk).exists()),
        "decision-update": (
            d.decision.pk,
            {"agenda_item": "", "reference": "§ 1", "title": "Ändrat", "text": "-"},
            lambda: Decision.objects.get(pk=d.decision.pk).title == "Ändrat",
        ),
    }


@pytest.mark.parametrize(
    ("page", "role"),
    [
        ("goal-update", "ict_chair"),
        ("goal-update", "leader"),
        ("indicator-update", "board_member"),
        ("indicator-update", "ict_member"),
        ("measurement-update", "ict_chair"),
        ("measurement-update", "outsider"),
        ("measurement-delete", "ict_chair"),
        ("decision-update", "ict_member"),  # sits in the group but does not convene it
        ("decision-update", "board_member"),  # convenes the board above, not the ICT group
    ],
)
def test_edit_pages_refuse_people_without_the_permission(page, role, pages_data, people, client):  # noqa: F811
    pk, data, changed = _edit_pages(pages_data)[page]
    url = reverse(f"governance:{page}", args=[pk])
    client.force_login(people[role])
    forget_access(people[role])
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    assert not changed()


@pytest.mark.parametrize(
    "page", ["goal-update", "indicator-update", "measurement-update", "measurement-delete", "decision-update"]
)
def test_edit_pages_of_missing_records_are_404(page, pages_data, people, client):  # noqa: F811
    client.force_login(people["admin"])
    assert client.get(reverse(f"governance:{page}", args=[999_999])).status_code == 404


@pytest.mark.parametrize("page", ["goal-update", "indicator-update", "measurement-update", "decision-update"])
def test_a_stale_edit_is_refused_and_keeps_what_the_user_typed(page, pages_data, people, en):  # noqa: F811
    pk, data, saved = _edit_pages(pages_data)[page]
    model = {
        "goal-update": Goal,
        "indicator-update": Indicator,
        "measurement-update": Measurement,
        "decision-update": Decision,
    }[page]
    en.force_login(people["admin"])
    model.objects.filter(pk=pk).update(version=2)  # someone else saved after the page was opened at version 1
    response = en.post(reverse(f"governance:{page}", args=[pk]), {**data, "expected_version": 1})
    assert response.status_code == 200
    assert "Someone else saved this record" in text(response)
    assert response.context["form"].data["expected_version"] == "1"  # the typed input is still on the form
    assert not saved()
    assert en.post(reverse(f"governance:{page}", args=[pk]), {**data, "expected_version": 2}).status_code == 302
    assert saved() and model.objects.get(pk=pk).version == 3


# Links on the strategy and meeting pages ----------------------------------------------------------


def _strategy_links(d) -> dict[str, str]:
    m24, m25 = measurement_on(d, DEC_2024), measurement_on(d, DEC_2025)
    return {
        "goal": reverse("governance:goal-update", args=[d.goal.pk]),
        "indicator": reverse("governance:indicator-update", args=[d.indicator.pk]),
        "measurement": reverse("governance:measurement-update", args=[m24.pk]),
        "measurement-2025": reverse("governance:measurement-update", args=[m25.pk]),
        "delete": reverse("governance:measurement-delete", args=[m24.pk]),
    }


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("ict_member", set()),
        ("ict_chair", set()),
        ("it_coordinator", {"goal", "indicator", "measurement", "measurement-2025", "delete"}),
        ("admin", {"goal", "indicator", "measurement", "measurement-2025", "delete"}),
    ],
)
def test_strategy_page_links_only_for_those_who_may(role, shown, pages_data, people, en):  # noqa: F811
    links = _strategy_links(pages_data)
    en.force_login(people[role])
    body = text(en.get(strategy_url(pages_data)))
    assert {key for key, url in links.items() if f'href="{url}"' in body} == shown


def test_strategy_page_edit_links_name_what_they_edit(pages_data, people, en):  # noqa: F811
    d = pages_data
    links = _strategy_links(d)
    en.force_login(people["admin"])
    body = text(en.get(strategy_url(d)))
    assert f'<a href="{links["goal"]}">Edit<span class="visually-hidden"> – 1 Digitalt först</span></a>' in body
    assert f'<a href="{links["indicator"]}">Edit<span class="visually-hidden"> – Andel digitala svar</span></a>' in body
    assert (
        f'<a href="{links["measurement"]}">Edit<span class="visually-hidden"> – Andel digitala svar '
        f"2024-12-31</span></a>" in body
    )
    assert (
        f'<a href="{links["delete"]}">Delete<span class="visually-hidden"> – Andel digitala svar '
        f"2024-12-31</span></a>" in body
    )
    assert '<th scope="col"><span class="visually-hidden">Actions</span></th>' in body


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("ict_member", False),
        ("board_member", False),
        ("ict_chair", True),
        ("it_coordinator", True),
    ],
)
def test_meeting_page_decision_edit_link_only_for_those_who_may(role, shown, pages_data, people, en):  # noqa: F811
    d = pages_data
    en.force_login(people[role])
    body = text(en.get(reverse("governance:meeting-detail", args=[d.meeting.pk])))
    link = (
        f'<a href="{reverse("governance:decision-update", args=[d.decision.pk])}">Edit'
        f'<span class="visually-hidden"> § 1 Förslaget lämnas</span></a>'
    )
    assert (link in body) is shown


# The links cost no query per row ------------------------------------------------------------------


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_strategy_page_queries_do_not_grow_with_rows(pages_data, people, client):  # noqa: F811
    d = pages_data
    client.force_login(people["admin"])
    url = strategy_url(d)
    _count_queries(client, url)  # warm up: session, content types
    few = _count_queries(client, url)
    for i in range(4):
        goal = GoalFactory(strategy=d.strategy)
        for j in range(3):
            ind = IndicatorFactory(goal=goal)
            for k in range(3):
                Measurement.objects.create(indicator=ind, measured_on=dt.date(2020 + k, 1, 1 + j), value=45 + i)
    many = _count_queries(client, url)
    assert many == few
    assert text(client.get(url)).count(">Delete<span") == 2 + 4 * 3 * 3


def test_meeting_page_queries_do_not_grow_with_decisions(pages_data, people, client):  # noqa: F811
    d = pages_data
    client.force_login(people["ict_chair"])  # allowed through the meeting's group, not a municipal role
    url = reverse("governance:meeting-detail", args=[d.meeting.pk])
    _count_queries(client, url)
    few = _count_queries(client, url)
    for i in range(2, 12):
        Decision.objects.create(meeting=d.meeting, reference=f"§ {i}", title=f"Beslut {i}", text="-")
    many = _count_queries(client, url)
    assert many == few
    assert text(client.get(url)).count(">Edit<span") == 11
