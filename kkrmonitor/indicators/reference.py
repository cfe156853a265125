"""Indicator definitions shipped with the app, for the seed's themes where the StatBank table is
known (shared/reference/facts.md). No figures are shipped: they come from the source when
`kkr fetch_indicators` runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from kkrmonitor.audit import AuditAction, Author, record, snapshot
from kkrmonitor.indicators.models import Indicator, owning_council
from kkrmonitor.indicators.services import recommendation_links
from kkrmonitor.programme.models import Recommendation

DST = "Danmarks Statistik, Statistikbanken (api.statbank.dk), licens CC BY 4.0"
SOCIAL_THEME = "Det specialiserede socialområde"
CLIMATE_THEME = "Klima"


@dataclass(frozen=True)
class IndicatorData:
    slug: str
    name: str
    unit: str
    description: str
    source: str
    kind: str
    table: str = ""
    selection: dict[str, list[str]] = field(default_factory=dict)
    numerator: str = ""
    denominator: str = ""
    scale: float = 1.0
    additive: bool = False
    themes: tuple[str, ...] = ()


# REGK31 "Kommunernes regnskaber på funktioner efter område, funktion, dranst, art, prisenhed
# og tid". The codes below are those of a public description of the table's variables
# (a StatBank table catalogue on GitHub, "fact.regk31"): DRANST 1 = "1 Driftskonti", ART TOT =
# "I alt (netto)", PRISENHED LOBM = "Løbende priser (1.000 kr.)" (INDL = "Pr. indbygger,
# løbende priser (kr.)"); FUNKTION values are single functions whose text starts with the
# account number ("5.28.20 …"), the table has no group totals, so "5.28.*" asks for every
# function of group 5.28 and the fetch adds them up. Every fetch reads the table's tableinfo
# first and refuses a code the table does not have, naming it, so the shipped codes are
# checked against Statistics Denmark each time.
REGK31_SELECTION = {"DRANST": ["1"], "ART": ["TOT"], "PRISENHED": ["LOBM"]}
REGK31_UNIT = "1.000 kr. (løbende priser)"
REGK31_NOTE = (
    " Driftsudgifter, netto (udgifter minus indtægter på driftskonti), i løbende priser og "
    "1.000 kr. Alle funktioner i gruppen er lagt sammen; mangler tallet for én af dem, vises "
    "summen som ukendt."
)
# The wording first shipped: the selection was left open.
FIRST_REGK31_NOTE = (
    " Funktionskoderne er endnu ikke kontrolleret mod tabellens beskrivelse i Statistikbanken, "
    "og variablene DRANST, ART og PRISENHED er endnu ikke valgt; variable, der ikke vælges, "
    "lægges sammen af Statistikbanken."
)

# The wording shipped before the public pages stopped addressing the secretariat (issue #12):
# a stored definition still carrying it word for word is brought up to date by the loader.
EARLIER_REGK31_NOTE = (
    " Kontrollér funktionskoderne mod tableinfo for REGK31 (kkr fetch_indicators melder fejl med "
    "tabellens navn, hvis en kode ikke findes), og vælg DRANST, ART og PRISENHED, før tallene "
    "bruges: variable, der ikke vælges, lægges sammen af Statistikbanken."
)
FIRST_UNIT = "kr. (enheden er endnu ikke bekræftet)"
EARLIER_UNITS = {FIRST_UNIT: "kr. (kontrollér enheden i tableinfo)"}

# The variables of tables whose unchosen variables would be summed into no figure at all.
TABLE_VARIABLES: dict[str, tuple[str, ...]] = {
    "REGK31": ("OMRÅDE", "FUNKTION", "DRANST", "ART", "PRISENHED"),
}
# Codes not yet checked; none since every fetch checks the codes against tableinfo first.
UNCHECKED_CODES: dict[str, tuple[str, ...]] = {}


@dataclass(frozen=True)
class OpenSelection:
    indicator: Indicator
    unchosen: list[str]  # variables the table has that the selection leaves out (summed)
    unchecked: list[str]  # "FUNKTION = 5.38": chosen, not yet checked against tableinfo


def open_selections(indicator: Indicator) -> list[OpenSelection]:
    """For a StatBank indicator, or the StatBank indicators a ratio is computed from: which of
    the table's variables are not chosen yet (Statistics Denmark then adds up all their values)
    and which chosen codes are unchecked. Empty when nothing is known to be open."""
    sources = ([indicator] if indicator.kind == Indicator.Kind.STATBANK else
               [i for i in (indicator.numerator, indicator.denominator) if i is not None])
    found = []
    for source in sources:
        table = source.statbank_table.upper()
        if source.kind != Indicator.Kind.STATBANK or table not in TABLE_VARIABLES:
            continue
        chosen = {str(k).upper(): v for k, v in (source.statbank_selection or {}).items()}
        skip = {source.area_variable.upper(), source.time_variable.upper()}
        unchosen = [v for v in TABLE_VARIABLES[table] if v not in chosen and v not in skip]
        unchecked = [f"{v} = {', '.join(str(c) for c in chosen[v])}"
                     for v in UNCHECKED_CODES.get(table, ()) if v in chosen]
        if unchosen or unchecked:
            found.append(OpenSelection(source, unchosen, unchecked))
    return found


INDICATORS: tuple[IndicatorData, ...] = (
    IndicatorData(
        slug="folk1a", name="Befolkning", unit="personer",
        description=("Folketal pr. kommune og kvartal (første dag i kvartalet), i alt for køn "
                     "og alder. Nævner i tal pr. indbygger."),
        source=f"{DST}, tabel FOLK1A", kind=Indicator.Kind.STATBANK, table="FOLK1A",
        selection={"KØN": ["TOT"], "ALDER": ["IALT"]}, additive=True),
    IndicatorData(
        slug="regk31-born-unge-saerlige-behov",
        name="Udgifter til børn og unge med særlige behov (funktion 5.28)",
        unit=REGK31_UNIT,
        description=("Kommunernes regnskaber efter funktion, hovedkonto 5, funktion 5.28 "
                     "(børn og unge med særlige behov)." + REGK31_NOTE),
        source=f"{DST}, tabel REGK31", kind=Indicator.Kind.STATBANK, table="REGK31",
        selection={"FUNKTION": ["5.28.*"], **REGK31_SELECTION}, additive=True,
        themes=(SOCIAL_THEME,)),
    IndicatorData(
        slug="regk31-voksne-saerlige-behov",
        name="Udgifter til voksne med særlige behov (funktion 5.38)",
        unit=REGK31_UNIT,
        description=("Kommunernes regnskaber efter funktion, hovedkonto 5, funktion 5.38 "
                     "(voksne med særlige behov)." + REGK31_NOTE),
        source=f"{DST}, tabel REGK31", kind=Indicator.Kind.STATBANK, table="REGK31",
        selection={"FUNKTION": ["5.38.*"], **REGK31_SELECTION}, additive=True,
        themes=(SOCIAL_THEME,)),
    IndicatorData(
        slug="voksne-saerlige-behov-pr-indbygger",
        name="Udgifter til voksne med særlige behov pr. indbygger",
        unit="kr. pr. indbygger (løbende priser)",
        description=("Beregnet: udgifter til voksne med særlige behov (REGK31, 1.000 kr.) × "
                     "1.000 ÷ befolkningen (FOLK1A, 1. kvartal i året). For et råd er det "
                     "summen af kommunernes udgifter delt med summen af deres indbyggere."),
        source=f"Beregnet af KKR Monitor ud fra {DST}, tabel REGK31 og FOLK1A",
        kind=Indicator.Kind.DERIVED, numerator="regk31-voksne-saerlige-behov",
        denominator="folk1a", scale=1000.0, themes=(SOCIAL_THEME,)),
    IndicatorData(
        slug="born-unge-saerlige-behov-pr-indbygger",
        name="Udgifter til børn og unge med særlige behov pr. indbygger",
        unit="kr. pr. indbygger (løbende priser)",
        description=("Beregnet: udgifter til børn og unge med særlige behov (REGK31, 1.000 kr.) "
                     "× 1.000 ÷ befolkningen (FOLK1A, 1. kvartal i året). For et råd er det "
                     "summen af kommunernes udgifter delt med summen af deres indbyggere."),
        source=f"Beregnet af KKR Monitor ud fra {DST}, tabel REGK31 og FOLK1A",
        kind=Indicator.Kind.DERIVED, numerator="regk31-born-unge-saerlige-behov",
        denominator="folk1a", scale=1000.0, themes=(SOCIAL_THEME,)),
    IndicatorData(
        slug="energi-og-co2-regnskabet-udledning",
        name="Udledning af drivhusgasser (Energi- og CO2-regnskabet)",
        unit="som angivet i Energi- og CO2-regnskabet",
        description=("Kommunens udledning efter Energistyrelsens Energi- og CO2-regnskab, der "
                     "opgøres pr. kommune efter GPC-standarden. Der er ikke beskrevet en "
                     "offentlig adgang til tallene som data, så de uploades fra regnskabet, "
                     "én fil pr. år med en række pr. kommune. Rådets tal er summen af "
                     "kommunernes."),
        source="Energistyrelsen, Energi- og CO2-regnskabet (pr. kommune, GPC-standarden)",
        kind=Indicator.Kind.UPLOAD, additive=True, themes=(CLIMATE_THEME,)),
)

# R1's quality: the council's own measure may come from a source StatBank does not have, so
# it is an uploaded series (the upload page offers a template with the municipalities' codes).
# Neither the measure nor its unit is decided yet: the definition says so, and has no figures.
R1_QUALITY = IndicatorData(
    slug="r1-kvalitet", name="Kvalitet på det specialiserede socialområde (rådets eget mål)",
    unit="ukendt (fastlægges med målet)",
    description=("Rådets eget mål for kvaliteten på det specialiserede socialområde "
                 "(anbefaling 1). Målet, dets enhed og kilde er endnu ikke fastlagt; tallene "
                 "uploades af sekretariatet pr. kommune og periode, når de foreligger."),
    source="Uploades af sekretariatet; kilden angives, når målet er fastlagt",
    kind=Indicator.Kind.UPLOAD, themes=(SOCIAL_THEME,))
INDICATORS = (*INDICATORS, R1_QUALITY)

# What the first shipped definitions held, field by field: a stored definition still holding
# exactly that (never edited) gets the current shipped values from the loader.
FIRST_SHIPPED: dict[str, dict[str, Any]] = {
    "regk31-born-unge-saerlige-behov": {
        "unit": FIRST_UNIT, "statbank_selection": {"FUNKTION": ["5.28"]}},
    "regk31-voksne-saerlige-behov": {
        "unit": FIRST_UNIT, "statbank_selection": {"FUNKTION": ["5.38"]}},
    "voksne-saerlige-behov-pr-indbygger": {
        "unit": "pr. indbygger (i REGK31's beløbsenhed)", "scale": 1.0,
        "description": ("Beregnet: udgifter til voksne med særlige behov (REGK31) ÷ befolkningen "
                        "(FOLK1A, 1. kvartal i året). For et råd er det summen af kommunernes "
                        "udgifter delt med summen af deres indbyggere. Opgør REGK31 beløb i "
                        "1.000 kr., sættes faktoren til 1.000.")},
}


def _earlier_values(data: IndicatorData) -> dict[str, list[Any]]:
    """Every value a field of this shipped definition has held in an earlier release."""
    earlier: dict[str, list[Any]] = {
        "unit": [u for u in (FIRST_UNIT, *EARLIER_UNITS.values()) if u != data.unit],
        "description": [data.description.replace(REGK31_NOTE, note) for note in
                        (FIRST_REGK31_NOTE, EARLIER_REGK31_NOTE) if REGK31_NOTE in
                        data.description]}
    for key, value in FIRST_SHIPPED.get(data.slug, {}).items():
        earlier.setdefault(key, []).append(value)
    return earlier


def _reword(author: Author, indicator: Indicator, data: IndicatorData) -> None:
    """Bring a definition still holding an earlier shipped wording or selection up to date (one
    audit event); a field an editor has changed is left as it is."""
    current = {"unit": data.unit, "description": data.description,
               "statbank_selection": data.selection, "scale": data.scale}
    changes = {key: [getattr(indicator, key), current[key]]
               for key, before in _earlier_values(data).items()
               if getattr(indicator, key) in before and getattr(indicator, key) != current[key]}
    if changes:
        Indicator.objects.filter(pk=indicator.pk).update(
            **{key: after for key, (_before, after) in changes.items()})
        indicator.refresh_from_db(fields=list(changes))
        record(author, AuditAction.INDICATOR_UPDATE, indicator, changes)


def load_reference_indicators(author: Author | None = None) -> str:
    """Create the shipped definitions that are missing and link them to the recommendations of
    their theme. Idempotent: an existing definition (perhaps edited) is left as it is, and links
    are only added. Returns a one-line summary."""
    author = author or Author(label="Referencedata", channel="cli")
    created = linked = 0
    with transaction.atomic():
        by_slug: dict[str, Indicator] = {}
        for data in INDICATORS:
            indicator = Indicator.objects.filter(slug=data.slug).first()
            if indicator is None:
                fields: dict[str, Any] = {
                    "name": data.name, "unit": data.unit, "description": data.description,
                    "source": data.source, "kind": data.kind, "statbank_table": data.table,
                    "statbank_selection": data.selection, "scale": data.scale,
                    "additive": data.additive,
                    "numerator": by_slug.get(data.numerator) if data.numerator else None,
                    "denominator": by_slug.get(data.denominator) if data.denominator else None,
                }
                indicator = Indicator.objects.create(slug=data.slug, **fields)
                record(author, AuditAction.INDICATOR_CREATE, indicator,
                       {k: [None, v] for k, v in snapshot(indicator, [
                           "slug", "name", "unit", "kind", "statbank_table"]).items()})
                created += 1
            else:
                _reword(author, indicator, data)
            by_slug[data.slug] = indicator
            if data.themes:
                wanted = Recommendation.objects.filter(theme__in=data.themes)
                have = set(indicator.recommendations.values_list("pk", flat=True))
                new = [r for r in wanted if r.pk not in have]
                if new:
                    before = recommendation_links(indicator)
                    indicator.recommendations.add(*new)
                    linked += len(new)
                    changes: dict[str, list[Any]] = {
                        "recommendations": [before, recommendation_links(indicator)]}
                    if indicator.council_id is None and not have:
                        # Shipped definitions tied to one council's recommendations are that
                        # council's; the others stay national (administrators only).
                        council_id = owning_council(set(
                            indicator.recommendations.values_list("programme__council_id",
                                                                  flat=True)))
                        if council_id is not None:
                            Indicator.objects.filter(pk=indicator.pk).update(
                                council_id=council_id)
                            indicator.refresh_from_db(fields=["council"])
                            changes["council"] = [None, str(indicator.council)]
                    record(author, AuditAction.INDICATOR_UPDATE, indicator, changes)
    return (f"Indikatorer: {created} oprettet, {len(INDICATORS) - created} fandtes allerede; "
            f"{linked} nye koblinger til anbefalinger")
