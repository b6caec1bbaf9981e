"""Importing the register: good files, re-imports, and every kind of bad input (nothing saved)."""

import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from maintenance_plans.imports import COLUMNS, systems_import
from maintenance_plans.models import InformationType, Lifecycle, OperationForm, System, SystemKind

HEADER = [c.key for c in COLUMNS]


def row(**values):
    base = {
        "name": "Procapita",
        "kind": "core",
        "administration": "UTF",
        "operation_form": "cloud",
        "personal_data": "ja",
        "supplier": "Tieto",
        "contract_start": "2024-01-01",
        "contract_end": "2027-06-30",
        "system_manager": "manager",
        "system_owner": "owner@kommun.example",
        "lifecycle": "In maintenance",
        "planned_retirement_year": "",
        "information_type": "Journal",
        "confidentiality": 3,
        "integrity": 2,
        "availability": 2,
        "traceability": 3,
    }
    base.update(values)
    return [base.get(k, "") for k in HEADER]


def xlsx(rows, header=HEADER) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def sheet_people(manager, owner):
    owner.email = "owner@kommun.example"
    owner.save()
    return manager, owner


def test_good_file_imports_every_row(org, sheet_people):
    manager, owner = sheet_people
    data = xlsx(
        [
            row(),
            row(
                name="Skola24",
                kind="Niche system",
                administration="Samhällsbyggnadsförvaltningen",
                operation_form="own_data_centre",
                contract_start=date(2023, 1, 1),
                contract_end="",
                information_type="",
                confidentiality="",
                integrity="",
                availability="",
                traceability="",
                personal_data="nej",
                lifecycle="",
                system_manager="Maja Förvaltare",
            ),
        ]
    )
    report = systems_import(file=data)
    assert report.ok, report.errors
    assert (report.created, report.updated) == (2, 0)
    p = System.objects.get(name="Procapita")
    assert (p.kind, p.administration, p.operation_form, p.personal_data) == (
        SystemKind.CORE,
        org.administration,
        OperationForm.CLOUD,
        True,
    )
    assert (p.system_manager, p.system_owner, p.contract_end) == (manager, owner, date(2027, 6, 30))
    assert (p.lifecycle, p.max_classification) == (Lifecycle.MAINTENANCE, 3)
    assert InformationType.objects.get(system=p).traceability == 3
    s = System.objects.get(name="Skola24")
    assert (s.kind, s.administration, s.contract_start, s.lifecycle) == (
        SystemKind.NICHE,
        org.other_administration,
        date(2023, 1, 1),
        Lifecycle.MAINTENANCE,
    )
    assert s.system_manager == manager and s.history.count() == 1


def test_reimport_updates_instead_of_duplicating(org, sheet_people):
    systems_import(file=xlsx([row()]))
    report = systems_import(file=xlsx([row(supplier="CGI", confidentiality=4)]))
    assert report.ok and (report.created, report.updated) == (0, 1)
    system = System.objects.get()
    assert (system.supplier, system.max_classification, system.version) == ("CGI", 4, 2)
    assert InformationType.objects.count() == 1
    again = systems_import(file=xlsx([row(supplier="CGI", confidentiality=4)]))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert System.objects.get().version == 2


def test_register_id_is_the_stable_key_across_renames(org, sheet_people):
    systems_import(file=xlsx([row(register_id="SYS-1")]))
    report = systems_import(file=xlsx([row(register_id="SYS-1", name="Lifecare")]))
    assert report.ok and report.updated == 1
    assert list(System.objects.values_list("name", flat=True)) == ["Lifecare"]


def errors_of(report):
    return {(e.row, e.column) for e in report.errors}


