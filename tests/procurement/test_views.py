from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from procurement import services
from procurement.models import CaseItem, CaseItemStatus, ChecklistTemplate, Phase
from procurement.workflows import case_advance_phase, case_workflow
from tests.governance.test_workflow import drawn
from tests.pdfs import pdf_text
from tests.portfolio.factories import ProposalFactory

from .factories import TINY_PDF, complete_phase, open_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _item_post(item, **values):
    data = {"status": "done", "evidence_text": "", "evidence_link": "", "reason": "", "expected_version": item.version}
    data.update(values)
    return data


def test_list_page_query_count_does_not_grow_with_rows(org, people, client_for):
    client = client_for(people["board_member"])
    url = reverse("procurement:case-list")
    for _ in range(2):
        open_case(org, people)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(8):
        open_case(org, people)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url + "?blocked=true")
    assert response.status_code == 200
    assert len(many) == len(few)
    assert response.content.decode().count("UPH-") >= 10


def test_list_filters_and_exports(org, people, client_for):
    blocked = open_case(org, people, title="Blockerad")
    free = open_case(org, people, title="Fri")
    complete_phase(free, people["ict_member"])
    client = client_for(people["board_member"])
    body = client.get(reverse("procurement:case-list") + "?blocked=false").content.decode()
    assert free.reference in body and blocked.reference not in body
    export = client.get(reverse("procurement:case-list") + "?_export=csv")
    assert export.status_code == 200 and blocked.reference in export.getvalue().decode()


