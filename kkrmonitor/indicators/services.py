"""Write actions for indicators. Each runs in one transaction and writes one audit event: a fetch
or an import is one event with its row count, never one per row. The web form, the CLI and the
benchmark all call these same functions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from kkrmonitor.audit import AuditAction, Author, record
from kkrmonitor.indicators import calc
from kkrmonitor.indicators.models import Area, Indicator, Observation
from kkrmonitor.indicators.numbers import NumberError, parse_number
from kkrmonitor.indicators.periods import PeriodError, parse_period
from kkrmonitor.indicators.statbank import StatBankClient, check_selection
from kkrmonitor.indicators.uploads import RawRow, read_upload
from kkrmonitor.pagecache import bump
from kkrmonitor.programme.models import Council, Municipality

COUNTRY_CODE = "000"
BATCH_SIZE = 100_000
# (area id, period code, value)
Triple = tuple[int, str, float | None]


class IndicatorError(Exception):
    """A definition that cannot be fetched or a request that makes no sense for it."""


class ObservationImportError(Exception):
    """An upload with invalid rows; `errors` are Danish, one per row ("Række 7: …")."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors[:5]))
        self.errors = errors


# --- areas -------------------------------------------------------------------------------------

def _name_key(text: str) -> str:
    lowered = " ".join(text.lower().split())
    for suffix in (" kommune", " kommunes"):
        if lowered.endswith(suffix):
            lowered = lowered[: -len(suffix)]
    if lowered.startswith("region "):
        lowered = "region " + lowered[len("region "):]
    return lowered


@dataclass
class AreaIndex:
    by_code: dict[str, Area] = field(default_factory=dict)  # DST codes: 101, 084/1084, 000
    by_name: dict[str, Area] = field(default_factory=dict)
    councils: dict[int, tuple[Area, list[int]]] = field(default_factory=dict)  # area id → members

    def resolve(self, text: str) -> Area | None:
        """A municipality, region or the country by code ("101", "0101", "101 København") or
        name ("København", "Københavns Kommune"); councils are computed, never typed."""
        cleaned = text.strip()
        code, _sep, rest = cleaned.partition(" ")
        if code.isdigit():
            found = self.by_code.get(code) or self.by_code.get(code.lstrip("0").zfill(3))
            if found is not None:
                return found
            if rest:
                cleaned = rest
        return self.by_name.get(_name_key(cleaned))


def ensure_areas() -> AreaIndex:
    """Area rows for the country, the regions, the councils and every municipality (created if
    missing; idempotent), indexed for looking up codes and names."""
    existing = {(a.kind, a.code): a for a in Area.objects.all()}

    def area(kind: str, code: str, name: str, **links: Any) -> Area:
        found = existing.get((kind, code))
        if found is None:
            found = Area.objects.create(kind=kind, code=code, name=name, **links)
            existing[(kind, code)] = found
        return found

    index = AreaIndex()
    country = area(Area.Kind.COUNTRY, COUNTRY_CODE, "Hele landet")
    index.by_code[COUNTRY_CODE] = country
    index.by_name["hele landet"] = country
    municipalities = list(Municipality.objects.all())
    for m in municipalities:
        a = area(Area.Kind.MUNICIPALITY, m.code, m.name, municipality=m)
        index.by_code[m.code] = a
        index.by_name[_name_key(m.name)] = a
    by_council: dict[int, list[Municipality]] = defaultdict(list)
    for m in municipalities:
        by_council[m.council_id].append(m)
    for council in Council.objects.prefetch_related("spans"):
        if council.region_code and council.region_name:
            region = area(Area.Kind.REGION, council.region_code, council.region_name)
            # StatBank tables write regions with three digits (084), the classification four.
            index.by_code[council.region_code] = region
            index.by_code[council.region_code[-3:]] = region
            index.by_name[_name_key(council.region_name)] = region
        if council.kind == Council.Kind.FORUM:
            members = [m for spanned in council.spans.all() for m in by_council[spanned.pk]]
        else:
            members = by_council[council.pk]
        if members:
            council_area = area(Area.Kind.COUNCIL, council.slug, council.name, council=council)
            index.councils[council_area.pk] = (council_area,
                                               [index.by_code[m.code].pk for m in members])
    return index


