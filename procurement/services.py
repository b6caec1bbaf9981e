"""Writes of the procurement model. Every change of a case, its checklist, decision, valuation, reuse check
and the register entry it produces goes through one function here (phase moves: `workflows.py`)."""

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.exceptions import ConcurrentEditError
from governance.models import Decision, User
from governance.money import format_number
from maintenance_plans.models import Lifecycle, OperationForm, System

from . import uploads
from .defaults import ensure_default_template, ensure_default_thresholds
from .delegation import level_at_least, required_decision_level
from .models import (
    CaseItem,
    CaseItemStatus,
    ChecklistTemplate,
    ChecklistTemplateItem,
    ContractFollowUp,
    DecisionLevel,
    DecisionThreshold,
    OperationFormValuation,
    ProcurementCase,
    ProcurementDecision,
    ReuseCheck,
    ReuseOutcome,
    ValuationOption,
)
from .models.phases import phase_index
from .valuation import OptionFigures, Weights, evaluate

__all__ = ["required_decision_level"]


def _require(actor, perm: str, obj) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this on this procurement case."))


# Checklist templates ----------------------------------------------------------------------------


def template_seed_default(*, actor: User | None = None) -> ChecklistTemplate | None:
    """Create and publish the default template (DESIGN §10) and thresholds unless they exist. Idempotent."""
    ensure_default_thresholds(DecisionThreshold)
    return ensure_default_template(ChecklistTemplate, ChecklistTemplateItem, user=actor)


def template_current() -> ChecklistTemplate:
    """The published version new cases get. Seeds the default one if there is none at all."""
    current = ChecklistTemplate.objects.current()
    if current is None:
        template_seed_default()
        current = ChecklistTemplate.objects.current()
    if current is None:
        raise ValidationError(_("No checklist template is published yet: IT coordination must publish one."))
    return current


