"""Import of proposals with their cost and benefit lines from a workbook, into drafts.

The template (`import_template_bytes`) has three data sheets and an explanation of every column:

- **Proposals**: one row per proposal. `key` is the file's own name for the proposal (any text, unique
  in the file); the line sheets refer to it. The proposal gets its real reference (P<year>-<n>) on import.
- **CostLines** and **BenefitLines**: one row per line, `proposal_key` naming the proposal's key, `year`
  a calendar year inside the proposal's calculation period (plan year … plan year + period − 1).

Rules (DESIGN §12, governance.spreadsheets): the upload is checked for size and content before it is
parsed; every cell is validated and every problem reported by sheet, row and column; nothing is saved
unless the whole file is valid. Proposals and lines are created through `portfolio.proposals.services`
(`proposal_create`, `proposal_lines_save`), so the same rules apply as on the pages: the importer must
sit in the owning ICT group, the plan year must not be locked, lines are validated by the models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance import spreadsheets as ss
from governance.models import BudgetCycle, Goal, SteeringGroup, Tier, User
from governance.selectors import people_index
from maintenance_plans.models import System
from portfolio.proposals.models import (
    MAX_CALCULATION_YEARS,
    AreaOfOperation,
    BenefitLine,
    BenefitType,
    CostCategory,
    CostLine,
    CostType,
    Payer,
    Proposal,
    Stakeholder,
)
from portfolio.proposals.services import proposal_create, proposal_lines_save

PROPOSALS = "Proposals"
COSTS = "CostLines"
BENEFITS = "BenefitLines"
INSTRUCTIONS = "Instructions"
LIST_SEPARATOR = re.compile(r"[;\n]")


@dataclass(frozen=True)
class Column:
    header: str
    help: Any
    kind: str = "text"  # text, int, decimal, bool, choice, year, list
    required: bool = False
    choices: type | None = None
    max_length: int | None = None
    example: str = ""


PROPOSAL_COLUMNS: tuple[Column, ...] = (
    Column(
        "key",
        gettext_lazy(
            "Your own key for the proposal, unique in the file (e.g. A1). The line sheets "
            "refer to it in their proposal_key column."
        ),
        required=True,
        max_length=40,
        example="A1",
    ),
    Column(
        "title", gettext_lazy("The proposal's title."), required=True, max_length=200, example="E-tjänst för bygglov"
    ),
    Column(
        "ict_group",
        gettext_lazy("The owning ICT group, by name or short name. You must be a member of it."),
        required=True,
        example="IKT-grupp Samhällsbyggnad",
    ),
    Column(
        "plan_year",
        gettext_lazy("The plan year the proposal is for (a budget cycle must exist); year 0 of the calculation."),
        kind="year",
        required=True,
        example="2027",
    ),
    Column("description", gettext_lazy("A short description.")),
    Column(
        "area",
        gettext_lazy("Area of operation; empty means administrative / common."),
        kind="choice",
        choices=AreaOfOperation,
        example="technical",
    ),
    Column(
        "needs_analysis",
        gettext_lazy("Needs analysis: whose need, how it shows today, what happens if nothing is done."),
    ),
    Column("current_process", gettext_lazy("Business analysis: today's process.")),
    Column("future_process", gettext_lazy("Business analysis: tomorrow's process.")),
    Column(
        "process_mapping", gettext_lazy("Process mapping statement (required for larger proposals before submission).")
    ),
    Column("principles_statement", gettext_lazy("Statement against the e-strategy's five guiding principles.")),
    Column(
        "goals",
        gettext_lazy("Strategic goals it serves: goal numbers or titles, separated by semicolons."),
        kind="list",
        example="E1; 3",
    ),
    Column(
        "systems", gettext_lazy("Affected systems from the register, by name, separated by semicolons."), kind="list"
    ),
    Column(
        "buys_something",
        gettext_lazy("Whether the proposal buys something: ja/nej (yes/no)."),
        kind="bool",
        example="ja",
    ),
    Column("is_mandatory", gettext_lazy("Legal or mandatory need: ja/nej (yes/no)."), kind="bool", example="nej"),
    Column(
        "calculation_years",
        gettext_lazy("Length of the calculation period in years, 1–20; empty means 5."),
        kind="int",
        example="5",
    ),
)
COST_COLUMNS: tuple[Column, ...] = (
    Column(
        "proposal_key", gettext_lazy("The key of the proposal in the Proposals sheet."), required=True, example="A1"
    ),
    Column(
        "year",
        gettext_lazy("Calendar year of the cost, inside the calculation period."),
        kind="year",
        required=True,
        example="2027",
    ),
    Column(
        "category",
        gettext_lazy("Kind of cost."),
        kind="choice",
        choices=CostCategory,
        required=True,
        example="investment",
    ),
    Column("description", gettext_lazy("What the cost is for."), max_length=300, example="Licens och införande"),
    Column(
        "amount",
        gettext_lazy("Amount in kronor (not for staff time: give hours instead)."),
        kind="decimal",
        example="450000",
    ),
    Column(
        "hours",
        gettext_lazy("Staff time: number of hours (only for the category internal staff time)."),
        kind="decimal",
    ),
    Column(
        "hourly_rate",
        gettext_lazy("Staff time: kronor per hour; empty means the plan year's hourly rate."),
        kind="decimal",
    ),
    Column("amount_low", gettext_lazy("Optional low estimate in kronor (not above the amount)."), kind="decimal"),
    Column("amount_high", gettext_lazy("Optional high estimate in kronor (not below the amount)."), kind="decimal"),
    Column(
        "payer",
        gettext_lazy("Who pays; empty means the administration."),
        kind="choice",
        choices=Payer,
        example="administration",
    ),
    Column(
        "budget",
        gettext_lazy("Which budget the cost counts against; empty means investment for investments, else operating."),
        kind="choice",
        choices=CostType,
    ),
)
BENEFIT_COLUMNS: tuple[Column, ...] = (
    Column(
        "proposal_key", gettext_lazy("The key of the proposal in the Proposals sheet."), required=True, example="A1"
    ),
    Column(
        "year",
        gettext_lazy("Calendar year of the benefit, inside the calculation period."),
        kind="year",
        required=True,
        example="2028",
    ),
    Column(
        "type",
        gettext_lazy("Kind of benefit."),
        kind="choice",
        choices=BenefitType,
        required=True,
        example="time_freed",
    ),
    Column(
        "stakeholder", gettext_lazy("Who gains."), kind="choice", choices=Stakeholder, required=True, example="staff"
    ),
    Column("description", gettext_lazy("What the benefit is."), max_length=300, example="Mindre manuell registrering"),
    Column(
        "cash_releasing",
        gettext_lazy(
            "ja if the money can be taken out of a budget; nej (or empty) if the freed resources stay in the operation."
        ),
        kind="bool",
        example="nej",
    ),
    Column("amount", gettext_lazy("Amount in kronor (not for time freed or quality gains)."), kind="decimal"),
    Column("hours", gettext_lazy("Time freed: number of hours."), kind="decimal", example="600"),
    Column(
        "hourly_rate",
        gettext_lazy("Time freed: kronor per hour; empty means the plan year's hourly rate."),
        kind="decimal",
    ),
    Column("amount_low", gettext_lazy("Optional low estimate in kronor."), kind="decimal"),
    Column("amount_high", gettext_lazy("Optional high estimate in kronor."), kind="decimal"),
    Column("score", gettext_lazy("Quality gains only: a score 1 (small) to 5 (very large)."), kind="int"),
    Column(
        "owner",
        gettext_lazy("The person responsible for realising the benefit: user name, e-mail or full name."),
        required=True,
        example="anna.andersson",
    ),
    Column(
        "indicator",
        gettext_lazy("The indicator that shows the benefit (required for quality gains)."),
        max_length=200,
        example="Handläggningstid i dagar",
    ),
    Column("unit", gettext_lazy("Unit of the indicator."), max_length=30, example="dagar"),
    Column("baseline", gettext_lazy("The indicator's value today."), kind="decimal", example="30"),
    Column("target", gettext_lazy("The indicator's target value."), kind="decimal", example="10"),
    Column("measurement_method", gettext_lazy("How the indicator is measured.")),
)
SHEETS = {PROPOSALS: PROPOSAL_COLUMNS, COSTS: COST_COLUMNS, BENEFITS: BENEFIT_COLUMNS}

# Model field -> column, to put the models' own validation messages in the right cell.
PROPOSAL_FIELD_COLUMNS = {
    "owning_group": "ict_group",
    "target_cycle": "plan_year",
    "title": "title",
    "calculation_years": "calculation_years",
    "area": "area",
}
COST_FIELD_COLUMNS = {"cost_type": "budget"}
BENEFIT_FIELD_COLUMNS = {"benefit_type": "type", "indicator_name": "indicator"}


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int  # spreadsheet row (1 = header); 0 for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        return str(ss.CellError(self.sheet, self.row, self.column, self.message))


@dataclass
class ImportReport:
    errors: list[ImportProblem] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    cost_lines: int = 0
    benefit_lines: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, sheet: str, row: int, column: str, message: Any) -> None:
        self.errors.append(ImportProblem(sheet, row, column, str(message)))


class _Rollback(Exception):
    pass


# Parsing -------------------------------------------------------------------------------------------


def _year(value) -> int:
    year = ss.parse_int(value)
    if not 2000 <= year <= 2100:
        raise ValidationError(_("Give a calendar year such as 2027."), code="invalid_year")
    return year


def _list(value) -> list[str]:
    return [part.strip() for part in LIST_SEPARATOR.split(ss.parse_text(value)) if part.strip()]


PARSERS = {
    "text": ss.parse_text,
    "int": ss.parse_int,
    "decimal": ss.parse_decimal,
    "bool": ss.parse_bool,
    "year": _year,
    "list": _list,
}


def column_specs(columns: tuple[Column, ...]) -> list[ss.ColumnSpec]:
    specs = []
    for c in columns:
        parser = ss.parse_choice(c.choices) if c.kind == "choice" else PARSERS[c.kind]
        default = {"text": "", "bool": False, "list": []}.get(c.kind)
        specs.append(
            ss.ColumnSpec(
                header=c.header,
                key=c.header,
                parser=parser,
                required=c.required,
                validators=[ss.max_length(c.max_length)] if c.max_length else [],
                default=default,
            )
        )
    return specs


class _Lookups:
    """Groups, cycles, goals, systems and people, read once for the whole file."""

    def __init__(self) -> None:
        self.groups: dict[str, SteeringGroup] = {}
        for group in SteeringGroup.objects.filter(tier=Tier.ICT_GROUP):
            self.groups[group.name.casefold()] = group
            if group.short_name:
                self.groups.setdefault(group.short_name.casefold(), group)
        self.cycles = {c.plan_year: c for c in BudgetCycle.objects.all()}
        self.goals: dict[str, Goal | None] = {}
        for goal in Goal.objects.all():
            for key in {goal.code.casefold(), goal.title.casefold()} - {""}:
                self.goals[key] = None if key in self.goals and self.goals[key] != goal else goal

        self.systems = {s.name.casefold(): s for s in System.objects.all()}
        self.people = people_index()


# Import --------------------------------------------------------------------------------------------


def upload_limit() -> int:
    return getattr(settings, "UPLOAD_MAX_BYTES", ss.MAX_UPLOAD_BYTES)


def proposals_import(*, file, actor: User) -> ImportReport:
    """Read the workbook, validate everything, then create every proposal and line as drafts, or nothing.

    Returns the report: `.ok`, `.errors` (sheet, row, column, message), `.proposals` created.
    """
    report = ImportReport()
    optional = {name: {c.header for c in cols if not c.required} for name, cols in SHEETS.items()}
    try:
        data = ss.read_sheets(
            file, {name: column_specs(cols) for name, cols in SHEETS.items()}, max_bytes=upload_limit()
        )
    except ss.SpreadsheetError as exc:
        for message in exc.messages:
            report.error("", 0, "", message)
        return report
    for name, sheet in data.items():
        for e in sheet.errors:
            if e.code == "missing_column" and e.column_header in optional[name]:
                continue
            report.error(name, e.row, e.column_header, e.message)
    if report.ok and not data[PROPOSALS].rows:
        report.error(PROPOSALS, 2, "", _("The sheet has no proposals below the header."))
    if not report.ok:
        return report
    lookups = _Lookups()
    proposals = _check_proposals(data[PROPOSALS].rows, lookups, actor, report)
    costs = _check_lines(COSTS, data[COSTS].rows, proposals, report)
    benefits = _check_lines(BENEFITS, data[BENEFITS].rows, proposals, report, lookups=lookups)
    if not report.ok:
        return report
    try:
        with transaction.atomic():
            _save(proposals, costs, benefits, actor, report)
            if not report.ok:
                raise _Rollback
    except _Rollback:
        report.proposals = []
        report.cost_lines = report.benefit_lines = 0
    return report


def _check_proposals(rows, lookups: _Lookups, actor: User, report: ImportReport) -> dict[str, dict]:
    """Resolve groups, cycles, goals and systems; check keys and the importer's membership."""
    by_key: dict[str, dict] = {}
    for r in rows:
        n = r[ss.ROW_NUMBER_KEY]
        key = r["key"].casefold()
        if key in by_key:
            report.error(
                PROPOSALS,
                n,
                "key",
                _("The key is also on row %(row)s: each key once.") % {"row": by_key[key][ss.ROW_NUMBER_KEY]},
            )
            continue
        by_key[key] = r
        group = lookups.groups.get(r["ict_group"].casefold())
        if group is None:
            report.error(PROPOSALS, n, "ict_group", _("No ICT group called “%(value)s”.") % {"value": r["ict_group"]})
        elif not actor.has_perm("portfolio.add_proposal", group):
            report.error(
                PROPOSALS,
                n,
                "ict_group",
                _("You are not a member of %(group)s and cannot write its proposals.") % {"group": group},
            )
        r["_group"] = group
        r["_cycle"] = lookups.cycles.get(r["plan_year"])
        if r["_cycle"] is None:
            report.error(
                PROPOSALS, n, "plan_year", _("There is no budget cycle for %(year)s.") % {"year": r["plan_year"]}
            )
        years = r.get("calculation_years")
        if years is None:
            r["calculation_years"] = years = 5
        if not 1 <= years <= MAX_CALCULATION_YEARS:
            report.error(
                PROPOSALS,
                n,
                "calculation_years",
                _("The calculation period must be 1 to %(max)s years.") % {"max": MAX_CALCULATION_YEARS},
            )
        r["_goals"] = _resolve_list(
            r.get("goals") or [],
            lookups.goals,
            PROPOSALS,
            n,
            "goals",
            report,
            _("No strategic goal with number or title “%(value)s”."),
            _("Several goals have the number “%(value)s”: use the title."),
        )
        r["_systems"] = _resolve_list(
            r.get("systems") or [],
            lookups.systems,
            PROPOSALS,
            n,
            "systems",
            report,
            _("No system called “%(value)s” in the register."),
            "",
        )
    return by_key


