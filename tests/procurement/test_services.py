from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from governance.exceptions import TransitionNotAllowed
from governance.models import StateChange
from governance.obligations import obligations_for
from procurement import services
from procurement.defaults import DEFAULT_ITEMS
from procurement.delegation import required_decision_level
from procurement.models import (
    CaseItemStatus,
    ChecklistTemplate,
    DecisionLevel,
    DecisionThreshold,
    Phase,
    Procedure,
    ProcurementCase,
)
from procurement.workflows import case_advance_phase, gate_blockers
from tests.maintenance_plans.factories import SystemFactory
from tests.portfolio.factories import ProposalFactory

from .factories import complete_phase, open_case

pytestmark = pytest.mark.django_db


# Cases ------------------------------------------------------------------------------------------


def test_case_gets_every_item_of_the_current_template(org, people):
    case = open_case(org, people)
    assert case.template.number == 1
    assert case.items.count() == len(DEFAULT_ITEMS) == 22
    assert case.phase == Phase.PREPARATION
    assert case.reference.startswith("UPH-") and case.reference.endswith("-001")
    assert open_case(org, people).reference.endswith("-002")


def test_case_needs_a_proposal_or_a_system(org, people):
    with pytest.raises(ValidationError):
        services.case_create(
            actor=people["it_coordinator"],
            title="X",
            estimated_value=Decimal(1),
            procedure="open",
            responsible=people["ict_member"],
        )


def test_negative_value_is_refused(org, people):
    with pytest.raises(ValidationError) as exc:
        open_case(org, people, value=Decimal("-1"))
    assert "estimated_value" in exc.value.message_dict
    assert ProcurementCase.objects.count() == 0


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("ict_member", True),
        ("it_coordinator", True),
        ("other_ict_member", False),
        ("outsider", False),
        ("board_member", False),
    ],
)
def test_who_may_open_a_case_for_a_proposal(org, people, role, allowed):
    proposal = ProposalFactory(owning_group=org.ict_group, author=people["ict_member"])
    if allowed:
        assert open_case(org, people, actor=people[role], proposal=proposal).pk
    else:
        with pytest.raises(PermissionDenied):
            open_case(org, people, actor=people[role], proposal=proposal)


def test_system_manager_may_open_a_case_for_their_system(org, people):
    system = SystemFactory(administration=org.administration, system_manager=people["outsider"])
    case = services.case_create(
        actor=people["outsider"],
        title="Förnyelse",
        estimated_value=Decimal(500_000),
        procedure="direct_award",
        responsible=people["outsider"],
        system=system,
    )
    assert case.system == system and case.proposal is None


# Gates ------------------------------------------------------------------------------------------


def test_gate_blocks_until_every_mandatory_item_passes(org, people):
    case = open_case(org, people)
    preparation = list(case.items.filter(phase=Phase.PREPARATION).order_by("order"))
    assert len(preparation) == 5
    with pytest.raises(TransitionNotAllowed) as exc:
        case_advance_phase(case=case, actor=people["ict_member"])
    assert "Behovsanalys med användarmedverkan" in str(exc.value)
    # Four passed, one open: still blocked, and the message names exactly that one.
    for item in preparation[:3]:
        services.case_item_set_status(item=item, actor=people["ict_member"], status="done", evidence_text="Ja")
    services.case_item_set_status(
        item=preparation[3], actor=people["ict_member"], status="not_applicable", reason="Ingen integration behövs."
    )
    assert [i.pk for i in gate_blockers(case)] == [preparation[4].pk]
    with pytest.raises(TransitionNotAllowed) as exc:
        case_advance_phase(case=case, actor=people["ict_member"])
    assert exc.value.messages == [f"These mandatory items of the phase are still open: {preparation[4].text}."]
    services.case_item_set_status(
        item=preparation[4], actor=people["ict_member"], status="done", evidence_text="Nyttokalkyl i förslaget"
    )
    case = case_advance_phase(case=case, actor=people["ict_member"], comment="Klart")
    assert case.phase == Phase.REQUIREMENTS
    change = StateChange.objects.get(object_id=case.pk, content_type__model="procurementcase")
    assert (change.before, change.after, change.actor, change.comment) == (
        "preparation",
        "requirements",
        people["ict_member"],
        "Klart",
    )


