"""The yearly IT plan: assembly, totals, versions, approval, lock, permissions and documents.

The plan of 2030 built by `plan_world` (all amounts in SEK, worked out by hand):

- proposal A (ICT group of UTF, education, recommended): 2030 cost 100 000 + 20 000 = 120 000,
  2031 cost 40 000 and benefit 60 000.
- proposal B (ICT group of SBF, technical, recommended): 2030 cost 50 000, 2031 benefit 60 000,
  2032 cost 10 000.
- project C (UTF, administrative, approved in 2029): from 2030 on, cost 30 000 and benefit 60 000 in 2030.
- proposal D (draft) is not in the plan.
- maintenance 2030: S1 (UTF) licences 10 000 + support 5 000 = 15 000; S2 (SBF) operation 8 000;
  S3's plan is only submitted, so it is left out.
- S4 (SBF) is planned to be retired in 2030.

So in 2030: development 200 000 (UTF 150 000, SBF 50 000), maintenance 23 000 (UTF 15 000, SBF 8 000),
total 223 000; 2031 cost 40 000 and benefit 120 000; 2032 cost 10 000.
"""

import csv
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from governance.exceptions import ConcurrentEditError, TransitionNotAllowed
from governance.models import GroupRole as R
from governance.models import Milestone, MilestoneKind, Side
from maintenance_plans.models import Lifecycle, MaintenancePlan, PlanBudgetLine, PlanState, System
from portfolio.itplan import exports
from portfolio.itplan.selectors import itplan_compare, itplan_document, itplan_follow_up
from portfolio.itplan.services import itplan_approve, itplan_assemble, itplan_propose, itplan_revise
from portfolio.itplan.tasks import build_itplan_export
from portfolio.models import (
    ActualCost,
    AreaOfOperation,
    CostCategory,
    ITPlan,
    ITPlanExport,
    ITPlanState,
    ITPlanVersion,
    Project,
    ProposalState,
)
from portfolio.proposals.services import proposal_assert_editable, proposal_is_editable, proposal_totals_refresh
from portfolio.proposals.workflows import proposal_transition
from tests.governance.factories import BudgetCycleFactory, MeetingFactory, MembershipFactory
from tests.pdfs import pdf_text
from tests.portfolio.factories import PATHS, CostLineFactory, add_assessment, ready_proposal

Y = 2030


def _drive(proposal, people, state, author="ict_member"):
    for action, role in PATHS[state]:
        role = author if role == "ict_member" else role
        extra = {}
        if action == "recommend":
            add_assessment(proposal)
            extra["recommendation"] = "Rekommenderas."
        proposal = proposal_transition(
            proposal=proposal, action=action, actor=people[role], comment="Motivering.", **extra
        )
    proposal.refresh_from_db()
    return proposal


def _proposal(
    org,
    people,
    *,
    cycle,
    group=None,
    author="ict_member",
    area=AreaOfOperation.ADMINISTRATIVE,
    extra_costs=(),
    benefit_year=1,
):
    p = ready_proposal(
        org, people, target_cycle=cycle, owning_group=group or org.ict_group, author=people[author], area=area
    )
    p.benefit_lines.update(year=benefit_year)
    for year, amount, category in extra_costs:
        CostLineFactory(
            proposal=p,
            year=year,
            amount=Decimal(amount),
            category=category,
            cost_type="investment" if category == CostCategory.INVESTMENT else "operating",
        )
    proposal_totals_refresh(proposal=p)
    return p


def _system(name, admin, **kwargs):
    return System.objects.create(name=name, kind="niche", administration=admin, operation_form="cloud", **kwargs)


def _maintenance(system, state, lines, year=Y):
    plan = MaintenancePlan.objects.create(system=system, plan_year=year, state=state)
    for cost_type, amount in lines:
        PlanBudgetLine.objects.create(plan=plan, cost_type=cost_type, amount=Decimal(amount))
    return plan


