"""governance.selectors.people_index: the importers' one lookup of people by user name, e-mail or name."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from governance.selectors import people_index

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_by_user_name_e_mail_or_full_name_in_any_case_and_spacing(django_assert_num_queries):
    anna = UserFactory(username="anna.b", email="Anna.Berg@kommun.example", first_name="Anna", last_name="Berg")
    UserFactory(username="gone", first_name="Old", last_name="User", is_active=False)
    with django_assert_num_queries(1):
        index = people_index()
    for text in ("anna.b", "ANNA.B", "anna.berg@kommun.example", "Anna Berg", "  anna   BERG "):
        assert index.pk_for(text) == anna.pk
    with pytest.raises(ValidationError) as err:
        index.pk_for("Old User")  # inactive people are not found
    assert err.value.code == "unknown_person"
    assert err.value.messages == ["Nobody with user name, e-mail or name “Old User”."]


def test_a_shared_full_name_is_ambiguous_but_user_names_still_work():
    first = UserFactory(username="eva1", email="eva1@kommun.example", first_name="Eva", last_name="Lind")
    second = UserFactory(username="eva2", email="eva2@kommun.example", first_name="Eva", last_name="Lind")
    index = people_index()
    with pytest.raises(ValidationError) as err:
        index.pk_for("eva  lind")
    assert err.value.code == "ambiguous_person"
    assert err.value.messages == ["Several people are called “eva lind”: use the user name or e-mail."]
    assert (index.pk_for("eva1"), index.pk_for("EVA2@kommun.example")) == (first.pk, second.pk)


def test_a_user_name_wins_over_an_e_mail_that_reads_the_same():
    owner = UserFactory(username="kim@kommun.example", email="kim.other@kommun.example")
    UserFactory(username="kim", email="kim@kommun.example")
    assert people_index().pk_for("kim@kommun.example") == owner.pk