# --- storing observations fast ----------------------------------------------------------------

def store_observations(indicator: Indicator, triples: Iterable[Triple], source: str, *,
                       retrieved_at: datetime | None = None, replace_source: bool = False,
                       progress: Callable[[int], None] | None = None) -> int:
    """Store observations, all or nothing (in the caller's transaction, or its own). With
    `replace_source`, first remove every observation of the indicator from that source;
    otherwise only those the new rows replace (same area and period). Two rows for the same area
    and period raise IntegrityError. Returns the number stored.

    This is the one bulk path (uploads, fetches, computed figures, the demo generator, the
    benchmark), so it does no per-row work beyond building one tuple or one line of text: SQLite
    loads a staging table and inserts from it sorted by the unique key; PostgreSQL streams COPY.
    Both bypass the ORM, so the public-page cache is bumped here."""
    if source not in Observation.Source.values:
        raise ValueError(f"ukendt kilde {source!r}")  # it is written into COPY's text as is
    rows = triples if isinstance(triples, list) else list(triples)
    retrieved_at = retrieved_at or timezone.now()
    with transaction.atomic():
        if replace_source:
            indicator.observations.filter(source=source).delete()
            replace = False
        else:
            replace = bool(rows) and indicator.observations.exists()
        count = 0
        if rows:
            _check_references(indicator, {row[0] for row in rows})
            # The drivers' own cursors below: their errors become Django's (IntegrityError …).
            with connection.wrap_database_errors:
                if connection.vendor == "sqlite":
                    count = _store_sqlite(indicator, rows, source, retrieved_at, replace,
                                          progress)
                elif connection.vendor == "postgresql":
                    count = _store_postgresql(indicator, rows, source, retrieved_at, replace,
                                              progress)
                else:  # pragma: no cover - only SQLite and PostgreSQL are supported
                    raise NotImplementedError(connection.vendor)
        refresh_figures(indicator)
        bump()
    return count


def refresh_figures(indicator: Indicator) -> None:
    """Recount the indicator's figures and its newest period with one (Indicator.figures,
    .latest_figure_period), reading only its own series."""
    present = indicator.observations.filter(value__isnull=False)
    latest = present.order_by("-period_start").values_list("period", flat=True).first()
    indicator.figures = present.count()
    indicator.latest_figure_period = latest or ""
    Indicator.objects.filter(pk=indicator.pk).update(
        figures=indicator.figures, latest_figure_period=indicator.latest_figure_period)


def _check_references(indicator: Indicator, area_ids: set[int]) -> None:
    """What the foreign-key constraints would check, once per load instead of once per row
    (the observation table has none, see the model): the indicator and every area exist, and
    on PostgreSQL they are locked FOR KEY SHARE until the commit, as the constraint's trigger
    locks them, so no one can delete them meanwhile. SQLite's write lock already holds
    everyone else off."""
    ids = sorted(area_ids)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {Indicator._meta.db_table} WHERE id = %s "
                           "FOR KEY SHARE", [indicator.pk])
            found_indicator = cursor.fetchone() is not None
            cursor.execute(f"SELECT id FROM {Area._meta.db_table} WHERE id = ANY(%s) "
                           "FOR KEY SHARE", [ids])
            found = {row[0] for row in cursor.fetchall()}
    else:
        found_indicator = Indicator.objects.filter(pk=indicator.pk).exists()
        found = set()
        for first in range(0, len(ids), 900):
            found.update(Area.objects.filter(pk__in=ids[first:first + 900])
                         .values_list("pk", flat=True))
    missing = [i for i in ids if i not in found]
    if not found_indicator or missing:
        raise IntegrityError(
            f"observationer henviser til noget, der ikke findes: indikator {indicator.pk}"
            if not found_indicator else
            f"observationer henviser til områder, der ikke findes: "
            f"{', '.join(map(str, missing[:10]))}")


