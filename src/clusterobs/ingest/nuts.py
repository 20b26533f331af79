"""Load the official NUTS code list and change tables into one store batch.

Layouts (as published by Eurostat and repackaged in ``shared/data/regional``):

* code list: ``nuts_id,level,country_code,name,is_extra_regio`` (one row per code of one NUTS version);
* 2016→2021 changes: ``code_2016,code_2021,level,country_code,name,change_code,change_comment`` with
  change codes 1 renamed, 2 recoded, 3 boundary change + recode, 4 … + rename, 5 discontinued, 6 new;
* 2013→2016 changes: ``code_2013,code_2016,level,country_code,name,change`` where the kind of change is
  free text ("recoded", "boundary shift", "relabelled", "discontinued; …", "new region, …").

Both change tables are mapped to the canonical kinds of :mod:`clusterobs.regions.changes`. The old
version's registry is derived from a change table's old-code column (its ``name`` column carries the
newer name where a region was renamed — a known approximation). Country is always the code's own prefix.
Every file is parsed and checked completely before anything is written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from clusterobs.errors import ClusterObsWarning, FileFormatError, ValidationError
from clusterobs.regions.changes import CHANGE_COLUMNS
from clusterobs.regions.codes import is_nuts_code, parse_code
from clusterobs.regions.registry import COLUMNS as REGION_COLUMNS
from clusterobs.store import Batch, file_checksum

CODE_COLUMNS = ("nuts_id", "level", "country_code", "name", "is_extra_regio")
CHANGES_2016_2021 = ("code_2016", "code_2021", "level", "country_code", "name", "change_code", "change_comment")
CHANGES_2013_2016 = ("code_2013", "code_2016", "level", "country_code", "name", "change")
_CHANGE_CODES = {"": "unchanged", "1": "renamed", "2": "recoded", "3": "boundary_change", "4": "boundary_change",
                 "5": "discontinued", "6": "new"}

Row = tuple[int, dict[str, str]]


def read_csv_rows(path: Path, expected: Sequence[str]) -> list[Row]:
    """Rows of a UTF-8 CSV as (line number, record), with one clear error for each way a file can be bad."""
    raw = path.read_bytes()
    if not raw.strip():
        raise FileFormatError("the file is empty", path=path, line=1,
                              hint=f"expected a header line: {','.join(expected)}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileFormatError(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", path=path, line=line,
                              hint="save the file as UTF-8 (it looks like Latin-1 or Windows-1252)") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader)]
    if header != list(expected):
        if len(header) == 1 and any(d in header[0] for d in (";", "\t", "|")):
            sep = next(d for d in (";", "\t", "|") if d in header[0])
            raise FileFormatError(f"the fields are separated by {sep!r}, not by commas", path=path, line=1,
                                  hint="save the file as comma-separated CSV")
        missing = [c for c in expected if c not in header]
        raise FileFormatError(f"unexpected header {header}" + (f" (missing {missing})" if missing else ""),
                              path=path, line=1, hint=f"expected the columns {','.join(expected)}")
    rows: list[Row] = []
    start = 2
    for rec in reader:
        line, start = start, reader.line_num + 1
        if not rec or (len(rec) == 1 and not rec[0].strip()):
            continue
        if len(rec) != len(expected):
            raise FileFormatError(f"{len(rec)} fields where {len(expected)} were expected (truncated or "
                                  "unquoted line?)", path=path, line=line,
                                  hint="each line needs " + ",".join(expected))
        rows.append((line, {k: v.strip() for k, v in zip(expected, rec, strict=True)}))
    if not rows:
        raise FileFormatError("the file has a header but no rows", path=path, line=2,
                              hint="use the complete code list")
    return rows


def _code(path: Path, line: int, field: str, value: str) -> str:
    if not is_nuts_code(value):
        raise ValidationError(f"'{value}' is not a NUTS code", path=path, line=line, field=field,
                              hint="codes look like AT, AT1, AT13, AT130")
    return value


def _level(path: Path, line: int, value: str, code: str | None) -> int:
    if value not in ("0", "1", "2", "3"):
        raise ValidationError(f"level '{value}' is not 0, 1, 2 or 3", path=path, line=line, field="level",
                              hint="NUTS levels are 0 (country) to 3")
    level = int(value)
    if code is not None and level != len(code) - 2:
        raise ValidationError(f"level {level} does not match code '{code}' (level {len(code) - 2})",
                              path=path, line=line, field="level", hint="the level is the code's length minus 2")
    return level


def read_nuts_codes(path: str | Path, version: str) -> pd.DataFrame:
    """A code list file → ``regions`` rows of ``version`` (extra-regio recognised from the code itself)."""
    p = Path(path)
    out: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    disagree: list[str] = []
    for line, r in read_csv_rows(p, CODE_COLUMNS):
        code = _code(p, line, "nuts_id", r["nuts_id"])
        if code in seen:
            raise ValidationError(f"duplicate code '{code}' (first on line {seen[code]})", path=p, line=line,
                                  field="nuts_id", hint="each code may appear once in a code list")
        seen[code] = line
        level = _level(p, line, r["level"], code)
        if r["is_extra_regio"] not in ("0", "1"):
            raise ValidationError(f"'{r['is_extra_regio']}' is not 0 or 1", path=p, line=line,
                                  field="is_extra_regio", hint="write 1 for extra-regio codes, else 0")
        parsed = parse_code(code)
        if (r["is_extra_regio"] == "1") != parsed.is_extra_regio:
            disagree.append(code)
        out.append({"code": code, "version": version, "level": level, "country": parsed.country,
                    "name": r["name"], "parent": parsed.parent, "is_extra_regio": parsed.is_extra_regio})
    if disagree:
        warnings.warn(f"{p}: is_extra_regio disagrees with the code for {', '.join(disagree[:10])}; "
                      "the code decides (only ..Z, ..ZZ, ..ZZZ are extra-regio)", ClusterObsWarning, stacklevel=2)
    return pd.DataFrame(out, columns=list(REGION_COLUMNS))


def read_nuts_changes(path: str | Path) -> pd.DataFrame:
    """A change table (2013→2016 or 2016→2021 layout, told apart by its header) → ``region_changes`` rows."""
    p = Path(path)
    header = _peek_header(p)
    is_2013 = "code_2013" in header
    layout: tuple[str, ...] = CHANGES_2013_2016 if is_2013 else CHANGES_2016_2021
    versions = ("2013", "2016") if is_2013 else ("2016", "2021")
    rows = read_csv_rows(p, layout)
    fcol, tcol = layout[0], layout[1]
    out: list[dict[str, object]] = []
    seen: dict[tuple[str, str], int] = {}
    for line, r in rows:
        f = _code(p, line, fcol, r[fcol]) if r[fcol] else None
        t = _code(p, line, tcol, r[tcol]) if r[tcol] else None
        if f is None and t is None:
            raise ValidationError("both codes are empty", path=p, line=line, field=fcol,
                                  hint="a change row names an old code, a new code or both")
        level = _level(p, line, r["level"], f or t)
        if t is not None and f is not None and len(t) != len(f):
            raise ValidationError(f"codes '{f}' and '{t}' have different levels", path=p, line=line, field=tcol)
        key = (f or "", t or "")
        if key in seen:
            raise ValidationError(f"duplicate change row {f or '-'} → {t or '-'} (first on line {seen[key]})",
                                  path=p, line=line, field=fcol, hint="each pair of codes may appear once")
        seen[key] = line
        if not is_2013:
            change, comment = _kind_2016(p, line, f, t, r["change_code"]), r["change_comment"]
        else:
            change, comment = _kind_2013(f, t, r["change"]), r["change"]
        out.append({"from_version": versions[0], "to_version": versions[1], "code_from": f, "code_to": t,
                    "level": level, "country": (f or t or "")[:2], "change": change, "comment": comment,
                    "src_name": r["name"]})
    return pd.DataFrame(out, columns=[*CHANGE_COLUMNS, "src_name"])


def _peek_header(p: Path) -> list[str]:
    try:
        first = p.read_bytes().split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    except OSError as exc:
        raise FileFormatError(f"cannot read the file: {exc}", path=p) from exc
    return [h.strip() for h in first.strip().split(",")]


def _kind_2016(p: Path, line: int, f: str | None, t: str | None, code: str) -> str:
    if code not in _CHANGE_CODES:
        raise ValidationError(f"change_code '{code}' is not one of 1–6 or empty", path=p, line=line,
                              field="change_code", hint="1 renamed, 2 recoded, 3/4 boundary change, "
                              "5 discontinued, 6 new")
    kind = _CHANGE_CODES[code]
    ok = {
        "unchanged": f is not None and f == t, "renamed": f is not None and f == t,
        "recoded": f is not None and t is not None and f != t,
        "boundary_change": f is not None and t is not None,
        "discontinued": f is not None and t is None, "new": f is None and t is not None,
    }[kind]
    if not ok:
        raise ValidationError(f"change '{kind}' does not fit codes {f or '-'} → {t or '-'}", path=p, line=line,
                              field="change_code", hint="check the codes and the change code of this row")
    return kind


def _kind_2013(f: str | None, t: str | None, text: str) -> str:
    """Map the free-text change column of the 2013→2016 table to a canonical kind (codes decide first)."""
    low = text.lower()
    if f is None:
        return "new"
    if t is None:
        return "discontinued"
    if "boundary" in low:
        return "boundary_change"
    if f != t:
        return "recoded"
    return "renamed" if ("relabel" in low or "rename" in low or "name" in low) else "unchanged"


def regions_from_changes(changes: pd.DataFrame) -> pd.DataFrame:
    """The old version's ``regions`` rows, derived from a change table's old-code column."""
    rows = changes[changes["code_from"].notna()].drop_duplicates("code_from", keep="first")
    out: list[dict[str, object]] = []
    for r in rows.itertuples(index=False):
        parsed = parse_code(str(r.code_from))
        out.append({"code": parsed.code, "version": str(r.from_version), "level": parsed.level,
                    "country": parsed.country, "name": str(r.src_name), "parent": parsed.parent,
                    "is_extra_regio": parsed.is_extra_regio})
    return pd.DataFrame(out, columns=list(REGION_COLUMNS))


def combined_checksum(paths: Sequence[Path]) -> str:
    """One identity for a set of files read together (same files → same checksum → nothing rewritten)."""
    h = hashlib.sha256()
    for p in paths:
        h.update(file_checksum(p).encode())
    return "sha256:" + h.hexdigest()


def load_nuts(codes: str | Path, changes: Sequence[str | Path] = (), *, version: str = "2021") -> Batch:
    """Parse a code list (of ``version``) and change tables into one batch of ``regions`` and ``region_changes``."""
    code_path = Path(codes)
    change_paths = [Path(c) for c in changes]
    regions = [read_nuts_codes(code_path, version)]
    change_frames = [read_nuts_changes(p) for p in change_paths]
    for ch in change_frames:
        old = str(ch["from_version"].iloc[0])
        if old != version and old not in {str(r["version"].iloc[0]) for r in regions}:
            regions.append(regions_from_changes(ch))
    region_frame = pd.concat(regions, ignore_index=True)
    change_frame = (pd.concat(change_frames, ignore_index=True).drop(columns="src_name") if change_frames
                    else pd.DataFrame(columns=list(CHANGE_COLUMNS)))
    paths = [code_path, *change_paths]
    return Batch(dataset="nuts", kind="regions", source=", ".join(str(p) for p in paths),
                 checksum=combined_checksum(paths), tables={"regions": region_frame, "region_changes": change_frame},
                 note=f"NUTS {version} codes" + (f" and {len(change_paths)} change table(s)" if change_paths else ""))


__all__ = ["combined_checksum", "load_nuts", "read_csv_rows", "read_nuts_changes", "read_nuts_codes",
           "regions_from_changes"]