def test_optional_items_do_not_block(org, people):
    case = open_case(org, people)
    for phase in (Phase.PREPARATION, Phase.REQUIREMENTS):
        complete_phase(case, people["ict_member"], phase=phase)
        case = case_advance_phase(case=case, actor=people["ict_member"])
    optional = case.items.get(phase=Phase.PROCUREMENT, mandatory=False)
    assert optional.status == CaseItemStatus.OPEN
    complete_phase(case, people["ict_member"])
    assert case_advance_phase(case=case, actor=people["ict_member"]).phase == Phase.EVALUATION


def test_a_case_runs_to_closed_and_then_stops(org, people):
    case = open_case(org, people)
    for _ in range(5):
        complete_phase(case, people["it_coordinator"])
        case = case_advance_phase(case=case, actor=people["it_coordinator"])
    assert case.phase == Phase.CLOSED
    with pytest.raises(TransitionNotAllowed):
        case_advance_phase(case=case, actor=people["it_coordinator"])


@pytest.mark.parametrize("role", ["outsider", "other_ict_member", "board_member", "leader"])
def test_gate_cannot_be_forced_by_someone_not_allowed(org, people, role):
    case = open_case(org, people)
    complete_phase(case, people["ict_member"])
    with pytest.raises(PermissionDenied):
        case_advance_phase(case=case, actor=people[role])
    case.refresh_from_db()
    assert case.phase == Phase.PREPARATION


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("ict_member", True),
        ("ict_chair", True),
        ("it_coordinator", True),
        ("admin", True),
        ("outsider", False),
        ("other_ict_member", False),
        ("board_member", False),
    ],
)
def test_who_may_work_on_items(org, people, role, allowed):
    case = open_case(org, people, responsible=people["ict_member"])
    item = case.items.filter(phase=Phase.PREPARATION).first()
    if allowed:
        services.case_item_set_status(item=item, actor=people[role], status="done", evidence_text="ok")
    else:
        with pytest.raises(PermissionDenied):
            services.case_item_set_status(item=item, actor=people[role], status="done", evidence_text="ok")


def test_responsible_person_outside_the_group_may_work(org, people):
    case = open_case(org, people, responsible=people["outsider"])
    item = case.items.first()
    services.case_item_set_status(item=item, actor=people["outsider"], status="done", evidence_text="ok")


def test_done_needs_evidence_and_not_applicable_needs_a_reason(org, people):
    case = open_case(org, people)
    item = case.items.filter(evidence_required=True).first()
    with pytest.raises(ValidationError) as exc:
        services.case_item_set_status(item=item, actor=people["ict_member"], status="done")
    assert "evidence_text" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.case_item_set_status(item=item, actor=people["ict_member"], status="not_applicable", reason=" ")
    assert "reason" in exc.value.message_dict
    item.refresh_from_db()
    assert item.status == CaseItemStatus.OPEN
    done = services.case_item_set_status(
        item=item, actor=people["ict_member"], status="done", evidence_link="https://diarie.example/1"
    )
    assert done.completed_by == people["ict_member"] and done.completed_at is not None


def test_only_it_coordination_may_waive(org, people):
    case = open_case(org, people)
    item = case.items.first()
    for role in ("ict_member", "admin", "board_member"):
        with pytest.raises(PermissionDenied):
            services.case_item_set_status(item=item, actor=people[role], status="waived", reason="Brådskande")
    with pytest.raises(ValidationError):
        services.case_item_set_status(item=item, actor=people["it_coordinator"], status="waived", reason="")
    waived = services.case_item_set_status(
        item=item, actor=people["it_coordinator"], status="waived", reason="Behovsanalys gjord i tidigare upphandling."
    )
    assert waived.status == CaseItemStatus.WAIVED and waived.passes_gate