def _resolve_list(values, table, sheet, n, column, report, unknown, ambiguous) -> list:
    found = []
    for value in values:
        key = value.casefold()
        obj = table.get(key)
        if obj is None:
            report.error(sheet, n, column, (ambiguous if key in table and ambiguous else unknown) % {"value": value})
        else:
            found.append(obj)
    return found


def _check_lines(sheet: str, rows, proposals: dict[str, dict], report: ImportReport, *, lookups=None) -> list[dict]:
    """Each line names a known proposal and a year inside its calculation period; benefit owners exist."""
    for r in rows:
        n = r[ss.ROW_NUMBER_KEY]
        proposal = proposals.get(r["proposal_key"].casefold())
        r["_proposal_row"] = proposal
        if proposal is None:
            report.error(
                sheet,
                n,
                "proposal_key",
                _("No proposal with key “%(key)s” in the %(sheet)s sheet.")
                % {"key": r["proposal_key"], "sheet": PROPOSALS},
            )
        elif proposal.get("_cycle") is not None:
            first = proposal["plan_year"]
            last = first + proposal["calculation_years"] - 1
            if not first <= r["year"] <= last:
                report.error(
                    sheet,
                    n,
                    "year",
                    _("%(year)s is outside the proposal's calculation period %(first)s–%(last)s.")
                    % {"year": r["year"], "first": first, "last": last},
                )
        if lookups is not None:
            try:
                r["_owner"] = lookups.people.pk_for(r["owner"])
            except ValidationError as exc:
                report.error(sheet, n, "owner", " ".join(exc.messages))
    return list(rows)


