"""Reading the audit trail: field-level history (django-simple-history) and workflow state changes."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    kind: str  # "+", "~", "-"
    changes: list[tuple[str, str, str]]  # (field label, old, new)


def history_entries(obj, *, limit: int = 200) -> list[HistoryEntry]:
    """Who changed what and when, newest first, with each change as old → new per field."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for i, record in enumerate(records[:limit]):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                try:
                    label = str(obj._meta.get_field(change.field).verbose_name)
                except FieldDoesNotExist:  # a field removed since
                    label = change.field
                changes.append((label, _show(change.old), _show(change.new)))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else "–",
                kind=record.history_type,
                changes=changes,
            )
        )
    return entries


def _show(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, list):  # m2m: list of through-row dicts
        return ", ".join(str(v) for v in value) or "–"
    return str(value)
