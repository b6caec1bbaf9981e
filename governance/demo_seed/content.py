"""Static demo content: a fictional municipality modelled on the seed documents.

Organisation and steering model after Älvkarleby's e-strategy (seeds/002): the leadership group,
IT-strategic boards for UTOM, SBN and KS, ICT groups per operation. The IT strategy's nine strategy
statements come from Umeå's IT strategy (seeds/003), the e-service goals and indicators (80/80/80,
CES, NKI, consistent use) from Umeå's e-service strategy (seeds/000, 001). Names of people are invented.

This is data, not UI text: it is Swedish because the municipality is.
"""

from dataclasses import dataclass
from decimal import Decimal

from ..models import GroupRole, Meeting, MunicipalRole, OrganisationUnit, Side, Strategy, Tier

MUNICIPALITY = "Älvsby kommun"
EMAIL_DOMAIN = "alvsby.example"

# key -> (name, short name)
COMMITTEES = {
    "ks": ("Kommunstyrelsen", "KS"),
    "uon": ("Utbildnings- och omsorgsnämnden", "UON"),
    "sbn": ("Samhällsbyggnadsnämnden", "SBN"),
}

# key -> (name, short name, kind, parent key, committee key)
ADMIN = OrganisationUnit.Kind.ADMINISTRATION
OPERATION = OrganisationUnit.Kind.OPERATION
UNITS = {
    "municipality": (MUNICIPALITY, "", OrganisationUnit.Kind.MUNICIPALITY, None, "ks"),
    "utom": ("Förvaltningen för utbildning och omsorg", "UTOM", ADMIN, "municipality", "uon"),
    "sbf": ("Samhällsbyggnadsförvaltningen", "SBF", ADMIN, "municipality", "sbn"),
    "ks": ("Kommunledningsförvaltningen", "KS", ADMIN, "municipality", "ks"),
    "care": ("Vård och omsorg, individ och familj", "VOIF", OPERATION, "utom", "uon"),
    "education": ("Grundskola", "GR", OPERATION, "utom", "uon"),
    "preschool": ("Förskola", "FSK", OPERATION, "utom", "uon"),
    "planning": ("Samhällsbyggnad", "SB", OPERATION, "sbf", "sbn"),
    "management": ("Kommunledning", "KL", OPERATION, "ks", "ks"),
}

LEADERSHIP_DUTIES = (
    "Fastställa IT-planen och ha en förståelse för verksamhetens framtida behov. "
    "Prioritera olika projekt vid resursbrist eller målkonflikt. "
    "Budgetprioriteringar i februari–mars och uppföljning i oktober–november."
)
BOARD_DUTIES = (
    "Göra riskbedömningar av satsningar samt säkerställa finansiering. Bevaka de större projekten "
    "utifrån ett strategiskt perspektiv och säkerställa att IT och verksamhetsutvecklingen är en "
    "integrerad process."
)
ICT_DUTIES = (
    "Driva verksamhetsutveckling och identifiera verksamhetens utvecklingsbehov. Beskriva verksamhetens "
    "praktiska behov och arbeta fram verksamhetsanalysen. Identifiera utbildningsbehov och insatser. "
    "Ansvara för förvaltning och utveckling av verksamhetens IT-system."
)


@dataclass(frozen=True)
class GroupSpec:
    name: str
    short_name: str
    tier: int
    parent: str | None
    scope: str
    convening_role: str
    meetings: tuple[int, int]
    duties: str