@pytest.fixture
def plan_world(org, people):
    return build_plan_world(org, people)


def build_plan_world(org, people) -> dict:
    # The IT manager also sits on the other board, so one person assesses both boards' proposals.
    MembershipFactory(user=people["board_member"], group=org.other_board, role=R.IT_MANAGER, side=Side.IT_CENTRE)
    MembershipFactory(user=people["other_ict_member"], group=org.other_ict_group, role=R.BUSINESS_DEVELOPER)
    cycle = BudgetCycleFactory(plan_year=Y)
    earlier = BudgetCycleFactory(plan_year=Y - 1)
    leadership_meeting = MeetingFactory(group=org.leadership)

    a = _proposal(
        org,
        people,
        cycle=cycle,
        area=AreaOfOperation.EDUCATION,
        extra_costs=[(0, 20000, CostCategory.RUNNING), (1, 40000, CostCategory.RUNNING)],
    )
    a = _drive(a, people, ProposalState.RECOMMENDED)
    b = _proposal(
        org,
        people,
        cycle=cycle,
        group=org.other_ict_group,
        author="other_ict_member",
        area=AreaOfOperation.TECHNICAL,
        extra_costs=[(2, 10000, CostCategory.RUNNING)],
    )
    b.cost_lines.filter(amount=Decimal("100000.00")).update(amount=Decimal("50000.00"))
    proposal_totals_refresh(proposal=b)
    b = _drive(b, people, ProposalState.RECOMMENDED, author="other_ict_member")
    c = _proposal(org, people, cycle=earlier, extra_costs=[(1, 30000, CostCategory.RUNNING)])
    c = _drive(c, people, ProposalState.APPROVED)
    d = _proposal(org, people, cycle=cycle)

    s1 = _system("Elevregister", org.administration)
    s2 = _system("Bygglovssystem", org.other_administration)
    s3 = _system("Schemaläggning", org.administration)
    s4 = _system(
        "Gamla ekonomisystemet", org.other_administration, lifecycle=Lifecycle.PHASE_OUT, planned_retirement_year=Y
    )
    _maintenance(s1, PlanState.ACCEPTED, [("licences", 10000), ("support", 5000)])
    _maintenance(s2, PlanState.ACCEPTED, [("operation", 8000)])
    _maintenance(s3, PlanState.SUBMITTED, [("licences", 99999)])
    return {"cycle": cycle, "a": a, "b": b, "c": c, "d": d, "systems": (s1, s2, s3, s4), "meeting": leadership_meeting}


def _assemble(people, **kwargs) -> ITPlan:
    return itplan_assemble(plan_year=Y, actor=people["it_coordinator"], **kwargs)


def _current(plan) -> ITPlanVersion:
    plan.refresh_from_db()
    return plan.versions.get(number=plan.current_number)


def _approve(plan, people, world, reference="§ 7"):
    plan.refresh_from_db()
    return itplan_approve(
        plan=plan, actor=people["leader"], expected_version=plan.version, meeting=world["meeting"], reference=reference
    )


# Assembly and totals --------------------------------------------------------------------------------


