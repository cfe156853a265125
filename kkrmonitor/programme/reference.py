"""Reference data with sources: the councils, their municipalities and the partner actors the
council's document names. Every fact here comes from ../shared/reference/facts.md or the seed
document; nothing is added that a source does not state."""

from __future__ import annotations

from dataclasses import dataclass

KL_KKR = "KL, Om KKR (kl.dk/politik/kkr/om-kkr)"
DST_CODES = "Danmarks Statistik, kommunekoder i områdeklassifikationen og Statistikbanken"
SEED = "KKR Hovedstadens anbefalinger til det nye KKR Hovedstaden (godkendt 24. oktober 2025)"
# Background facts gathered from public pages for the project (kept in shared/reference/facts.md).
FACTS = "KKR Monitors baggrundsfakta fra offentlige kilder"


@dataclass(frozen=True)
class CouncilData:
    slug: str
    name: str
    kind: str
    region_code: str
    region_name: str
    description: str
    source: str
    municipalities: tuple[tuple[str, str], ...] = ()  # (code, name)
    spans: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorData:
    slug: str
    name: str
    aliases: tuple[str, ...]
    description: str
    source: str
    council: str = ""  # slug of the council the actor is, if it is one


KKR_HOVEDSTADEN = CouncilData(
    slug="kkr-hovedstaden",
    name="KKR Hovedstaden",
    kind="kkr",
    region_code="1084",
    region_name="Region Hovedstaden",
    description=(
        "Kommunekontaktrådet for de 29 kommuner i Region Hovedstaden. KKR er en del af KL's "
        "politiske organisation; medlemmerne er borgmestrene i regionen og kommunalbestyrelses"
        "medlemmer, der afspejler kommunalvalgets resultat. KKR mødes omkring fem gange om året "
        "og giver anbefalinger; de formelle beslutninger træffes i kommunalbestyrelserne."
    ),
    source=f"{KL_KKR}; {DST_CODES}",
    municipalities=(
        ("101", "København"), ("147", "Frederiksberg"), ("151", "Ballerup"),
        ("153", "Brøndby"), ("155", "Dragør"), ("157", "Gentofte"), ("159", "Gladsaxe"),
        ("161", "Glostrup"), ("163", "Herlev"), ("165", "Albertslund"), ("167", "Hvidovre"),
        ("169", "Høje-Taastrup"), ("173", "Lyngby-Taarbæk"), ("175", "Rødovre"),
        ("183", "Ishøj"), ("185", "Tårnby"), ("187", "Vallensbæk"), ("190", "Furesø"),
        ("201", "Allerød"), ("210", "Fredensborg"), ("217", "Helsingør"), ("219", "Hillerød"),
        ("223", "Hørsholm"), ("230", "Rudersdal"), ("240", "Egedal"), ("250", "Frederikssund"),
        ("260", "Halsnæs"), ("270", "Gribskov"), ("400", "Bornholm"),
    ),
)

KKR_SJAELLAND = CouncilData(
    slug="kkr-sjaelland",
    name="KKR Sjælland",
    kind="kkr",
    region_code="1085",
    region_name="Region Sjælland",
    description=(
        "Kommunekontaktrådet for de 17 kommuner i Region Sjælland. Fra 2027 lægges Region "
        "Hovedstaden og Region Sjælland sammen til Region Østdanmark."
    ),
    source=f"{KL_KKR}; {DST_CODES}; sundhedsreformens lovforslag L213/L214 (2025)",
    municipalities=(
        ("253", "Greve"), ("259", "Køge"), ("265", "Roskilde"), ("269", "Solrød"),
        ("306", "Odsherred"), ("316", "Holbæk"), ("320", "Faxe"), ("326", "Kalundborg"),
        ("329", "Ringsted"), ("330", "Slagelse"), ("336", "Stevns"), ("340", "Sorø"),
        ("350", "Lejre"), ("360", "Lolland"), ("370", "Næstved"), ("376", "Guldborgsund"),
        ("390", "Vordingborg"),
    ),
)

SUNDHEDSKOORDINATIONSFORUM = CouncilData(
    slug="sundhedskoordinationsforum",
    name="Sundhedskoordinationsforum",
    kind="forum",
    region_code="",
    region_name="",
    description=(
        "Det nye politiske omdrejningspunkt for at drøfte sundhedsområdet på tværs af "
        "KKR Hovedstaden og KKR Sjælland."
    ),
    source=SEED,
    spans=("kkr-hovedstaden", "kkr-sjaelland"),
)

# Official names that are not "<navn> Kommune" (Danmarks Statistik's list of municipalities,
# as the issue #12 names them): the capital's genitive and Bornholm's regional municipality.
# Every other municipality of both councils is officially "<navn> Kommune".
OFFICIAL_NAMES: dict[str, str] = {
    "101": "Københavns Kommune",
    "400": "Bornholms Regionskommune",
}