GROUPS = {
    "leadership": GroupSpec(
        "Kommunens ledningsgrupp",
        "KLG",
        Tier.LEADERSHIP,
        None,
        "municipality",
        GroupRole.MUNICIPAL_DIRECTOR,
        (4, 10),
        LEADERSHIP_DUTIES,
    ),
    "board_utom": GroupSpec(
        "IT-strategisk ledningsgrupp UTOM",
        "ITLG UTOM",
        Tier.BOARD,
        "leadership",
        "utom",
        GroupRole.IT_MANAGER,
        (1, 4),
        BOARD_DUTIES,
    ),
    "board_sbn": GroupSpec(
        "IT-strategisk ledningsgrupp SBN",
        "ITLG SBN",
        Tier.BOARD,
        "leadership",
        "sbf",
        GroupRole.IT_MANAGER,
        (1, 4),
        BOARD_DUTIES,
    ),
    "board_ks": GroupSpec(
        "IT-strategisk ledningsgrupp KS",
        "ITLG KS",
        Tier.BOARD,
        "leadership",
        "ks",
        GroupRole.IT_MANAGER,
        (1, 4),
        BOARD_DUTIES,
    ),
    "ict_care": GroupSpec(
        "IKT-grupp Vård och omsorg, individ och familj",
        "IKT VOIF",
        Tier.ICT_GROUP,
        "board_utom",
        "care",
        GroupRole.IT_OPERATIONS_MANAGER,
        (4, 6),
        ICT_DUTIES,
    ),
    "ict_education": GroupSpec(
        "IKT-grupp Utbildning",
        "IKT UTB",
        Tier.ICT_GROUP,
        "board_utom",
        "education",
        GroupRole.SUPPORT_LEAD,
        (4, 6),
        ICT_DUTIES,
    ),
    "ict_preschool": GroupSpec(
        "IKT-grupp Förskola",
        "IKT FSK",
        Tier.ICT_GROUP,
        "board_utom",
        "preschool",
        GroupRole.SUPPORT_LEAD,
        (4, 6),
        ICT_DUTIES,
    ),
    "ict_sbn": GroupSpec(
        "IKT-grupp SBN",
        "IKT SBN",
        Tier.ICT_GROUP,
        "board_sbn",
        "planning",
        GroupRole.IT_OPERATIONS_MANAGER,
        (4, 6),
        ICT_DUTIES,
    ),
    "ict_ks": GroupSpec(
        "IKT-grupp KS",
        "IKT KS",
        Tier.ICT_GROUP,
        "board_ks",
        "management",
        GroupRole.IT_OPERATIONS_MANAGER,
        (4, 6),
        ICT_DUTIES,
    ),
}


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    title: str
    seats: tuple[tuple[str, str, str], ...] = ()  # (group key, GroupRole, Side)
    roles: tuple[str, ...] = ()  # MunicipalRole values
    is_staff: bool = False


R, S = GroupRole, Side
OPS, IT = S.OPERATIONS, S.IT_CENTRE

