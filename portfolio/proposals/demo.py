"""Demo proposals: 26 proposals of the five demo ICT groups, in every state, with realistic costs and
benefits (SEK, staff time at the cycle's hourly rate), risks and financing where the board has assessed.

Each proposal is written by a member of its ICT group through `proposal_create`, gets its lines through
`proposal_lines_save`, and is moved to its state by the right people through `proposal_transition`:
the group submits and withdraws, the parent board assesses, returns, recommends, rejects and defers, the
leadership group approves (which creates the project). Approved proposals target this year's plan (their
projects run now); the rest target next year's.

The demo's budget cycles are usually past their lock milestone (the changes for a plan year are final on
Oct 31 the year before), when the services refuse new lines. Demo lines then stand for figures entered
before the lock: they are validated by the models (`full_clean`) and the totals refreshed by the service.

Idempotent: a proposal whose title already exists is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from governance.exceptions import TransitionNotAllowed
from governance.models import BudgetCycle, Goal, GroupRole, Membership, SteeringGroup, Tier
from governance.rules import forget_access
from maintenance_plans.models import System
from portfolio.proposals.models import (
    BenefitLine,
    BenefitType,
    CostCategory,
    CostLine,
    FinancingDecision,
    Payer,
    Proposal,
    ProposalState,
    Risk,
    Stakeholder,
)
from portfolio.proposals.services import (
    financing_decision_save,
    proposal_create,
    proposal_lines_save,
    proposal_totals_refresh,
    risk_save,
)
from portfolio.proposals.workflows import proposal_transition

S = ProposalState


# Line builders: (kind, year, ...) tuples turned into unsaved lines by `_lines`. ------------------------


def inv(year: int, amount: int, text: str) -> tuple:
    return ("cost", year, CostCategory.INVESTMENT, Decimal(amount), None, text)


def run(years, amount: int, text: str) -> list[tuple]:
    return [("cost", y, CostCategory.RUNNING, Decimal(amount), None, text) for y in years]


def staff(year: int, hours: int, text: str) -> tuple:
    return ("cost", year, CostCategory.STAFF, None, Decimal(hours), text)


def saving(years, amount: int, text: str, *, who=Stakeholder.MUNICIPALITY, cash=True, indicator: tuple = ()) -> list:
    return [("saving", y, who, cash, Decimal(amount), text, indicator) for y in years]


def time(years, hours: int, text: str, *, who=Stakeholder.STAFF, indicator: tuple = ()) -> list:
    return [("time", y, who, Decimal(hours), text, indicator) for y in years]


def quality(year: int, score: int, text: str, indicator: tuple, *, who=Stakeholder.RESIDENTS) -> tuple:
    return ("quality", year, who, score, text, indicator)


@dataclass(frozen=True)
class Spec:
    title: str
    group: str
    state: str
    area: str
    description: str
    need: str
    today: str
    tomorrow: str
    lines: tuple
    goals: tuple = ("E1",)
    buys: bool = True
    mandatory: bool = False
    this_year: bool = False
    reason: str = ""
    risks: tuple = field(default=())
    payer: str = Payer.ADMINISTRATION


Y = range(1, 5)  # years 1–4 of a five-year period
ALL = range(0, 5)
LEAD_TIME = ("Handläggningstid", "dagar")
NKI = ("Nöjd-kund-index", "index")
DIGITAL = ("Andel ärenden som kommer in digitalt", "%")

SPECS: tuple[Spec, ...] = (
    # Samhällsbyggnad ------------------------------------------------------------------------------
    Spec(
        "E-tjänst för bygglov",
        "ict_sbn",
        S.APPROVED,
        "technical",
        "Ansökan om bygglov, marklov och rivningslov som e-tjänst med digital signering, automatisk kontroll av "
        "att handlingarna är kompletta och ärendet direkt i handläggningssystemet. Byggs på kommunens befintliga "
        "e-tjänsteplattform, så ingen ny upphandling behövs.",
        "Nio av tio ansökningar kommer på papper eller som e-post med bilagor. Handläggarna skriver av uppgifter och "
        "begär komplettering i fyra ärenden av tio, vilket förlänger handläggningstiden.",
        "Sökande fyller i en blankett, skickar ritningar per post eller e-post; registrator skannar och registrerar.",
        "Sökande ansöker i e-tjänsten med BankID; obligatoriska handlingar kontrolleras direkt och ärendet skapas "
        "automatiskt i handläggningssystemet.",
        (
            inv(0, 380_000, "Utveckling av e-tjänst och integration"),
            staff(0, 450, "Projektledning och test"),
            *run(Y, 45_000, "Förvaltning och licens för e-tjänsten"),
            *time(
                Y,
                900,
                "Mindre registrering och färre kompletteringar",
                indicator=(*LEAD_TIME, Decimal(42), Decimal(28)),
            ),
            quality(1, 4, "Enklare och snabbare för sökande", (*NKI, Decimal(58), Decimal(70))),
        ),
        goals=("E1", "E2"),
        buys=False,
        this_year=True,
        risks=(
            (
                "Integrationen mot handläggningssystemet blir dyrare än beräknat.",
                3,
                3,
                "Fast pris i avropet och tidig test av integrationen.",
            ),
        ),
    ),
    Spec(
        "Digital detaljplaneprocess med 3D-underlag",
        "ict_sbn",
        S.UNDER_ASSESSMENT,
        "technical",
        "Detaljplaner tas fram och samråds digitalt med 3D-modeller av planområdet, så att invånare och "
        "byggherrar ser vad planen innebär.",
        "Samråd sker med pappersutställning och pdf-kartor; få invånare lämnar synpunkter och många missförstånd "
        "uppstår sent i processen.",
        "Planhandlingar tas fram i CAD, ställs ut på papper i stadshuset och som pdf på webben.",
        "Planförslaget visas i en webbaserad 3D-vy där synpunkter lämnas direkt på kartan.",
        (
            inv(0, 850_000, "3D-plattform och modellering"),
            staff(0, 800, "Planarkitekter och GIS"),
            *run(Y, 160_000, "Licenser och drift"),
            *time(Y, 600, "Färre omtag efter samråd"),
            quality(
                2,
                4,
                "Fler och bättre synpunkter från invånare",
                ("Antal synpunkter per samråd", "st", Decimal(12), Decimal(40)),
            ),
        ),
        goals=("1", "2"),
        risks=(
            ("Kompetens för 3D-modellering saknas internt.", 4, 3, "Utbildning och stöd från leverantören."),
            (
                "Invånarna hittar inte den nya samrådsvyn.",
                2,
                2,
                "Kommunikationsplan och länk från kommunens startsida.",
            ),
        ),
    ),
    Spec(
        "Mobil inspektion för miljö- och hälsoskydd",
        "ict_sbn",
        S.SUBMITTED,
        "technical",
        "Inspektörerna dokumenterar tillsynsbesök i surfplatta med checklistor, foto och direkt protokoll.",
        "Anteckningar på papper skrivs rent på kontoret, ofta flera dagar efter besöket.",
        "Anteckningar på plats, renskrivning och registrering i verksamhetssystemet efteråt.",
        "Protokollet skapas på plats och skickas digitalt till verksamhetsutövaren samma dag.",
        (
            inv(0, 220_000, "Mobilmodul och surfplattor"),
            *run(Y, 55_000, "Licenser"),
            *time(Y, 700, "Ingen renskrivning av protokoll", indicator=(*LEAD_TIME, Decimal(9), Decimal(1))),
            quality(
                1, 3, "Snabbare besked till företagen", (*NKI, Decimal(64), Decimal(72)), who=Stakeholder.BUSINESSES
            ),
        ),
        goals=("E2",),
    ),
    Spec(
        "Automatisk fakturahantering för VA-abonnenter",
        "ict_sbn",
        S.REJECTED,
        "technical",
        "Fakturor för vatten och avlopp skapas automatiskt från fjärravlästa mätare.",
        "Mätarställningar läses av manuellt en gång om året och fakturorna bygger på uppskattningar.",
        "Kunden rapporterar mätarställning på kort; kundtjänst registrerar.",
        "Fjärravlästa mätare skickar värden varje månad och fakturan skapas automatiskt.",
        (
            inv(0, 3_400_000, "Fjärravlästa mätare"),
            inv(1, 1_200_000, "Installation"),
            *run(Y, 300_000, "Kommunikationstjänst"),
            *saving(Y, 420_000, "Färre manuella avläsningar och tvister"),
            quality(2, 3, "Rättvisande fakturor", (*NKI, Decimal(61), Decimal(68))),
        ),
        goals=("9",),
        reason="Investeringen är inte finansierad i VA-taxan. Förslaget lyfts i arbetet med ny VA-taxa i stället.",
    ),
    Spec(
        "Geodataportal med öppna data",
        "ict_sbn",
        S.RECOMMENDED,
        "technical",
        "En portal där kommunens geodata (detaljplaner, adresser, byggnader) publiceras som öppna data med "
        "öppna gränssnitt.",
        "Företag och andra myndigheter begär ut data via e-post; varje begäran tar en halv dag att hantera.",
        "Beställning via e-post, manuellt uttag och leverans som fil.",
        "Data publiceras automatiskt och hämtas via öppna API:er.",
        (
            inv(0, 320_000, "Portal och API"),
            staff(0, 300, "GIS-ingenjör"),
            *run(Y, 60_000, "Drift"),
            *time(Y, 400, "Färre manuella datauttag", who=Stakeholder.MUNICIPALITY),
            quality(
                1,
                4,
                "Öppna data lätta att hitta och använda",
                ("Antal nedladdningar per månad", "st", Decimal(0), Decimal(500)),
                who=Stakeholder.BUSINESSES,
            ),
        ),
        goals=("2",),
        risks=(
            ("Data innehåller uppgifter som inte får publiceras.", 2, 4, "Informationsklassning före publicering."),
        ),
    ),
    # Vård och omsorg ------------------------------------------------------------------------------
    Spec(
        "Schemaläggning i hemtjänsten",
        "ict_care",
        S.APPROVED,
        "social",
        "Digitalt planerings- och schemaläggningsstöd för hemtjänsten med optimerade körscheman och "
        "tidsregistrering i mobilen. Modulen ingår i befintligt avtal för verksamhetssystemet.",
        "Planerarna lägger scheman i Excel och på whiteboard; restiden är hög och besöken registreras i efterhand.",
        "Planerare lägger veckoscheman manuellt; personalen skriver upp besöken på papper.",
        "Scheman optimeras automatiskt efter beviljade insatser; besök registreras i mobilen med NFC.",
        (
            inv(0, 540_000, "Planeringsmodul och mobiler"),
            staff(0, 900, "Utbildning av personal"),
            *run(Y, 180_000, "Licenser"),
            *time(
                Y,
                3_200,
                "Kortare restid och mindre administration",
                indicator=("Andel tid hos brukare", "%", Decimal(52), Decimal(62)),
            ),
            *saving(range(2, 5), 250_000, "Färre körda mil (bilar och drivmedel)"),
        ),
        goals=("E5", "9"),
        buys=False,
        this_year=True,
        risks=(
            ("Personalen använder inte mobilerna fullt ut.", 3, 3, "Superanvändare i varje grupp."),
            ("Täckningen är dålig i delar av glesbygden.", 2, 3, "Registrering offline."),
        ),
    ),
    Spec(
        "Digital nattillsyn med kamera",
        "ict_care",
        S.UNDER_ASSESSMENT,
        "social",
        "Nattillsyn med trygghetskamera för brukare som själva önskar det, i stället för fysiska besök som väcker.",
        "Nattpatrullen gör över 200 besök per natt; många brukare väcks och sover sämre.",
        "Fysiska tillsynsbesök enligt schema under natten.",
        "Tillsyn via kamera enligt beslut; fysiskt besök vid behov.",
        (
            inv(0, 410_000, "Kameror och larmplattform"),
            *run(Y, 95_000, "Licenser och kommunikation"),
            *time(Y, 1_800, "Färre nattliga besök"),
            quality(
                1, 5, "Brukarna sover ostört", ("Andel brukare som uppger god sömn", "%", Decimal(55), Decimal(80))
            ),
        ),
        goals=("9",),
        risks=(("Integritetsfrågor om kamera i hemmet.", 3, 4, "Samtycke, personuppgiftsbiträdesavtal och DPIA."),),
    ),
    Spec(
        "Läkemedelsrobotar i hemtjänsten",
        "ict_care",
        S.RECOMMENDED,
        "social",
        "Läkemedelsrobotar hos brukare som klarar sin medicinering själva med påminnelse.",
        "Hemtjänsten gör drygt 40 000 läkemedelsbesök per år; många brukare skulle klara sig med en påminnelse.",
        "Personal besöker brukaren vid varje läkemedelstillfälle.",
        "Roboten delar ut dosen och larmar om den inte tas.",
        (
            inv(0, 260_000, "Robotar och larmkoppling"),
            *run(Y, 140_000, "Hyra och service"),
            *time(Y, 2_400, "Färre läkemedelsbesök"),
            quality(
                1,
                4,
                "Ökad självständighet för brukaren",
                ("Andel brukare som tar läkemedel i tid", "%", Decimal(88), Decimal(97)),
            ),
        ),
        goals=("9",),
        risks=(("Fel dos vid felaktig fyllning av roboten.", 2, 5, "Apotekets dosdispensering och kontroll."),),
    ),
    Spec(
        "E-tjänst för ansökan om försörjningsstöd",
        "ict_care",
        S.DEFERRED,
        "social",
        "Ansökan om ekonomiskt bistånd som e-tjänst med automatisk hämtning av uppgifter från andra myndigheter.",
        "Sökande lämnar blanketter och kontoutdrag varje månad; handläggarna kontrollerar uppgifterna manuellt.",
        "Pappersansökan varje månad med bilagor, manuell kontroll mot Försäkringskassan.",
        "E-tjänst med BankID; uppgifter hämtas via SSBTEK och ärendet förbereds automatiskt.",
        (
            inv(0, 480_000, "E-tjänst och integrationer"),
            *run(Y, 90_000, "Licens"),
            *time(Y, 1_500, "Mindre manuell kontroll"),
            quality(1, 4, "Snabbare beslut för sökande", (*LEAD_TIME, Decimal(14), Decimal(5))),
        ),
        goals=("E1", "E2"),
        this_year=True,
        reason="Avvaktar den nationella lösningen för automatiserat informationsutbyte; tas upp igen nästa år.",
    ),
    Spec(
        "Mobil dokumentation i hemtjänsten",
        "ict_care",
        S.RETURNED,
        "social",
        "Dokumentation av insatser direkt i mobilen vid besöket.",
        "Dokumentationen görs på kontoret i slutet av passet och blir ofta bristfällig.",
        "Anteckningar på papper, dokumentation i verksamhetssystemet efteråt.",
        "Dokumentation i mobilen direkt efter besöket.",
        (inv(0, 190_000, "Mobilmodul"), *run(Y, 70_000, "Licenser"), *time(Y, 900, "Mindre tid för dokumentation")),
        goals=("E5",),
        reason="Nyttokalkylen räknar med tidsvinster som redan finns i förslaget om schemaläggning i hemtjänsten. "
        "Visa vilka timmar som är nya och komplettera med en riskbedömning för informationssäkerheten.",
    ),
    Spec(
        "Egen app för anhörigkontakt",
        "ict_care",
        S.WITHDRAWN,
        "social",
        "En app där anhöriga kan följa planerade besök och skicka meddelanden till hemtjänsten.",
        "Anhöriga ringer hemtjänstgrupperna för att fråga om besök.",
        "Telefonsamtal till gruppen.",
        "Information och meddelanden i appen.",
        (inv(0, 350_000, "Apputveckling"), *run(Y, 80_000, "Drift"), *time(Y, 500, "Färre telefonsamtal")),
        goals=("E4",),
        reason="Leverantören av verksamhetssystemet lanserar motsvarande funktion i befintligt avtal.",
    ),
    # Grundskola ----------------------------------------------------------------------------------
    Spec(
        "Elevhälsans journalsystem",
        "ict_education",
        S.APPROVED,
        "education",
        "Gemensamt journalsystem för skolsköterskor, skolläkare, kuratorer och psykologer med säker "
        "behörighetsstyrning och loggning. Avrop från SKR:s ramavtal som redan finns.",
        "Elevhälsan för journal i tre olika system och delvis på papper; informationssäkerheten brister och "
        "journaler kan inte flyttas när elever byter skola.",
        "Medicinska journaler i ett äldre system, psykosociala journaler i Word och pärmar.",
        "En gemensam journal med rollbaserad behörighet, loggning och digital journalöverföring.",
        (
            inv(0, 420_000, "Införande och migrering"),
            staff(0, 600, "Projektgrupp elevhälsan"),
            *run(Y, 85_000, "Licenser"),
            *time(Y, 700, "Mindre dubbeldokumentation"),
            quality(
                1,
                5,
                "Säker hantering av känsliga personuppgifter",
                ("Andel journaler med fullständig loggning", "%", Decimal(40), Decimal(100)),
                who=Stakeholder.RESIDENTS,
            ),
        ),
        goals=("6", "7"),
        buys=False,
        mandatory=True,
        this_year=True,
        risks=(("Migreringen av gamla journaler tar längre tid.", 3, 3, "Migrera aktiva elever först."),),
    ),
    Spec(
        "Digitala nationella prov – infrastruktur",
        "ict_education",
        S.APPROVED,
        "education",
        "Nätverk, trådlös täckning och provdatorer så att de nationella proven kan genomföras digitalt.",
        "Skolverket digitaliserar de nationella proven; flera skolor saknar täckning och reservdatorer.",
        "Prov på papper.",
        "Digitala prov med säker inloggning i alla skolor.",
        (
            inv(0, 390_000, "Trådlösa nätverk och reservdatorer"),
            *run(Y, 20_000, "Support"),
            quality(
                0,
                3,
                "Eleverna kan skriva proven digitalt enligt Skolverkets krav",
                ("Andel skolor som klarar digitala prov", "%", Decimal(60), Decimal(100)),
            ),
        ),
        goals=("8",),
        buys=True,
        mandatory=True,
        this_year=True,
        risks=(("Leveransförseningar på nätverksutrustning.", 3, 4, "Beställ tidigt, reservlösning med 4G."),),
    ),
    Spec(
        "Lärplattform för grundskolan",
        "ict_education",
        S.UNDER_ASSESSMENT,
        "education",
        "Byte till en gemensam lärplattform för planering, bedömning och kommunikation med vårdnadshavare.",
        "Skolorna använder tre olika plattformar; lärare och vårdnadshavare måste kunna alla.",
        "Tre plattformar med olika inloggning.",
        "En plattform med enkel inloggning för alla.",
        (
            inv(0, 700_000, "Upphandling och införande"),
            staff(0, 1_200, "Utbildning av lärare"),
            *run(Y, 380_000, "Licenser"),
            *saving(Y, 290_000, "Avvecklade licenser för tre plattformar"),
            *time(Y, 1_000, "Enklare administration för lärare"),
        ),
        goals=("5", "8"),
    ),
    Spec(
        "Frånvarohantering med sms till vårdnadshavare",
        "ict_education",
        S.DRAFT,
        "education",
        "Automatiska meddelanden till vårdnadshavare vid ogiltig frånvaro.",
        "Mentorerna ringer hem vid frånvaro; det görs inte alltid samma dag.",
        "Mentor ringer vårdnadshavare.",
        "Sms skickas automatiskt när frånvaron registreras.",
        (inv(0, 60_000, "Integration sms-tjänst"), *run(Y, 25_000, "Sms-kostnad")),
        goals=("E2",),
    ),
    Spec(
        "En dator per elev i årskurs 4–6",
        "ict_education",
        S.REJECTED,
        "education",
        "Personliga datorer till alla elever i årskurs 4–6.",
        "Eleverna delar datorer i klassuppsättningar.",
        "Datorvagnar delas mellan klasserna.",
        "Varje elev har en egen dator.",
        (
            inv(0, 2_900_000, "Datorer"),
            *run(Y, 600_000, "Leasing och support"),
            quality(
                1,
                4,
                "Likvärdig tillgång till digitala verktyg",
                ("Andel elever med egen dator", "%", Decimal(30), Decimal(100)),
            ),
        ),
        goals=("8",),
        reason="Ryms inte i investeringsramen 2027. Utbildningsnämnden prioriterar lärplattformen.",
    ),
    Spec(
        "Schemaläggningssystem för skolor",
        "ict_education",
        S.SUBMITTED,
        "education",
        "Gemensamt system för skolschema, lokaler och vikarier.",
        "Schemaläggarna använder ett fristående program utan koppling till elevregistret.",
        "Schema i fristående program; export för hand.",
        "Schemat hämtar elever och lärare från elevregistret.",
        (
            inv(0, 240_000, "System och införande"),
            *run(Y, 65_000, "Licenser"),
            *time(Y, 500, "Mindre dubbelarbete för schemaläggare"),
        ),
        goals=("5",),
    ),
    # Förskola -------------------------------------------------------------------------------------
    Spec(
        "Digital barnomsorgskö med e-tjänst",
        "ict_preschool",
        S.APPROVED,
        "education",
        "Ansökan om förskoleplats, erbjudande och uppsägning som e-tjänst, med automatisk placering enligt "
        "kommunens regler. Byggs på befintlig e-tjänsteplattform.",
        "Ansökningar kommer på papper; placeringar görs i Excel och erbjudanden skickas per brev.",
        "Pappersansökan, manuell köhantering och brev.",
        "E-tjänst med BankID, automatisk kö och svar i e-tjänsten.",
        (
            inv(0, 210_000, "E-tjänst och integration mot elevregistret"),
            *run(Y, 35_000, "Licens"),
            *time(Y, 800, "Mindre manuell köhantering", indicator=(*DIGITAL, Decimal(20), Decimal(90))),
            *saving(Y, 30_000, "Lägre porto", cash=True),
        ),
        goals=("E1", "E2"),
        buys=False,
        this_year=True,
        risks=(("Vårdnadshavare utan BankID.", 2, 2, "Ombud och hjälp i kontaktcenter."),),
    ),
    Spec(
        "Förskoleappen för vårdnadshavare",
        "ict_preschool",
        S.DEFERRED,
        "education",
        "App för närvaro, schema och information mellan förskola och hem.",
        "Information sker på anslagstavlor och lappar; scheman lämnas på papper.",
        "Lappar och telefon.",
        "Närvaro, schema och meddelanden i appen.",
        (inv(0, 150_000, "Införande"), *run(Y, 70_000, "Licenser"), *time(Y, 600, "Mindre administration av scheman")),
        goals=("E4",),
        this_year=True,
        reason="Väntar på att lärplattformen väljs, så att samma lösning kan användas.",
    ),
    Spec(
        "Digital dokumentation av förskolans pedagogiska arbete",
        "ict_preschool",
        S.DRAFT,
        "education",
        "Verktyg för pedagogisk dokumentation med bild och text, delad med vårdnadshavare.",
        "Dokumentationen görs i pärmar och syns inte för vårdnadshavarna.",
        "Pärmar och väggdokumentation.",
        "Digital dokumentation som delas säkert.",
        (inv(0, 90_000, "Införande"), *run(Y, 40_000, "Licenser")),
        goals=("8",),
    ),
    # Kommunledning --------------------------------------------------------------------------------
    Spec(
        "Digital signering",
        "ict_ks",
        S.APPROVED,
        "administrative",
        "Gemensam tjänst för digital signering av avtal, beslut och protokoll med e-legitimation.",
        "Avtal och protokoll skrivs ut, signeras för hand, skannas och skickas med post.",
        "Utskrift, underskrift, skanning och postgång.",
        "Signering i en tjänst med BankID eller SITHS-kort.",
        (
            inv(0, 120_000, "Införande och integration mot ärendehanteringen"),
            *run(Y, 60_000, "Tjänsteavgift"),
            *saving(Y, 45_000, "Lägre porto- och trycksakskostnader"),
            *time(Y, 650, "Ingen skanning och postgång", who=Stakeholder.STAFF),
        ),
        goals=("E2", "4"),
        buys=True,
        this_year=True,
        payer=Payer.CENTRAL_FUND,
        risks=(("Alla förvaltningar ansluter inte.", 2, 3, "Beslut i kommunledningen om gemensam tjänst."),),
    ),
    Spec(
        "E-arkiv etapp 2",
        "ict_ks",
        S.RECOMMENDED,
        "administrative",
        "Leveranser från ärendehanteringen och verksamhetssystemen till e-arkivet enligt FGS.",
        "Äldre system måste hållas i drift enbart för att informationen ska bevaras.",
        "Pappersarkiv och system i drift för bevarande.",
        "Information levereras till e-arkivet och systemen avvecklas.",
        (
            inv(0, 600_000, "Integrationer och leveranser"),
            *run(Y, 120_000, "Drift"),
            *saving(range(2, 5), 350_000, "Avvecklade äldre system"),
        ),
        goals=("6", "7"),
        mandatory=True,
        payer=Payer.CENTRAL_FUND,
        risks=(("Leveranserna från äldre system är ofullständiga.", 3, 3, "Provleveranser och kvalitetskontroll."),),
    ),
    Spec(
        "Robotiserad processautomation för ekonomi",
        "ict_ks",
        S.UNDER_ASSESSMENT,
        "administrative",
        "Mjukvarurobotar för leverantörsfakturor, avstämningar och återkommande rapporter.",
        "Ekonomiadministrationen lägger drygt 3 000 timmar per år på regelstyrda uppgifter.",
        "Manuell kontering, avstämning och rapportering.",
        "Robotar sköter regelstyrda steg; människor undantag.",
        (
            inv(0, 300_000, "Robotplattform"),
            staff(0, 500, "Processkartläggning"),
            *run(Y, 150_000, "Licenser"),
            *time(Y, 1_600, "Automatiserade rutinuppgifter", who=Stakeholder.MUNICIPALITY),
        ),
        goals=("9",),
    ),
    Spec(
        "Chattbot för kontaktcenter",
        "ict_ks",
        S.RETURNED,
        "administrative",
        "En chattbot på webbplatsen som svarar på de vanligaste frågorna dygnet runt.",
        "Kontaktcenter tar emot 60 000 samtal per år; hälften gäller samma 50 frågor.",
        "Telefon och e-post under kontorstid.",
        "Chattbot dygnet runt, överlämning till handläggare vid behov.",
        (
            inv(0, 250_000, "Chattbot och kunskapsbas"),
            *run(Y, 110_000, "Licens"),
            *time(Y, 1_200, "Färre samtal om enkla frågor"),
        ),
        goals=("E1", "E3"),
        reason="Beskriv hur kunskapsbasen hålls aktuell och vem som äger nyttan i kontaktcenter; lägg till "
        "mätning av NKI före och efter.",
    ),
    Spec(
        "Digitala nämndhandlingar",
        "ict_ks",
        S.SUBMITTED,
        "administrative",
        "Kallelser, handlingar och protokoll till nämnderna i en app för förtroendevalda.",
        "Handlingar skrivs ut och skickas med bud; ändringar sent innebär nya utskick.",
        "Utskrifter och bud.",
        "Handlingarna publiceras i appen; ändringar syns direkt.",
        (
            inv(0, 130_000, "Införande"),
            *run(Y, 55_000, "Licenser"),
            *saving(Y, 95_000, "Lägre tryck- och budkostnader"),
        ),
        goals=("8",),
    ),
    Spec(
        "Ny intranätplattform",
        "ict_ks",
        S.DRAFT,
        "administrative",
        "Byte av intranät till en plattform med sök, personalkatalog och nyheter per förvaltning.",
        "Dagens intranät är från 2012 och leverantörens stöd upphör.",
        "Statiskt intranät som få uppdaterar.",
        "Ett levande intranät med redaktörer på varje förvaltning.",
        (inv(0, 450_000, "Plattform och migrering"), *run(Y, 90_000, "Licenser")),
        goals=("8",),
    ),
)

# How each state is reached: (action, who) — "group": an ICT-group member, "board": a board member,
# "leader": the leadership group.
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: [("submit", "group")],
    S.UNDER_ASSESSMENT: [("submit", "group"), ("start_assessment", "board")],
    S.RECOMMENDED: [("submit", "group"), ("start_assessment", "board"), ("recommend", "board")],
    S.APPROVED: [("submit", "group"), ("start_assessment", "board"), ("recommend", "board"), ("approve", "leader")],
    S.RETURNED: [("submit", "group"), ("start_assessment", "board"), ("return", "board")],
    S.REJECTED: [("submit", "group"), ("start_assessment", "board"), ("reject", "board")],
    S.DEFERRED: [("submit", "group"), ("defer", "board")],
    S.WITHDRAWN: [("submit", "group"), ("withdraw", "group")],
}
RECOMMENDATION = (
    "Styrgruppen rekommenderar förslaget. Nyttokalkylen är rimlig, riskerna är hanterade och "
    "finansieringen är beslutad."
)


class People:
    def __init__(self, ctx) -> None:
        self.today = ctx.today
        self.leader = next(
            (
                m.user
                for m in Membership.objects.active(ctx.today)
                .filter(group__tier=Tier.LEADERSHIP)
                .select_related("user")
                .order_by("pk")
                if m.role == GroupRole.MUNICIPAL_DIRECTOR
            ),
            None,
        )
        if self.leader is None:
            seat = (
                Membership.objects.active(ctx.today)
                .filter(group__tier=Tier.LEADERSHIP)
                .select_related("user")
                .order_by("pk")
                .first()
            )
            self.leader = seat.user if seat else None

    def _seat(self, group: SteeringGroup, roles: tuple):
        seats = list(Membership.objects.active(self.today).filter(group=group).select_related("user").order_by("pk"))
        for role in roles:
            for seat in seats:
                if seat.role == role:
                    return seat.user
        return seats[0].user if seats else None

    def author(self, group):
        return self._seat(group, (GroupRole.BUSINESS_DEVELOPER, GroupRole.OPERATIONS_MANAGER))

    def owner(self, group):
        return self._seat(group, (GroupRole.OPERATIONS_MANAGER, GroupRole.BUSINESS_DEVELOPER))

    def board(self, group):
        return self._seat(group.parent, (GroupRole.IT_MANAGER, GroupRole.CHAIR)) if group.parent_id else None


def _goals(ctx, codes) -> list:
    by_code = {g.code: g for g in ctx.goals}
    if not by_code:
        by_code = {g.code: g for g in Goal.objects.all()}
    return [by_code[c] for c in codes if c in by_code]


def _systems(proposal: Proposal, index: int) -> list:
    systems = (
        list(System.objects.filter(administration=proposal.administration).order_by("name")[:12])
        if proposal.administration_id
        else []
    )
    if not systems:
        return []
    return [systems[index % len(systems)]] + ([systems[(index * 7 + 3) % len(systems)]] if index % 2 else [])


def _lines(spec: Spec, proposal: Proposal, owner, goals: list) -> list:
    indicator = next((i for g in goals for i in g.indicators.all()), None)
    lines = []
    for item in spec.lines:
        kind = item[0]
        if kind == "cost":
            _k, year, category, amount, hours, text = item
            lines.append(
                CostLine(
                    proposal=proposal,
                    year=year,
                    category=category,
                    amount=amount,
                    hours=hours,
                    description=text,
                    payer=spec.payer,
                )
            )
            continue
        line = BenefitLine(proposal=proposal, year=item[1], stakeholder=item[2], owner=owner)
        if kind == "saving":
            _k, _y, _w, cash, amount, text, ind = item
            line.benefit_type, line.cash_releasing, line.amount, line.description = (
                BenefitType.COST_REDUCTION,
                cash,
                amount,
                text,
            )
        elif kind == "time":
            _k, _y, _w, hours, text, ind = item
            line.benefit_type, line.hours, line.description = BenefitType.TIME_FREED, hours, text
        else:
            _k, _y, _w, score, text, ind = item
            line.benefit_type, line.score, line.description = BenefitType.QUALITY, score, text
            line.goal_indicator = indicator
        if ind:
            line.indicator_name, line.unit, line.baseline, line.target = ind
            line.measurement_method = "Mäts ur verksamhetssystemet varje kvartal."
        lines.append(line)
    return lines


def _save_lines(proposal: Proposal, lines: list, actor) -> None:
    """Through the service; if the plan year is already locked, as figures entered before the lock."""
    try:
        proposal_lines_save(
            proposal=proposal,
            actor=actor,
            expected_version=proposal.version,
            cost_lines=[line for line in lines if isinstance(line, CostLine)],
            benefit_lines=[line for line in lines if isinstance(line, BenefitLine)],
        )
    except PermissionDenied:
        for line in lines:
            line.full_clean()
            line.save()
        proposal_totals_refresh(proposal=proposal)


def _assess(proposal: Proposal, spec: Spec, board_user) -> None:
    for description, probability, consequence, mitigation in spec.risks or (
        ("Verksamheten hinner inte delta i införandet.", 2, 3, "Avsatt tid i verksamhetens planering."),
    ):
        risk_save(
            risk=Risk(
                proposal=proposal,
                description=description,
                probability=probability,
                consequence=consequence,
                mitigation=mitigation,
                owner=board_user,
            ),
            actor=board_user,
        )
    costs: dict[int, Decimal] = {}
    for line in proposal.cost_lines.all():
        costs[proposal.start_year + line.year] = costs.get(proposal.start_year + line.year, Decimal(0)) + line.amount
    source = (
        "Central IT-fond"
        if spec.payer == Payer.CENTRAL_FUND
        else f"{proposal.administration.short_name if proposal.administration else 'Förvaltningens'} "
        f"investerings- och driftbudget"
    )
    financing_decision_save(
        financing=FinancingDecision(proposal=proposal, payer=spec.payer, budget_source=source),
        amounts=costs,
        actor=board_user,
    )


def seed(ctx) -> None:
    this_year, next_year = ctx.today.year, ctx.today.year + 1
    cycles = {y: ctx.cycles.get(y) for y in (this_year, next_year)}
    if not all(cycles.values()):
        cycles = {y: cycles[y] or BudgetCycle.objects.filter(plan_year=y).first() for y in cycles}
    if not all(cycles.values()):
        ctx.log.append("portfolio/proposals: no budget cycles for this and next year, nothing seeded")
        return
    # New and returned proposals belong to the cycle whose inventory is open (two years ahead), if seeded.
    later = ctx.cycles.get(this_year + 2)
    if later is None:
        later = BudgetCycle.objects.filter(plan_year=this_year + 2).first()
    cycles["later"] = later or cycles[next_year]
    made, notes = seed_specs(ctx, SPECS, cycles)
    ctx.log.append(f"portfolio/proposals: {made} proposals" + (f" ({'; '.join(notes)})" if notes else ""))


def seed_specs(ctx, specs, cycles, *, first_index: int = 0, needs=None) -> tuple[int, list[str]]:
    """Create each of `specs` not yet there (by title), each in its own transaction; `needs` maps a title to
    the titles of the proposals it depends on. Returns how many were made and what was passed over, why."""
    people = People(ctx)
    existing = set(Proposal.objects.filter(title__in=[s.title for s in specs]).values_list("title", flat=True))
    groups = {
        key: ctx.groups.get(key) or SteeringGroup.objects.filter(tier=Tier.ICT_GROUP).first()
        for key in {s.group for s in specs}
    }
    made, notes = 0, []
    for index, spec in enumerate(specs, start=first_index):
        group = groups[spec.group]
        if spec.title in existing or group is None:
            continue
        author, owner, board_user = people.author(group), people.owner(group), people.board(group)
        if author is None or board_user is None:
            notes.append(f"{spec.title}: no author or board member")
            continue
        wanted = (needs or {}).get(spec.title, ())
        depends_on = [Proposal.objects.filter(title=title).order_by("pk").first() for title in wanted]
        if not all(depends_on):
            notes.append(f"{spec.title}: {', '.join(wanted)} missing")
            continue
        for user in (author, board_user, people.leader):
            if user is not None:
                forget_access(user)
        try:
            with transaction.atomic():
                seed_one(
                    ctx,
                    spec,
                    index,
                    group,
                    author,
                    owner or author,
                    board_user,
                    people.leader,
                    cycles,
                    depends_on=tuple(depends_on),
                )
            made += 1
        except (TransitionNotAllowed, PermissionDenied) as exc:
            notes.append(f"{spec.title}: {'; '.join(getattr(exc, 'messages', [str(exc)]))}")
    return made, notes


def seed_one(
    ctx, spec: Spec, index: int, group, author, owner, board_user, leader, cycles, depends_on: tuple = ()
) -> Proposal:
    this_year, next_year = sorted(y for y in cycles if y != "later")
    goals = _goals(ctx, spec.goals)
    if spec.state in (S.DRAFT, S.RETURNED) and not spec.this_year:
        target = cycles["later"]
    else:
        target = cycles[this_year if spec.this_year or spec.state == S.APPROVED else next_year]
    proposal = proposal_create(
        author=author,
        owning_group=group,
        title=spec.title,
        target_cycle=target,
        depends_on=depends_on,
        goals=goals,
        description=spec.description,
        needs_analysis=spec.need,
        current_process=spec.today,
        future_process=spec.tomorrow,
        area=spec.area,
        buys_something=spec.buys,
        is_mandatory=spec.mandatory,
        process_mapping="Processen är kartlagd i workshop med verksamheten (nuläge och önskat läge).",
        principles_statement="Förslaget utgår från medborgarens behov, återanvänder befintliga plattformar, "
        "bygger på öppna standarder och stärker informationssäkerheten.",
    )
    proposal.systems.set(_systems(proposal, index))
    _save_lines(proposal, _lines(spec, proposal, owner, goals), author)
    proposal.refresh_from_db()
    for action, who in PATHS[spec.state]:
        actor = {"group": author, "board": board_user, "leader": leader}[who]
        extra: dict = {}
        comment = ""
        if action == "recommend":
            _assess(proposal, spec, board_user)
            extra["recommendation"] = RECOMMENDATION
        elif action in ("return", "reject", "defer", "withdraw"):
            comment = spec.reason or "Se styrgruppens protokoll."
        if action == "defer":
            extra["to_cycle"] = cycles["later"] if cycles["later"].plan_year > next_year else cycles[next_year]
        if action == "start_assessment" and spec.state == S.UNDER_ASSESSMENT and spec.risks:
            proposal = proposal_transition(proposal=proposal, action=action, actor=actor)
            for description, p, c, mitigation in spec.risks:
                risk_save(
                    risk=Risk(
                        proposal=proposal,
                        description=description,
                        probability=p,
                        consequence=c,
                        mitigation=mitigation,
                        owner=board_user,
                    ),
                    actor=board_user,
                )
            continue
        proposal = proposal_transition(proposal=proposal, action=action, actor=actor, comment=comment, **extra)
    return proposal