def _period_starts(rows: list[Triple]) -> dict[str, date]:
    """The first day of every distinct period (a few hundred at most, never one per row)."""
    return {p: parse_period(p).start for p in {row[1] for row in rows}}


OBSERVATION_COLUMNS = ("indicator_id", "area_id", "period", "period_start", "value", "source",
                       "retrieved_at")
# Secondary indexes SQLite rebuilds faster than it maintains row by row. The unique constraint
# (the upsert's guard) is never among them: SQLite cannot drop it, and it must keep checking.
DROP_INDEXES_FROM = 50_000


def _store_sqlite(indicator: Indicator, rows: list[Triple], source: str, at: datetime,
                  replace: bool, progress: Callable[[int], None] | None) -> int:
    """executemany into an unindexed TEMP table, then one INSERT … SELECT ordered by the unique
    key (indicator, area, period), so that index grows at its end instead of in a thousand
    places. A load at least half the size of the table drops the table's secondary indexes and
    creates them again afterwards, inside the same transaction: readers (WAL) keep seeing the
    committed table with its indexes, and a failure rolls the DDL back with the rows."""
    meta = Observation._meta
    table = connection.ops.quote_name(meta.db_table)
    at_db = meta.get_field("retrieved_at").get_db_prep_save(at, connection)
    start_field = meta.get_field("period_start")
    starts = {p: start_field.get_db_prep_save(d, connection)
              for p, d in _period_starts(rows).items()}
    connection.ensure_connection()
    cursor = connection.connection.cursor()  # the sqlite3 cursor itself: no per-call wrappers
    try:
        # The default 2 MB page cache thrashes once the indexes outgrow it.
        cursor.execute("PRAGMA cache_size = -262144")
        cursor.execute("PRAGMA temp.cache_size = -262144")
        cursor.execute("DROP TABLE IF EXISTS temp.kkr_stage_observation")
        cursor.execute("CREATE TEMP TABLE kkr_stage_observation (area_id INTEGER, period TEXT, "
                       "period_start TEXT, value REAL)")
        staged = 0
        for first in range(0, len(rows), BATCH_SIZE):
            batch = rows[first:first + BATCH_SIZE]
            cursor.executemany("INSERT INTO temp.kkr_stage_observation VALUES (?, ?, ?, ?)",
                               [(a, p, starts[p], v) for a, p, v in batch])
            staged += len(batch)
            if progress is not None:
                progress(staged)
        if replace:
            cursor.execute(f"DELETE FROM {table} WHERE indicator_id = ? AND (area_id, period) IN "
                           "(SELECT area_id, period FROM temp.kkr_stage_observation)",
                           (indicator.pk,))
        rebuild: list[tuple[str, str]] = []
        if len(rows) >= DROP_INDEXES_FROM:
            (present,) = cursor.execute(f"SELECT count(*) FROM {table}").fetchone()
            if len(rows) * 2 >= present:
                rebuild = cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                    "AND sql IS NOT NULL", (meta.db_table,)).fetchall()
                for name, _sql in rebuild:
                    cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(OBSERVATION_COLUMNS)}) "
            "SELECT ?, area_id, period, period_start, value, ?, ? "
            "FROM temp.kkr_stage_observation ORDER BY area_id, period",
            (indicator.pk, source, at_db))
        for _name, sql in rebuild:
            cursor.execute(sql)
        cursor.execute("DROP TABLE temp.kkr_stage_observation")
    finally:
        cursor.close()
    return len(rows)