# key -> Person. Keys are what other apps' seeders use through ctx.users (see demo_seed/__init__).
PEOPLE = {
    # Tier 1 and heads of administration
    "municipal_director": Person(
        "karin.lundgren", "Karin", "Lundgren", "Kommunchef", (("leadership", R.MUNICIPAL_DIRECTOR, OPS),)
    ),
    "head_utom": Person(
        "anders.holm",
        "Anders",
        "Holm",
        "Förvaltningschef utbildning och omsorg",
        (("leadership", R.HEAD_OF_ADMINISTRATION, OPS), ("board_utom", R.HEAD_OF_ADMINISTRATION, OPS)),
    ),
    "head_sbf": Person(
        "maria.ek",
        "Maria",
        "Ek",
        "Förvaltningschef samhällsbyggnad",
        (("leadership", R.HEAD_OF_ADMINISTRATION, OPS), ("board_sbn", R.HEAD_OF_ADMINISTRATION, OPS)),
    ),
    "head_ks": Person(
        "eva.nordin",
        "Eva",
        "Nordin",
        "Biträdande kommunchef, kommunledningsförvaltningen",
        (("leadership", R.HEAD_OF_ADMINISTRATION, OPS), ("board_ks", R.HEAD_OF_ADMINISTRATION, OPS)),
    ),
    "finance_director": Person("per.sandberg", "Per", "Sandberg", "Ekonomichef", (("leadership", R.MEMBER, OPS),)),
    # IT centre
    "it_manager": Person(
        "johan.berglund",
        "Johan",
        "Berglund",
        "IT-chef",
        (
            ("leadership", R.IT_MANAGER, IT),
            ("board_utom", R.IT_MANAGER, IT),
            ("board_sbn", R.IT_MANAGER, IT),
            ("board_ks", R.IT_MANAGER, IT),
        ),
        roles=(MunicipalRole.IT_COORDINATION,),
        is_staff=True,
    ),
    "it_operations_manager": Person(
        "erik.lind",
        "Erik",
        "Lind",
        "IT-driftschef",
        (
            ("board_utom", R.IT_OPERATIONS_MANAGER, IT),
            ("board_sbn", R.IT_OPERATIONS_MANAGER, IT),
            ("board_ks", R.IT_OPERATIONS_MANAGER, IT),
            ("ict_care", R.IT_OPERATIONS_MANAGER, IT),
            ("ict_sbn", R.IT_OPERATIONS_MANAGER, IT),
            ("ict_ks", R.IT_OPERATIONS_MANAGER, IT),
        ),
    ),
    "support_lead": Person(
        "camilla.hedlund",
        "Camilla",
        "Hedlund",
        "Supportansvarig",
        (("ict_education", R.SUPPORT_LEAD, IT), ("ict_preschool", R.SUPPORT_LEAD, IT)),
    ),
    "it_specialist": Person(
        "niklas.oberg",
        "Niklas",
        "Öberg",
        "Systemspecialist",
        (("ict_care", R.SPECIALIST, IT), ("ict_sbn", R.SPECIALIST, IT)),
    ),
    "network_specialist": Person(
        "jenny.holmberg",
        "Jenny",
        "Holmberg",
        "Nätverkstekniker",
        (("ict_education", R.SPECIALIST, IT), ("ict_ks", R.SPECIALIST, IT)),
    ),
    "it_coordinator": Person(
        "kristina.falk",
        "Kristina",
        "Falk",
        "IT-samordnare, kommungemensam IT-samordning",
        roles=(MunicipalRole.IT_COORDINATION,),
        is_staff=True,
    ),
    "administrator": Person(
        "robert.holmgren",
        "Robert",
        "Holmgren",
        "Systemadministratör",
        roles=(MunicipalRole.ADMINISTRATOR,),
        is_staff=True,
    ),
    # Care and social services
    "care_operations_manager": Person(
        "birgitta.sjoberg",
        "Birgitta",
        "Sjöberg",
        "Verksamhetschef vård och omsorg",
        (("ict_care", R.OPERATIONS_MANAGER, OPS), ("board_utom", R.OPERATIONS_MANAGER, OPS)),
    ),
    "care_business_developer": Person(
        "sara.nystrom",
        "Sara",
        "Nyström",
        "Verksamhetsutvecklare socialtjänst",
        (("ict_care", R.BUSINESS_DEVELOPER, OPS),),
    ),
    "care_system_manager": Person(
        "ahmed.hassan",
        "Ahmed",
        "Hassan",
        "Systemförvaltare verksamhetssystem socialtjänst",
        (("ict_care", R.SYSTEM_MANAGER, OPS),),
    ),
    "care_case_officer": Person(
        "elin.strand", "Elin", "Strand", "Socialsekreterare", (("ict_care", R.CASE_OFFICER, OPS),)
    ),
    # Education
    "education_operations_manager": Person(
        "mats.wallin",
        "Mats",
        "Wallin",
        "Verksamhetschef grundskola",
        (("ict_education", R.OPERATIONS_MANAGER, OPS), ("board_utom", R.OPERATIONS_MANAGER, OPS)),
    ),
    "education_business_developer": Person(
        "jonas.lindqvist", "Jonas", "Lindqvist", "IKT-pedagog", (("ict_education", R.BUSINESS_DEVELOPER, OPS),)
    ),
    "education_system_manager": Person(
        "sofia.engstrom",
        "Sofia",
        "Engström",
        "Systemförvaltare lärplattform",
        (("ict_education", R.SYSTEM_MANAGER, OPS),),
    ),
    "education_case_officer": Person(
        "oskar.nyberg", "Oskar", "Nyberg", "Lärare åk 4–6", (("ict_education", R.CASE_OFFICER, OPS),)
    ),
    # Preschool
    "preschool_operations_manager": Person(
        "annika.bergstrom", "Annika", "Bergström", "Förskolechef", (("ict_preschool", R.OPERATIONS_MANAGER, OPS),)
    ),
    "preschool_business_developer": Person(
        "malin.hakansson",
        "Malin",
        "Håkansson",
        "Verksamhetsutvecklare förskola",
        (("ict_preschool", R.BUSINESS_DEVELOPER, OPS), ("board_utom", R.BUSINESS_DEVELOPER, OPS)),
    ),
    "preschool_system_manager": Person(
        "linnea.axelsson",
        "Linnea",
        "Axelsson",
        "Systemförvaltare förskola",
        (("ict_preschool", R.SYSTEM_MANAGER, OPS),),
    ),
    "preschool_case_officer": Person(
        "ida.karlsson", "Ida", "Karlsson", "Förskollärare", (("ict_preschool", R.CASE_OFFICER, OPS),)
    ),
    # Planning and building (SBN)
    "planning_operations_manager": Person(
        "thomas.wikstrom",
        "Thomas",
        "Wikström",
        "Verksamhetschef samhällsbyggnad",
        (("ict_sbn", R.OPERATIONS_MANAGER, OPS),),
    ),
    "planning_business_developer": Person(
        "fredrik.dahl",
        "Fredrik",
        "Dahl",
        "Verksamhetsutvecklare samhällsbyggnad",
        (("ict_sbn", R.BUSINESS_DEVELOPER, OPS), ("board_sbn", R.BUSINESS_DEVELOPER, OPS)),
    ),
    "planning_system_manager": Person(
        "peter.soderberg",
        "Peter",
        "Söderberg",
        "Systemförvaltare GIS och bygglov",
        (("ict_sbn", R.SYSTEM_MANAGER, OPS),),
    ),
    "planning_case_officer": Person(
        "hanna.lundberg", "Hanna", "Lundberg", "Bygglovshandläggare", (("ict_sbn", R.CASE_OFFICER, OPS),)
    ),
    # Municipal management (KS)
    "management_operations_manager": Person(
        "helena.forsberg",
        "Helena",
        "Forsberg",
        "Kanslichef",
        (("ict_ks", R.OPERATIONS_MANAGER, OPS), ("board_ks", R.OPERATIONS_MANAGER, OPS)),
    ),
    "management_business_developer": Person(
        "linda.bjork",
        "Linda",
        "Björk",
        "Digitaliseringsstrateg",
        (("ict_ks", R.BUSINESS_DEVELOPER, OPS), ("board_ks", R.BUSINESS_DEVELOPER, OPS)),
    ),
    "management_system_manager": Person(
        "daniel.strom",
        "Daniel",
        "Ström",
        "Systemförvaltare ekonomi- och ärendesystem",
        (("ict_ks", R.SYSTEM_MANAGER, OPS),),
    ),
    "management_case_officer": Person(
        "emma.nilsson", "Emma", "Nilsson", "Registrator", (("ict_ks", R.CASE_OFFICER, OPS),)
    ),
    # A reader: committee member without a seat in the steering model
    "committee_member": Person("gunilla.marklund", "Gunilla", "Marklund", "Ledamot, utbildnings- och omsorgsnämnden"),
}
SUPERUSER = Person("admin", "Demo", "Superuser", "Teknisk superanvändare (demo)", is_staff=True)