def test_assembly_totals_agree_with_hand_sums(plan_world, people):
    plan = _assemble(people)
    version = _current(plan)
    assert plan.state == ITPlanState.DRAFT and version.number == 1
    assert version.development_total == Decimal(200000)
    assert version.maintenance_total == Decimal(23000)

    doc = itplan_document(version)
    admin = {row[0]: row[1:] for row in doc.section("summary_administration").rows}
    assert admin["Utbildningsförvaltningen"] == [Decimal(150000), Decimal(15000), Decimal(165000)]
    assert admin["Samhällsbyggnadsförvaltningen"] == [Decimal(50000), Decimal(8000), Decimal(58000)]
    assert doc.section("summary_administration").total[1:] == [Decimal(200000), Decimal(23000), Decimal(223000)]

    area = {row[0]: row[1:] for row in doc.section("summary_area").rows}
    assert area["Education"] == [1, Decimal(120000), Decimal(0)]
    assert area["Technical"] == [1, Decimal(50000), Decimal(0)]
    assert area["Administrative / common"] == [1, Decimal(30000), Decimal(60000)]

    years = {row[0]: row[1:] for row in doc.section("summary_year").rows}
    assert years["2030"] == [Decimal(200000), Decimal(60000), Decimal(23000), Decimal(223000)]
    assert years["2031"] == [Decimal(40000), Decimal(120000), Decimal(0), Decimal(40000)]
    assert years["2032"] == [Decimal(10000), Decimal(0), Decimal(0), Decimal(10000)]

    refs = [row[1] for row in doc.section("projects").rows]
    assert sorted(refs) == sorted([plan_world["a"].reference, plan_world["b"].reference, plan_world["c"].reference])
    assert plan_world["d"].reference not in refs
    assert [row[0] for row in doc.section("maintenance").rows] == ["Bygglovssystem", "Elevregister"]
    assert [row[0] for row in doc.section("retirements").rows] == ["Gamla ekonomisystemet"]


def test_assembly_keeps_a_frozen_copy(plan_world, people):
    plan = _assemble(people)
    version = _current(plan)
    # A later change of the proposal's figures (here straight in the database) does not touch the plan.
    plan_world["a"].cost_lines.update(amount=Decimal(999999))
    proposal_totals_refresh(proposal=plan_world["a"])
    assert itplan_document(version).section("summary_administration").total[1] == Decimal(200000)


def test_assembling_a_year_without_a_cycle_is_refused(plan_world, people):
    with pytest.raises(ValidationError, match="no budget cycle for 2040"):
        itplan_assemble(plan_year=2040, actor=people["it_coordinator"])
    assert not ITPlan.objects.exists()


@pytest.mark.parametrize(
    "role,allowed",
    [
        ("it_coordinator", True),
        ("board_member", True),
        ("admin", True),
        ("leader", False),
        ("ict_member", False),
        ("outsider", False),
    ],
)
def test_who_may_assemble(plan_world, people, role, allowed):
    if allowed:
        assert itplan_assemble(plan_year=Y, actor=people[role]).pk
    else:
        with pytest.raises(PermissionDenied):
            itplan_assemble(plan_year=Y, actor=people[role])


def test_redrafting_before_the_lock_replaces_the_draft(plan_world, people):
    plan = _assemble(people)
    plan = _assemble(people, expected_version=plan.version)
    assert plan.versions.count() == 1


# Proposal and approval ------------------------------------------------------------------------------


def test_propose_and_approve_moves_proposals_and_creates_projects(plan_world, people):
    plan = _assemble(people)
    plan = itplan_propose(plan=plan, actor=people["it_coordinator"], expected_version=plan.version)
    assert plan.state == ITPlanState.PROPOSED
    plan = _approve(plan, people, plan_world)
    assert plan.state == ITPlanState.APPROVED
    version = _current(plan)
    assert version.approved_by == people["leader"]
    assert version.approval_decision.meeting == plan_world["meeting"]
    assert version.approval_decision.reference == "§ 7"
    for key in ("a", "b"):
        proposal = plan_world[key]
        proposal.refresh_from_db()
        assert proposal.state == ProposalState.APPROVED
        assert proposal.approval_decision == version.approval_decision
        assert Project.objects.filter(proposal=proposal).exists()


@pytest.mark.parametrize("role", ["it_coordinator", "board_member", "ict_member", "outsider"])
def test_only_the_leadership_group_approves(plan_world, people, role):
    plan = _assemble(people)
    plan = itplan_propose(plan=plan, actor=people["it_coordinator"], expected_version=plan.version)
    with pytest.raises(PermissionDenied):
        itplan_approve(
            plan=plan, actor=people[role], expected_version=plan.version, meeting=plan_world["meeting"], reference="§ 1"
        )


