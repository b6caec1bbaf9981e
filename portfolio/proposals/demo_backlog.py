"""Demo backlog: next year's proposals awaiting prioritisation, so that each IT-strategic board has a real
year to score, rank and fit into its budget (8–12 proposals per board together with those in `proposals`).

Per board eight more proposals for next year's cycle, under assessment or recommended (the states
`portfolio.prioritisation.selectors.proposals_for_prioritisation` takes), owned by the board's ICT groups:

- KS (kommunledningskontoret): finance, HR, security, communication and the council;
- SBN (samhällsbyggnad): building, environment, water, streets, property and mapping;
- UTOM (utbildning och omsorg): school, preschool, care and social services.

Sizes vary on purpose: one large investment per board (1.5–3 mnkr in the plan year, with licences after)
among several small ones (100–500 tkr), so that at the budget limit the large one stops the plain rank
cut-off while the optimum fits several small ones instead. One proposal per board is a legal or
mandatory need; two depend on another proposal (a report tool on the new finance system, digital teaching
materials on the learning platform).

Created exactly like the proposals in `proposals`: written by a member of the ICT group through
`proposal_create`, cost lines over several years and benefit lines through `proposal_lines_save` (so
totals and NPV come from the product's own calculation), and moved to their state by the right people
through `proposal_transition`. `LEANS` is the board's leaning on each (1–5) used by the prioritisation
demo when it scores them.

Idempotent: a proposal whose title already exists is left alone. Runs after `proposals`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from governance.models import BudgetCycle
from portfolio.proposals.demo import (
    DIGITAL,
    LEAD_TIME,
    NKI,
    SPECS,
    S,
    Spec,
    Y,
    inv,
    quality,
    run,
    saving,
    seed_specs,
    staff,
    time,
)
from portfolio.proposals.models import Payer, Stakeholder


@dataclass(frozen=True)
class Item:
    spec: Spec
    lean: int  # how the board leans when scoring it, 1–5 (the members' own views vary around it)
    needs: tuple[str, ...] = ()  # titles of proposals it cannot be carried out without


LATER = range(2, 5)  # years 2–4: savings that start once the old system is gone

BACKLOG: tuple[Item, ...] = (
    # Kommunledning --------------------------------------------------------------------------------
    Item(
        Spec(
            "Nytt ekonomisystem",
            "ict_ks",
            S.UNDER_ASSESSMENT,
            "administrative",
            "Byte av ekonomisystem till en molntjänst med elektronisk fakturahantering, automatisk kontering, "
            "avstämning och budgetmodul. Avrop från Addas ramavtal; konvertering av tio års historik.",
            "Nuvarande ekonomisystem är från 2009 och leverantören upphör med stödet om två år. Fakturor "
            "konteras för hand, budgeten görs i Excel och månadsbokslutet tar tolv arbetsdagar.",
            "Leverantörsfakturor skannas och konteras manuellt; budget och prognos i Excel-filer per förvaltning; "
            "avstämningar för hand inför varje bokslut.",
            "E-fakturor konteras automatiskt efter regler, budget och prognos läggs i systemet av varje chef och "
            "avstämningar görs löpande; bokslutet tar fem dagar.",
            (
                inv(0, 1_900_000, "Upphandling, införande och konvertering"),
                staff(0, 1_200, "Projektgrupp ekonomi"),
                *run(Y, 380_000, "Licenser för molntjänsten"),
                *saving(LATER, 300_000, "Avvecklad licens och drift för nuvarande ekonomisystem"),
                *time(
                    Y,
                    1_800,
                    "Automatisk kontering och avstämning",
                    who=Stakeholder.MUNICIPALITY,
                    indicator=("Arbetsdagar för månadsbokslut", "dagar", Decimal(12), Decimal(5)),
                ),
            ),
            goals=("5", "9"),
            risks=(
                (
                    "Konverteringen av historiken blir ofullständig.",
                    3,
                    3,
                    "Provkonvertering och parallellkörning under ett bokslut.",
                ),
                (
                    "Förvaltningarna hinner inte utbilda sina budgetansvariga.",
                    3,
                    2,
                    "Utbildning per förvaltning före första budgetomgången.",
                ),
            ),
        ),
        lean=5,
    ),
    Item(
        Spec(
            "Beslutsstöd för ekonomisk uppföljning",
            "ict_ks",
            S.UNDER_ASSESSMENT,
            "administrative",
            "Rapporter och nyckeltal för ekonomisk uppföljning per verksamhet, hämtade direkt ur det nya "
            "ekonomisystemet och personalsystemet.",
            "Månadsrapporterna sammanställs för hand av controllerna; cheferna får dem två veckor efter månadsskiftet.",
            "Uttag ur ekonomisystemet till Excel, sammanställning och utskick per e-post.",
            "Cheferna ser utfall, prognos och personalkostnader i en portal dagen efter bokföringen.",
            (
                inv(0, 350_000, "Rapportplattform och datamodell"),
                staff(0, 200, "Controllers"),
                *run(Y, 90_000, "Licenser"),
                *time(Y, 800, "Rapporterna tas fram automatiskt", who=Stakeholder.MUNICIPALITY),
                quality(
                    1,
                    3,
                    "Chefer styr på färska siffror",
                    ("Dagar från månadsskifte till rapport", "dagar", Decimal(14), Decimal(2)),
                    who=Stakeholder.STAFF,
                ),
            ),
            goals=("8", "9"),
        ),
        lean=3,
        needs=("Nytt ekonomisystem",),
    ),
    Item(
        Spec(
            "Loggning och incidenthantering enligt cybersäkerhetslagen",
            "ict_ks",
            S.UNDER_ASSESSMENT,
            "administrative",
            "Central insamling och analys av loggar från kommunens system och nät, med en säkerhetscentral (SOC) "
            "som larmar dygnet runt och rutiner för incidentrapportering.",
            "Cybersäkerhetslagen ställer krav på kommunen att upptäcka, hantera och rapportera incidenter. I dag "
            "finns loggar bara lokalt i varje system och ingen ser dem utanför kontorstid.",
            "Loggar sparas i respektive system; incidenter upptäcks när användare ringer supporten.",
            "Loggar samlas centralt, avvikelser larmas direkt och incidenter rapporteras inom lagens tidsgränser.",
            (
                inv(0, 420_000, "Logginsamling och införande"),
                staff(0, 300, "IT-tekniker och informationssäkerhet"),
                *run(Y, 180_000, "Säkerhetscentral som tjänst"),
                quality(
                    1,
                    5,
                    "Incidenter upptäcks och rapporteras i tid",
                    ("Andel incidenter rapporterade inom 24 timmar", "%", Decimal(30), Decimal(100)),
                    who=Stakeholder.MUNICIPALITY,
                ),
            ),
            goals=("7",),
            mandatory=True,
            risks=(("Loggvolymerna blir större än beräknat.", 3, 2, "Börja med de samhällsviktiga systemen."),),
        ),
        lean=4,
    ),
    Item(
        Spec(
            "Digital brevlåda för myndighetspost",
            "ict_ks",
            S.RECOMMENDED,
            "administrative",
            "Beslut, fakturor och kallelser skickas till invånarnas digitala brevlåda via Mina meddelanden; "
            "papperspost bara till den som saknar brevlåda.",
            "Kommunen skickar 90 000 brev per år. Porto och tryck ökar, och post kommer fram först efter flera dagar.",
            "Utskrift, kuvertering och porto för alla utskick.",
            "Utskicken går till den digitala brevlådan; resten skrivs ut automatiskt hos tryckeriet.",
            (
                inv(0, 140_000, "Anslutning till Mina meddelanden och integrationer"),
                *run(Y, 85_000, "Tjänsteavgift och utskriftstjänst"),
                *saving(Y, 170_000, "Lägre porto- och trycksakskostnader"),
                quality(1, 3, "Snabbare och säkrare post till invånarna", (*DIGITAL, Decimal(10), Decimal(60))),
            ),
            goals=("E2",),
            payer=Payer.CENTRAL_FUND,
        ),
        lean=3,
    ),
    Item(
        Spec(
            "E-tjänst för anställning och digital personalakt",
            "ict_ks",
            S.UNDER_ASSESSMENT,
            "administrative",
            "Anställningsavtal tas fram och signeras digitalt, och personalakten förs elektroniskt i personalsystemet.",
            "Chefer fyller i blanketter som löneenheten registrerar; personalakterna är pärmar på tre ställen.",
            "Blankett, underskrift, internpost och manuell registrering i lönesystemet.",
            "Chefen skapar avtalet i e-tjänsten, båda signerar med e-legitimation och uppgifterna går direkt "
            "till lönesystemet.",
            (
                inv(0, 260_000, "E-tjänst och integration mot personalsystemet"),
                staff(0, 200, "HR och lön"),
                *run(Y, 75_000, "Licenser"),
                *time(Y, 1_000, "Ingen manuell registrering av avtal", who=Stakeholder.MUNICIPALITY),
            ),
            goals=("E2", "6"),
            risks=(("Äldre personalakter måste skannas.", 2, 2, "Bara aktiva anställda digitaliseras."),),
        ),
        lean=3,
    ),
    Item(
        Spec(
            "Lösenordsfri inloggning för medarbetare",
            "ict_ks",
            S.UNDER_ASSESSMENT,
            "administrative",
            "Medarbetarna loggar in med e-legitimation eller säkerhetsnyckel i stället för lösenord.",
            "En fjärdedel av ärendena i IT-supporten gäller låsta konton och glömda lösenord.",
            "Lösenord som byts var nittionde dag; supporten låser upp konton per telefon.",
            "Inloggning med e-legitimation eller nyckel; inga lösenordsbyten och färre nätfiskeangrepp.",
            (
                inv(0, 300_000, "Säkerhetsnycklar och införande"),
                *run(Y, 70_000, "Licenser"),
                *time(Y, 800, "Färre lösenordsärenden i IT-supporten", who=Stakeholder.MUNICIPALITY),
            ),
            goals=("7",),
        ),
        lean=3,
    ),
    Item(
        Spec(
            "Tillgänglighetsgranskning av webbplats och e-tjänster",
            "ict_ks",
            S.UNDER_ASSESSMENT,
            "administrative",
            "Verktyg som granskar webbplatsen och e-tjänsterna mot kraven på tillgänglighet varje vecka, och "
            "utbildning för webbredaktörerna.",
            "Lagen om tillgänglighet till digital offentlig service kräver att brister åtgärdas; granskningen görs "
            "i dag för hand en gång om året.",
            "Årlig manuell granskning; bristerna rättas när någon klagar.",
            "Veckovis automatisk granskning, brister tilldelas redaktören och åtgärdas löpande.",
            (
                inv(0, 180_000, "Granskningsverktyg och utbildning"),
                *run(Y, 40_000, "Licens"),
                quality(
                    1,
                    4,
                    "Webbplatsen fungerar för alla",
                    ("Andel sidor utan tillgänglighetsbrister", "%", Decimal(70), Decimal(95)),
                ),
            ),
            goals=("E4",),
        ),
        lean=3,
    ),
    Item(
        Spec(
            "Webbsändning och digital votering i fullmäktige",
            "ict_ks",
            S.UNDER_ASSESSMENT,
            "administrative",
            "Fullmäktiges sammanträden sänds på webben med textning, och voteringar görs med digital "
            "voteringsutrustning.",
            "Sammanträdena kan bara följas på plats, och en votering med namnupprop tar en kvart.",
            "Namnupprop vid votering; protokollet visar först veckan efter hur var och en röstade.",
            "Digital votering med resultatet direkt på skärm och i protokollet; sändning och arkiv på webben.",
            (
                inv(0, 240_000, "Kameror, voteringssystem och installation"),
                *run(Y, 45_000, "Sändningstjänst"),
                quality(
                    1,
                    3,
                    "Öppenhet i den politiska beslutsprocessen",
                    ("Tittare per sammanträde", "st", Decimal(0), Decimal(300)),
                ),
            ),
            goals=("1", "8"),
        ),
        lean=2,
    ),
    # Samhällsbyggnad ------------------------------------------------------------------------------
    Item(
        Spec(
            "Nytt verksamhetssystem för bygg, miljö och hälsoskydd",
            "ict_sbn",
            S.UNDER_ASSESSMENT,
            "technical",
            "Gemensamt verksamhetssystem för bygglov, tillsyn, livsmedelskontroll och miljöärenden med e-arkiv, "
            "digital handläggning och koppling till kommunens e-tjänster och kartor.",
            "Bygg och miljö använder två olika system; det ena saknar stöd för digital handläggning och "
            "leverantörens avtal går ut nästa år.",
            "Ärenden registreras i två system, handlingar skrivs ut och beslut skickas per post.",
            "Ett system för alla ärenden, digital handläggning från ansökan till beslut och arkivering i e-arkivet.",
            (
                inv(0, 2_100_000, "Upphandling, införande och migrering"),
                staff(0, 1_000, "Handläggare och systemförvaltare"),
                *run(Y, 420_000, "Licenser och drift"),
                *saving(LATER, 250_000, "Avvecklade licenser för två äldre system"),
                *time(
                    Y,
                    2_000,
                    "Digital handläggning utan dubbelregistrering",
                    indicator=(*LEAD_TIME, Decimal(35), Decimal(21)),
                ),
            ),
            goals=("5", "E2"),
            risks=(
                (
                    "Migreringen av pågående ärenden stör handläggningen.",
                    3,
                    3,
                    "Migrera avslutade ärenden först och gå över vid ett årsskifte.",
                ),
                ("Leverantörens e-tjänstekoppling är inte färdig.", 2, 3, "Krav i upphandlingen med vite."),
            ),
        ),
        lean=5,
    ),
    Item(
        Spec(
            "Säkrare styrsystem för vatten och avlopp",
            "ict_sbn",
            S.UNDER_ASSESSMENT,
            "technical",
            "Styrsystemen för vattenverk, reningsverk och pumpstationer flyttas till ett eget segmenterat nät med "
            "säker fjärråtkomst och loggning.",
            "Vatten och avlopp är samhällsviktig verksamhet som omfattas av cybersäkerhetslagen. Styrsystemen nås "
            "i dag över kommunens vanliga nät och leverantörerna loggar in med delade konton.",
            "Styrsystem på kontorsnätet; leverantörer fjärransluter med delade konton.",
            "Eget nät för styrsystemen, personlig inloggning med tvåfaktor och loggning av all fjärråtkomst.",
            (
                inv(0, 520_000, "Nätutrustning och brandväggar"),
                staff(0, 250, "VA-tekniker och nätspecialist"),
                *run(Y, 110_000, "Support och loggtjänst"),
                quality(
                    1,
                    5,
                    "Dricksvattenförsörjningen skyddas mot intrång",
                    ("Andel anläggningar på segmenterat nät", "%", Decimal(20), Decimal(100)),
                ),
            ),
            goals=("7",),
            mandatory=True,
            risks=(
                ("Driftstörning när anläggningarna flyttas.", 2, 5, "Flytt en anläggning i taget med reservdrift."),
            ),
        ),
        lean=4,
    ),
    Item(
        Spec(
            "Energiuppföljning i kommunens fastigheter",
            "ict_sbn",
            S.RECOMMENDED,
            "technical",
            "Mätare för el, värme och vatten i kommunens 40 största byggnader, med en portal där driftteknikerna "
            "följer förbrukningen per timme.",
            "Förbrukningen läses av en gång i månaden från fakturorna; fel i ventilation och värme upptäcks sent.",
            "Manuell avläsning och uppföljning i kalkylblad.",
            "Timvärden i portalen, larm vid avvikelser och underlag för energieffektivisering.",
            (
                inv(0, 380_000, "Mätare och portal"),
                *run(Y, 70_000, "Portal och kommunikation"),
                *saving(Y, 320_000, "Lägre energikostnader"),
                quality(
                    1,
                    3,
                    "Minskad klimatpåverkan",
                    ("Energianvändning", "kWh/m²", Decimal(165), Decimal(140)),
                    who=Stakeholder.MUNICIPALITY,
                ),
            ),
            goals=("9",),
            risks=(("Mätarna går inte att ansluta i äldre byggnader.", 2, 2, "Inventering före beställning."),),
        ),
        lean=3,
    ),
    Item(
        Spec(
            "Felanmälan med karta för gata och park",
            "ict_sbn",
            S.UNDER_ASSESSMENT,
            "technical",
            "Invånarna anmäler fel på gator, belysning och lekplatser i en e-tjänst med karta och foto, och "
            "följer ärendet tills det är åtgärdat.",
            "Felanmälningar kommer per telefon och e-post och skrivs om till arbetsordrar; många fel anmäls flera "
            "gånger.",
            "Telefon och e-post till kontaktcenter, arbetsorder på papper.",
            "Anmälan med position och bild går direkt till arbetsledaren; anmälaren får besked när felet är åtgärdat.",
            (
                inv(0, 160_000, "E-tjänst och integration mot driftsystemet"),
                *run(Y, 40_000, "Licens"),
                *time(Y, 500, "Färre samtal och dubbla anmälningar", who=Stakeholder.MUNICIPALITY),
                quality(1, 4, "Snabbare åtgärd av fel", (*NKI, Decimal(55), Decimal(68))),
            ),
            goals=("E1", "E3"),
        ),
        lean=3,
    ),
    Item(
        Spec(
            "E-tjänst för nybyggnadskarta och utstakning",
            "ict_sbn",
            S.UNDER_ASSESSMENT,
            "technical",
            "Beställning av nybyggnadskarta, utstakning och lägeskontroll som e-tjänst med betalning och "
            "leverans av kartan digitalt.",
            "Beställningarna kommer per e-post med bristfälliga uppgifter; mätningsingenjörerna ringer upp "
            "och kompletterar.",
            "Beställning per e-post, faktura i efterhand och karta som pdf per e-post.",
            "Beställning med fastighetsbeteckning ur kartan, betalning direkt och leverans i e-tjänsten.",
            (
                inv(0, 140_000, "E-tjänst och betalning"),
                *run(Y, 30_000, "Licens"),
                *time(Y, 450, "Färre kompletteringar", who=Stakeholder.MUNICIPALITY),
            ),
            goals=("E2",),
        ),
        lean=3,
    ),
    Item(
        Spec(
            "Ruttplanering och digital körjournal för vinterväghållning",
            "ict_sbn",
            S.UNDER_ASSESSMENT,
            "technical",
            "Plogbilarna får optimerade rutter och rapporterar plogning och sandning automatiskt med GPS.",
            "Rutterna är desamma sedan länge och rapporteringen görs på papper efter passet.",
            "Fasta rutter, körjournal på papper och fakturering av entreprenörer i efterhand.",
            "Rutter efter väder och prioritet, automatisk rapport och underlag för fakturering.",
            (
                inv(0, 230_000, "GPS-enheter och planeringstjänst"),
                *run(Y, 50_000, "Tjänsteavgift"),
                *saving(Y, 140_000, "Färre körda mil och mindre övertid"),
            ),
            goals=("9",),
        ),
        lean=2,
    ),
    Item(
        Spec(
            "Drönare för inmätning och tillsyn",
            "ict_sbn",
            S.UNDER_ASSESSMENT,
            "technical",
            "Drönare med kamera för inmätning av byggen och täkter och för tillsyn av svåråtkomliga platser.",
            "Inmätning av större områden kräver flera dagar i fält; vissa platser besöks inte alls.",
            "Inmätning med GNSS-utrustning till fots.",
            "Flygning och bearbetning av bilder till 3D-modell och ortofoto samma dag.",
            (
                inv(0, 310_000, "Drönare, programvara och utbildning"),
                staff(0, 150, "Mätningsingenjörer"),
                *run(Y, 35_000, "Programvarulicens och försäkring"),
                *time(Y, 600, "Kortare tid i fält", who=Stakeholder.MUNICIPALITY),
            ),
            goals=("9",),
        ),
        lean=2,
    ),
    Item(
        Spec(
            "Digital anslagstavla för planärenden",
            "ict_sbn",
            S.UNDER_ASSESSMENT,
            "technical",
            "Kungörelser och underrättelser om planer och bygglov publiceras automatiskt på den digitala "
            "anslagstavlan direkt ur handläggningen.",
            "Kungörelserna skrivs för hand och publiceras av registrator; tidsfrister missas ibland.",
            "Handläggaren mejlar texten till registrator som publicerar den.",
            "Kungörelsen skapas i ärendet och publiceras och tas bort automatiskt.",
            (
                inv(0, 110_000, "Integration"),
                *run(Y, 25_000, "Licens"),
                *time(Y, 250, "Ingen manuell publicering", who=Stakeholder.MUNICIPALITY),
            ),
            goals=("E2", "2"),
        ),
        lean=3,
    ),
    # Utbildning och omsorg ------------------------------------------------------------------------
    Item(
        Spec(
            "Nytt elevadministrativt system",
            "ict_education",
            S.UNDER_ASSESSMENT,
            "education",
            "Gemensamt system för elevregister, närvaro, betyg, schema och kontakt med vårdnadshavare i grundskolan, "
            "med överföring till SCB och Skolverket.",
            "Dagens elevregister saknar stöd för de nya kraven på betygsrapportering, och skolorna har egna "
            "system för närvaro. Leverantörens avtal löper ut.",
            "Elevuppgifter i tre system, närvaro i lärplattformen, betyg i elevregistret och rapporter för hand.",
            "Ett system med elevuppgifter, närvaro och betyg; rapporter till myndigheterna skapas automatiskt.",
            (
                inv(0, 1_700_000, "Upphandling, införande och migrering"),
                staff(0, 900, "Skoladministratörer och lärare"),
                *run(Y, 350_000, "Licenser"),
                *saving(LATER, 180_000, "Avvecklade licenser för elevregister och närvarosystem"),
                *time(Y, 1_500, "Mindre dubbelregistrering för skoladministratörer"),
            ),
            goals=("5", "8"),
            risks=(
                ("Migreringen av betygshistorik blir fel.", 2, 4, "Kontroll mot betygskatalogerna före driftstart."),
                ("Skolorna går över vid olika tidpunkter.", 3, 2, "Gemensam övergång vid läsårsstart."),
            ),
        ),
        lean=5,
    ),
    Item(
        Spec(
            "Systematisk loggkontroll i vård- och omsorgsjournalen",
            "ict_care",
            S.RECOMMENDED,
            "social",
            "Verktyg som varje månad granskar vem som läst vilka journaler och flaggar misstänkt obehörig "
            "åtkomst för uppföljning.",
            "Vårdgivaren ska enligt patientdatalagen göra systematiska och återkommande kontroller av åtkomsten "
            "till journalerna. I dag görs stickprov för hand två gånger om året.",
            "Stickprov ur loggarna i kalkylblad.",
            "Automatisk granskning varje månad med riskregler; chefen följer upp de flaggade fallen.",
            (
                inv(0, 160_000, "Loggverktyg och integration mot journalsystemet"),
                staff(0, 120, "Systemförvaltare"),
                *run(Y, 55_000, "Licens"),
                quality(
                    1,
                    5,
                    "Brukarnas integritet skyddas",
                    ("Andel journalåtkomster som granskas", "%", Decimal(1), Decimal(100)),
                ),
            ),
            goals=("7", "6"),
            mandatory=True,
            risks=(("Många falsklarm de första månaderna.", 3, 2, "Justera reglerna efter tre månader."),),
        ),
        lean=4,
    ),
    Item(
        Spec(
            "Digital signering av insatser i hemsjukvården",
            "ict_care",
            S.UNDER_ASSESSMENT,
            "social",
            "Sjuksköterskor och undersköterskor signerar läkemedel och hälso- och sjukvårdsinsatser i mobilen "
            "i stället för på papperslistor.",
            "Signeringslistor på papper hämtas och kontrolleras varje månad; avvikelser upptäcks i efterhand.",
            "Papperslistor hos brukaren som samlas in och granskas manuellt.",
            "Signering i mobilen vid insatsen, påminnelse vid missad dos och avvikelser direkt till sjuksköterskan.",
            (
                inv(0, 210_000, "Signeringsmodul och mobiler"),
                *run(Y, 80_000, "Licenser"),
                *time(Y, 1_300, "Ingen hantering av papperslistor"),
                quality(
                    1,
                    4,
                    "Färre missade läkemedelsdoser",
                    ("Avvikelser om missad dos per månad", "st", Decimal(25), Decimal(8)),
                ),
            ),
            goals=("E5", "9"),
            risks=(("Dålig mobiltäckning i glesbygden.", 2, 3, "Signering offline som synkas senare."),),
        ),
        lean=3,
    ),
    Item(
        Spec(
            "Digital orosanmälan för yrkesverksamma",
            "ict_care",
            S.UNDER_ASSESSMENT,
            "social",
            "E-tjänst där skola, förskola, vård och polis gör orosanmälan om barn direkt till socialtjänsten.",
            "Orosanmälningar kommer per telefon, fax och brev; uppgifter saknas och anmälan registreras för hand.",
            "Anmälan per telefon eller brev, registrering och skyddsbedömning på papper.",
            "Anmälan i e-tjänsten med obligatoriska uppgifter; ärendet skapas direkt och skyddsbedömningen görs "
            "samma dag.",
            (
                inv(0, 130_000, "E-tjänst och integration mot verksamhetssystemet"),
                *run(Y, 30_000, "Licens"),
                *time(Y, 500, "Ingen manuell registrering"),
                quality(
                    1,
                    5,
                    "Snabbare skyddsbedömning för barnet",
                    ("Timmar till skyddsbedömning", "timmar", Decimal(24), Decimal(4)),
                ),
            ),
            goals=("E1", "E2"),
        ),
        lean=3,
    ),
    Item(
        Spec(
            "Videobesök i hemtjänsten",
            "ict_care",
            S.UNDER_ASSESSMENT,
            "social",
            "Brukare som vill får en del av sina besök, till exempel påminnelser och samtal, som videosamtal "
            "på en surfplatta.",
            "Många korta besök görs för att påminna om mat eller bryta ensamhet; restiden är längre än besöket.",
            "Fysiska besök enligt beslut, oavsett insatsens art.",
            "Videobesök enligt brukarens önskemål; fysiska besök när de behövs.",
            (
                inv(0, 170_000, "Surfplattor och plattform"),
                *run(Y, 60_000, "Licenser och abonnemang"),
                *time(Y, 1_500, "Kortare restid för hemtjänsten"),
                quality(
                    1,
                    3,
                    "Brukaren bestämmer mer över sina besök",
                    ("Andel nöjda brukare", "%", Decimal(82), Decimal(88)),
                ),
            ),
            goals=("E5", "9"),
        ),
        lean=3,
    ),
    Item(
        Spec(
            "Digitala läromedel med central licenshantering",
            "ict_education",
            S.UNDER_ASSESSMENT,
            "education",
            "Digitala läromedel köps centralt och delas ut till elever och lärare via den nya lärplattformen, "
            "med inloggning utan extra konton.",
            "Varje skola köper egna licenser; många står oanvända medan andra elever saknar läromedel.",
            "Licenser köps per skola och delas ut för hand med separata inloggningar.",
            "Licenserna fördelas automatiskt efter klasslistor och nås i lärplattformen.",
            (
                inv(0, 190_000, "Licenshanteringstjänst och integration"),
                *run(Y, 110_000, "Tjänsteavgift"),
                *saving(Y, 120_000, "Färre oanvända licenser"),
                *time(Y, 400, "Ingen manuell utdelning av licenser"),
            ),
            goals=("5", "8"),
        ),
        lean=3,
        needs=("Lärplattform för grundskolan",),
    ),
    Item(
        Spec(
            "Skolskjutsplanering med e-tjänst",
            "ict_education",
            S.UNDER_ASSESSMENT,
            "education",
            "Ansökan om skolskjuts som e-tjänst, automatisk prövning mot reglerna och ruttplanering för skolbussarna.",
            "Ansökningarna kommer på papper och rutterna planeras för hand varje läsår; bussarna kör halvtomma.",
            "Pappersansökan, manuell prövning och rutter i kalkylblad.",
            "E-tjänst med beslut direkt, rutter som optimeras efter elevernas adresser och besked till "
            "vårdnadshavarna i e-tjänsten.",
            (
                inv(0, 240_000, "E-tjänst och planeringsverktyg"),
                *run(Y, 50_000, "Licenser"),
                *saving(Y, 260_000, "Optimerade rutter i skolskjutsavtalet"),
            ),
            goals=("E2", "9"),
        ),
        lean=2,
    ),
    Item(
        Spec(
            "Digitalt stöd för språkutveckling i förskolan",
            "ict_preschool",
            S.UNDER_ASSESSMENT,
            "education",
            "Appar och ljudböcker på flera språk som stödjer barnens språkutveckling, med fortbildning för "
            "pedagogerna.",
            "En tredjedel av barnen har ett annat modersmål än svenska, och förskolorna har få böcker på andra språk.",
            "Högläsning på svenska; modersmålsstöd när personal med språket finns.",
            "Ljudböcker och appar på barnens språk som används i grupp och hemma.",
            (
                inv(0, 120_000, "Licenser, surfplattor och fortbildning"),
                *run(Y, 45_000, "Licenser"),
                quality(
                    1,
                    4,
                    "Bättre språkutveckling för flerspråkiga barn",
                    ("Andel förskolor som arbetar med flerspråkigt material", "%", Decimal(20), Decimal(100)),
                ),
            ),
            goals=("8",),
        ),
        lean=2,
    ),
)

LEANS = {item.spec.title: item.lean for item in BACKLOG}


def seed(ctx) -> None:
    this_year, next_year = ctx.today.year, ctx.today.year + 1
    cycles = {y: ctx.cycles.get(y) or BudgetCycle.objects.filter(plan_year=y).first() for y in (this_year, next_year)}
    if not all(cycles.values()):
        ctx.log.append("portfolio/backlog: no budget cycles for this and next year, nothing seeded")
        return
    cycles["later"] = cycles[next_year]  # only next year's cycle is used: nothing here is deferred or returned
    made, notes = seed_specs(
        ctx,
        [item.spec for item in BACKLOG],
        cycles,
        first_index=len(SPECS),
        needs={item.spec.title: item.needs for item in BACKLOG},
    )
    summary = f"{made} proposals for the {next_year} prioritisation" if made else "nothing new"
    ctx.log.append(f"portfolio/backlog: {summary}" + (f" ({'; '.join(notes)})" if notes else ""))