# Strategies ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    description: str
    unit: str
    baseline: Decimal
    target: Decimal
    # values measured at the end of the years before the current one, oldest first
    history: tuple[Decimal, ...]
    direction: str = "increase"


@dataclass(frozen=True)
class GoalSpec:
    code: str
    title: str
    description: str = ""
    is_principle: bool = False
    indicators: tuple[IndicatorSpec, ...] = ()


@dataclass(frozen=True)
class StrategySpec:
    title: str
    kind: str
    description: str
    adopted_years_ago: int
    revision_interval_years: int
    revised_years_ago: int | None
    goals: tuple[GoalSpec, ...]


D = Decimal

IT_STRATEGY = StrategySpec(
    title="IT-strategi för Älvsby kommun",
    kind=Strategy.Kind.IT_STRATEGY,
    description=(
        "Kommunens övergripande styrdokument inom IT-området. Vision: kommunens digitala miljö ger "
        "förutsättningar för en effektiv verksamhet med hög kvalitet som skapar största möjliga nytta för "
        "invånare och näringsliv. Alla verksamheter ska ha de nio strategiska områdena som utgångspunkt i "
        "verksamhetsutvecklingen."
    ),
    adopted_years_ago=5,
    revision_interval_years=4,
    revised_years_ago=1,
    goals=(
        GoalSpec("1", "Näringslivet och invånarna ska vara drivande i utvecklingen."),
        GoalSpec(
            "2",
            "Öppna data ska vara lätta att hitta och använda",
            "Data ska exporteras från kommunens verksamhetssystem kontinuerligt och publiceras på ett "
            "standardiserat sätt.",
        ),
        GoalSpec(
            "3",
            "E-tjänster följer kommunens övriga strategier",
            "All utveckling av e-tjänster ska följa andra relevanta strategier i kommunen, till exempel "
            "e-servicestrategin och kanalstrategin.",
        ),
        GoalSpec("4", "Alla IT-upphandlingar ska tillämpa och följa kommunens IT-upphandlingsmodell."),
        GoalSpec("5", "Alla IT-system ska förvaltas enligt kommunens systemförvaltningsmodell."),
        GoalSpec("6", "All information i kommunen ska ha en utsedd informationsägare."),
        GoalSpec(
            "7",
            "Information hanteras enligt klassningsmodellen för informationstillgångar",
            "Information som upprättas, bearbetas, lagras eller distribueras ska hanteras i enlighet med "
            "kommunens klassningsmodell för informationstillgångar. Klassningsmodellen ska harmonisera med "
            "verksamheternas lagkrav.",
        ),
        GoalSpec(
            "8",
            "Förtroendevalda och chefer har digital kompetens",
            "Förtroendevalda och chefer ska vara medvetna om och ha kompetens för på vilka sätt den egna "
            "verksamheten kan digitaliseras eller påverkas av andras digitalisering.",
        ),
        GoalSpec(
            "9",
            "Hållbara lösningar i all e-förvaltning",
            "Kommunen ska i all e-förvaltning pröva och använda lösningar som är hållbara ekonomiskt, "
            "ekologiskt och socialt.",
        ),
    ),
)