@pytest.mark.parametrize("role", ["leader", "ict_member", "outsider"])
def test_only_it_manager_or_coordination_proposes(plan_world, people, role):
    plan = _assemble(people)
    with pytest.raises(PermissionDenied):
        itplan_propose(plan=plan, actor=people[role], expected_version=plan.version)


def test_approving_without_a_leadership_meeting_is_refused_and_nothing_changes(plan_world, people, org):
    plan = _assemble(people)
    plan = itplan_propose(plan=plan, actor=people["it_coordinator"], expected_version=plan.version)
    with pytest.raises(TransitionNotAllowed, match="decision of a leadership group meeting"):
        itplan_approve(plan=plan, actor=people["leader"], expected_version=plan.version)
    board_meeting = MeetingFactory(group=org.board)
    with pytest.raises(TransitionNotAllowed, match="not a meeting of the municipal leadership group"):
        itplan_approve(
            plan=plan, actor=people["leader"], expected_version=plan.version, meeting=board_meeting, reference="§ 3"
        )
    plan.refresh_from_db()
    assert plan.state == ITPlanState.PROPOSED
    plan_world["a"].refresh_from_db()
    assert plan_world["a"].state == ProposalState.RECOMMENDED
    assert not Project.objects.filter(proposal=plan_world["a"]).exists()


def test_approval_is_all_or_nothing(plan_world, people):
    plan = _assemble(people)
    plan = itplan_propose(plan=plan, actor=people["it_coordinator"], expected_version=plan.version)
    # B is withdrawn after the plan was proposed: the plan must be revised, nothing is approved.
    proposal_transition(proposal=plan_world["b"], action="withdraw", actor=people["other_ict_member"])
    with pytest.raises(TransitionNotAllowed, match="revise the plan first"):
        _approve(plan, people, plan_world)
    plan_world["a"].refresh_from_db()
    assert plan_world["a"].state == ProposalState.RECOMMENDED
    plan.refresh_from_db()
    assert plan.state == ITPlanState.PROPOSED
    assert not plan_world["meeting"].decisions.exists()


def test_two_people_proposing_at_once(plan_world, people):
    plan = _assemble(people)
    seen_by_both = plan.version
    itplan_propose(plan=plan, actor=people["it_coordinator"], expected_version=seen_by_both)
    with pytest.raises(ConcurrentEditError, match="Someone else changed this IT plan"):
        itplan_propose(plan=plan, actor=people["board_member"], expected_version=seen_by_both)
    assert plan.versions.get().proposed_by == people["it_coordinator"]


def test_assembling_a_proposed_plan_is_refused(plan_world, people):
    plan = _assemble(people)
    itplan_propose(plan=plan, actor=people["it_coordinator"], expected_version=plan.version)
    with pytest.raises(TransitionNotAllowed, match="reopen it"):
        _assemble(people)


# Versions -------------------------------------------------------------------------------------------