@transaction.atomic
def template_new_draft(*, actor: User, source: ChecklistTemplate | None = None) -> ChecklistTemplate:
    """The draft version to edit: the existing draft, or a new one copied from `source` (default: current).

    A published template is never changed in place, so running cases keep the version they started with.
    Raises PermissionDenied unless the actor is IT coordination.
    """
    _require(actor, "procurement.change_checklisttemplate", None)
    # Lock the newest row so two people starting a draft at once get the same one.
    list(ChecklistTemplate.objects.select_for_update().order_by("-number")[:1])
    draft = ChecklistTemplate.objects.drafts().order_by("-number").first()
    if draft is not None:
        return draft
    source = source or ChecklistTemplate.objects.current()
    number = (ChecklistTemplate.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = ChecklistTemplate.objects.create(
        number=number, title=source.title if source else "IT-upphandlingsmodellen", created_by=actor
    )
    if source is not None:
        ChecklistTemplateItem.objects.bulk_create(
            [
                ChecklistTemplateItem(
                    template=draft,
                    phase=i.phase,
                    order=i.order,
                    text=i.text,
                    guidance=i.guidance,
                    mandatory=i.mandatory,
                    evidence_required=i.evidence_required,
                    key=i.key,
                )
                for i in source.items.all()
            ]
        )
    return draft


def _require_draft(template: ChecklistTemplate) -> None:
    if template.is_published:
        raise ValidationError(
            _(
                "Version %(n)s is published and cases use it, so it cannot be changed. Start a new "
                "draft version instead; running cases keep their version."
            )
            % {"n": template.number}
        )


@transaction.atomic
def template_items_save(
    *,
    template: ChecklistTemplate,
    actor: User,
    expected_version: int,
    title: str,
    change_note: str,
    items: Sequence[dict],
    deleted_ids: Iterable[int] = (),
) -> None:
    """Save a draft's title, note and items (dicts with the item fields, `id` for existing ones).

    Raises ValidationError for a published template, ConcurrentEditError for a stale edit.
    """
    _require(actor, "procurement.change_checklisttemplate", template)
    locked = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    _require_draft(locked)
    if locked.version != expected_version:
        raise ConcurrentEditError(
            _(
                "Someone else saved this template while you were editing it. Your changes have "
                "not been saved: open it again and re-enter them."
            )
        )
    ChecklistTemplateItem.objects.filter(template=locked, pk__in=list(deleted_ids)).delete()
    for values in items:
        pk = values.get("id")
        item = (
            ChecklistTemplateItem.objects.get(template=locked, pk=pk) if pk else ChecklistTemplateItem(template=locked)
        )
        for name in ("phase", "order", "text", "guidance", "mandatory", "evidence_required"):
            setattr(item, name, values[name])
        item.full_clean()
        item.save()
    locked.title = title
    locked.change_note = change_note
    locked.version += 1
    locked.full_clean()
    locked.save()


@transaction.atomic
def template_publish(*, template: ChecklistTemplate, actor: User) -> ChecklistTemplate:
    """Publish a draft: from now on new cases get it. Raises ValidationError if already published or empty."""
    _require(actor, "procurement.publish_checklisttemplate", template)
    locked = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    if locked.is_published:
        raise ValidationError(_("Version %(n)s is already published.") % {"n": locked.number})
    if not locked.items.exists():
        raise ValidationError(_("The template has no items: add the checklist before publishing."))
    locked.published_at = timezone.now()
    locked.published_by = actor
    locked.version += 1
    locked.save()
    return locked


# Cases ------------------------------------------------------------------------------------------


def _next_reference(year: int) -> str:
    prefix = f"UPH-{year}-"
    last = (
        ProcurementCase.objects.select_for_update()
        .filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:03d}"


@transaction.atomic
def case_create(
    *,
    actor: User,
    title: str,
    estimated_value: Decimal,
    procedure: str,
    responsible: User,
    proposal=None,
    system: System | None = None,
    description: str = "",
    contract_months: int = 48,
    template: ChecklistTemplate | None = None,
) -> ProcurementCase:
    """Open a case for a proposal and/or a system with the checklist of the current template version.

    Raises PermissionDenied (the actor may not open a case for that proposal or system) or ValidationError.
    """
    target = proposal if proposal is not None else system
    if not (
        actor.has_perm("procurement.add_procurementcase", target)
        or (system is not None and actor.has_perm("procurement.add_procurementcase", system))
    ):
        raise PermissionDenied(_("You may not open a procurement case for this proposal or system."))
    template = template or template_current()
    if not template.is_published:
        raise ValidationError(_("Cases start from a published checklist version."))
    case = ProcurementCase(
        title=title,
        description=description,
        proposal=proposal,
        system=system,
        estimated_value=estimated_value,
        contract_months=contract_months,
        procedure=procedure,
        responsible=responsible,
        template=template,
        created_by=actor,
        reference=_next_reference(timezone.localdate().year),
    )
    case.full_clean()
    case.save()
    CaseItem.objects.bulk_create(
        [
            CaseItem(
                case=case,
                template_item=i,
                phase=i.phase,
                order=i.order,
                text=i.text,
                guidance=i.guidance,
                mandatory=i.mandatory,
                evidence_required=i.evidence_required,
                key=i.key,
            )
            for i in template.items.all()
        ]
    )
    return case


@transaction.atomic
def case_item_set_status(
    *,
    item: CaseItem,
    actor: User,
    status: str,
    evidence_text: str = "",
    evidence_link: str = "",
    evidence_file=None,
    reason: str = "",
    expected_version: int | None = None,
) -> CaseItem:
    """Set a checklist item's status with its evidence or reason; the one way item statuses change.

    - done: needs evidence (a text, a link or a file) when the item requires evidence;
    - not applicable: needs a reason; waived: needs a reason and IT coordination;
    - open: reopens (evidence kept, completion cleared).
    Items of phases the case has already passed are frozen. Evidence files are checked by size and content.
    Raises PermissionDenied, ValidationError (with field keys) or ConcurrentEditError.
    """
    locked = CaseItem.objects.select_for_update().select_related("case").get(pk=item.pk)
    case = locked.case
    _require(actor, "procurement.work_procurementcase", case)
    if status == CaseItemStatus.WAIVED and not actor.has_perm("procurement.waive_caseitem", case):
        raise PermissionDenied(_("Only IT coordination may waive a checklist item."))
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError(
            _(
                "Someone else changed this item while you were editing it. Open it again to see "
                "the new status, then re-enter your change."
            )
        )
    if phase_index(locked.phase) < case.phase_index:
        raise ValidationError(
            _("The case has passed the phase “%(phase)s”; its items can no longer change.")
            % {"phase": locked.get_phase_display()}
        )
    if status not in CaseItemStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    evidence_text, reason = (evidence_text or "").strip(), (reason or "").strip()
    kind = uploads.check_evidence_file(evidence_file) if evidence_file else None
    locked.evidence_text = evidence_text
    locked.evidence_link = (evidence_link or "").strip()
    if evidence_file:
        locked.evidence_file = evidence_file
        locked.evidence_file_name = evidence_file.name.rsplit("/", 1)[-1][:200]
        locked.evidence_content_type = kind.content_type
    if status == CaseItemStatus.DONE and locked.evidence_required and not locked.has_evidence:
        raise ValidationError(
            {
                "evidence_text": _(
                    "This item needs evidence: upload a file, give a link or describe "
                    "what was done and where it is documented."
                )
            }
        )
    if status in (CaseItemStatus.NOT_APPLICABLE, CaseItemStatus.WAIVED) and not reason:
        raise ValidationError({"reason": _("Give the reason why the item is not applicable or is waived.")})
    locked.status = status
    locked.reason = reason if status in (CaseItemStatus.NOT_APPLICABLE, CaseItemStatus.WAIVED) else ""
    if status == CaseItemStatus.OPEN:
        locked.completed_by, locked.completed_at = None, None
    else:
        locked.completed_by, locked.completed_at = actor, timezone.now()
    locked.version += 1
    locked.full_clean(exclude=["evidence_file"])
    locked.save()
    return locked


def _complete_linked_item(case: ProcurementCase, key: str, actor: User, evidence: str) -> None:
    """Mark the case's item linked to `key` done with `evidence`, if it is still open in a reachable phase."""
    for item in case.items.filter(key=key, status=CaseItemStatus.OPEN):
        if phase_index(item.phase) >= case.phase_index:
            item.status = CaseItemStatus.DONE
            item.evidence_text = evidence
            item.completed_by, item.completed_at = actor, timezone.now()
            item.version += 1
            item.save()


# Delegated decision ------------------------------------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    case: ProcurementCase,
    actor: User,
    level: str,
    decided_on: date,
    text: str,
    decided_by: User | None = None,
    decided_by_body: str = "",
    reference: str = "",
    governance_decision: Decision | None = None,
) -> ProcurementDecision:
    """Record the procurement decision. The level must be at least the one the case's value requires; the
    person must hold that level's delegation when one is named; a meeting-level decision cites its minutes.

    Raises PermissionDenied or ValidationError (with field keys).
    """
    case = ProcurementCase.objects.select_for_update().get(pk=case.pk)
    _require(actor, "procurement.record_procurementdecision", case)
    required = required_decision_level(case.estimated_value)
    if required is None:
        raise ValidationError(_("No decision thresholds are configured: IT coordination must set them first."))
    if level not in DecisionLevel.values:
        raise ValidationError({"level": _("Choose who decided.")})
    if not level_at_least(level, required.level):
        raise ValidationError(
            {
                "level": _(
                    "A contract worth %(value)s SEK must be decided by the %(required)s (or a higher level), not the "
                    "%(level)s."
                )
                % {
                    "value": format_number(case.estimated_value),
                    "required": required.get_level_display().lower(),
                    "level": DecisionLevel(level).label.lower(),
                }
            }
        )
    threshold = DecisionThreshold.objects.filter(level=level).first()
    if threshold is not None and threshold.decider_id:
        if decided_by is None:
            decided_by = threshold.decider
        elif decided_by.pk != threshold.decider_id:
            raise ValidationError(
                {
                    "decided_by": _("%(person)s does not hold the delegation of the %(level)s.")
                    % {"person": decided_by, "level": threshold.get_level_display().lower()}
                }
            )
    if threshold is not None and threshold.requires_minutes and not (reference.strip() or governance_decision):
        raise ValidationError(
            {
                "reference": _(
                    "A decision of the %(level)s cites the minutes: give the paragraph "
                    "reference or choose the recorded decision."
                )
                % {"level": threshold.get_level_display().lower()}
            }
        )
    if not decided_by and not decided_by_body.strip():
        decided_by_body = DecisionLevel(level).label if threshold and threshold.requires_minutes else ""
    decision = ProcurementDecision(
        case=case,
        level=level,
        required_level=required.level,
        value_at_decision=case.estimated_value,
        decided_by=decided_by,
        decided_by_body=decided_by_body.strip(),
        decided_on=decided_on,
        text=text.strip(),
        reference=reference.strip(),
        governance_decision=governance_decision,
        recorded_by=actor,
    )
    if not decision.text:
        raise ValidationError({"text": _("Write what was decided.")})
    decision.full_clean()
    decision.save()
    evidence = _("Decided by %(who)s (%(level)s) on %(date)s. %(ref)s") % {
        "who": decision.decider_label,
        "level": decision.get_level_display(),
        "date": decided_on,
        "ref": reference,
    }
    _complete_linked_item(case, "decision", actor, evidence.strip())
    return decision