def _store_postgresql(indicator: Indicator, rows: list[Triple], source: str, at: datetime,
                      replace: bool, progress: Callable[[int], None] | None) -> int:
    """COPY … FROM STDIN with the text written here, a batch at a time: one f-string per row
    instead of psycopg adapting seven values. Indexes stay: dropping one would lock the table
    against readers until the commit."""
    table = connection.ops.quote_name(Observation._meta.db_table)
    starts = {p: d.isoformat() for p, d in _period_starts(rows).items()}
    rows = sorted(rows, key=itemgetter(0, 1))  # by the unique key: its index then fills in order
    head = f"{indicator.pk}\t"
    tail = f"\t{source}\t{at.isoformat()}\n"
    null = "\\N"
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own cursor, for copy()
        if replace:
            cursor.execute(
                f"DELETE FROM {table} WHERE indicator_id = %s AND (area_id, period) IN "
                "(SELECT * FROM unnest(%s::bigint[], %s::text[]))",
                (indicator.pk, [a for a, _p, _v in rows], [p for _a, p, _v in rows]))
        stored = 0
        with cursor.copy(f"COPY {table} ({', '.join(OBSERVATION_COLUMNS)}) FROM STDIN") as copy:
            for first in range(0, len(rows), BATCH_SIZE):
                batch = rows[first:first + BATCH_SIZE]
                copy.write("".join([
                    f"{head}{a}\t{p}\t{starts[p]}\t{null if v is None else v}{tail}"
                    for a, p, v in batch]))
                stored += len(batch)
                if progress is not None:
                    progress(stored)
    return stored


# --- computed figures -------------------------------------------------------------------------

def recompute(indicator: Indicator, index: AreaIndex | None = None,
              _seen: set[int] | None = None) -> None:
    """Recompute what is derived from this indicator: its council sums (if it adds up) and every
    ratio that uses it, and theirs in turn. Call inside a transaction."""
    seen = _seen if _seen is not None else set()
    if indicator.pk in seen:
        return
    seen.add(indicator.pk)
    index = index or ensure_areas()
    if indicator.kind == Indicator.Kind.DERIVED:
        _recompute_ratio(indicator)
    elif indicator.additive:
        _recompute_council_sums(indicator, index)
    uses = Q(numerator=indicator) | Q(denominator=indicator)
    for dependent in Indicator.objects.filter(uses, kind=Indicator.Kind.DERIVED):
        recompute(dependent, index, seen)


def _recompute_council_sums(indicator: Indicator, index: AreaIndex) -> None:
    by_period: dict[str, dict[int, float | None]] = defaultdict(dict)
    for area_id, period, value in (indicator.observations.filter(
            area__kind=Area.Kind.MUNICIPALITY).values_list("area_id", "period", "value")):
        by_period[period][area_id] = value
    triples: list[Triple] = []
    for period, values in by_period.items():
        keyed = {str(k): v for k, v in values.items()}
        for council_id, (_area, members) in index.councils.items():
            triples.append((council_id, period,
                            calc.council_sum(keyed, [str(m) for m in members])))
    store_observations(indicator, triples, Observation.Source.COMPUTED, replace_source=True)


def _recompute_ratio(indicator: Indicator) -> None:
    indicator.observations.all().delete()
    if indicator.numerator_id is None or indicator.denominator_id is None:
        return
    numerator = Observation.objects.filter(indicator_id=indicator.numerator_id)
    denominator: dict[tuple[int, str], float | None] = {
        (a, p): v for a, p, v in Observation.objects.filter(
            indicator_id=indicator.denominator_id).values_list("area_id", "period", "value")}
    periods_by_area: dict[int, set[str]] = defaultdict(set)
    for a, p in denominator:
        periods_by_area[a].add(p)
    triples: list[Triple] = []
    for area_id, period, value in numerator.values_list("area_id", "period", "value"):
        matched = calc.denominator_period(period, periods_by_area.get(area_id, ()))
        below = denominator.get((area_id, matched)) if matched else None
        triples.append((area_id, period, calc.ratio(value, below, indicator.scale)))
    store_observations(indicator, triples, Observation.Source.COMPUTED, replace_source=True)


