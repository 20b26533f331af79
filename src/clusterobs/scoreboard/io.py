"""File edges of the scoreboard: the packaged methodology files in, CSV and XLSX tables out.

Everything else in ``clusterobs.scoreboard`` takes and returns tables; only this module touches files.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from clusterobs.errors import FileFormatError
from clusterobs.scoreboard.dashboard import PolicyActions, policy_actions_from_dict
from clusterobs.scoreboard.framework import Framework, framework_from_dict
from clusterobs.scoreboard.peers import PeerBlocks, peer_blocks_from_dict
from clusterobs.scoreboard.survey import ANSWER_COLUMNS

DATA_PACKAGE = "clusterobs.scoreboard"


def read_yaml(path: str | Path | None, default_name: str) -> tuple[Mapping[str, object], str]:
    """Parse a YAML mapping from ``path``, or the packaged ``data/<default_name>`` when ``path`` is None."""
    if path is None:
        res = resources.files(DATA_PACKAGE).joinpath("data", default_name)
        text, origin = res.read_text(encoding="utf-8"), f"clusterobs/scoreboard/data/{default_name}"
    else:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as exc:
            raise FileFormatError(f"cannot read: {exc}", path=p) from exc
        origin = str(p)
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise FileFormatError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}",
            path=origin,
            line=(mark.line + 1) if mark is not None else None,
        ) from exc
    if not isinstance(doc, Mapping):
        raise FileFormatError("the top level must be a mapping", path=origin)
    return doc, origin


def load_framework(path: str | Path | None = None) -> Framework:
    """The packaged RES framework (or a framework YAML of the same shape), validated."""
    doc, origin = read_yaml(path, "framework.yaml")
    return framework_from_dict(doc, origin=origin)


def load_policy_actions(path: str | Path | None = None, framework: Framework | None = None) -> PolicyActions:
    """The packaged policy action map (checked against ``framework`` when given)."""
    doc, origin = read_yaml(path, "policy_actions.yaml")
    return policy_actions_from_dict(doc, framework, origin=origin)


def load_peer_blocks(path: str | Path | None = None) -> PeerBlocks:
    """The packaged structural variable → block mapping for peer regions."""
    doc, origin = read_yaml(path, "peer_blocks.yaml")
    return peer_blocks_from_dict(doc, origin=origin)


def read_survey_csv(path: str | Path) -> pd.DataFrame:
    """Survey answers from a CSV with columns respondent, role, region, question, answer (as text)."""
    p = Path(path)
    try:
        df = pd.read_csv(p, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise FileFormatError(f"cannot read survey answers: {exc}", path=p) from exc
    missing = [c for c in ANSWER_COLUMNS if c not in df.columns]
    if missing:
        raise FileFormatError(
            "missing columns: " + ", ".join(missing), path=p, line=1,
            hint="expected a header with: " + ", ".join(ANSWER_COLUMNS),
        )
    return df


def write_csv(table: pd.DataFrame, path: str | Path, *, decimals: int = 6) -> Path:
    """Write a table with fixed rounding, so that the file is byte-stable across runs."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    table.round(decimals).to_csv(p, index=False, lineterminator="\n", float_format=f"%.{decimals}f")
    return p


#: Cell fills of the peer status colours in XLSX (traffic-light tints readable in print).
XLSX_FILLS: dict[str, str] = {"green": "63BE7B", "orange": "FFC000", "red": "F8696B", "grey": "BFBFBF"}


def write_scorecard_xlsx(card: pd.DataFrame, path: str | Path, *, region: str = "", decimals: int = 3) -> Path:
    """The scorecard as an XLSX sheet: peer status cells filled with their colour, dimension rows bold."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    ws = wb.active
    if ws is None:  # pragma: no cover - openpyxl always creates one sheet
        raise FileFormatError("openpyxl created no worksheet", path=p)
    ws.title = ("Scorecard " + region).strip()[:31]
    columns = list(card.columns)
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    status_col = columns.index("peer status") + 1 if "peer status" in columns else None
    number_format = "0." + "0" * decimals if decimals > 0 else "0"
    for rec in card.itertuples(index=False):
        row = [None if isinstance(v, float) and pd.isna(v) else v for v in rec]
        ws.append(row)
        r = ws.max_row
        for c, v in enumerate(row, start=1):
            if isinstance(v, float):
                ws.cell(r, c).number_format = number_format
        if status_col is not None:
            colour = str(row[status_col - 1])
            if colour in XLSX_FILLS:
                ws.cell(r, status_col).fill = PatternFill("solid", start_color=XLSX_FILLS[colour])
        if "level" in columns and row[columns.index("level")] in ("index", "dimension"):
            for c in range(1, len(columns) + 1):
                ws.cell(r, c).font = Font(bold=True)
    for c, name in enumerate(columns, start=1):
        width = max([len(str(name))] + [len(str(v)) for v in card.iloc[:, c - 1].head(200)])
        ws.column_dimensions[ws.cell(1, c).column_letter].width = min(60, width + 2)
    wb.save(p)
    return p


__all__ = [
    "DATA_PACKAGE",
    "XLSX_FILLS",
    "load_framework",
    "load_peer_blocks",
    "load_policy_actions",
    "read_survey_csv",
    "read_yaml",
    "write_csv",
    "write_scorecard_xlsx",
]
