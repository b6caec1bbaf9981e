"""Reuse suggestions on a small labelled set: the right system must rank first."""

import pytest

from portfolio.models import ProposalState
from procurement.reuse import Document, rank_documents, reuse_suggestions, tokenize
from tests.maintenance_plans.factories import SystemFactory
from tests.portfolio.factories import ProposalFactory

from .factories import open_case

SYSTEMS = [
    Document(
        "system",
        1,
        "Procapita",
        "Procapita Verksamhetssystem för individ- och familjeomsorg, "
        "biståndshandläggning och hemtjänst. Ärendehantering, dokumentation av insatser, social journal.",
    ),
    Document(
        "system",
        2,
        "Skolplattformen",
        "Skolplattformen Lärplattform för grundskolan med närvaro, schema och "
        "bedömning. Elevnärvaro, schemaläggning, betyg, kommunikation med vårdnadshavare.",
    ),
    Document(
        "system",
        3,
        "Ciceron",
        "Ciceron Dokument- och ärendehanteringssystem för nämnder och diarium. "
        "Diarieföring, nämndadministration, e-arkiv.",
    ),
    Document(
        "system", 4, "Agresso", "Agresso Ekonomisystem. Fakturahantering, budget, redovisning, budgetuppföljning."
    ),
    Document(
        "system",
        5,
        "Bygglovsportalen",
        "Bygglovsportalen E-tjänst för handläggning av bygglov. Ansökan om bygglov, kartor, ritningar.",
    ),
]

LABELLED = [
    ("Nytt system för schemaläggning och närvaro av elever i grundskolan", "Skolplattformen"),
    ("Digital fakturahantering och budgetuppföljning", "Agresso"),
    ("Diarium och ärendehantering för nämndernas protokoll", "Ciceron"),
    ("Dokumentation av insatser i hemtjänsten och social journal", "Procapita"),
    ("E-tjänst där medborgare söker bygglov med ritningar", "Bygglovsportalen"),
]


def test_tokenize_lowercases_strips_punctuation_and_stop_words():
    assert tokenize("Elevernas NÄRVARO, i skolan!") == ["elev", "närvaro", "skol"]
    assert tokenize("och för med") == []


@pytest.mark.parametrize("query, expected", LABELLED)
def test_right_system_ranks_first(query, expected):
    ranked = rank_documents(query, SYSTEMS)
    assert ranked, query
    assert ranked[0].document.label == expected
    assert ranked[0].score > (ranked[1].score if len(ranked) > 1 else 0)


def test_nothing_similar_gives_no_suggestions():
    assert rank_documents("Snöröjning av gator", SYSTEMS) == []
    assert rank_documents("", SYSTEMS) == []


@pytest.mark.django_db
def test_case_suggestions_cover_systems_and_other_groups_open_proposals(org, people):

    for doc in SYSTEMS:
        SystemFactory(name=doc.label, description=doc.text, administration=org.administration)
    elsewhere = ProposalFactory(
        owning_group=org.other_ict_group,
        author=people["other_ict_member"],
        title="Schemaläggning för grundskolans elever",
        state=ProposalState.SUBMITTED,
    )
    same_group = ProposalFactory(
        owning_group=org.ict_group,
        author=people["ict_member"],
        title="Schemaläggning av elevers närvaro",
        state=ProposalState.SUBMITTED,
    )
    case = open_case(
        org, people, title="Schemaläggning och närvaro för grundskolan", description="Elevernas närvaro och schema"
    )
    suggestions = reuse_suggestions(case, user=people["ict_member"])
    systems = [s for s in suggestions if s.document.kind == "system"]
    assert systems[0].document.label == "Skolplattformen"
    proposal_ids = {s.document.id for s in suggestions if s.document.kind == "proposal"}
    assert elsewhere.pk in proposal_ids and same_group.pk not in proposal_ids