# --- fetching from StatBank -------------------------------------------------------------------

@dataclass
class FetchReport:
    indicator: Indicator
    rows: int = 0
    stored: int = 0
    missing: int = 0
    skipped_areas: set[str] = field(default_factory=set)
    periods: list[str] = field(default_factory=list)
    unchanged: bool = False

    def lines(self) -> list[str]:
        span = f" ({self.periods[0]}–{self.periods[-1]})" if self.periods else ""
        if self.unchanged:
            out = [f"{self.indicator.slug}: uændret; de {self.stored} observationer{span} er "
                   "de samme som sidst, intet er gemt"]
        else:
            out = [f"{self.indicator.slug}: {self.stored} observationer gemt{span}, "
                   f"heraf {self.missing} uden tal (\"..\")"]
        if self.skipped_areas:
            out.append(f"  {len(self.skipped_areas)} områder uden for systemet sprunget over "
                       f"(fx {', '.join(sorted(self.skipped_areas)[:5])})")
        return out


def fetch_summary(report: FetchReport) -> str:
    """The fetch's result as a sentence for the job's page (no slugs or commands)."""
    span = (f" for {report.periods[0]}–{report.periods[-1]}" if len(report.periods) > 1 else
            f" for {report.periods[0]}" if report.periods else "")
    if report.unchanged:
        return (f"Tallene er de samme som ved sidste hentning ({report.stored} tal{span}); "
                "intet er ændret.")
    missing = f", heraf {report.missing} uden tal" if report.missing else ""
    return f"{report.stored} tal er hentet og gemt{span}{missing}."


def statbank_request(indicator: Indicator) -> dict[str, list[str]]:
    """The variables to ask for: the definition's selection with the area and time variables
    on all values unless it names them. Any other variable names one code, or several codes
    (or a group such as "5.28.*") whose figures are added up per area and period; never "*",
    which would mix totals and parts."""
    if indicator.kind != Indicator.Kind.STATBANK or not indicator.statbank_table:
        raise IndicatorError(f"{indicator.slug} hentes ikke fra Statistikbanken")
    # By variable name: PostgreSQL's jsonb keeps no key order, and requests and messages should
    # read the same on every database.
    selection = {str(k): [str(v) for v in (vs if isinstance(vs, list) else [vs])]
                 for k, vs in sorted((indicator.statbank_selection or {}).items())}
    keys = {k.upper() for k in selection}
    if indicator.area_variable.upper() not in keys:
        selection[indicator.area_variable] = ["*"]
    if indicator.time_variable.upper() not in keys:
        selection[indicator.time_variable] = ["*"]
    for name, values in selection.items():
        if name.upper() in (indicator.area_variable.upper(), indicator.time_variable.upper()):
            continue
        if not values or any(v == "*" or (v.endswith("*") and not v.endswith(".*"))
                             for v in values):
            raise IndicatorError(
                f"{indicator.slug}: variablen {name} skal have en eller flere bestemte koder "
                f"(har {', '.join(values) or 'ingen'})")
    return selection