def test_items_of_a_passed_phase_are_frozen(org, people):
    case = open_case(org, people)
    complete_phase(case, people["ict_member"])
    case = case_advance_phase(case=case, actor=people["ict_member"])
    item = case.items.filter(phase=Phase.PREPARATION).first()
    with pytest.raises(ValidationError):
        services.case_item_set_status(item=item, actor=people["ict_member"], status="open")


def test_stale_item_edit_is_refused(org, people):
    case = open_case(org, people)
    item = case.items.first()
    services.case_item_set_status(
        item=item, actor=people["ict_member"], status="done", evidence_text="a", expected_version=1
    )
    with pytest.raises(ValidationError):
        services.case_item_set_status(item=item, actor=people["ict_member"], status="open", expected_version=1)


# Template versioning ------------------------------------------------------------------------------


def test_new_version_applies_to_new_cases_only(org, people):
    coordinator = people["it_coordinator"]
    old_case = open_case(org, people)
    v1 = ChecklistTemplate.objects.current()
    draft = services.template_new_draft(actor=coordinator)
    assert draft.number == 2 and draft.is_draft and draft.items.count() == 22
    assert services.template_new_draft(actor=coordinator) == draft  # one draft at a time
    # Before publishing, new cases still get version 1.
    assert open_case(org, people).template == v1
    keep = [i for i in draft.items.order_by("order")]
    rows = [
        {
            "id": i.pk,
            "phase": i.phase,
            "order": i.order,
            "text": i.text,
            "guidance": i.guidance,
            "mandatory": i.mandatory,
            "evidence_required": i.evidence_required,
        }
        for i in keep[1:]
    ]
    rows.append(
        {
            "id": None,
            "phase": "preparation",
            "order": 99,
            "text": "Samråd med dataskyddsombudet",
            "guidance": "",
            "mandatory": True,
            "evidence_required": True,
        }
    )
    services.template_items_save(
        template=draft,
        actor=coordinator,
        expected_version=draft.version,
        title="IT-modell",
        change_note="DSO",
        items=rows,
        deleted_ids=[keep[0].pk],
    )
    services.template_publish(template=draft, actor=coordinator)
    assert ChecklistTemplate.objects.current().number == 2
    new_case = open_case(org, people)
    assert new_case.template.number == 2
    texts = set(new_case.items.values_list("text", flat=True))
    assert "Samråd med dataskyddsombudet" in texts and keep[0].text not in texts
    # The running case keeps version 1's checklist untouched.
    old_case.refresh_from_db()
    assert old_case.template == v1
    assert old_case.items.filter(text=keep[0].text).exists()
    assert not old_case.items.filter(text="Samråd med dataskyddsombudet").exists()
    assert v1.items.count() == 22


def test_published_template_is_never_edited_in_place(org, people):
    v1 = ChecklistTemplate.objects.current()
    with pytest.raises(ValidationError):
        services.template_items_save(
            template=v1,
            actor=people["it_coordinator"],
            expected_version=v1.version,
            title="x",
            change_note="",
            items=[],
        )
    with pytest.raises(ValidationError):
        services.template_publish(template=v1, actor=people["it_coordinator"])


@pytest.mark.parametrize("role", ["ict_member", "board_member", "outsider"])
def test_only_it_coordination_changes_the_template(org, people, role):
    with pytest.raises(PermissionDenied):
        services.template_new_draft(actor=people[role])


def test_seed_command_is_idempotent(db):

    call_command("seed_procurement_template")
    call_command("seed_procurement_template")
    assert ChecklistTemplate.objects.count() == 1
    assert DecisionThreshold.objects.count() == 3


