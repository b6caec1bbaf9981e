"""What procurement owes: contract follow-ups on their dates, reminded through governance's registry."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.obligations import Obligation, registry

from .models import ContractFollowUp

FOLLOW_UP_REMIND_DAYS = 30
LOOK_AHEAD_DAYS = 90


def contract_follow_ups_due(*, today: date, user=None) -> Iterable[Obligation]:
    """Each open contract follow-up due within the look-ahead window (or overdue) is owed by its
    responsible person, or, lacking one, by the case's responsible person."""

    follow_ups = ContractFollowUp.objects.filter(
        done_on__isnull=True, due_on__lte=today + timedelta(days=LOOK_AHEAD_DAYS)
    )
    if user is not None:
        follow_ups = follow_ups.filter(Q(responsible=user) | Q(responsible__isnull=True, case__responsible=user))
    for (
        pk,
        case_id,
        reference,
        title,
        due_on,
        description,
        responsible_id,
        case_responsible_id,
    ) in follow_ups.values_list(
        "pk",
        "case_id",
        "case__reference",
        "case__title",
        "due_on",
        "description",
        "responsible_id",
        "case__responsible_id",
    ):
        yield Obligation(
            user_id=responsible_id or case_responsible_id,
            key=f"procurement-follow-up:{pk}",
            title=_("Contract follow-up of %(case)s: %(what)s") % {"case": f"{reference} {title}", "what": description},
            due_on=due_on,
            url=reverse("procurement:case-detail", args=[case_id]) + "#follow-ups",
            remind_days_before=FOLLOW_UP_REMIND_DAYS,
        )


def register() -> None:
    registry.source(contract_follow_ups_due)
