"""The other columns of an upload, typed: numeric properties (candidate targets) and labels.

A column is numeric when most of its non-missing values are numbers; the
few that are not become NaN, and the report says which rows. Typing happens
once, in the same stage that splits the file (a worker process for an
upload), and is stored compactly: a float and a status byte per value, and
the text only for columns that hold text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from chemviz.molecules.files import Record

if TYPE_CHECKING:
    import pandas

MISSING_TEXT = {"", "na", "n/a", "nan", "none", "null", "-", "?"}

# Status of one value: a number, a recognised missing marker, or text.
NUMBER, MISSING, TEXT = 0, 1, 2


def to_float(text: str, decimal_comma: bool) -> float | None:
    """A number from text, NaN for a recognised missing marker, None if not numeric."""
    t = text.strip()
    if t.lower() in MISSING_TEXT:
        return float("nan")
    if decimal_comma:
        t = t.replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


@dataclass
class Columns:
    """Typed extra columns, one row per record (see :func:`type_columns`).

    Attributes
    ----------
    names : list of str
    values : dict of str to numpy.ndarray
        Float values, NaN where missing or not a number, shape (n_records,).
    status : dict of str to numpy.ndarray
        ``NUMBER``, ``MISSING`` or ``TEXT`` per value (int8).
    text : dict of str to list of str
        The stripped text, only for columns with at least one ``TEXT`` value.
    """

    names: list[str] = field(default_factory=list)
    values: dict[str, np.ndarray] = field(default_factory=dict)
    status: dict[str, np.ndarray] = field(default_factory=dict)
    text: dict[str, list[str]] = field(default_factory=dict)

    def take(
        self, kept: list[int], rows: list[int], notes: list[str]
    ) -> tuple[pandas.DataFrame, pandas.DataFrame | None]:
        """Numeric properties and text labels of the records at positions ``kept``.

        Parameters
        ----------
        kept : list of int
            Positions (into the typed records) of the records that became molecules.
        rows : list of int
            Their rows in the file, for the notes.
        notes : list of str
            Appended to: one line per column with non-numeric or missing values.

        Returns
        -------
        properties : pandas.DataFrame, shape (len(kept), n_numeric)
        labels : pandas.DataFrame or None
        """
        import pandas as pd  # here, not at the top: worker processes never call this

        index = pd.RangeIndex(len(kept))
        numeric, labels = {}, {}
        row_array = np.asarray(rows, dtype=int)
        for name in self.names:
            status = self.status[name][kept]
            present = status != MISSING
            n_present = int(present.sum())
            if n_present and (status == NUMBER).sum() >= 0.5 * n_present:
                bad, missing = row_array[status == TEXT], row_array[status == MISSING]
                if len(bad):
                    notes.append(
                        f"Column '{name}': {len(bad)} non-numeric value(s) set to missing "
                        f"(rows {_row_list(bad)})."
                    )
                if len(missing):
                    notes.append(
                        f"Column '{name}': {len(missing)} missing value(s) "
                        f"(rows {_row_list(missing)})."
                    )
                numeric[name] = self.values[name][kept]
            elif n_present:
                labels[name] = [self.text[name][k] for k in kept]
        label_frame = pd.DataFrame(labels, index=index) if labels else None
        return pd.DataFrame(numeric, index=index, dtype=float), label_frame


def type_columns(records: list[Record], names: list[str], decimal_comma: bool) -> Columns:
    """Read every extra field as a number, a missing marker or text.

    Parameters
    ----------
    records : list of Record
    names : list of str
        The columns (or SDF tags) besides the SMILES and the name.
    decimal_comma : bool
        Read ``1,5`` as 1.5 (tables delimited by ``;`` or tabs, as European
        spreadsheets write them).
    """
    out = Columns(names=list(names))
    for name in names:
        parsed = [to_float(r.fields.get(name, ""), decimal_comma) for r in records]
        status = np.array(
            [TEXT if v is None else MISSING if np.isnan(v) else NUMBER for v in parsed],
            dtype=np.int8,
        )
        out.values[name] = np.array([np.nan if v is None else v for v in parsed], dtype=float)
        out.status[name] = status
        if (status == TEXT).any():
            out.text[name] = [r.fields.get(name, "").strip() for r in records]
    return out


def _row_list(rows, limit: int = 10) -> str:
    shown = ", ".join(map(str, rows[:limit]))
    return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")
