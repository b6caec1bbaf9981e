"""Who may do what in the system register and with maintenance plans.

- Everyone signed in reads the register and the plans (reuse search and the IT plan need them).
- A system is edited by its system manager, its system owner, or IT coordination; IT coordination
  adds and imports systems; only an administrator deletes one.
- A maintenance plan is written and submitted by the system's manager or owner (or IT coordination),
  only while it is a draft or returned; IT coordination accepts, returns and reopens it.
"""

import rules

from governance.rules import is_administrator, is_coordinator, is_signed_in

from .models import EDITABLE_STATES


@rules.predicate
def is_system_responsible(user, system) -> bool:
    """System manager or system owner of `system`."""
    if system is None or not getattr(user, "is_authenticated", False):
        return False
    return user.pk in (system.system_manager_id, system.system_owner_id)


@rules.predicate
def is_plan_system_responsible(user, plan) -> bool:
    return plan is not None and is_system_responsible(user, plan.system)


@rules.predicate
def plan_is_editable(_user, plan) -> bool:
    return plan is not None and plan.state in EDITABLE_STATES


@rules.predicate
def system_is_active(_user, system) -> bool:
    return system is not None and not system.is_retired


may_edit_system = is_system_responsible | is_coordinator
may_write_plan = is_plan_system_responsible | is_coordinator

for model in ("system", "informationtype", "integration", "maintenanceplan", "planactivity", "planbudgetline"):
    rules.add_perm(f"maintenance_plans.view_{model}", is_signed_in)

rules.add_perm("maintenance_plans.add_system", is_coordinator)
rules.add_perm("maintenance_plans.import_system", is_coordinator)
rules.add_perm("maintenance_plans.change_system", may_edit_system)
rules.add_perm("maintenance_plans.delete_system", is_administrator)
for model in ("informationtype", "integration"):
    rules.add_perm(f"maintenance_plans.add_{model}", may_edit_system)  # object: the system
    rules.add_perm(f"maintenance_plans.change_{model}", may_edit_system)
    rules.add_perm(f"maintenance_plans.delete_{model}", may_edit_system)

# add_maintenanceplan's object is the system the plan is for.
rules.add_perm("maintenance_plans.add_maintenanceplan", (is_system_responsible | is_coordinator) & system_is_active)
rules.add_perm("maintenance_plans.change_maintenanceplan", may_write_plan & plan_is_editable)
rules.add_perm("maintenance_plans.submit_maintenanceplan", may_write_plan)
rules.add_perm("maintenance_plans.review_maintenanceplan", is_coordinator)
rules.add_perm("maintenance_plans.delete_maintenanceplan", is_administrator)
for model in ("planactivity", "planbudgetline"):
    rules.add_perm(f"maintenance_plans.add_{model}", may_write_plan & plan_is_editable)
    rules.add_perm(f"maintenance_plans.change_{model}", may_write_plan & plan_is_editable)
    rules.add_perm(f"maintenance_plans.delete_{model}", may_write_plan & plan_is_editable)
