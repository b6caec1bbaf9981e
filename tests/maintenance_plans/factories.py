import factory

from governance.models import OrganisationUnit
from maintenance_plans.models import (
    ActivityKind,
    CostType,
    InformationType,
    MaintenancePlan,
    OperationForm,
    PlanActivity,
    PlanBudgetLine,
    System,
    SystemKind,
)

from ..governance.factories import OrganisationUnitFactory


class SystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = System

    name = factory.Sequence(lambda n: f"System {n:04d}")
    kind = SystemKind.NICHE
    administration = factory.SubFactory(OrganisationUnitFactory, kind=OrganisationUnit.Kind.ADMINISTRATION)
    operation_form = OperationForm.CLOUD
    supplier = "Leverantör AB"


class InformationTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationType

    system = factory.SubFactory(SystemFactory)
    name = factory.Sequence(lambda n: f"Information {n}")
    confidentiality = 1
    integrity = 1
    availability = 1
    traceability = 1


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaintenancePlan

    system = factory.SubFactory(SystemFactory)
    plan_year = 2027
    goals = "Stable operation and one upgrade."


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanActivity

    plan = factory.SubFactory(PlanFactory)
    kind = ActivityKind.CORRECTIVE
    quarter = 1
    description = "Patch"
    estimate = 10000


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanBudgetLine

    plan = factory.SubFactory(PlanFactory)
    cost_type = CostType.LICENCES
    amount = 100000