def fetch_indicator(indicator: Indicator, client: StatBankClient, author: Author,
                    fmt: str = "CSV") -> FetchReport:
    """Fetch the indicator's table from StatBank and replace its fetched observations, all or
    nothing; then recompute its council sums and the ratios that use it. Refuses while a
    variable of the table that must not be added up is unchosen (REGK31's price units): the
    sum Statistics Denmark would return is no figure at all."""
    from kkrmonitor.indicators.reference import open_selections

    for open_selection in open_selections(indicator):
        if open_selection.unchosen:
            raise IndicatorError(
                f"{indicator.slug}: variablene {', '.join(open_selection.unchosen)} i "
                f"{indicator.statbank_table} er ikke valgt, og Statistikbanken ville lægge alle "
                "deres værdier sammen. Vælg dem i indikatorens definition, før tallene hentes.")
    # The table's own description first: a code it does not have is refused by name before
    # anything is asked for or stored (the API would otherwise answer with an error, or with
    # a silently smaller table).
    checked = check_selection(client.tableinfo(indicator.statbank_table),
                              statbank_request(indicator))
    if checked.problems:
        raise IndicatorError(f"{indicator.slug}: {'; '.join(checked.problems)}. Intet er hentet "
                             "eller gemt.")
    selection = checked.selection
    index = ensure_areas()
    report = FetchReport(indicator)
    triples: dict[tuple[int, str], float | None] = {}
    seen: set[tuple[int, str, tuple[tuple[str, str], ...]]] = set()
    for row in client.data(indicator.statbank_table, selection, fmt=fmt,
                           area_variable=indicator.area_variable,
                           time_variable=indicator.time_variable):
        report.rows += 1
        area = index.by_code.get(row.area_code)
        if area is None:
            report.skipped_areas.add(f"{row.area_code} {row.area_label}".strip())
            continue
        parse_period(row.period)  # refuses a period code it does not know
        key = (area.pk, row.period)
        if (area.pk, row.period, row.other) in seen:
            raise IndicatorError(f"{indicator.slug}: svaret har flere tal for {area.name} "
                                 f"{row.period}; vælg én værdi for hver anden variabel")
        seen.add((area.pk, row.period, row.other))
        if key in triples:
            # Several codes of one variable (a group of functions): their figures add up; one
            # missing part makes the sum unknown, never smaller.
            before_value = triples[key]
            triples[key] = (None if before_value is None or row.value is None
                            else before_value + row.value)
        else:
            triples[key] = row.value
    report.missing = sum(1 for v in triples.values() if v is None)
    report.periods = sorted({p for _a, p in triples}, key=lambda p: parse_period(p).start)
    stored_now = indicator.observations.exclude(source=Observation.Source.COMPUTED)
    if ({(a, p): v for a, p, v in stored_now.values_list("area_id", "period", "value")}
            == triples and not stored_now.filter(source=Observation.Source.UPLOAD).exists()):
        # The same figures as last time: nothing is written, so a re-run changes nothing (the
        # retrieval time stays that of the figures shown).
        report.unchanged = True
        report.stored = len(triples)
        return report
    retrieved = timezone.now()
    with transaction.atomic():
        before = indicator.observations.exclude(source=Observation.Source.COMPUTED).count()
        # A fetch replaces the whole series, uploaded figures included.
        indicator.observations.filter(source=Observation.Source.UPLOAD).delete()
        report.stored = store_observations(
            indicator, [(a, p, v) for (a, p), v in triples.items()],
            Observation.Source.STATBANK, retrieved_at=retrieved, replace_source=True)
        recompute(indicator, index)
        indicator.updated_at = retrieved
        indicator.save(update_fields=["updated_at"])
        record(author, AuditAction.INDICATOR_FETCH, indicator,
               {"observations": [before, report.stored],
                "table": [None, indicator.statbank_table]})
    return report


# --- uploads ----------------------------------------------------------------------------------

@dataclass
class ImportReport:
    indicator: Indicator
    filename: str
    stored: int
    missing: int
    periods: list[str]

    def lines(self) -> list[str]:
        span = f" ({self.periods[0]}–{self.periods[-1]})" if self.periods else ""
        return [f"{self.filename}: {self.stored} observationer gemt for {self.indicator.slug}"
                f"{span}, heraf {self.missing} uden tal"]