E_STRATEGY = StrategySpec(
    title="e-strategi för Älvsby kommun",
    kind=Strategy.Kind.E_STRATEGY,
    description=(
        "e-strategin styr processen kring verksamhetsutveckling med stöd av IT: den tredelade styrmodellen "
        "(kommunens ledningsgrupp, IT-strategisk ledningsgrupp per förvaltning, IKT-grupper per verksamhet), "
        "den årliga IT-planen och fem principer som ska gälla i alla projekt. Varje projekt ska kunna påvisa "
        "ekonomisk effektivisering eller kvalitetshöjning innan det påbörjas. Revideras var fjärde år, året "
        "efter allmänna val."
    ),
    adopted_years_ago=6,
    revision_interval_years=4,
    revised_years_ago=2,
    goals=(
        GoalSpec(
            "P1",
            "Se medborgarens fokus – vad vill medborgaren?",
            "På vilket sätt vill medborgaren föra sin dialog och vad är medborgarens önskan? Går det med "
            "rimliga åtgärder att anpassa vårt sätt att arbeta för att bättre möta medborgarens önskemål?",
            is_principle=True,
        ),
        GoalSpec(
            "P2",
            "Arbeta för frihet från tid och rum – var du än är, när du än vill.",
            "Oberoende av var medborgaren befinner sig och när på dygnet det är ska service i möjligaste "
            "mån kunna ges, till exempel att registrera en ansökan eller lämna ett anbud.",
            is_principle=True,
        ),
        GoalSpec(
            "P3",
            "Använda det digitala som standard – papper är en option.",
            "I all handläggning och all kommunikation med kunderna ska det digitala vara förstavalet.",
            is_principle=True,
        ),
        GoalSpec(
            "P4",
            "Höja grundkunskapen inom användandet av IT och använda den teknik vi redan har.",
            "Utbildning på bredd och djup: från att använda förvaltningens system optimalt till att skanna "
            "in ett dokument eller boka en resurs.",
            is_principle=True,
        ),
        GoalSpec(
            "P5",
            "Arbeta för att det ska vara enkelt – och säkert.",
            "Designad och anpassad teknik i dialogen med medborgaren, förifyllda uppgifter med e-legitimation "
            "och säker hantering av identiteter och korrespondens enligt lag och myndigheters "
            "rekommendationer.",
            is_principle=True,
        ),
    ),
)

