"""Proposal import: a good file becomes drafts with their lines through the services; every bad file is
refused whole, with its problems by sheet, row and column."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from portfolio.models import BenefitLine, CostLine, Proposal, ProposalState
from portfolio.proposals.imports import BENEFIT_COLUMNS, COST_COLUMNS, PROPOSAL_COLUMNS, proposals_import
from tests.governance.factories import BudgetCycleFactory, GoalFactory

pytestmark = pytest.mark.django_db

PROPOSAL_HEADER = [
    "key",
    "title",
    "ict_group",
    "plan_year",
    "description",
    "area",
    "needs_analysis",
    "goals",
    "buys_something",
    "calculation_years",
]
COST_HEADER = ["proposal_key", "year", "category", "description", "amount", "hours", "hourly_rate"]
BENEFIT_HEADER = [
    "proposal_key",
    "year",
    "type",
    "stakeholder",
    "description",
    "cash_releasing",
    "amount",
    "hours",
    "score",
    "owner",
    "indicator",
]


@pytest.fixture
def setup(org, people):
    cycle = BudgetCycleFactory(plan_year=2027)  # hourly rate 450 kr
    goal = GoalFactory(code="E1", title="Fler e-tjänster")
    return {"cycle": cycle, "goal": goal, "group": org.ict_group.name, "owner": people["ict_member"].username}


def good_rows(setup) -> dict:
    group, owner = setup["group"], setup["owner"]
    return {
        "Proposals": [
            [
                "A1",
                "E-tjänst för bygglov",
                group,
                2027,
                "Ansökan om bygglov på nätet.",
                "technical",
                "Handläggarna skriver av pappersansökningar.",
                "E1",
                "ja",
                5,
            ],
            ["A2", "Digital signering", group, 2027, "", "Administrative / common", "", "", "nej", None],
        ],
        "CostLines": [
            ["A1", 2027, "investment", "Licens och införande", 200000, None, None],
            ["A1", 2028, "staff", "Projektledning", None, 100, 500],
            ["A2", 2027, "running", "Tjänsteavgift", "30 000", None, None],
        ],
        "BenefitLines": [
            ["A1", 2028, "time_freed", "staff", "Mindre avskrivning", "nej", None, 300, None, owner, ""],
            ["A1", 2029, "cost_reduction", "municipality", "Lägre portokostnad", "ja", 80000, None, None, owner, ""],
            ["A2", 2028, "quality", "residents", "Snabbare svar", "", None, None, 4, owner, "NKI"],
        ],
    }


def workbook(rows: dict, headers: dict | None = None, formula: tuple | None = None) -> bytes:
    headers = {
        "Proposals": PROPOSAL_HEADER,
        "CostLines": COST_HEADER,
        "BenefitLines": BENEFIT_HEADER,
        **(headers or {}),
    }
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in ("Proposals", "CostLines", "BenefitLines"):
        ws = wb.create_sheet(name)
        ws.append(headers[name])
        for row in rows.get(name, []):
            ws.append(row)
    if formula:
        sheet, cell, value = formula
        wb[sheet][cell] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def problems(report) -> set[tuple]:
    return {(e.sheet, e.row, e.column) for e in report.errors}


def test_good_file_becomes_drafts_with_lines_and_totals(setup, people):
    report = proposals_import(file=workbook(good_rows(setup)), actor=people["ict_member"])
    assert report.ok, [str(e) for e in report.errors]
    assert len(report.proposals) == 2 and report.cost_lines == 3 and report.benefit_lines == 3
    a1 = Proposal.objects.get(title="E-tjänst för bygglov")
    assert a1.state == ProposalState.DRAFT and a1.author == people["ict_member"]
    assert a1.reference.startswith("P2027-") and a1.area == "technical" and a1.buys_something
    assert list(a1.goals.all()) == [setup["goal"]]
    assert [(c.year, c.amount) for c in a1.cost_lines.order_by("year")] == [
        (0, Decimal("200000.00")),
        (1, Decimal("50000.00")),
    ]  # 100 h × 500 kr
    assert a1.total_cost == Decimal("250000.00")
    assert a1.total_benefit == Decimal("215000.00")  # 300 h × 450 kr (cycle rate) + 80 000
    assert a1.cash_releasing_benefit == Decimal("80000.00")
    a2 = Proposal.objects.get(title="Digital signering")
    assert a2.calculation_years == 5 and a2.area == "administrative" and not a2.buys_something
    assert a2.total_cost == Decimal("30000.00")
    quality = a2.benefit_lines.get()
    assert quality.score == 4 and quality.indicator_name == "NKI" and quality.owner == people["ict_member"]


def assert_refused(report, *expected: tuple) -> None:
    assert not report.ok
    found = problems(report)
    for where in expected:
        assert where in found, (where, [str(e) for e in report.errors])
    assert Proposal.objects.count() == 0
    assert CostLine.objects.count() == 0 and BenefitLine.objects.count() == 0


def test_wrong_column(setup, people):
    header = ["key", "titel", *PROPOSAL_HEADER[2:]]
    report = proposals_import(
        file=workbook(good_rows(setup), headers={"Proposals": header}), actor=people["ict_member"]
    )
    assert_refused(report, ("Proposals", 1, "titel"), ("Proposals", 1, "title"))


def test_non_number(setup, people):
    rows = good_rows(setup)
    rows["CostLines"][0][4] = "mycket"
    report = proposals_import(file=workbook(rows), actor=people["ict_member"])
    assert_refused(report, ("CostLines", 2, "amount"))
    assert "Enter a number." in report.errors[0].message


def test_unknown_group(setup, people):
    rows = good_rows(setup)
    rows["Proposals"][1][2] = "IKT-grupp Månbasen"
    report = proposals_import(file=workbook(rows), actor=people["ict_member"])
    assert_refused(report, ("Proposals", 3, "ict_group"))


def test_group_the_importer_is_not_in(setup, people, org):
    rows = good_rows(setup)
    rows["Proposals"][0][2] = org.other_ict_group.name
    report = proposals_import(file=workbook(rows), actor=people["ict_member"])
    assert_refused(report, ("Proposals", 2, "ict_group"))


def test_line_for_a_missing_proposal_key(setup, people):
    rows = good_rows(setup)
    rows["BenefitLines"][2][0] = "A9"
    report = proposals_import(file=workbook(rows), actor=people["ict_member"])
    assert_refused(report, ("BenefitLines", 4, "proposal_key"))


def test_year_outside_the_period(setup, people):
    rows = good_rows(setup)
    rows["CostLines"][1][1] = 2032  # period 2027–2031
    rows["BenefitLines"][0][1] = 2026
    report = proposals_import(file=workbook(rows), actor=people["ict_member"])
    assert_refused(report, ("CostLines", 3, "year"), ("BenefitLines", 2, "year"))
    assert any("2027–2031" in e.message for e in report.errors)


def test_formula_cell(setup, people):
    report = proposals_import(
        file=workbook(good_rows(setup), formula=("CostLines", "E2", "=100000*2")), actor=people["ict_member"]
    )
    assert_refused(report, ("CostLines", 2, "amount"))
    assert "Formulas are not allowed" in report.errors[0].message


def test_renamed_non_xlsx(setup, people):
    fake = SimpleUploadedFile("förslag.xlsx", b"key;title\nA1;Bygglov\n", content_type="application/vnd.ms-excel")
    report = proposals_import(file=fake, actor=people["ict_member"])
    assert not report.ok and report.errors[0].row == 0 and "not an Excel workbook" in report.errors[0].message
    assert Proposal.objects.count() == 0


def test_missing_sheet(setup, people):
    wb = openpyxl.Workbook()
    wb.active.title = "Proposals"
    wb.active.append(PROPOSAL_HEADER)
    out = io.BytesIO()
    wb.save(out)
    report = proposals_import(file=out.getvalue(), actor=people["ict_member"])
    assert not report.ok and "CostLines" in report.errors[0].message


def test_model_rules_reported_by_cell(setup, people):
    rows = good_rows(setup)
    rows["CostLines"][0][5] = 10  # hours on an investment line
    rows["BenefitLines"][2][8] = 7  # score outside 1–5
    report = proposals_import(file=workbook(rows), actor=people["ict_member"])
    assert_refused(report, ("CostLines", 2, "hours"), ("BenefitLines", 4, "score"))


def test_benefit_without_owner_and_unknown_goal(setup, people):
    rows = good_rows(setup)
    rows["BenefitLines"][0][9] = None
    rows["Proposals"][0][7] = "E1; X42"
    report = proposals_import(file=workbook(rows), actor=people["ict_member"])
    assert_refused(report, ("BenefitLines", 2, "owner"))
    rows["BenefitLines"][0][9] = setup["owner"]
    report = proposals_import(file=workbook(rows), actor=people["ict_member"])
    assert_refused(report, ("Proposals", 2, "goals"))


def test_duplicate_keys(setup, people):
    rows = good_rows(setup)
    rows["Proposals"][1][0] = "a1"
    report = proposals_import(file=workbook(rows), actor=people["ict_member"])
    assert_refused(report, ("Proposals", 3, "key"))


# Pages, template and command ---------------------------------------------------------------------


def test_upload_page_per_role(client_for, people, setup):
    url = reverse("portfolio:proposal-import")
    assert client_for(people["outsider"]).get(url).status_code == 403
    assert client_for(people["board_member"]).get(url).status_code == 403
    client = client_for(people["ict_member"])
    page = client.get(url)
    assert page.status_code == 200 and reverse("portfolio:proposal-import-template") in page.content.decode()


def test_upload_good_and_bad_file(client_for, people, setup):
    client = client_for(people["ict_member"])
    url = reverse("portfolio:proposal-import")
    rows = good_rows(setup)
    rows["CostLines"][0][4] = "mycket"
    bad = SimpleUploadedFile("bad.xlsx", workbook(rows))
    response = client.post(url, {"file": bad})
    html = response.content.decode()
    assert response.status_code == 400 and "nothing was saved" in html and "CostLines" in html and "amount" in html
    assert Proposal.objects.count() == 0
    good = SimpleUploadedFile("good.xlsx", workbook(good_rows(setup)))
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    assert Proposal.objects.count() == 2


def test_template_explains_every_column_and_imports_once_filled(client_for, people, setup):
    response = client_for(people["ict_member"]).get(reverse("portfolio:proposal-import-template"))
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    assert wb.sheetnames == ["Instructions", "Proposals", "CostLines", "BenefitLines"]
    explained = {(row[0], row[1]) for row in wb["Instructions"].iter_rows(min_row=2, values_only=True)}
    for sheet, columns in (
        ("Proposals", PROPOSAL_COLUMNS),
        ("CostLines", COST_COLUMNS),
        ("BenefitLines", BENEFIT_COLUMNS),
    ):
        header = [c.value for c in wb[sheet][1]]
        assert header == [c.header for c in columns]
        assert all((sheet, c.header) in explained for c in columns)
    # Filled in, the template itself imports.
    wb["Proposals"].append(["K1", "Schemaläggning i hemtjänsten", setup["group"], 2027] + [None] * 12)
    wb["CostLines"].append(["K1", 2027, "investment", "", 90000])
    wb["BenefitLines"].append(
        ["K1", 2028, "cost_reduction", "municipality", "", "ja", 40000] + [None] * 5 + [setup["owner"]]
    )
    out = io.BytesIO()
    wb.save(out)
    report = proposals_import(file=out.getvalue(), actor=people["ict_member"])
    assert report.ok, [str(e) for e in report.errors]
    assert Proposal.objects.get().total_cost == Decimal("90000.00")


def test_command(tmp_path, people, setup):
    path = tmp_path / "forslag.xlsx"
    path.write_bytes(workbook(good_rows(setup)))
    out = io.StringIO()
    call_command("import_proposals", str(path), user=people["ict_member"].username, stdout=out)
    assert "Imported 2 proposal(s)" in out.getvalue()
    rows = good_rows(setup)
    rows["Proposals"][0][2] = "Okänd grupp"
    path.write_bytes(workbook(rows))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_proposals", str(path), user=people["ict_member"].username, stderr=err)
    assert "Sheet “Proposals”, row 2, column “ict_group”" in err.getvalue()
    assert Proposal.objects.count() == 2