def _field_errors(
    report: ImportReport, sheet: str, n: int, exc: ValidationError, columns: dict[str, str], known: set[str]
) -> None:
    if not hasattr(exc, "error_dict"):
        report.error(sheet, n, "", " ".join(exc.messages))
        return
    for name, errors in exc.error_dict.items():
        column = columns.get(name, name if name in known else "")
        for error in errors:
            report.error(sheet, n, column, " ".join(ValidationError(error).messages))


def _cost_line(r: dict, proposal: Proposal) -> CostLine:
    return CostLine(
        proposal=proposal,
        year=r["year"] - proposal.start_year,
        category=r["category"],
        description=r.get("description") or "",
        amount=r.get("amount"),
        hours=r.get("hours"),
        hourly_rate=r.get("hourly_rate"),
        amount_low=r.get("amount_low"),
        amount_high=r.get("amount_high"),
        payer=r.get("payer") or Payer.ADMINISTRATION,
        cost_type=r.get("budget") or "",
    )


def _benefit_line(r: dict, proposal: Proposal) -> BenefitLine:
    return BenefitLine(
        proposal=proposal,
        year=r["year"] - proposal.start_year,
        benefit_type=r["type"],
        stakeholder=r["stakeholder"],
        description=r.get("description") or "",
        cash_releasing=bool(r.get("cash_releasing")),
        amount=r.get("amount"),
        hours=r.get("hours"),
        hourly_rate=r.get("hourly_rate"),
        amount_low=r.get("amount_low"),
        amount_high=r.get("amount_high"),
        score=r.get("score"),
        owner_id=r["_owner"],
        indicator_name=r.get("indicator") or "",
        unit=r.get("unit") or "",
        baseline=r.get("baseline"),
        target=r.get("target"),
        measurement_method=r.get("measurement_method") or "",
    )


