"""Reading delimited text files with line numbers and one clear error per malformed file.

Every loader of text tables (Eurostat TSV and SDMX-CSV, the documented CSV template, wide extracts) reads
through here, so they all say the same thing about the same fault: an empty file, bytes that are not UTF-8,
a wrong delimiter, a truncated line. Each row keeps ``_line``, its line number in the source file, so that
later validation can point at the offending line.

Line numbers assume one record per physical line (no line breaks inside quoted fields), which holds for
every statistical file we know of.
"""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

import pandas as pd

from clusterobs.errors import FileFormatError

#: Column holding the 1-based line number of a row in its source file.
LINE = "_line"

_DELIMITERS = (",", ";", "\t", "|")
_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def delimiter_name(sep: str) -> str:
    return _NAMES.get(sep, repr(sep))


def _open_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":  # gzip magic, whatever the file is called
        try:
            return gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise FileFormatError(f"gzip data is corrupt or truncated: {exc}", path=path, line=None,
                                  hint="download the file again") from exc
    return raw


def read_text(path: str | Path) -> str:
    """The file's text, decoded strictly as UTF-8 (a BOM is dropped; .gz is decompressed).

    Refuses an empty file and names the first line holding bytes that are not UTF-8.
    """
    p = Path(path)
    raw = _open_bytes(p)
    if not raw.strip():
        raise FileFormatError("file is empty (no header line)", path=p, line=1,
                              hint="check that the download or export finished; a table needs a header line")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        bad = raw[exc.start:exc.start + 1].hex()
        raise FileFormatError(
            f"byte 0x{bad} is not valid UTF-8 (the file is probably Latin-1 or Windows-1252)",
            path=p, line=line,
            hint="re-save the file as UTF-8, e.g. iconv -f latin1 -t utf-8 in.csv > out.csv",
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def header_line(text: str) -> str:
    return text.split("\n", 1)[0]


def sniff_delimiter(header: str, path: str | Path, *, expect: tuple[str, ...] = ()) -> str:
    """The delimiter that splits the header into the most fields (comma, semicolon, tab or pipe).

    ``expect`` names columns that must appear; when no delimiter yields them the error shows the header.
    """
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    if counts[best] == 0 and len(expect) != 1:
        raise FileFormatError(
            f"cannot find the delimiter in the header {header[:80]!r}",
            path=path, line=1, hint="separate columns by comma, semicolon, tab or pipe",
        )
    if expect:
        cols = {c.strip().strip('"').lower() for c in header.split(best)}
        missing = [c for c in expect if c.lower() not in cols]
        if missing:
            raise FileFormatError(
                f"header {header[:80]!r} lacks column(s) {', '.join(missing)}",
                path=path, line=1, field=missing[0],
                hint="the delimiter may be wrong or the header misspelled; see docs/data-template.md",
            )
    return best


def read_delimited(text: str, path: str | Path, sep: str) -> pd.DataFrame:
    """Parse ``text`` (header on line 1) into string columns plus ``_line``; blank lines are skipped.

    A line with fewer or more fields than the header is a :class:`FileFormatError` naming that line.
    """
    lines = pd.Series(text.split("\n"), dtype=object)
    ncols = lines.iloc[0].count(sep) + 1
    body = lines.iloc[1:]
    counts = body.str.count(re.escape(sep)) + 1
    blank = body.str.strip() == ""
    quoted = body.str.contains('"', regex=False)
    wrong = body[(counts != ncols) & ~blank & ~quoted]
    if not wrong.empty:
        first = int(wrong.index[0])
        got = int(counts.loc[first])
        more = len(wrong) - 1
        what = "is truncated" if got < ncols else "has extra fields"
        raise FileFormatError(
            f"line {what}: {got} {delimiter_name(sep)}-separated field(s), the header has {ncols}"
            + (f" (and {more} more such line(s))" if more else ""),
            path=path, line=first + 1,
            hint="complete or remove the line; an unquoted delimiter inside a value also causes this",
        )
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            skip_blank_lines=False, quotechar='"')
    except pd.errors.ParserError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise FileFormatError(f"cannot parse the table: {exc}", path=path,
                              line=int(m.group(1)) if m else None,
                              hint="check quoting and the number of fields on that line") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    frame[LINE] = range(2, len(frame) + 2)
    keep = ~blank.to_numpy()[: len(frame)]
    return frame.loc[keep].reset_index(drop=True)