def test_revision_makes_a_new_version_and_compare_shows_the_changes(plan_world, people, org):
    plan = _assemble(people)
    plan = itplan_propose(plan=plan, actor=people["it_coordinator"], expected_version=plan.version)
    plan = _approve(plan, people, plan_world)
    v1 = _current(plan)

    with pytest.raises(ValidationError, match="reason"):
        itplan_revise(plan=plan, actor=people["it_coordinator"], reason=" ")
    # Changes after approval: a new recommended proposal E (2030 cost 100 000), S2's plan returned.
    e = _drive(_proposal(org, people, cycle=plan_world["cycle"]), people, ProposalState.RECOMMENDED)
    MaintenancePlan.objects.filter(system=plan_world["systems"][1]).update(state=PlanState.RETURNED)
    plan = itplan_revise(plan=plan, actor=people["it_coordinator"], reason="Uppföljning oktober.")
    assert plan.state == ITPlanState.REVISED and plan.current_number == 2
    v2 = _current(plan)
    assert v2.reason == "Uppföljning oktober."
    v1.refresh_from_db()
    assert v1.approved_at is not None  # the approved version is unchanged
    assert v1.items.count() == 6 and v1.development_total == Decimal(200000)

    diff = itplan_compare(a=v1, b=v2)
    assert [i.reference for i in diff["added"]] == [e.reference]
    assert [i.title for i in diff["removed"]] == ["Bygglovssystem"]
    changed = {c["item"].reference: c["changes"] for c in diff["changed"]}
    # A and B became projects: their status changed from recommended to in progress.
    assert set(changed) == {plan_world["a"].reference, plan_world["b"].reference}
    assert ("status", "Recommended", "In progress") in changed[plan_world["a"].reference]
    totals = {t["label"]: t for t in diff["totals"]}
    assert totals["Development in the plan year"]["difference"] == Decimal(100000)
    assert totals["Maintenance budget"]["difference"] == Decimal(-8000)

    # The revision is approved again at the follow-up meeting.
    plan = _approve(plan, people, plan_world, reference="§ 12")
    assert plan.state == ITPlanState.APPROVED
    e.refresh_from_db()
    assert e.state == ProposalState.APPROVED


def test_after_the_lock_every_assembly_is_a_new_version(plan_world, people):
    cycle = plan_world["cycle"]
    plan = _assemble(people)
    Milestone.objects.create(
        cycle=cycle,
        kind=MilestoneKind.LOCK,
        title="Lås",
        ends_on=timezone.localdate() - timezone.timedelta(days=1),
        responsible="leadership",
    )
    with pytest.raises(ValidationError, match="locked"):
        _assemble(people)
    plan = _assemble(people, reason="Ny budgetram.")
    assert plan.state == ITPlanState.DRAFT
    assert list(plan.versions.values_list("number", flat=True)) == [1, 2]


# Lock -----------------------------------------------------------------------------------------------


def test_after_the_lock_a_proposal_changes_only_through_a_plan_revision(plan_world, people):
    draft = plan_world["d"]
    assert proposal_is_editable(draft, people["ict_member"])
    Milestone.objects.create(
        cycle=draft.target_cycle,
        kind=MilestoneKind.LOCK,
        title="Lås",
        ends_on=timezone.localdate() - timezone.timedelta(days=1),
        responsible="leadership",
    )
    draft = type(draft).objects.get(pk=draft.pk)
    assert not proposal_is_editable(draft, people["ict_member"])
    with pytest.raises(PermissionDenied, match="only through a revision of the IT plan"):
        proposal_assert_editable(proposal=draft, user=people["ict_member"])


def test_before_the_lock_date_the_proposal_stays_editable(plan_world, people):
    draft = plan_world["d"]
    Milestone.objects.create(
        cycle=draft.target_cycle,
        kind=MilestoneKind.LOCK,
        title="Lås",
        ends_on=timezone.localdate() + timezone.timedelta(days=1),
        responsible="leadership",
    )
    draft = type(draft).objects.get(pk=draft.pk)
    assert proposal_is_editable(draft, people["ict_member"])


# Read access ----------------------------------------------------------------------------------------


def test_everyone_reads_approved_plans_insiders_read_drafts(plan_world, people):
    plan = _assemble(people)
    for role in ("ict_member", "outsider"):
        assert not people[role].has_perm("portfolio.view_itplan", plan)
        assert not ITPlan.objects.visible_to(people[role]).exists()
    for role in ("leader", "it_coordinator", "board_member"):
        assert people[role].has_perm("portfolio.view_itplan", plan)
        assert ITPlan.objects.visible_to(people[role]).exists()
    plan = itplan_propose(plan=plan, actor=people["it_coordinator"], expected_version=plan.version)
    plan = _approve(plan, people, plan_world)
    for role in ("ict_member", "outsider"):
        assert people[role].has_perm("portfolio.view_itplan", plan)
        assert list(ITPlan.objects.visible_to(people[role])) == [plan]