# Delegation -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, level",
    [
        ("0", DecisionLevel.DEPUTY_MUNICIPAL_DIRECTOR),
        ("2999999.99", DecisionLevel.DEPUTY_MUNICIPAL_DIRECTOR),
        ("3000000", DecisionLevel.DEPUTY_MUNICIPAL_DIRECTOR),
        ("3000000.01", DecisionLevel.MUNICIPAL_DIRECTOR),
        ("10000000", DecisionLevel.MUNICIPAL_DIRECTOR),
        ("10000001", DecisionLevel.EXECUTIVE_COMMITTEE),
        ("250000000", DecisionLevel.EXECUTIVE_COMMITTEE),
    ],
)
def test_threshold_routing(db, value, level):
    assert required_decision_level(Decimal(value)).level == level


def test_edited_thresholds_route_differently(db):
    DecisionThreshold.objects.filter(level=DecisionLevel.DEPUTY_MUNICIPAL_DIRECTOR).update(up_to=Decimal(1_000_000))
    assert required_decision_level(Decimal(2_000_000)).level == DecisionLevel.MUNICIPAL_DIRECTOR


def test_decision_needs_the_right_level(org, people):
    case = open_case(org, people, value=Decimal(5_000_000))
    coordinator = people["it_coordinator"]
    with pytest.raises(ValidationError) as exc:
        services.decision_record(
            case=case,
            actor=coordinator,
            level=DecisionLevel.DEPUTY_MUNICIPAL_DIRECTOR,
            decided_by=people["leader"],
            decided_on=date(2026, 3, 1),
            text="Tilldelning",
        )
    assert "municipal director" in " ".join(exc.value.message_dict["level"])
    decision = services.decision_record(
        case=case,
        actor=coordinator,
        level=DecisionLevel.MUNICIPAL_DIRECTOR,
        decided_by=people["leader"],
        decided_on=date(2026, 3, 1),
        text="Tilldelning",
    )
    assert decision.required_level == DecisionLevel.MUNICIPAL_DIRECTOR
    assert decision.value_at_decision == Decimal(5_000_000)
    item = case.items.get(key="decision")
    assert item.status == CaseItemStatus.DONE and "Tilldelning" not in item.evidence_text


def test_decision_recorded_by_the_delegation_holder_or_it_coordination(org, people):
    DecisionThreshold.objects.filter(level=DecisionLevel.MUNICIPAL_DIRECTOR).update(decider=people["leader"])
    case = open_case(org, people, value=Decimal(2_000_000))  # deputy level; the director is higher: allowed
    with pytest.raises(PermissionDenied):
        services.decision_record(
            case=case,
            actor=people["ict_member"],
            level=DecisionLevel.MUNICIPAL_DIRECTOR,
            decided_on=date(2026, 3, 1),
            text="Beslut",
        )
    decision = services.decision_record(
        case=case,
        actor=people["leader"],
        level=DecisionLevel.MUNICIPAL_DIRECTOR,
        decided_on=date(2026, 3, 1),
        text="Beslut",
    )
    assert decision.decided_by == people["leader"]
    with pytest.raises(ValidationError):  # someone else named at a level with a named delegation holder
        services.decision_record(
            case=case,
            actor=people["it_coordinator"],
            level=DecisionLevel.MUNICIPAL_DIRECTOR,
            decided_by=people["board_member"],
            decided_on=date(2026, 3, 1),
            text="Beslut",
        )


def test_delegation_holder_below_the_required_level_may_not_record(org, people):
    DecisionThreshold.objects.filter(level=DecisionLevel.DEPUTY_MUNICIPAL_DIRECTOR).update(decider=people["leader"])
    case = open_case(org, people, value=Decimal(20_000_000))
    with pytest.raises(PermissionDenied):
        services.decision_record(
            case=case,
            actor=people["leader"],
            level=DecisionLevel.EXECUTIVE_COMMITTEE,
            decided_on=date(2026, 3, 1),
            text="Beslut",
            reference="KS § 1",
        )