def validate_rows(rows: list[RawRow], index: AreaIndex) -> tuple[list[Triple], list[str]]:
    """Resolve every row; errors name the row ("Række 7: ukendt kommune 'Kbh'")."""
    errors: list[str] = []
    triples: list[Triple] = []
    first_line: dict[tuple[int, str], int] = {}
    for row in rows:
        problems = []
        area = index.resolve(row.area) if row.area else None
        if area is None:
            problems.append(f"ukendt kommune '{row.area}'" if row.area else "kommune mangler")
        try:
            period = parse_period(row.period).code
        except PeriodError:
            period = ""
            problems.append(f"ukendt periode '{row.period}'" if row.period else "periode mangler")
        try:
            value = parse_number(row.value)
        except NumberError as error:
            value = None
            problems.append(str(error))
        if not problems and area is not None:
            key = (area.pk, period)
            if key in first_line:
                problems.append(f"{area.name} {period} står også i række {first_line[key]}")
            else:
                first_line[key] = row.line
                triples.append((area.pk, period, value))
        errors.extend(f"Række {row.line}: {p}" for p in problems)
    return triples, errors


def import_observations(indicator: Indicator, data: bytes, filename: str,
                        author: Author) -> ImportReport:
    """Validate every row of an uploaded file, then store them all, or nothing at all."""
    if indicator.kind == Indicator.Kind.DERIVED:
        raise ObservationImportError([f"{indicator.name} beregnes af andre indikatorer og "
                                      "kan ikke uploades"])
    rows = read_upload(data, filename)  # UploadFormatError for a file that cannot be read
    index = ensure_areas()
    triples, errors = validate_rows(rows, index)
    if errors:
        raise ObservationImportError(errors)
    with transaction.atomic():
        stored = store_observations(indicator, triples, Observation.Source.UPLOAD)
        recompute(indicator, index)
        indicator.updated_at = timezone.now()
        indicator.save(update_fields=["updated_at"])
        periods = sorted({p for _a, p, _v in triples}, key=lambda p: parse_period(p).start)
        record(author, AuditAction.INDICATOR_IMPORT, indicator,
               {"rows": [None, stored], "file": [None, filename]})
    return ImportReport(indicator, filename, stored, sum(1 for t in triples if t[2] is None),
                        periods)


# --- definitions ------------------------------------------------------------------------------

DEFINITION_FIELDS = ["slug", "name", "unit", "description", "source", "kind", "statbank_table",
                     "statbank_selection", "area_variable", "time_variable", "numerator",
                     "denominator", "scale", "additive", "council"]


def recommendation_links(indicator: Indicator) -> list[str]:
    """The recommendations an indicator is linked to, as the audit row names them."""
    rows = (indicator.recommendations.select_related("programme__council")
            .order_by("programme__council__name", "programme__term_start", "number"))
    return [f"{r.programme.council.name} {r.programme.term}, anbefaling {r.number}"
            for r in rows]


def save_definition(author: Author, indicator: Indicator, *, created: bool,
                    recommendations: Iterable[Any] | None = None) -> Indicator:
    """Save a definition (from the editor's form), with one audit event naming every changed
    field, the owning council and the linked recommendations included; a changed ratio is
    recomputed. Who may change which indicator is the caller's check (Access.can_edit_indicator)."""
    from kkrmonitor.audit import changes_between, snapshot

    with transaction.atomic():
        stored = None if created else Indicator.objects.get(pk=indicator.pk)
        before = {} if stored is None else {**snapshot(stored, DEFINITION_FIELDS),
                                            "recommendations": recommendation_links(stored)}
        indicator.updated_at = timezone.now()
        indicator.save()
        if recommendations is not None:
            indicator.recommendations.set(recommendations)
        # The links are part of the definition: a change of them is audited like a field.
        after = {**snapshot(indicator, DEFINITION_FIELDS),
                 "recommendations": recommendation_links(indicator)}
        action = AuditAction.INDICATOR_CREATE if created else AuditAction.INDICATOR_UPDATE
        record(author, action, indicator,
               changes_between(before, after))
        if indicator.kind == Indicator.Kind.DERIVED or indicator.additive:
            recompute(indicator)
    return indicator

