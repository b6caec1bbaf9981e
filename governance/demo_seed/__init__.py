"""Governance's demo data: a fictional municipality, "Älvsby kommun", modelled on the seed documents.

`seed_governance(ctx)` fills the `DemoContext` that other apps' seeders read:

ctx.units (OrganisationUnit)
    municipality; administrations utom (utbildning och omsorg), sbf (samhällsbyggnad), ks
    (kommunledningsförvaltningen); operations care (vård och omsorg, individ och familj), education
    (grundskola), preschool (förskola), planning (samhällsbyggnad, under sbf), management (kommunledning, under ks).
ctx.groups (SteeringGroup)
    leadership (tier 1); board_utom, board_sbn, board_ks (tier 2); ict_care, ict_education,
    ict_preschool (under board_utom), ict_sbn (under board_sbn), ict_ks (under board_ks) (tier 3).
ctx.users (User; all share `DEMO_PASSWORD`)
    municipal_director (convenes the leadership group), head_utom, head_sbf, head_ks (heads of
    administration, on the leadership group and their board), finance_director, it_manager (convenes
    the boards; IT coordination), it_operations_manager (convenes ict_care, ict_sbn, ict_ks; on every
    board), support_lead (convenes ict_education, ict_preschool), it_specialist, network_specialist,
    it_coordinator (IT coordination, staff), administrator (administrator role, staff), superuser
    (username "admin", Django superuser), committee_member (no seat: a reader), and per operation
    `<op>_operations_manager`, `<op>_business_developer`, `<op>_system_manager`, `<op>_case_officer`
    for op in care, education, preschool, planning, management. Operations managers of care,
    education and management, and the business developers of preschool, planning and management,
    also sit on their tier-2 board.
ctx.cycles
    {this year: BudgetCycle, next year: BudgetCycle}; past milestones are completed, except next
    year's maintenance-plan filing.
ctx.goals
    the IT strategy's nine statements, the e-strategy's five guiding principles (is_principle) and
    the e-service strategy's goals E1–E5 (with indicators and yearly measurements).
"""

from .seed import DEMO_PASSWORD, seed_governance

__all__ = ["DEMO_PASSWORD", "seed_governance"]