def test_executive_committee_decision_cites_the_minutes(org, people):
    case = open_case(org, people, value=Decimal(20_000_000))
    with pytest.raises(ValidationError) as exc:
        services.decision_record(
            case=case,
            actor=people["it_coordinator"],
            level=DecisionLevel.EXECUTIVE_COMMITTEE,
            decided_on=date(2026, 3, 1),
            text="Beslut",
        )
    assert "reference" in exc.value.message_dict
    decision = services.decision_record(
        case=case,
        actor=people["it_coordinator"],
        level=DecisionLevel.EXECUTIVE_COMMITTEE,
        decided_on=date(2026, 3, 1),
        text="Beslut",
        reference="KS § 45",
    )
    assert decision.decider_label == "Executive committee"


# Valuation through the service ---------------------------------------------------------------------


def _options():
    return [
        {
            "option": "own_data_centre",
            "total_cost": Decimal(1_000_000),
            "risk_score": 4,
            "classification_score": 5,
            "mobility_score": 2,
            "exit_score": 4,
        },
        {
            "option": "other_municipality",
            "total_cost": Decimal(800_000),
            "risk_score": 3,
            "classification_score": 4,
            "mobility_score": 3,
            "exit_score": 3,
        },
        {
            "option": "cloud",
            "total_cost": Decimal(500_000),
            "risk_score": 2,
            "classification_score": 2,
            "mobility_score": 5,
            "exit_score": 2,
        },
    ]


WEIGHTS = {"weight_cost": 30, "weight_risk": 25, "weight_classification": 20, "weight_mobility": 10, "weight_exit": 15}


def test_valuation_confirm_and_override(org, people):
    case = open_case(org, people)
    valuation = services.valuation_save(case=case, actor=people["ict_member"], weights=WEIGHTS, options=_options())
    assert valuation.recommended == "own_data_centre"  # 3.55 against 3.24 and 3.20, see test_valuation
    with pytest.raises(ValidationError) as exc:
        services.valuation_confirm(valuation=valuation, actor=people["ict_member"], chosen="cloud")
    assert "reason" in exc.value.message_dict
    valuation = services.valuation_confirm(
        valuation=valuation,
        actor=people["ict_member"],
        chosen="cloud",
        reason="Mobilitet väger tyngst för hemtjänsten.",
    )
    assert valuation.is_override and valuation.confirmed_by == people["ict_member"]
    assert case.items.get(key="valuation").status == CaseItemStatus.DONE
    with pytest.raises(PermissionDenied):
        services.valuation_save(case=case, actor=people["outsider"], weights=WEIGHTS, options=_options())


# Reuse check ------------------------------------------------------------------------------------


def test_reuse_outcome_recorded_with_reason(org, people):
    case = open_case(org, people)
    system = SystemFactory(administration=org.administration)
    with pytest.raises(ValidationError):
        services.reuse_check_record(case=case, actor=people["ict_member"], outcome="reuse", reason="Finns redan")
    with pytest.raises(ValidationError):
        services.reuse_check_record(case=case, actor=people["ict_member"], outcome="buy_anyway", reason="")
    check = services.reuse_check_record(
        case=case,
        actor=people["ict_member"],
        outcome="reuse",
        reason="Finns redan",
        reused_system=system,
        suggestions=[{"kind": "system", "id": system.pk, "label": system.name, "score": 0.8}],
    )
    assert check.suggestions_considered[0]["id"] == system.pk
    assert case.items.get(key="reuse_check").status == CaseItemStatus.DONE


# After the contract -----------------------------------------------------------------------------