def _save(
    proposals: dict[str, dict], costs: list[dict], benefits: list[dict], actor: User, report: ImportReport
) -> None:
    """Create through the services; model validation problems go to the report (the caller rolls back)."""
    proposal_fields = (
        "description",
        "area",
        "needs_analysis",
        "current_process",
        "future_process",
        "process_mapping",
        "principles_statement",
        "buys_something",
        "is_mandatory",
        "calculation_years",
    )
    created: dict[str, Proposal] = {}
    for key, r in proposals.items():
        n = r[ss.ROW_NUMBER_KEY]
        values = {name: r[name] for name in proposal_fields if r.get(name) is not None}
        values["area"] = values.get("area") or AreaOfOperation.ADMINISTRATIVE
        try:
            created[key] = proposal_create(
                author=actor,
                target_cycle=r["_cycle"],
                title=r["title"],
                owning_group=r["_group"],
                goals=r["_goals"],
                systems=r["_systems"],
                **values,
            )
        except ValidationError as exc:
            _field_errors(report, PROPOSALS, n, exc, PROPOSAL_FIELD_COLUMNS, {c.header for c in PROPOSAL_COLUMNS})
        except PermissionDenied as exc:
            report.error(PROPOSALS, n, "ict_group", str(exc))
    if not report.ok:
        return
    lines: dict[str, list] = {key: [] for key in created}
    for sheet, rows, build, columns, mapping in (
        (COSTS, costs, _cost_line, COST_COLUMNS, COST_FIELD_COLUMNS),
        (BENEFITS, benefits, _benefit_line, BENEFIT_COLUMNS, BENEFIT_FIELD_COLUMNS),
    ):
        known = {c.header for c in columns}
        for r in rows:
            key = r["proposal_key"].casefold()
            line = build(r, created[key])
            try:
                line.full_clean()
            except ValidationError as exc:
                _field_errors(report, sheet, r[ss.ROW_NUMBER_KEY], exc, mapping, known)
                continue
            lines[key].append(line)
    if not report.ok:
        return
    for key, proposal in created.items():
        if not lines[key]:
            continue
        try:
            proposal_lines_save(
                proposal=proposal,
                actor=actor,
                expected_version=proposal.version,
                cost_lines=[line for line in lines[key] if isinstance(line, CostLine)],
                benefit_lines=[line for line in lines[key] if isinstance(line, BenefitLine)],
            )
        except PermissionDenied as exc:
            report.error(PROPOSALS, proposals[key][ss.ROW_NUMBER_KEY], "plan_year", str(exc))
        except ValidationError as exc:
            report.error(PROPOSALS, proposals[key][ss.ROW_NUMBER_KEY], "", " ".join(exc.messages))
    report.proposals = list(created.values())
    report.cost_lines = sum(1 for r in costs)
    report.benefit_lines = sum(1 for r in benefits)