# Operation-form valuation ------------------------------------------------------------------------


def valuation_result(valuation: OperationFormValuation):
    """The pure valuation over the stored figures."""
    options = [
        OptionFigures(o.option, o.total_cost, o.risk_score, o.classification_score, o.mobility_score, o.exit_score)
        for o in valuation.options.all()
    ]
    weights = Weights(
        valuation.weight_cost,
        valuation.weight_risk,
        valuation.weight_classification,
        valuation.weight_mobility,
        valuation.weight_exit,
    )
    return evaluate(options, weights)


@transaction.atomic
def valuation_save(
    *, case: ProcurementCase, actor: User, weights: dict, options: Sequence[dict], expected_version: int | None = None
) -> OperationFormValuation:
    """Save weights and per-option figures, recompute the recommendation. A change after confirmation clears
    the confirmation (the user must confirm the new figures). Raises PermissionDenied, ValidationError,
    ConcurrentEditError."""
    _require(actor, "procurement.work_procurementcase", case)
    valuation, _created = OperationFormValuation.objects.select_for_update().get_or_create(case=case)
    if expected_version is not None and not _created and valuation.version != expected_version:
        raise ConcurrentEditError(
            _("Someone else saved this valuation while you were editing it. Open it again and re-enter your figures.")
        )
    for name in ("weight_cost", "weight_risk", "weight_classification", "weight_mobility", "weight_exit"):
        setattr(valuation, name, Decimal(weights[name]))
    if not options:
        raise ValidationError(_("Value at least one operation form."))
    seen = set()
    for values in options:
        if values["option"] in seen:
            raise ValidationError(_("Each operation form appears once."))
        seen.add(values["option"])
    valuation.full_clean(exclude=["case"])
    valuation.save()
    valuation.options.exclude(option__in=seen).delete()
    for values in options:
        option, _new = ValuationOption.objects.get_or_create(
            valuation=valuation,
            option=values["option"],
            defaults={
                k: values[k]
                for k in ("total_cost", "risk_score", "classification_score", "mobility_score", "exit_score")
            },
        )
        for k in ("total_cost", "risk_score", "classification_score", "mobility_score", "exit_score", "notes"):
            if k in values:
                setattr(option, k, values[k])
        option.full_clean()
        option.save()
    result = valuation_result(valuation)
    valuation.recommended = result.recommended or ""
    valuation.chosen, valuation.override_reason, valuation.confirmed_by, valuation.confirmed_at = "", "", None, None
    valuation.version += 1
    valuation.save()
    return valuation