# Follow-up ------------------------------------------------------------------------------------------


def test_follow_up_compares_actual_cost_with_the_plan(plan_world, people):

    plan = _assemble(people)
    project = Project.objects.get(proposal=plan_world["c"])
    ActualCost.objects.create(project=project, year=Y, category=CostCategory.RUNNING, amount=Decimal(45000))
    follow, indicators = itplan_follow_up(_current(plan))
    row = next(r for r in follow.rows if r[0] == plan_world["c"].reference)
    assert row[-3:] == [Decimal(30000), Decimal(45000), Decimal(15000)]
    assert follow.total[-3:] == [Decimal(200000), Decimal(45000), Decimal(-155000)]


# Documents ------------------------------------------------------------------------------------------


def test_the_formats_agree_with_the_database(plan_world, people):
    plan = _assemble(people)
    version = _current(plan)
    doc = itplan_document(version)

    # JSON
    data = json.loads(exports.json_bytes(doc))
    sections = {s["key"]: s for s in data["sections"]}
    assert sections["summary_administration"]["total"]["total"] == 223000
    assert sections["projects"]["total"]["cost_2030"] == 200000
    assert sections["project_benefits"]["total"]["benefit_2031"] == 120000
    assert sections["maintenance"]["total"]["total"] == 23000

    # CSV (open data, one row per figure)
    rows = list(csv.DictReader(io.StringIO(exports.csv_bytes(doc).decode("utf-8-sig"))))

    def csv_sum(section, measure):
        return sum(Decimal(r["amount_sek"]) for r in rows if r["section"] == section and r["measure"] == measure)

    assert csv_sum("projects", "cost_2030") == Decimal(200000)
    assert csv_sum("projects", "cost_2032") == Decimal(10000)
    assert csv_sum("project_benefits", "benefit_2031") == Decimal(120000)
    assert csv_sum("maintenance", "total") == Decimal(23000)

    # XLSX: numbers as numbers, a total row, frozen header and filter
    wb = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(doc)))
    ws = wb["Summary per administration"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    last = [c.value for c in ws[ws.max_row]]
    assert last == ["Total", 200000, 23000, 223000]
    ws = wb["Projects- yearly costs"]
    header = [c.value for c in ws[1]]
    col = header.index("2030")
    assert sum(ws.cell(row=r, column=col + 1).value for r in range(2, ws.max_row)) == 200000

    # PDF: the same totals, to the krona
    text = pdf_text(exports.pdf_bytes(doc))
    assert "IT plan 2030" in text and "Contents" in text and "Approval" in text and "Page 3" in text
    for amount in ("223 000", "200 000", "23 000", "165 000", "58 000", "120 000"):
        assert amount in text


def test_export_command(plan_world, people, tmp_path):
    _assemble(people)
    out = tmp_path / "plan.json"
    call_command("export_itplan", str(Y), "--format", "json", "--output", str(out))
    assert json.loads(out.read_bytes())["plan_year"] == Y
    call_command("export_itplan", str(Y), "--format", "pdf", "--output", str(tmp_path / "p.pdf"), "--follow-up")
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="has no version 9"):
        call_command("export_itplan", str(Y), "--format", "pdf", "--output", str(out), "--version", "9")
    with pytest.raises(CommandError, match="no IT plan for 2041"):
        call_command("export_itplan", "2041", "--format", "pdf", "--output", str(out))


def test_background_export_builds_the_file(plan_world, people, settings, tmp_path):

    settings.MEDIA_ROOT = tmp_path
    plan = _assemble(people)
    export = ITPlanExport.objects.create(version=_current(plan), document="xlsx", requested_by=people["leader"])
    build_itplan_export.delay(export.pk)
    export.refresh_from_db()
    assert export.status == ITPlanExport.Status.DONE and export.progress == 100
    assert export.file.read()[:2] == b"PK"
