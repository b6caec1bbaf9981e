"""Import of the system register from the spreadsheet municipalities already keep.

Every row is validated into a report first (errors by row and column); only if no row has an error
are all rows saved, in one transaction. Re-importing updates instead of duplicating: a row matches an
existing system by its `register_id` when given, else by its name. Upload checks (size, real xlsx,
zip-bomb guard, defusedxml) are `governance.spreadsheets`'.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from governance import spreadsheets as ss
from governance.models import OrganisationUnit
from governance.selectors import people_index

from .models import InformationType, Lifecycle, OperationForm, System, SystemKind


@dataclass(frozen=True)
class Column:
    key: str
    help: str
    required: bool = False
    kind: str = "text"  # text, choice, date, bool, person, administration, year, level
    choices: type | None = None
    max_length: int | None = None


COLUMNS: tuple[Column, ...] = (
    Column(
        "register_id",
        gettext_lazy(
            "Optional stable identifier from your own register. When given, re-imports "
            "match on it (so a system can be renamed); else they match on the name."
        ),
        max_length=40,
    ),
    Column("name", gettext_lazy("The system's name, unique in the register."), required=True, max_length=200),
    Column("description", gettext_lazy("A short description.")),
    Column("capabilities", gettext_lazy("What the system can do (used when searching for reuse).")),
    Column("kind", gettext_lazy("Kind of system."), required=True, kind="choice", choices=SystemKind),
    Column(
        "administration",
        gettext_lazy("Owning administration: its name or short name as in the organisation."),
        required=True,
        kind="administration",
    ),
    Column("system_owner", gettext_lazy("User name, e-mail or full name of the system owner."), kind="person"),
    Column("system_manager", gettext_lazy("User name, e-mail or full name of the system manager."), kind="person"),
    Column(
        "information_owner", gettext_lazy("User name, e-mail or full name of the information owner."), kind="person"
    ),
    Column("personal_data", gettext_lazy("Whether the system holds personal data: yes or no."), kind="bool"),
    Column(
        "operation_form", gettext_lazy("How the system is run."), required=True, kind="choice", choices=OperationForm
    ),
    Column("supplier", gettext_lazy("The supplier."), max_length=200),
    Column("contract_start", gettext_lazy("Contract start date (YYYY-MM-DD or a date cell)."), kind="date"),
    Column("contract_end", gettext_lazy("Contract end date (YYYY-MM-DD or a date cell)."), kind="date"),
    Column(
        "lifecycle",
        gettext_lazy("Where the system is in its life; empty means in maintenance."),
        kind="choice",
        choices=Lifecycle,
    ),
    Column("planned_retirement_year", gettext_lazy("Year the system is planned to be retired."), kind="year"),
    Column(
        "information_type",
        gettext_lazy(
            "Optional: name of an information type the system holds; the four "
            "levels below then classify it (KLASSA 0–4). For several information "
            "types, repeat the system's row unchanged, once per type."
        ),
        max_length=200,
    ),
    Column("confidentiality", gettext_lazy("Confidentiality level 0–4 of the information type."), kind="level"),
    Column("integrity", gettext_lazy("Integrity level 0–4 of the information type."), kind="level"),
    Column("availability", gettext_lazy("Availability level 0–4 of the information type."), kind="level"),
    Column("traceability", gettext_lazy("Traceability level 0–4 of the information type."), kind="level"),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
LEVEL_KEYS = ("confidentiality", "integrity", "availability", "traceability")
SYSTEM_FIELDS = (
    "register_id",
    "name",
    "description",
    "capabilities",
    "kind",
    "administration_id",
    "system_owner_id",
    "system_manager_id",
    "information_owner_id",
    "personal_data",
    "operation_form",
    "supplier",
    "contract_start",
    "contract_end",
    "lifecycle",
    "planned_retirement_year",
)
# Columns a sheet may leave out entirely (the others must be there, even if empty).
OPTIONAL_HEADERS = frozenset({"register_id", "description", "capabilities", "information_type", *LEVEL_KEYS})


@dataclass
class ImportProblem:
    row: int  # spreadsheet row number (header is row 1); 0 for the file as a whole
    column: str
    message: str


@dataclass
class ImportReport:
    errors: list[ImportProblem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(ImportProblem(row, column, str(message)))


class _Resolver:
    """Looks up administrations and people once for the whole file."""

    def __init__(self) -> None:
        self.units: dict[str, int] = {}
        for pk, name, short in OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.ADMINISTRATION).values_list(
            "pk", "name", "short_name"
        ):
            self.units[name.strip().casefold()] = pk
            if short:
                self.units.setdefault(short.strip().casefold(), pk)
        self.people = people_index()

    def administration(self, value) -> int:
        text = ss.parse_text(value)
        pk = self.units.get(text.casefold())
        if pk is None:
            raise ValidationError(
                _("No administration called “%(value)s”.") % {"value": text}, code="unknown_administration"
            )
        return pk

    def person(self, value) -> int:
        return self.people.pk_for(ss.parse_text(value))


def _year(value) -> int:
    year = ss.parse_int(value)
    if not 1990 <= year <= 2100:
        raise ValidationError(_("Give a year between 1990 and 2100."), code="invalid_year")
    return year


def _level(value) -> int:
    level = ss.parse_int(value)
    if not 0 <= level <= 4:
        raise ValidationError(_("A level is 0, 1, 2, 3 or 4."), code="invalid_level")
    return level


def column_specs(resolver: _Resolver) -> list[ss.ColumnSpec]:
    parsers = {
        "text": ss.parse_text,
        "date": ss.parse_date,
        "bool": ss.parse_bool,
        "year": _year,
        "level": _level,
        "administration": resolver.administration,
        "person": resolver.person,
    }
    specs = []
    for c in COLUMNS:
        parser = ss.parse_choice(c.choices) if c.kind == "choice" else parsers[c.kind]
        validators = [ss.max_length(c.max_length)] if c.max_length else []
        default = "" if c.kind == "text" else (False if c.kind == "bool" else None)
        specs.append(
            ss.ColumnSpec(
                header=c.key, key=c.key, parser=parser, required=c.required, validators=validators, default=default
            )
        )
    return specs


def cross_check(rows: list[dict], report: ImportReport) -> None:
    """Checks across columns and rows: duplicates in the file, contract period, information-type levels.

    A system may stand on several rows, one per information type it holds: the later rows repeat the
    system's details unchanged and each names another information type (``_first_row`` holds the number
    of the row that introduced the system).
    """
    seen_names: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    first_of: dict[int, dict] = {}  # row number -> the row that introduced its system
    types_of: dict[int, dict[str, int]] = {}  # first row number -> information type (folded) -> row
    for r in rows:
        n = r[ss.ROW_NUMBER_KEY]
        folded = r["name"].casefold()
        rid = r.get("register_id")
        earlier = seen_ids.get(rid) if rid else seen_names.get(folded)
        if earlier is not None:
            _check_repeat(r, first_of[earlier], types_of[earlier], report)
            r["_first_row"] = earlier
        else:
            if folded in seen_names:
                report.error(
                    n,
                    "name",
                    _("The name is also on row %(row)s with another register id.") % {"row": seen_names[folded]},
                )
            if rid and rid in seen_ids:
                report.error(n, "register_id", _("The register id is also on row %(row)s.") % {"row": seen_ids[rid]})
            seen_names.setdefault(folded, n)
            if rid:
                seen_ids.setdefault(rid, n)
            first_of[n] = r
            types_of[n] = {}
            if r.get("information_type"):
                types_of[n][r["information_type"].casefold()] = n
        start, end = r.get("contract_start"), r.get("contract_end")
        if start and end and end < start:
            report.error(n, "contract_end", _("The contract cannot end before it starts."))
        levels = [r.get(k) for k in LEVEL_KEYS]
        if r.get("information_type") and any(v is None for v in levels):
            report.error(n, "information_type", _("Give all four levels (0–4) for the information type."))
        if not r.get("information_type") and any(v is not None for v in levels):
            report.error(n, "information_type", _("Name the information type the levels belong to."))


def _check_repeat(row: dict, first: dict, types: dict[str, int], report: ImportReport) -> None:
    """A further row of a system already in the file: same details, another information type."""
    n, row_of_first = row[ss.ROW_NUMBER_KEY], first[ss.ROW_NUMBER_KEY]
    info = row.get("information_type")
    if not info:
        report.error(
            n,
            "name",
            _("The system is also on row %(row)s. Give each system once, or one row per information type it holds.")
            % {"row": row_of_first},
        )
        return
    if info.casefold() in types:
        report.error(
            n,
            "information_type",
            _("The information type is already given for this system on row %(row)s.")
            % {"row": types[info.casefold()]},
        )
    types.setdefault(info.casefold(), n)
    expected = _system_values(first)
    different = [key for key, value in _system_values(row).items() if expected[key] != value]
    if different:
        headers = ", ".join(key.removesuffix("_id") for key in different)
        report.error(
            n,
            "name",
            _(
                "The system's details differ from row %(row)s (%(columns)s): repeat them "
                "unchanged on every row of the system."
            )
            % {"row": row_of_first, "columns": headers},
        )


def _system_values(clean: dict) -> dict:
    return {
        "register_id": clean.get("register_id") or "",
        "name": clean["name"],
        "description": clean.get("description") or "",
        "capabilities": clean.get("capabilities") or "",
        "kind": clean["kind"],
        "administration_id": clean["administration"],
        "system_owner_id": clean.get("system_owner"),
        "system_manager_id": clean.get("system_manager"),
        "information_owner_id": clean.get("information_owner"),
        "personal_data": bool(clean.get("personal_data")),
        "operation_form": clean["operation_form"],
        "supplier": clean.get("supplier") or "",
        "contract_start": clean.get("contract_start"),
        "contract_end": clean.get("contract_end"),
        "lifecycle": clean.get("lifecycle") or Lifecycle.MAINTENANCE,
        "planned_retirement_year": clean.get("planned_retirement_year"),
    }


def _match_existing(clean_rows: list[dict], report: ImportReport) -> dict[int, System]:
    """Row number -> existing system, by register id (when given) else by name; checks name clashes."""
    ids = [r["register_id"] for r in clean_rows if r.get("register_id")]
    names = [r["name"] for r in clean_rows]
    existing = list(System.objects.filter(Q(register_id__in=ids) | Q(name__in=names)))
    by_id = {s.register_id: s for s in existing if s.register_id}
    by_name = {s.name.casefold(): s for s in existing}
    matched: dict[int, System] = {}
    for r in clean_rows:
        system = by_id.get(r.get("register_id")) if r.get("register_id") else None
        named = by_name.get(r["name"].casefold())
        if system is None:
            system = named
            if (
                system is not None
                and r.get("register_id")
                and system.register_id
                and system.register_id != r["register_id"]
            ):
                report.error(
                    r[ss.ROW_NUMBER_KEY],
                    "name",
                    _("“%(name)s” is already in the register with register id %(id)s.")
                    % {"name": r["name"], "id": system.register_id},
                )
                continue
        elif named is not None and named.pk != system.pk:
            report.error(
                r[ss.ROW_NUMBER_KEY],
                "name",
                _("Another system in the register is already called “%(name)s”.") % {"name": r["name"]},
            )
            continue
        if system is not None:
            matched[r[ss.ROW_NUMBER_KEY]] = system
    return matched


@transaction.atomic
def systems_save(clean_rows: list[dict], report: ImportReport, *, actor=None) -> None:
    """Create or update every row, in bulk (with history rows). Caller ensures `report.ok`."""
    matched = _match_existing([r for r in clean_rows if "_first_row" not in r], report)
    if not report.ok:
        return
    to_create, to_update = [], []
    changed_fields: set[str] = set()
    now = timezone.now()
    system_of: dict[int, System] = {}  # row number -> its system; a repeated row takes its first row's
    for r in clean_rows:
        if "_first_row" in r:  # another information type of a system already on an earlier row
            r["_system"] = system_of[r["_first_row"]]
            continue
        values = _system_values(r)
        system = matched.get(r[ss.ROW_NUMBER_KEY])
        if system is None:
            system = System(**values)
            to_create.append(system)
        else:
            changed = [name for name, value in values.items() if getattr(system, name) != value]
            if changed:  # an unchanged row is left alone: no new version, no history row
                for name in changed:
                    setattr(system, name, values[name])
                system.version += 1
                system.updated_at = now
                changed_fields.update(changed)
                to_update.append(system)
            else:
                report.unchanged += 1
        r["_system"] = system_of[r[ss.ROW_NUMBER_KEY]] = system
    if to_create:
        bulk_create_with_history(to_create, System, batch_size=500, default_user=actor)
        if any(s.pk is None for s in to_create):  # backends that do not return ids
            pks = dict(System.objects.filter(name__in=[s.name for s in to_create]).values_list("name", "pk"))
            for s in to_create:
                s.pk = s.id = pks[s.name]
    if to_update:
        bulk_update_with_history(
            to_update, System, [*sorted(changed_fields), "version", "updated_at"], batch_size=200, default_user=actor
        )
    report.created, report.updated = len(to_create), len(to_update)
    _save_information_types(clean_rows)


def _save_information_types(clean_rows: list[dict]) -> None:
    rows = [r for r in clean_rows if r.get("information_type")]
    if not rows:
        return
    systems = [r["_system"] for r in rows]
    existing = {(i.system_id, i.name): i for i in InformationType.objects.filter(system__in=systems)}
    to_create, to_update = [], []
    for r in rows:
        sys = r["_system"]
        info = existing.get((sys.pk, r["information_type"]))
        levels = {k: r[k] for k in LEVEL_KEYS}
        if info is None:
            to_create.append(
                InformationType(
                    system=sys, name=r["information_type"], personal_data=bool(r.get("personal_data")), **levels
                )
            )
        elif any(getattr(info, k) != v for k, v in levels.items()):
            for k, v in levels.items():
                setattr(info, k, v)
            to_update.append(info)
    if to_create:
        bulk_create_with_history(to_create, InformationType, batch_size=500)
    if to_update:
        bulk_update_with_history(to_update, InformationType, list(LEVEL_KEYS), batch_size=500)
    # Keep each touched system's highest level in step with all its information types.
    ids = {s.pk for s in systems}
    highest: dict[int, int] = dict.fromkeys(ids, 0)
    for sid, c, i, a, t in InformationType.objects.filter(system_id__in=ids).values_list(
        "system_id", "confidentiality", "integrity", "availability", "traceability"
    ):
        highest[sid] = max(highest[sid], c, i, a, t)
    by_level: dict[int, list[int]] = {}
    for sid, level in highest.items():
        by_level.setdefault(level, []).append(sid)
    for level, sids in by_level.items():
        System.objects.filter(pk__in=sids).update(max_classification=level)


def upload_limit() -> int:
    return getattr(settings, "UPLOAD_MAX_BYTES", ss.MAX_UPLOAD_BYTES)


def systems_import(*, file, actor=None) -> ImportReport:
    """Check the upload (size, real xlsx, zip bomb), read its first sheet, validate every row, then save
    all rows or none. Returns the report: `.ok`, `.errors` by row and column, `.created`, `.updated`."""
    report = ImportReport()
    try:
        data = ss.read_sheet(file, columns=column_specs(_Resolver()), max_bytes=upload_limit())
    except ss.SpreadsheetError as exc:
        for message in exc.messages:
            report.error(0, "", message)
        return report
    report.rows = data.row_count
    for e in data.errors:
        if e.code == "missing_column" and e.column_header in OPTIONAL_HEADERS:
            continue
        report.error(e.row, e.column_header, e.message)
    if report.ok and not data.rows:
        report.error(0, "", _("The sheet has no rows below the header."))
    if report.ok:
        cross_check(data.rows, report)
    if report.ok:
        systems_save(data.rows, report, actor=actor)
    return report