def test_register_system_creates_it_with_manager_dates_and_follow_ups(org, people):
    case = open_case(org, people)
    case.proposal.administration = org.administration
    case.proposal.save()
    system = services.case_register_system(
        case=case,
        actor=people["ict_member"],
        name="Elevregistret",
        system_manager=people["ict_chair"],
        contract_start=date(2026, 3, 1),
        contract_end=date(2029, 2, 28),
        supplier="Skolsystem AB",
    )
    assert (system.system_manager, system.contract_start, system.contract_end) == (
        people["ict_chair"],
        date(2026, 3, 1),
        date(2029, 2, 28),
    )
    case.refresh_from_db()
    assert case.system == system
    assert list(case.follow_ups.values_list("due_on", flat=True)) == [date(2027, 3, 1), date(2028, 3, 1)]
    # Updating an existing system: the same record, new dates; follow-ups are not duplicated.
    again = services.case_register_system(
        case=case,
        actor=people["ict_member"],
        system_manager=people["ict_member"],
        contract_start=date(2026, 3, 1),
        contract_end=date(2029, 2, 28),
    )
    assert again.pk == system.pk and again.system_manager == people["ict_member"]
    assert case.follow_ups.count() == 2


def test_follow_ups_are_reminded_through_the_registry(org, people):

    case = open_case(org, people)
    services.followup_create(
        case=case,
        actor=people["ict_member"],
        due_on=date(2026, 6, 1),
        description="Avtalsuppföljning",
        responsible=people["ict_chair"],
    )
    due = [o for o in obligations_for(today=date(2026, 5, 20)) if o.key.startswith("procurement-follow-up")]
    assert [(o.user_id, o.due_on) for o in due] == [(people["ict_chair"].pk, date(2026, 6, 1))]
    mine = obligations_for(today=date(2026, 5, 20), user=people["ict_member"])
    assert not [o for o in mine if o.key.startswith("procurement-follow-up")]
    services.followup_complete(follow_up=case.follow_ups.get(), actor=people["ict_chair"])
    assert not [o for o in obligations_for(today=date(2026, 5, 20)) if o.key.startswith("procurement-follow-up")]


@pytest.mark.parametrize(
    "role",
    ["leader", "board_member", "ict_member", "ict_chair", "other_ict_member", "it_coordinator", "admin", "outsider"],
)
def test_visible_to_agrees_with_the_view_predicate(org, people, role):
    case = open_case(org, people)
    user = people[role]
    assert (case in ProcurementCase.objects.visible_to(user)) == user.has_perm("procurement.view_procurementcase", case)


def test_a_case_for_a_draft_proposal_is_read_only_by_those_who_read_the_draft(org, people):
    case = open_case(org, people)  # the factory's proposal is a draft of the ICT group
    readers = {
        role
        for role in (
            "leader",
            "board_member",
            "ict_member",
            "ict_chair",
            "other_ict_member",
            "it_coordinator",
            "outsider",
        )
        if people[role].has_perm("procurement.view_procurementcase", case)
    }
    assert readers == {role for role in readers if people[role].has_perm("portfolio.view_proposal", case.proposal)}
    assert not people["outsider"].has_perm("procurement.view_procurementcase", case)
    assert people["ict_member"].has_perm("procurement.view_procurementcase", case)
    assert case not in ProcurementCase.objects.visible_to(people["outsider"])

    case.proposal.state = "submitted"  # once submitted, the proposal and its case are public
    case.proposal.save(update_fields=["state"])
    outsider = type(people["outsider"]).objects.get(pk=people["outsider"].pk)  # fresh permission caches
    assert outsider.has_perm("procurement.view_procurementcase", case)
    assert case in ProcurementCase.objects.visible_to(outsider)


def test_a_case_without_a_proposal_is_read_by_everyone_signed_in(org, people):
    system = SystemFactory()
    case = services.case_create(
        actor=people["it_coordinator"],
        title="Ny e-tjänstplattform",
        estimated_value=Decimal("500000"),
        procedure=Procedure.CALL_OFF,
        responsible=people["it_coordinator"],
        system=system,
    )
    assert people["outsider"].has_perm("procurement.view_procurementcase", case)
    assert case in ProcurementCase.objects.visible_to(people["outsider"])