def official_name(code: str, name: str) -> str:
    """A municipality's official name from its code and short name: "Københavns Kommune",
    "Bornholms Regionskommune", otherwise "<navn> Kommune"."""
    return OFFICIAL_NAMES.get(code) or f"{name} Kommune"


COUNCILS: tuple[CouncilData, ...] = (KKR_HOVEDSTADEN, KKR_SJAELLAND, SUNDHEDSKOORDINATIONSFORUM)

ACTORS: tuple[ActorData, ...] = (
    ActorData(
        slug="klimaalliancen-i-hovedstadsregionen",
        name="Klimaalliancen i Hovedstadsregionen",
        aliases=("Klimaalliancen",),
        description=(
            "Klimaalliancen er et partnerskab mellem KL, de fem regioner og Realdania fra "
            "1. april 2023 og afløser for DK2020. I hovedstadsregionen bærer Klimaalliancen "
            "fælles indsatser (grønne brændstoffer, grønne indkøb, grøn pendling, "
            "energibesparelser i boliger) sammen med Gate 21."
        ),
        source=f"{FACTS} (Klimaalliancen); {SEED}",
    ),
    ActorData(
        slug="danmarks-erhvervsfremmebestyrelse",
        name="Danmarks Erhvervsfremmebestyrelse",
        aliases=("Erhvervsfremmebestyrelsen",),
        description="KKR Hovedstaden udpeger et medlem af Danmarks Erhvervsfremmebestyrelse.",
        source=f"{FACTS} (erhvervsfremme); {SEED}",
    ),
    ActorData(
        slug="erhvervshus-hovedstaden",
        name="Erhvervshus Hovedstaden",
        aliases=(),
        description=(
            "Erhvervshus siden 1. januar 2019 med adresser i København, Hillerød og på Bornholm. "
            "KKR Hovedstaden udpeger formanden og indgår en årlig resultatkontrakt med huset."
        ),
        source=f"{FACTS} (erhvervsfremme); {SEED}",
    ),
    ActorData(
        slug="greater-copenhagen",
        name="Greater Copenhagen",
        aliases=(),
        description=(
            "Dansk-svensk samarbejde mellem 85 kommuner og 4 regioner, grundlagt i 2015."
        ),
        source=f"{FACTS} (erhvervsfremme); {SEED}",
    ),
    ActorData(
        slug="greater-copenhagen-eu-office",
        name="Greater Copenhagen EU Office",
        aliases=(),
        description="",
        source=SEED,
    ),
    ActorData(
        slug="kkr-sjaelland",
        name="KKR Sjælland",
        aliases=(),
        description="Kommunekontaktrådet for de 17 kommuner i Region Sjælland.",
        source=f"{KL_KKR}; " + SEED,
        council="kkr-sjaelland",
    ),
    ActorData(
        slug="sundhedskoordinationsforum",
        name="Sundhedskoordinationsforum",
        aliases=("Sundhedskoordinationsforummet",),
        description=(
            "Det nye politiske forum for sundhedsområdet på tværs af KKR Hovedstaden og "
            "KKR Sjælland."
        ),
        source=SEED,
        council="sundhedskoordinationsforum",
    ),
    ActorData(
        slug="region-hovedstaden",
        name="Region Hovedstaden",
        # In KKR Hovedstaden's documents "regionen" is Region Hovedstaden.
        aliases=("Region H", "regionen"),
        description=(
            "Regionen for de 29 kommuner i KKR Hovedstaden (regionskode 1084). Regionens "
            "hjemmel til regionale udviklingsprojekter bortfalder fra 2026, og fra 2027 lægges "
            "den sammen med Region Sjælland til Region Østdanmark."
        ),
        source=f"{FACTS} (regionale udviklingsopgaver, sundhedsreformen); {DST_CODES}",
    ),
)

# Themes for classifying recommendations by their headline; an editor may change a theme later
# and the importer then leaves it alone. First keyword found (case-insensitive) wins.
THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Det specialiserede socialområde", ("specialiserede socialområde",)),
    ("Mobilitet og infrastruktur", ("mobilitet", "infrastruktur")),
    ("Klima", ("klima",)),
    ("Erhverv og beskæftigelse", ("erhverv", "beskæftigelse", "arbejdskraft")),
    ("Uddannelse og rekruttering", ("uddannelse", "rekruttering")),
    ("Regionale udviklingsopgaver", ("regionens udviklingsmidler", "udviklingsopgaver")),
    ("Fælles it-drift", ("it-drift", "it-service")),
    ("Samarbejde med KKR Sjælland", ("kkr sjælland",)),
    ("Sundhed", ("sundhed",)),
)


def theme_for(headline: str) -> str:
    lowered = headline.lower()
    hits = [(lowered.find(k), name) for name, keys in THEMES for k in keys if k in lowered]
    return min(hits)[1] if hits else ""