@pytest.mark.parametrize(
    ("rows", "header", "expected"),
    [
        ([row()], [h if h != "supplier" else "leverantör" for h in HEADER], {(1, "leverantör"), (1, "supplier")}),
        ([row(contract_end="31/12/2027")], HEADER, {(2, "contract_end")}),  # non-date
        ([row(), row(name="B", administration="Kulturförvaltningen")], HEADER, {(3, "administration")}),
        ([row(), row(kind="mainframe")], HEADER, {(3, "kind")}),
        ([row(), row()], HEADER, {(3, "information_type")}),  # the same system and information type twice
        (
            [row(), row(information_type="", confidentiality="", integrity="", availability="", traceability="")],
            HEADER,
            {(3, "name")},
        ),  # the same system again without another information type
        ([row(), row(information_type="Statistik", supplier="CGI")], HEADER, {(3, "name")}),  # details differ
        ([row(register_id="S-1"), row(register_id="S-2")], HEADER, {(3, "name")}),  # one name, two register ids
        ([row(supplier='=HYPERLINK("http://x")')], HEADER, {(2, "supplier")}),  # formula
        ([row(system_manager="nobody")], HEADER, {(2, "system_manager")}),
        ([row(name="")], HEADER, {(2, "name")}),
        ([row(confidentiality=7)], HEADER, {(2, "confidentiality")}),
        ([row(contract_start="2028-01-01")], HEADER, {(2, "contract_end")}),
        ([], HEADER, {(0, "")}),
    ],
)
def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_saved(rows, header, expected, org, sheet_people):
    report = systems_import(file=xlsx(rows, header))
    assert not report.ok
    assert errors_of(report) == expected, report.errors
    assert not System.objects.exists()


def test_a_system_on_several_rows_gets_one_information_type_per_row(org, sheet_people):
    rows = [
        row(information_type="Journal", confidentiality=3, integrity=2, availability=2, traceability=3),
        row(name="Skola24", information_type="", confidentiality="", integrity="", availability="", traceability=""),
        row(information_type="Statistik", confidentiality=1, integrity=4, availability=1, traceability=0),
    ]
    report = systems_import(file=xlsx(rows))
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)  # two systems, not three
    procapita = System.objects.get(name="Procapita")
    assert sorted(procapita.information_types.values_list("name", "integrity")) == [("Journal", 2), ("Statistik", 4)]
    assert procapita.max_classification == 4  # the highest level over both types
    again = systems_import(file=xlsx(rows))
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert InformationType.objects.filter(system=procapita).count() == 2


def test_one_bad_row_among_good_ones_saves_nothing(org, sheet_people):
    rows = [row(name=f"System {i}") for i in range(20)] + [row(name="Trasig", contract_end="i morgon")]
    report = systems_import(file=xlsx(rows))
    assert errors_of(report) == {(22, "contract_end")}
    assert not System.objects.exists()


def test_non_xlsx_renamed_is_refused(org):
    report = systems_import(file=b"name;kind\nProcapita;core\n")
    assert not report.ok and "not an Excel workbook" in report.errors[0].message


def test_oversized_file_is_refused(org, sheet_people, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    report = systems_import(file=xlsx([row()]))
    assert not report.ok and "limit" in report.errors[0].message
    assert not System.objects.exists()


def test_zip_bomb_is_refused_before_parsing(org):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (4 * 1024 * 1024))  # 4 MB of zeros → a few KB
    report = systems_import(file=out.getvalue())
    assert not report.ok and "compressed suspiciously" in report.errors[0].message


def test_management_command(tmp_path, org, sheet_people):
    path = tmp_path / "register.xlsx"
    path.write_bytes(xlsx([row(), row(name="Skola24")]))
    out = io.StringIO()
    call_command("import_systems", str(path), stdout=out)
    assert System.objects.count() == 2 and "2" in out.getvalue()


def test_management_command_reports_errors(tmp_path, org, sheet_people):
    path = tmp_path / "register.xlsx"
    path.write_bytes(xlsx([row(contract_end="snart")]))

    with pytest.raises(CommandError, match="contract_end"):
        call_command("import_systems", str(path), stdout=io.StringIO())
    assert not System.objects.exists()


def test_upload_page(people, client_for, sheet_people):
    client = client_for(people["it_coordinator"])
    url = reverse("maintenance_plans:system-import")
    assert client.get(url).status_code == 200
    bad = io.BytesIO(xlsx([row(administration="Okänd")]))
    bad.name = "register.xlsx"
    response = client.post(url, {"file": bad})
    assert response.status_code == 200 and "Okänd" in response.content.decode()
    good = io.BytesIO(xlsx([row()]))
    good.name = "register.xlsx"
    response = client.post(url, {"file": good})
    assert response.status_code == 302 and System.objects.count() == 1


def test_upload_page_is_for_it_coordination(people, client_for):
    assert client_for(people["ict_member"]).get(reverse("maintenance_plans:system-import")).status_code == 403


def test_template_download_explains_columns(people, client_for):
    response = client_for(people["ict_member"]).get(reverse("maintenance_plans:system-import-template"))
    wb = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    assert [c.value for c in wb.worksheets[0][1]] == HEADER
    explained = {r[0] for r in wb.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert set(HEADER) <= explained