@transaction.atomic
def valuation_confirm(
    *, valuation: OperationFormValuation, actor: User, chosen: str, reason: str = ""
) -> OperationFormValuation:
    """Confirm the recommendation, or choose another operation form with a reason."""
    valuation = OperationFormValuation.objects.select_for_update().select_related("case").get(pk=valuation.pk)
    _require(actor, "procurement.work_procurementcase", valuation.case)
    if not valuation.recommended:
        raise ValidationError(_("Enter the figures first: there is no recommendation to confirm."))
    if chosen not in set(valuation.options.values_list("option", flat=True)):
        raise ValidationError({"chosen": _("Choose one of the valued operation forms.")})
    reason = (reason or "").strip()
    if chosen != valuation.recommended and not reason:
        raise ValidationError(
            {
                "reason": _("You chose differently from the recommendation (%(rec)s): give the reason.")
                % {"rec": OperationForm(valuation.recommended).label}
            }
        )
    valuation.chosen, valuation.override_reason = chosen, reason
    valuation.confirmed_by, valuation.confirmed_at = actor, timezone.now()
    valuation.version += 1
    valuation.save()
    _complete_linked_item(
        valuation.case,
        "valuation",
        actor,
        _("Operation form: %(form)s%(why)s")
        % {
            "form": OperationForm(chosen).label,
            "why": (" – " + _("chosen instead of the recommendation: %(r)s") % {"r": reason}) if reason else "",
        },
    )
    return valuation


