"""Prioritisation pages: permissions, scoring (htmx and full submit), scenarios, compare, query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from governance.models import GroupRole
from portfolio.models import CostLine, ProposalState, Scenario, Score
from portfolio.prioritisation.services import (
    criteria_model_get_or_create,
    scenario_delete,
    scenario_recommend,
    scores_save,
)
from portfolio.prioritisation.tasks import scenario_run
from tests.governance.factories import MeetingFactory, MembershipFactory, UserFactory
from tests.portfolio.factories import DecisionFactory, in_state

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def member(org):
    user = UserFactory(username="plain_board_member")
    MembershipFactory(user=user, group=org.board, role=GroupRole.MEMBER)
    return user


@pytest.fixture
def setup(org, people):
    a = in_state(org, people, ProposalState.UNDER_ASSESSMENT, title="Alfa")
    b = in_state(org, people, ProposalState.UNDER_ASSESSMENT, title="Beta")
    CostLine.objects.filter(proposal=a).update(amount=Decimal(600_000))
    CostLine.objects.filter(proposal=b).update(amount=Decimal(500_000))
    cycle = a.target_cycle
    cm = criteria_model_get_or_create(cycle=cycle, board=org.board)
    return {"a": a, "b": b, "cycle": cycle, "cm": cm}


def board_url(name, setup, org, *extra):
    return reverse(f"portfolio:{name}", args=[setup["cycle"].pk, org.board.pk, *extra])


def test_home_and_board_permissions(setup, org, people, member, client_for):
    home = reverse("portfolio:prioritisation-home")
    assert client_for(member).get(home).status_code == 200
    assert client_for(people["leader"]).get(home).status_code == 200
    for role in ("ict_member", "outsider"):
        assert client_for(people[role]).get(home).status_code == 403
    url = board_url("prioritisation-board", setup, org)
    assert client_for(member).get(url).status_code == 200
    other = UserFactory(username="sbf")
    MembershipFactory(user=other, group=org.other_board)
    assert client_for(other).get(url).status_code == 403
    assert client_for(people["ict_member"]).get(url).status_code == 403


def test_scoring_page_full_submit_and_scale_refusal(setup, org, member, client_for):
    client = client_for(member)
    url = board_url("prioritisation-score", setup, org)
    page = client.get(url)
    assert page.status_code == 200
    fit = setup["cm"].criteria.get(key="strategic_fit")
    risk = setup["cm"].criteria.get(key="risk")
    a = setup["a"]
    assert f'name="s-{a.pk}-{fit.pk}"' in page.content.decode()
    response = client.post(url, {f"s-{a.pk}-{fit.pk}": "4", f"s-{a.pk}-{risk.pk}": "9"})
    assert response.status_code == 400
    assert "outside the scale" in response.content.decode()
    assert not Score.objects.exists()  # all or nothing
    response = client.post(url, {f"s-{a.pk}-{fit.pk}": "4", f"s-{a.pk}-{risk.pk}": "2"})
    assert response.status_code == 302
    assert sorted(Score.objects.values_list("value", flat=True)) == [2, 4]


def test_scoring_cell_saves_through_htmx(setup, org, member, client_for):
    client = client_for(member)
    url = board_url("prioritisation-score", setup, org)
    fit = setup["cm"].criteria.get(key="strategic_fit")
    a = setup["a"]
    response = client.post(url, {f"s-{a.pk}-{fit.pk}": "5"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Saved" in response.content.decode()
    assert Score.objects.get().value == 5
    response = client.post(url, {f"s-{a.pk}-{fit.pk}": "0"}, HTTP_HX_REQUEST="true")
    assert "Not saved" in response.content.decode()
    assert Score.objects.get().value == 5


def test_members_see_only_their_own_scores(setup, org, people, member, client_for):
    chair = people["board_member"]
    fit = setup["cm"].criteria.get(key="strategic_fit")
    a = setup["a"]
    scores_save(criteria_model=setup["cm"], scorer=chair, values={(a.pk, fit.pk): 3})
    page = " ".join(client_for(member).get(board_url("prioritisation-score", setup, org)).content.decode().split())
    assert f'name="s-{a.pk}-{fit.pk}" value=""' in page
    ranking = board_url("prioritisation-ranking", setup, org)
    assert client_for(member).get(ranking).status_code == 403
    assert client_for(chair).get(ranking).status_code == 200
    assert client_for(member).post(board_url("prioritisation-open-scores", setup, org)).status_code == 403
    assert client_for(chair).post(board_url("prioritisation-open-scores", setup, org), {"open": "1"}).status_code == 302
    assert client_for(member).get(ranking).status_code == 200


def test_ranking_page_shows_disagreement_in_words(setup, org, people, member, client_for):
    chair = people["board_member"]
    fit = setup["cm"].criteria.get(key="strategic_fit")
    a = setup["a"]
    scores_save(criteria_model=setup["cm"], scorer=chair, values={(a.pk, fit.pk): 1})
    scores_save(criteria_model=setup["cm"], scorer=member, values={(a.pk, fit.pk): 5})
    page = client_for(chair).get(board_url("prioritisation-ranking", setup, org)).content.decode()
    assert "Members disagree" in page and "Disagreement" in page


def test_final_score_page(setup, org, people, member, client_for):
    url = board_url("prioritisation-final-score", setup, org, setup["a"].pk)
    assert client_for(member).get(url).status_code == 403
    chair = client_for(people["board_member"])
    response = chair.post(url, {"value": "80", "reason": ""})
    assert response.status_code == 200 and "Give the reason" in response.content.decode()
    assert chair.post(url, {"value": "80", "reason": "Lagkrav"}).status_code == 302
    assert setup["cm"].final_scores.get().value == Decimal(80)


def test_criteria_page(setup, org, people, member, client_for):
    url = board_url("prioritisation-criteria", setup, org)
    assert client_for(member).get(url).status_code == 403
    chair = client_for(people["board_member"])
    page = chair.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {k: ("" if v is None else ("on" if v is True else v)) for k, v in form.initial.items()}
    for name, field in form.fields.items():
        value = field.initial
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    fit = setup["cm"].criteria.get(key="strategic_fit")
    data[f"c{fit.pk}_weight"] = "5"
    response = chair.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    fit.refresh_from_db()
    assert fit.weight == Decimal(5)
    assert fit.weight_changes.get().new_weight == Decimal(5)


def scenario_data(setup, total, **extra):
    year = setup["cycle"].plan_year
    data = {
        "name": "Scenario 1",
        "objective": "npv",
        "npv_weight": "0.5",
        f"budget_{year}": str(total),
        "exclusions": "",
    }
    data.update(extra)
    return data


def test_scenario_preview_run_detail_compare_recommend(setup, org, people, member, client_for):
    client = client_for(member)
    url = board_url("scenario-create", setup, org)
    assert client.get(url).status_code == 200
    preview = client.post(url, {**scenario_data(setup, 700_000), "preview": "1"})
    assert preview.status_code == 200 and "Preview: rank cut-off" in preview.content.decode()
    assert not Scenario.objects.exists()
    response = client.post(url, {**scenario_data(setup, 700_000), "run": "1"})
    assert response.status_code == 302
    first = Scenario.objects.get()
    detail = client.get(first.get_absolute_url())
    body = detail.content.decode()
    assert detail.status_code == 200 and "<svg" in body and "Proven optimal" in body
    assert "Efficient frontier in numbers" in body
    client.post(url, {**scenario_data(setup, 1_100_000, name="Scenario 2"), "run": "1"})
    second = Scenario.objects.exclude(pk=first.pk).get()
    compare = client.get(reverse("portfolio:scenario-compare") + f"?a={first.pk}&b={second.pk}")
    assert compare.status_code == 200 and "Moved in" in compare.content.decode()
    recommend = reverse("portfolio:scenario-recommend", args=[first.pk])
    client.post(recommend)
    first.refresh_from_db()
    assert not first.is_recommended  # a plain member may not
    client_for(people["board_member"]).post(recommend)
    first.refresh_from_db()
    assert first.is_recommended
    assert client_for(people["ict_member"]).get(first.get_absolute_url()).status_code == 404


def test_scenario_bad_input_shown_and_nothing_saved(setup, org, member, client_for):
    a = setup["a"]
    a.is_mandatory = True
    a.save()
    client = client_for(member)
    url = board_url("scenario-create", setup, org)
    year = setup["cycle"].plan_year
    response = client.post(url, {**scenario_data(setup, 500_000), "mandatory": [str(a.pk)], "run": "1"})
    assert response.status_code == 400
    assert f"Mandatory items alone exceed the {year} budget by 100\xa0tkr." in response.content.decode()
    response = client.post(url, {**scenario_data(setup, 500_000, exclusions="X-1, Y-2"), "run": "1"})
    assert response.status_code == 400 and "not among the candidates" in response.content.decode()
    response = client.post(url, {**scenario_data(setup, 500_000), f"budget_{year}": "-5", "run": "1"})
    assert response.status_code == 400
    assert not Scenario.objects.exists()


def test_leadership_page_and_settlement(setup, org, people, member, client_for):
    leader = client_for(people["leader"])
    url = reverse("portfolio:prioritisation-leadership", args=[setup["cycle"].pk])
    assert leader.get(url).status_code == 200
    assert client_for(member).get(url).status_code == 403
    create = reverse("portfolio:leadership-scenario-create", args=[setup["cycle"].pk])
    assert client_for(member).get(create).status_code == 403
    leader = client_for(people["leader"])  # the test client is shared: sign the leader in again
    assert leader.post(create, {**scenario_data(setup, 2_000_000), "run": "1"}).status_code == 302
    scenario = Scenario.objects.get(board__isnull=True)
    decision = DecisionFactory(meeting=MeetingFactory(group=org.leadership))
    settle = reverse("portfolio:scenario-settle", args=[scenario.pk])
    assert leader.post(settle, {"decision": decision.pk}).status_code == 302
    scenario.refresh_from_db()
    assert scenario.decision == decision and scenario.is_recommended


def test_scoring_page_query_count_does_not_grow(setup, org, people, member, client_for):
    client = client_for(member)
    url = board_url("prioritisation-score", setup, org)
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(4):
        p = in_state(org, people, ProposalState.UNDER_ASSESSMENT, title=f"Extra {i}")
        Score.objects.create(proposal=p, criterion=setup["cm"].criteria.first(), scorer=member, value=3)
    assert count() == before


def test_ranking_page_query_count_does_not_grow(setup, org, people, client_for):
    client = client_for(people["board_member"])
    url = board_url("prioritisation-ranking", setup, org)
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(3):
        p = in_state(org, people, ProposalState.RECOMMENDED, title=f"Extra {i}")
        Score.objects.create(proposal=p, criterion=setup["cm"].criteria.first(), scorer=people["board_member"], value=4)
    assert count() == before


def test_scenario_delete_confirms_and_keeps_what_others_rely_on(setup, org, people, member, client_for):
    client = client_for(member)
    create = board_url("scenario-create", setup, org)
    client.post(create, {**scenario_data(setup, 700_000, name="Keep"), "run": "1"})
    client.post(create, {**scenario_data(setup, 1_100_000, name="Drop"), "run": "1"})
    keep, drop = Scenario.objects.get(name="Keep"), Scenario.objects.get(name="Drop")
    scenario_recommend(scenario=keep, actor=people["board_member"])  # the chair's recommendation

    delete = reverse("portfolio:scenario-delete", args=[drop.pk])
    assert delete in client.get(drop.get_absolute_url()).content.decode()
    kept_link = reverse("portfolio:scenario-delete", args=[keep.pk])
    assert kept_link not in client.get(keep.get_absolute_url()).content.decode()  # the recommendation stays
    page = client.get(delete)
    assert page.status_code == 200 and "This cannot be undone" in page.content.decode()
    assert client.post(delete, {}).status_code == 200  # no confirmation: nothing happens
    assert Scenario.objects.filter(pk=drop.pk).exists()
    response = client.post(delete, {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == board_url("prioritisation-board", setup, org)
    assert not Scenario.objects.filter(pk=drop.pk).exists()

    kept = client.post(reverse("portfolio:scenario-delete", args=[keep.pk]), {"confirm": "on"})
    assert kept.status_code == 200 and "It is the recommendation for the plan year" in kept.content.decode()
    assert Scenario.objects.filter(pk=keep.pk).exists()

    other = UserFactory(username="sbf_member")
    MembershipFactory(user=other, group=org.other_board)  # another board: may not even see it
    assert (
        client_for(other).post(reverse("portfolio:scenario-delete", args=[keep.pk]), {"confirm": "on"}).status_code
        == 404
    )
    assert (
        client_for(people["leader"])
        .post(reverse("portfolio:scenario-delete", args=[keep.pk]), {"confirm": "on"})
        .status_code
        == 403
    )  # reads, may not delete


def test_a_scenario_deleted_before_its_run_ends_the_run_quietly(setup, org, people):
    scenario = Scenario.objects.create(
        cycle=setup["cycle"], board=org.board, name="Queued", created_by=people["board_member"]
    )
    scenario_delete(scenario=scenario, actor=people["board_member"])
    assert scenario_run(scenario.pk) == {"status": "deleted", "proven_optimal": None, "gap": None}


def test_deletion_blockers_name_every_reason(setup, org, people):
    scenario = Scenario(cycle=setup["cycle"], board=org.board, name="S", created_by=people["board_member"])
    assert scenario.deletion_blockers() == []
    scenario.is_recommended = True
    scenario.decision = DecisionFactory(meeting=MeetingFactory(group=org.leadership))
    scenario.status = "running"
    assert [str(m) for m in scenario.deletion_blockers()] == [
        "It is the recommendation for the plan year; mark another scenario first.",
        "A decision refers to it.",
        "It is being solved right now; wait until it has finished.",
    ]