# Template ------------------------------------------------------------------------------------------


def _allowed(column: Column) -> str:
    if column.kind == "choice":
        return ss.choice_help(column.choices)
    return {
        "bool": "ja / nej",
        "year": _("a year, e.g. 2027"),
        "int": _("a whole number"),
        "decimal": _("a number, decimal comma or point"),
        "list": _("values separated by ;"),
    }.get(column.kind, "")


def import_template_bytes() -> bytes:
    """The import template: the three data sheets with their headers, and a sheet explaining each column."""
    header = [_("Sheet"), _("Column"), _("Required"), _("What to enter"), _("Allowed values"), _("Example")]
    rows = []
    for sheet, columns in SHEETS.items():
        for c in columns:
            rows.append([sheet, c.header, _("Yes") if c.required else _("No"), str(c.help), _allowed(c), c.example])
    notes = [
        [
            "",
            "",
            "",
            _("Fill in the sheets Proposals, CostLines and BenefitLines; keep the headings in row 1."),
            "",
            "",
        ],
        [
            "",
            "",
            "",
            _(
                "Every problem is reported by sheet, row and column; nothing is saved unless the whole file "
                "is valid. Enter values, not formulas."
            ),
            "",
            "",
        ],
        ["", "", "", _("Proposals are created as drafts owned by the ICT group; you must be a member of it."), "", ""],
    ]
    sheets = [
        ss.SheetSpec(title=INSTRUCTIONS, header=header, rows=notes + rows, column_widths=[14, 20, 10, 70, 50, 24])
    ]
    for sheet, columns in SHEETS.items():
        sheets.append(
            ss.SheetSpec(
                title=sheet,
                header=[c.header for c in columns],
                rows=[],
                column_widths=[max(len(c.header) + 4, 14) for c in columns],
            )
        )
    return ss.xlsx_bytes(sheets)


def report_lines(report: ImportReport) -> list[str]:
    """Every problem as one line of text (for the command)."""
    return [str(problem) for problem in report.errors]


__all__ = ["ImportProblem", "ImportReport", "import_template_bytes", "proposals_import", "report_lines"]
