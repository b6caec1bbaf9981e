import pytest

from governance.demo import DemoContext, run
from procurement.models import PHASE_ORDER, CaseItem, CaseItemStatus, ProcurementCase

from ..clock import TODAY

pytestmark = pytest.mark.django_db


def test_demo_has_cases_in_every_phase_blocked_ones_and_a_waiver_and_is_idempotent():
    run(DemoContext(today=TODAY))
    phases = set(ProcurementCase.objects.values_list("phase", flat=True))
    assert phases == set(PHASE_ORDER)
    assert ProcurementCase.objects.blocked().exclude(phase="closed").count() >= 2
    assert CaseItem.objects.filter(status=CaseItemStatus.WAIVED).count() >= 1
    count = ProcurementCase.objects.count()
    run(DemoContext(today=TODAY))
    assert ProcurementCase.objects.count() == count