# Reuse check -------------------------------------------------------------------------------------


@transaction.atomic
def reuse_check_record(
    *,
    case: ProcurementCase,
    actor: User,
    outcome: str,
    reason: str,
    reused_system: System | None = None,
    coordinate_with=None,
    suggestions: Sequence[dict] = (),
) -> ReuseCheck:
    """Record the reuse check's outcome with the suggestions the user saw. Raises PermissionDenied or
    ValidationError."""
    _require(actor, "procurement.work_procurementcase", case)
    check = ReuseCheck.objects.select_for_update().filter(case=case).first() or ReuseCheck(case=case)
    check.outcome, check.reason = outcome, (reason or "").strip()
    check.reused_system, check.coordinate_with = reused_system, coordinate_with
    check.suggestions_considered = list(suggestions)
    check.decided_by = actor
    if check.pk:
        check.version += 1
    check.full_clean()
    check.save()
    target = reused_system or coordinate_with
    label = ReuseOutcome(outcome).label + (f" ({target})" if target else "")
    _complete_linked_item(case, "reuse_check", actor, f"{label}: {check.reason}")
    return check


# After the contract ------------------------------------------------------------------------------


def _anniversaries(start: date, end: date) -> list[date]:
    dates, year = [], start.year + 1
    while True:
        try:
            d = start.replace(year=year)
        except ValueError:  # 29 February
            d = start.replace(year=year, day=28)
        if d >= end:
            return dates
        dates.append(d)
        year += 1