E_SERVICE_STRATEGY = StrategySpec(
    title="e-servicestrategi för Älvsby kommun",
    kind=Strategy.Kind.E_SERVICE_STRATEGY,
    description=(
        "Strategin ska öka förändringstakten i utvecklingen av e-service till nytta för invånare, företag, "
        "anställda och politiker och minska kostnaderna. Inriktningar: hållbarhet och medborgarnytta. "
        "Mål och mått revideras vartannat år."
    ),
    adopted_years_ago=4,
    revision_interval_years=2,
    revised_years_ago=2,
    goals=(
        GoalSpec(
            "E1",
            "E-servicen kan hantera 80 % av de vanligaste administrativa frågorna och ärendena",
            "Kommunövergripande utvecklingsmål.",
            indicators=(
                IndicatorSpec(
                    "Andel vanliga frågor och ärenden som e-servicen hanterar",
                    "Andel av de vanligast förekommande administrativa frågorna och ärendena som kan hanteras "
                    "helt via e-servicen.",
                    "%",
                    D(45),
                    D(80),
                    (D(45), D(52), D(58), D(63)),
                ),
            ),
        ),
        GoalSpec(
            "E2",
            "80 % av alla administrativa ärendens resultat levereras digitalt",
            indicators=(
                IndicatorSpec(
                    "Andel svar och beslut som levereras digitalt",
                    "Antal svar/beslut i administrativa ärenden levererade digitalt delat med alla svar/beslut.",
                    "%",
                    D(38),
                    D(80),
                    (D(38), D(47), D(55), D(61)),
                ),
            ),
        ),
        GoalSpec(
            "E3",
            "Ärenden blir lösta med minsta möjliga ansträngning för användaren",
            "Customer Effort Score (CES): ”Kommunen har gjort det enkelt för mig att hantera mitt ärende "
            "digitalt.” på en 7-gradig skala.",
            indicators=(
                IndicatorSpec(
                    "CES: andel svar 5 av 7 eller högre",
                    "Andel av användarna som svarat med svarsalternativ 5 (av 7) eller högre i den digitala "
                    "enkäten efter avslutat ärende.",
                    "%",
                    D(56),
                    D(80),
                    (D(56), D(61), D(66), D(70)),
                ),
            ),
        ),
        GoalSpec(
            "E4",
            "Kontakten ger en positiv upplevelse",
            "Ett professionellt och förtroendeingivande bemötande, mätt med Nöjd-kund-index.",
            indicators=(
                IndicatorSpec(
                    "Nöjd-kund-index (NKI)",
                    "NKI för kommunens e-service, årlig mätning (0–100).",
                    "index",
                    D(62),
                    D(75),
                    (D(62), D(64), D(67), D(69)),
                ),
            ),
        ),
        GoalSpec(
            "E5",
            "Konsekvent användning av digitala kanaler",
            "Konsekvent användning = antal ärenden/frågor inkomna via digitala kanaler minus antal "
            "svar/beslut levererade digitalt. Ju mindre skillnad, desto mer konsekvent.",
            indicators=(
                IndicatorSpec(
                    "Konsekvent användning (digitalt in − digitalt ut)",
                    "Antal ärenden per år som kom in digitalt men besvarades på papper.",
                    "ärenden",
                    D(4800),
                    D(1000),
                    (D(4800), D(4100), D(3300), D(2600)),
                    direction="decrease",
                ),
            ),
        ),
    ),
)

STRATEGIES = (IT_STRATEGY, E_STRATEGY, E_SERVICE_STRATEGY)

# Meetings --------------------------------------------------------------------------------------