def test_detail_says_exactly_what_blocks_the_gate(org, people, client_for):
    case = open_case(org, people)
    items = list(case.items.filter(phase=Phase.PREPARATION).order_by("order"))
    for item in items[:-1]:
        services.case_item_set_status(item=item, actor=people["ict_member"], status="done", evidence_text="ok")
    response = client_for(people["board_member"]).get(case.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "The gate is blocked by 1 mandatory item" in body
    assert f'href="#item-{items[-1].pk}"' in body
    assert body.count("<h1") == 1


def test_detail_query_count_does_not_grow_with_items(org, people, client_for):
    case = open_case(org, people)
    client = client_for(people["ict_member"])
    client.get(case.get_absolute_url())
    with CaptureQueriesContext(connection) as before:
        client.get(case.get_absolute_url())
    complete_phase(case, people["ict_member"])
    with CaptureQueriesContext(connection) as after:
        client.get(case.get_absolute_url())
    assert len(after) == len(before)


def test_advance_page_confirms_and_refuses_a_blocked_gate(org, people, client_for):
    case = open_case(org, people)
    client = client_for(people["ict_member"])
    url = reverse("procurement:case-advance", args=[case.pk])
    page = client.get(url).content.decode()
    assert "The gate is blocked by these mandatory items" in page
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 200 and "still open" in response.content.decode()
    complete_phase(case, people["ict_member"])
    assert client.post(url, {}).status_code == 200  # no confirmation ticked: nothing happens
    case.refresh_from_db()
    assert case.phase == Phase.PREPARATION
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.phase == Phase.REQUIREMENTS


def test_outsider_cannot_use_the_advance_page(org, people, client_for):
    case = open_case(org, people)
    complete_phase(case, people["ict_member"])
    assert (
        client_for(people["board_member"])
        .post(reverse("procurement:case-advance", args=[case.pk]), {"confirm": "on"})
        .status_code
        == 403
    )  # reads, may not act
    assert (
        client_for(people["outsider"])
        .post(reverse("procurement:case-advance", args=[case.pk]), {"confirm": "on"})
        .status_code
        == 404
    )  # may not even read
    case.refresh_from_db()
    assert case.phase == Phase.PREPARATION


def test_waive_through_the_page_only_for_it_coordination(org, people, client_for):
    case = open_case(org, people)
    item = case.items.first()
    url = reverse("procurement:item-update", args=[item.pk])
    response = client_for(people["ict_member"]).post(url, _item_post(item, status="waived", reason="Brådskande"))
    assert response.status_code == 200  # the choice is not offered: a form error
    item.refresh_from_db()
    assert item.status == CaseItemStatus.OPEN
    response = client_for(people["it_coordinator"]).post(url, _item_post(item, status="waived", reason="Brådskande"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == CaseItemStatus.WAIVED


def test_upload_with_wrong_content_is_refused_and_nothing_saved(org, people, client_for, media):
    case = open_case(org, people)
    item = case.items.first()
    fake = SimpleUploadedFile("beslut.pdf", b"MZ this is not a pdf", content_type="application/pdf")
    response = client_for(people["ict_member"]).post(
        reverse("procurement:item-update", args=[item.pk]), _item_post(item, evidence_file=fake)
    )
    body = response.content.decode()
    assert response.status_code == 200 and "is not PDF" in body
    item.refresh_from_db()
    assert item.status == CaseItemStatus.OPEN and not item.evidence_file
    assert not list(media.rglob("*.pdf"))


def test_oversized_upload_is_refused(org, people, client_for, settings):
    settings.UPLOAD_MAX_BYTES = 50
    case = open_case(org, people)
    item = case.items.first()
    big = SimpleUploadedFile("beslut.pdf", TINY_PDF + b"0" * 100)
    response = client_for(people["ict_member"]).post(
        reverse("procurement:item-update", args=[item.pk]), _item_post(item, evidence_file=big)
    )
    assert "the limit is" in response.content.decode()
    item.refresh_from_db()
    assert item.status == CaseItemStatus.OPEN


def test_evidence_file_stored_with_random_name_and_served_only_signed_in(org, people, client, client_for, media):
    case = open_case(org, people)
    item = case.items.first()
    upload = SimpleUploadedFile("Behovsanalys.pdf", TINY_PDF, content_type="application/pdf")
    response = client_for(people["ict_member"]).post(
        reverse("procurement:item-update", args=[item.pk]), _item_post(item, evidence_file=upload)
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == CaseItemStatus.DONE and item.evidence_file_name == "Behovsanalys.pdf"
    stored = item.evidence_file.name
    assert "Behovsanalys" not in stored and stored.startswith("procurement/evidence/")
    assert (media / stored).exists()
    url = reverse("procurement:item-evidence", args=[item.pk])
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    reader = client_for(people["board_member"]).get(url)
    assert reader.status_code == 200
    assert b"".join(reader.streaming_content) == TINY_PDF
    assert reader["X-Content-Type-Options"] == "nosniff"
    assert reader["Content-Disposition"].startswith("attachment")
    assert reader["Content-Type"] == "application/pdf"


def test_missing_evidence_file_is_404(org, people, client_for):
    case = open_case(org, people)
    item = case.items.first()
    reader = client_for(people["board_member"])
    assert reader.get(reverse("procurement:item-evidence", args=[item.pk])).status_code == 404
    assert reader.get(reverse("procurement:item-evidence", args=[999999])).status_code == 404


def test_htmx_item_update_returns_the_row(org, people, client_for):
    case = open_case(org, people)
    item = case.items.first()
    client = client_for(people["ict_member"])
    url = reverse("procurement:item-update", args=[item.pk])
    form = client.get(url, HTTP_HX_REQUEST="true")
    assert "<form" in form.content.decode() and "<html" not in form.content.decode()
    response = client.post(url, _item_post(item, evidence_text="Workshop 3 mars"), HTTP_HX_REQUEST="true")
    assert response["HX-Retarget"] == f"#item-{item.pk}"
    assert "Workshop 3 mars" in response.content.decode()


def test_create_case_from_a_proposal(org, people, client_for):

    proposal = ProposalFactory(owning_group=org.ict_group, author=people["ict_member"])
    client = client_for(people["ict_member"])
    page = client.get(reverse("procurement:case-create") + f"?proposal={proposal.pk}")
    assert page.status_code == 200
    response = client.post(
        reverse("procurement:case-create"),
        {
            "proposal": proposal.pk,
            "title": "Elevregister",
            "estimated_value": "-5",
            "contract_months": 48,
            "procedure": "open",
            "responsible": people["ict_member"].pk,
        },
    )
    assert response.status_code == 200 and not proposal.procurement_cases.exists()
    response = client.post(
        reverse("procurement:case-create"),
        {
            "proposal": proposal.pk,
            "title": "Elevregister",
            "estimated_value": "1200000",
            "contract_months": 48,
            "procedure": "open",
            "responsible": people["ict_member"].pk,
        },
    )
    assert response.status_code == 302
    assert proposal.procurement_cases.get().items.count() == 22


def test_outsider_cannot_create(org, people, client_for):
    assert client_for(people["outsider"]).get(reverse("procurement:case-create")).status_code == 403


def test_decision_page_routes_to_the_required_level(org, people, client_for):
    case = open_case(org, people, value=Decimal(12_000_000))
    client = client_for(people["it_coordinator"])
    page = client.get(reverse("procurement:decision-record", args=[case.pk])).content.decode()
    assert "Executive committee" in page
    response = client.post(
        reverse("procurement:decision-record", args=[case.pk]),
        {"level": "municipal_director", "decided_on": "2026-03-01", "text": "Tilldelning"},
    )
    assert response.status_code == 200 and "executive committee" in response.content.decode()
    assert not case.decisions.exists()
    assert (
        client_for(people["ict_member"]).get(reverse("procurement:decision-record", args=[case.pk])).status_code == 403
    )


def test_valuation_and_reuse_pages(org, people, client_for):
    case = open_case(org, people)
    client = client_for(people["ict_member"])
    url = reverse("procurement:valuation-edit", args=[case.pk])
    assert client.get(url).status_code == 200
    data = {
        "w-weight_cost": 30,
        "w-weight_risk": 25,
        "w-weight_classification": 20,
        "w-weight_mobility": 10,
        "w-weight_exit": 15,
        "o-TOTAL_FORMS": 3,
        "o-INITIAL_FORMS": 3,
    }
    rows = [
        ("own_data_centre", 1_000_000, 4, 5, 2, 4),
        ("other_municipality", 800_000, 3, 4, 3, 3),
        ("cloud", 500_000, 2, 2, 5, 2),
    ]
    for i, (option, cost, risk, cls, mob, ex) in enumerate(rows):
        data.update(
            {
                f"o-{i}-option": option,
                f"o-{i}-include": "on",
                f"o-{i}-total_cost": cost,
                f"o-{i}-risk_score": risk,
                f"o-{i}-classification_score": cls,
                f"o-{i}-mobility_score": mob,
                f"o-{i}-exit_score": ex,
            }
        )
    assert client.post(url, data).status_code == 302
    case.valuation.refresh_from_db()
    assert case.valuation.recommended == "own_data_centre"
    detail = client.get(case.get_absolute_url()).content.decode()
    assert "3,55" in detail or "3.55" in detail
    assert client.get(reverse("procurement:reuse-check", args=[case.pk])).status_code == 200


def test_template_pages_for_it_coordination(org, people, client_for):
    v1 = ChecklistTemplate.objects.current()
    client = client_for(people["it_coordinator"])
    assert client.get(reverse("procurement:template-list")).status_code == 200
    assert client.get(v1.get_absolute_url()).status_code == 200
    # A published version cannot be edited in place: the edit page sends the user back with a message.
    assert client.get(reverse("procurement:template-edit", args=[v1.pk])).status_code == 302
    response = client.post(reverse("procurement:template-new-draft"))
    draft = ChecklistTemplate.objects.drafts().get()
    assert response["Location"] == reverse("procurement:template-edit", args=[draft.pk])
    assert client.get(response["Location"]).status_code == 200
    assert client.post(reverse("procurement:template-publish", args=[draft.pk]), {"confirm": "on"}).status_code == 302
    assert ChecklistTemplate.objects.current() == ChecklistTemplate.objects.get(pk=draft.pk)
    other = client_for(people["ict_member"])
    assert other.post(reverse("procurement:template-new-draft")).status_code == 403


def test_audit_pack_pdf(org, people, client_for):
    case = open_case(org, people)
    services.case_item_set_status(
        item=case.items.first(), actor=people["it_coordinator"], status="waived", reason="Gjord tidigare"
    )
    response = client_for(people["board_member"]).get(reverse("procurement:case-pdf", args=[case.pk]))
    data = response.getvalue()  # a FileResponse streams: read it once
    assert response.status_code == 200 and data.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="{case.reference}-audit.pdf"'
    text = pdf_text(data)
    # governance.pdf's pieces: the facts with the value in plain whole kronor, the footer with page numbers.
    assert "2 000 000 kr" in text and f"Audit pack {case.reference}" in text and "Page 1" in text
    assert "Gjord tidigare" in text


def test_overview_query_count_does_not_grow(org, people, client_for):
    client = client_for(people["board_member"])
    url = reverse("procurement:overview")
    open_case(org, people)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(5):
        case = open_case(org, people)
        services.case_item_set_status(
            item=case.items.first(), actor=people["it_coordinator"], status="waived", reason="Gjord tidigare"
        )
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert len(many) == len(few)
    assert "Gjord tidigare" in body


def test_history_page(org, people, client_for):
    case = open_case(org, people)
    reader = client_for(people["board_member"])
    assert reader.get(reverse("procurement:case-history", args=[case.pk])).status_code == 200


def test_items_of_an_unknown_case_are_404(org, people, client_for):
    assert client_for(people["ict_member"]).get(reverse("procurement:item-update", args=[123456])).status_code == 404
    assert client_for(people["ict_member"]).get(reverse("procurement:case-detail", args=[123456])).status_code == 404
    assert CaseItem.objects.count() == 0


def test_a_draft_proposals_case_is_hidden_from_those_who_cannot_read_the_draft(org, people, client_for):
    case = open_case(org, people)  # for a draft of the ICT group
    outsider = client_for(people["outsider"])
    assert outsider.get(case.get_absolute_url()).status_code == 404
    assert outsider.get(reverse("procurement:case-pdf", args=[case.pk])).status_code == 404
    assert case.reference not in outsider.get(reverse("procurement:case-list")).content.decode()
    assert client_for(people["ict_member"]).get(case.get_absolute_url()).status_code == 200


def test_case_page_offers_the_next_phase_only_to_those_who_may_move_it(org, people, client_for):
    """The phase gate's button is the transition bar's: the allowed transition, linking to its page."""

    case = open_case(org, people)
    advance = reverse("procurement:case-advance", args=[case.pk])
    for role, may in (("ict_member", True), ("board_member", False)):
        page = client_for(people[role]).get(case.get_absolute_url()).content.decode()
        assert drawn(page) == ({case_workflow.available(case)[0].action: "link"} if may else {})
        assert (advance in page) is may
    while not case.is_closed:
        complete_phase(case, people["ict_member"])
        case = case_advance_phase(case=case, actor=people["ict_member"])
    assert drawn(client_for(people["ict_member"]).get(case.get_absolute_url()).content.decode()) == {}
