"""The workflow engine's presentation side: a Transition says how the transition bar offers it, the bar
draws exactly the allowed transitions that way, and every lifecycle that draws buttons has a URL for them."""

import re
from dataclasses import replace
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.test import RequestFactory

from governance.models import Goal
from governance.models.audit import WORKFLOWS
from governance.workflow import Transition, TransitionButton, Workflow

BAR = "includes/transition_bar.html"


class User:
    def __init__(self, *perms):
        self.perms = set(perms)

    def has_perm(self, perm, obj=None):
        return perm in self.perms


@pytest.fixture
def lifecycle():
    """A small lifecycle on a model that has none (removed from the registry afterwards)."""
    flow = Workflow(
        model=Goal,
        transitions=[
            Transition("send", frozenset({"draft"}), "sent", "x.send", label="Send"),
            Transition("note", frozenset({"draft"}), "draft", "x.send", label="Note", asks_comment=True),
            Transition(
                "refuse",
                frozenset({"draft", "sent"}),
                "refused",
                "x.judge",
                label="Refuse",
                requires_comment=True,
                needs_form=True,
                style="danger",
            ),
            Transition("drop", frozenset({"draft"}), "dropped", "x.judge", label="Drop", needs_confirmation=True),
        ],
        url=lambda obj, t: f"/things/{obj.pk}/{t.action}/",
    )
    yield flow
    WORKFLOWS.pop(Goal._meta.label_lower, None)


def render_bar(buttons) -> str:

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return render_to_string(BAR, {"buttons": buttons}, request=request)


def drawn(html: str) -> dict[str, str]:
    """{action: "post" | "link"} for every button the bar drew."""
    found = {}
    for tag, action in re.findall(r'<(form|a)\b[^>]*data-transition="([^"]+)"', html):
        assert action not in found, f"{action} drawn twice"
        found[action] = "post" if tag == "form" else "link"
    return found


# A Transition's posting mode -------------------------------------------------------------------------


def test_posting_mode_comes_from_the_transition():
    plain = Transition("a", frozenset({"x"}), "y", "p")
    assert plain.posts_directly and not plain.asks_comment
    assert not Transition("a", frozenset({"x"}), "y", "p", needs_form=True).posts_directly
    assert not Transition("a", frozenset({"x"}), "y", "p", needs_confirmation=True).posts_directly
    assert Transition("a", frozenset({"x"}), "y", "p", asks_comment=True).posts_directly


def test_a_required_comment_must_be_asked_for_somewhere():
    with pytest.raises(ValueError, match="requires a comment"):
        Transition("a", frozenset({"x"}), "y", "p", requires_comment=True)
    with pytest.raises(ValueError, match="page of its own"):
        Transition("a", frozenset({"x"}), "y", "p", asks_comment=True, needs_form=True)
    Transition("a", frozenset({"x"}), "y", "p", requires_comment=True, asks_comment=True)
    Transition("a", frozenset({"x"}), "y", "p", requires_comment=True, needs_form=True)


def test_every_declared_lifecycle_has_a_url_for_its_bar():

    declared = {label for label in WORKFLOWS if label != Goal._meta.label_lower}
    assert declared >= {
        "portfolio.proposal",
        "portfolio.project",
        "portfolio.itplan",
        "maintenance_plans.maintenanceplan",
        "procurement.procurementcase",
    }
    assert [label for label in declared if WORKFLOWS[label].url is None] == []


# The bar ---------------------------------------------------------------------------------------------


def test_bar_is_the_allowed_actions_with_their_urls(lifecycle):
    thing = SimpleNamespace(pk=7, state="draft")
    buttons = lifecycle.bar(thing, User("x.send"))
    assert buttons == [
        TransitionButton(lifecycle.get("send"), "/things/7/send/"),
        TransitionButton(lifecycle.get("note"), "/things/7/note/"),
    ]
    assert [b.transition for b in lifecycle.bar(thing, User("x.send", "x.judge"))] == lifecycle.allowed_actions(
        thing, User("x.send", "x.judge")
    )
    assert lifecycle.bar(SimpleNamespace(pk=7, state="refused"), User("x.send", "x.judge")) == []


def test_bar_needs_a_url(lifecycle):
    bare = Workflow(model=Goal, transitions=list(lifecycle.transitions))
    with pytest.raises(ImproperlyConfigured):
        bare.bar(SimpleNamespace(pk=1, state="draft"), User("x.send"))


def test_template_draws_exactly_the_buttons_in_the_transitions_mode(lifecycle):
    thing = SimpleNamespace(pk=7, state="draft")
    html = " ".join(render_bar(lifecycle.bar(thing, User("x.send", "x.judge"))).split())  # layout aside
    assert drawn(html) == {"send": "post", "note": "post", "refuse": "link", "drop": "link"}
    # Direct posts carry CSRF and the action, to the transition's URL, as real buttons with visible text.
    send = re.search(r'<form method="post" action="/things/7/send/" data-transition="send">(.*?)</form>', html, re.S)
    assert send and 'name="csrfmiddlewaretoken"' in send[1] and 'name="action" value="send"' in send[1]
    assert re.search(r'<button type="submit" class="btn btn-primary">Send</button>', send[1])
    assert 'name="comment"' not in send[1]
    note = re.search(r'data-transition="note">(.*?)</form>', html, re.S)[1]
    assert '<label class="visually-hidden" for="comment-note">' in note and 'id="comment-note"' in note
    # The others link to their own page.
    assert re.search(
        r'<a class="btn btn-outline-danger" href="/things/7/refuse/" data-transition="refuse">Refuse…</a>', html
    )
    assert 'href="/things/7/drop/"' in html
    assert render_bar([]).strip() == ""


def test_changing_the_transition_changes_the_button(lifecycle):
    """The template holds no list of actions: the same transition flips with its own fields."""

    send = lifecycle.get("send")
    as_page = replace(send, needs_confirmation=True)
    assert drawn(render_bar([TransitionButton(send, "/s/")])) == {"send": "post"}
    assert drawn(render_bar([TransitionButton(as_page, "/s/")])) == {"send": "link"}
    with_reason = replace(send, requires_comment=True, asks_comment=True)
    html = render_bar([TransitionButton(with_reason, "/s/")])
    assert re.search(r'<textarea[^>]*name="comment"[^>]*required', html)


def test_still_needed_only_from_a_source_state(lifecycle):
    def missing(obj):
        return "Write something."

    flow = Workflow(
        model=Goal, transitions=[Transition("send", frozenset({"draft"}), "sent", "x.send", preconditions=(missing,))]
    )
    assert flow.still_needed(SimpleNamespace(state="draft"), "send") == ["Write something."]
    assert flow.still_needed(SimpleNamespace(state="sent"), "send") == []