@transaction.atomic
def case_register_system(
    *,
    case: ProcurementCase,
    actor: User,
    system_manager: User,
    contract_start: date,
    contract_end: date,
    name: str = "",
    supplier: str = "",
    operation_form: str = "",
    kind: str = "",
    administration=None,
    system_owner: User | None = None,
    follow_up_dates: Sequence[date] | None = None,
) -> System:
    """Create or update the case's system in the register with its system manager and contract dates, and
    plan contract follow-ups (default: every contract anniversary before the end).

    Raises PermissionDenied or ValidationError (with field keys).
    """
    case = ProcurementCase.objects.select_for_update().get(pk=case.pk)
    _require(actor, "procurement.work_procurementcase", case)
    if contract_end < contract_start:
        raise ValidationError({"contract_end": _("The contract cannot end before it starts.")})
    chosen_form = operation_form or getattr(getattr(case, "valuation", None), "chosen", "")
    if case.system_id:
        system = System.objects.select_for_update().get(pk=case.system_id)
    else:
        if not name.strip():
            raise ValidationError({"name": _("Give the new system's name.")})
        administration = administration or (case.proposal.administration if case.proposal_id else None)
        if administration is None:
            raise ValidationError({"administration": _("Choose the administration that owns the system.")})
        system = System(
            name=name.strip(),
            administration=administration,
            kind=kind or "niche",
            lifecycle=Lifecycle.INTRODUCTION,
            description=case.description,
            operation_form=chosen_form or OperationForm.CLOUD,
        )
    system.system_manager = system_manager
    if system_owner is not None:
        system.system_owner = system_owner
    system.contract_start, system.contract_end = contract_start, contract_end
    if supplier:
        system.supplier = supplier
    if chosen_form:
        system.operation_form = chosen_form
    if system.lifecycle == Lifecycle.PLANNED:
        system.lifecycle = Lifecycle.INTRODUCTION
    if system.pk:
        system.version += 1
    try:
        system.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None
    system.save()
    if case.system_id != system.pk:
        case.system = system
        case.version += 1
        case.save(update_fields=["system", "version", "updated_at"])
    dates = list(follow_up_dates) if follow_up_dates is not None else _anniversaries(contract_start, contract_end)
    for due in dates:
        ContractFollowUp.objects.get_or_create(
            case=case, due_on=due, description=_("Yearly contract follow-up"), defaults={"responsible": system_manager}
        )
    _complete_linked_item(
        case,
        "system_registration",
        actor,
        _("%(system)s, system manager %(manager)s, contract %(start)s – %(end)s")
        % {"system": system.name, "manager": system_manager, "start": contract_start, "end": contract_end},
    )
    if dates:
        _complete_linked_item(case, "follow_up", actor, ", ".join(d.isoformat() for d in dates))
    return system


@transaction.atomic
def followup_create(
    *, case: ProcurementCase, actor: User, due_on: date, description: str, responsible: User | None = None
) -> ContractFollowUp:
    """Plan a contract follow-up: whoever works on the case, or IT coordination also after it is closed."""
    if not (
        actor.has_perm("procurement.work_procurementcase", case)
        or actor.has_perm("procurement.change_checklisttemplate")
    ):
        raise PermissionDenied(_("You may not do this on this procurement case."))
    follow_up = ContractFollowUp(
        case=case, due_on=due_on, description=description.strip(), responsible=responsible or case.responsible
    )
    follow_up.full_clean()
    follow_up.save()
    _complete_linked_item(
        case, "follow_up", actor, _("Follow-up on %(date)s: %(what)s") % {"date": due_on, "what": follow_up.description}
    )
    return follow_up


@transaction.atomic
def followup_complete(*, follow_up: ContractFollowUp, actor: User, notes: str = "") -> ContractFollowUp:
    """Mark a contract follow-up done (the responsible person or IT coordination, also after closing)."""
    if not (
        actor.pk == follow_up.responsible_id
        or actor.has_perm("procurement.change_checklisttemplate")
        or actor.has_perm("procurement.work_procurementcase", follow_up.case)
    ):
        raise PermissionDenied(_("You may not do this on this procurement case."))
    follow_up.done_on = timezone.localdate()
    follow_up.notes = notes.strip()
    follow_up.save()
    return follow_up