K = Meeting.Kind
# (month, day, kind) for the current year; days are moved to the next weekday.
MEETING_PLAN = {
    Tier.LEADERSHIP: (
        (1, 20, K.ORDINARY),
        (3, 10, K.BUDGET_PRIORITIES),
        (5, 12, K.ORDINARY),
        (9, 8, K.ORDINARY),
        (10, 27, K.FOLLOW_UP),
        (12, 8, K.IT_PLAN),
    ),
    Tier.BOARD: ((2, 17, K.ORDINARY), (4, 14, K.ORDINARY), (9, 29, K.ORDINARY), (12, 1, K.ORDINARY)),
    Tier.ICT_GROUP: (
        (2, 4, K.ORDINARY),
        (3, 25, K.ORDINARY),
        (5, 27, K.ORDINARY),
        (9, 16, K.ORDINARY),
        (11, 30, K.ORDINARY),
    ),
}
MEETING_HOUR = {Tier.LEADERSHIP: (9, 0), Tier.BOARD: (13, 0), Tier.ICT_GROUP: (9, 30)}
LOCATIONS = {
    Tier.LEADERSHIP: "Kommunhuset, sammanträdesrum Älven",
    Tier.BOARD: "Kommunhuset, sammanträdesrum Forsen",
    Tier.ICT_GROUP: "IT-centrum, mötesrum Bryggan / Teams",
}

# Agenda titles per meeting kind and tier; {year} is the current year, {next} the plan year ahead.
AGENDA = {
    (Tier.LEADERSHIP, K.ORDINARY): (
        "Föregående mötesanteckningar",
        "Lägesrapport IT-planen {year}",
        "Informationssäkerhet: aktuella frågor",
        "Övriga frågor",
    ),
    (Tier.LEADERSHIP, K.BUDGET_PRIORITIES): (
        "Sammanställd inventering av förslag och pågående projekt",
        "Budgetprioriteringar för IT {next}",
        "Resurs- och målkonflikter",
    ),
    (Tier.LEADERSHIP, K.FOLLOW_UP): (
        "Uppföljning av IT-plan {year}",
        "Revidering av IT-planen {year}",
        "Nyckeltal i e-servicestrategin",
    ),
    (Tier.LEADERSHIP, K.IT_PLAN): ("Förslag till IT-plan {next}", "Fastställande av IT-plan {next}"),
    (Tier.BOARD, K.ORDINARY): (
        "Inkomna förslag från IKT-grupperna",
        "Riskbedömning av satsningar",
        "Finansiering",
        "Större projekt: strategisk bevakning",
    ),
    (Tier.ICT_GROUP, K.ORDINARY): (
        "Driftläge och problem i verksamhetssystemen",
        "Verksamhetens utvecklingsbehov",
        "Behovs- och verksamhetsanalys för pågående förslag",
        "Utbildningsbehov",
    ),
}

# Decisions recorded at held meetings: (tier, kind, meeting index within the tier's plan) ->
# (agenda item order, title, text). {year}/{next} as above.
DECISIONS = {
    (Tier.LEADERSHIP, K.BUDGET_PRIORITIES, 1): (
        2,
        "Budgetprioriteringar för IT {next}",
        "Ledningsgruppen prioriterar digitalisering av socialtjänstens handläggning och e-tjänster för bygglov "
        "inför budget {next}. IT-chefen får i uppdrag att ta fram förslag till utvecklingsprojekt senast 30 april.",
    ),
    (Tier.LEADERSHIP, K.FOLLOW_UP, 4): (
        1,
        "Uppföljning av IT-plan {year}",
        "Ledningsgruppen godkänner uppföljningen av IT-plan {year} och noterar att två projekt är försenade. "
        "IT-planen revideras enligt förslag.",
    ),
    (Tier.BOARD, K.ORDINARY, 1): (
        2,
        "Riskbedömning av inkomna förslag",
        "Ledningsgruppen har gjort riskbedömning av inkomna förslag och rekommenderar att de förs vidare till "
        "förslaget till IT-plan {next}. Finansiering sker inom förvaltningens investeringsram.",
    ),
    (Tier.ICT_GROUP, K.ORDINARY, 0): (
        2,
        "Utvecklingsbehov lämnas till IT-strategisk ledningsgrupp",
        "IKT-gruppen beslutar att lämna de beskrivna utvecklingsbehoven, med behovsanalys, till den "
        "IT-strategiska ledningsgruppen.",
    ),
}
