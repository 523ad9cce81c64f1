"""Results of a run: the trace as numpy arrays, the metrics, the clinical
summary.  These are plain Python data (copies), independent of the
simulation they came from."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, overload

import numpy as np


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise ImportError("to_pandas() needs pandas (Debian: apt-get install "
                          "python3-pandas)") from None
    return pandas


@dataclass(frozen=True)
class SummaryRow:
    """One row of the clinical summary.

    ``label`` is "" for a row that is only a note; ``value`` is NaN when there
    is no number (then ``text`` says why: "n/a", "not reached"); ``note`` is
    the interpretation or the reason ("" if none)."""

    section: str
    label: str
    value: float
    text: str
    unit: str
    note: str

    @property
    def is_note(self) -> bool:
        """True for a row that is only a note."""
        return not self.label


# The layout of the command-line program's summary: label column, text
# column, width of a unit before a note, indent of a note on its own lines,
# line width.
_LABEL_W = 34
_TEXT_W = 9
_UNIT_W = 5
_NOTE_INDENT = 7
_WIDTH = 78


def _wrap(text: str, indent: int) -> List[str]:
    """Words of ``text`` in lines of at most _WIDTH columns, indented."""
    pad = " " * indent
    return textwrap.wrap(" ".join(text.split()), _WIDTH, initial_indent=pad,
                         subsequent_indent=pad, break_long_words=False,
                         break_on_hyphens=False)


def _render_row(r: SummaryRow) -> List[str]:
    """"  LABEL  TEXT UNIT NOTE" (no unit for a dimensionless value or one that
    is not a number); a note that does not fit goes on the lines below."""
    line = f"  {r.label:<{_LABEL_W}} {r.text:>{_TEXT_W}}"
    unit = "" if r.unit == "1" or math.isnan(r.value) else r.unit
    unit_w = max(len(unit), _UNIT_W) if unit else 0
    if r.note and len(line) + 1 + unit_w + 1 + len(r.note) <= _WIDTH:
        return [f"{line} {unit:<{_UNIT_W}} {r.note}" if unit else f"{line} {r.note}"]
    if unit:
        line += f" {unit}"
    return [line] + (_wrap(r.note, _NOTE_INDENT) if r.note else [])


class Summary(Sequence[SummaryRow]):
    """The clinical summary rows the library computes (ambulatory venous
    pressure, air plethysmography, venous return, calf pump, reflux, solver),
    in order.  ``str()`` renders them as the command-line program does: the
    section heading (after a blank line) where the section changes, then one
    line per row, "label  text unit note" (the unit "1" of a dimensionless
    value and the unit of a missing number left out; a note that does not
    fit on the lines below), a row without a label as its note alone."""

    def __init__(self, rows: Sequence[SummaryRow]) -> None:
        self._rows: Tuple[SummaryRow, ...] = tuple(rows)

    @overload
    def __getitem__(self, i: int) -> SummaryRow: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[SummaryRow]: ...

    def __getitem__(self, i: Any) -> Any:
        return self._rows[i]

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def sections(self) -> List[str]:
        """The section headings, in order."""
        return list(dict.fromkeys(r.section for r in self._rows))

    def section(self, heading: str) -> List[SummaryRow]:
        """The rows of one section (by heading, or a prefix of it: "Reflux")."""
        return [r for r in self._rows if r.section.startswith(heading)]

    def __str__(self) -> str:
        lines: List[str] = []
        section = None
        for r in self._rows:
            if r.section != section:
                lines += [""] if lines else []
                lines.append(r.section)
                section = r.section
            lines += _wrap(r.note, 2) if r.is_note else _render_row(r)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<calfpump.Summary: {len(self)} rows, {len(self.sections)} sections>"

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame (columns section, label, value, text,
        unit, note)."""
        pd = _pandas()
        return pd.DataFrame([r.__dict__ for r in self._rows],
                            columns=["section", "label", "value", "text", "unit", "note"])


class Trace(Mapping[str, np.ndarray]):
    """The recorded trace: column name -> read-only float64 numpy array, one
    value per output time.  ``units[name]`` is the unit of a column ("s",
    "mL", "mmHg", "mL/s", "1"); ``t`` is the time column."""

    def __init__(self, columns: Dict[str, np.ndarray], units: Dict[str, str]) -> None:
        for a in columns.values():
            a.setflags(write=False)
        self._columns = columns
        self.units: Mapping[str, str] = dict(units)

    def __getitem__(self, name: str) -> np.ndarray:
        try:
            return self._columns[name]
        except KeyError:
            raise KeyError(f"no trace column {name!r}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    @property
    def t(self) -> np.ndarray:
        """Output times, s."""
        return self["t"]

    @property
    def rows(self) -> int:
        """Number of output times."""
        return len(self["t"]) if "t" in self._columns else 0

    def select(self, prefix: str) -> Dict[str, np.ndarray]:
        """The columns whose name starts with ``prefix`` ("P.", "Q.", "V.")."""
        return {k: v for k, v in self._columns.items() if k.startswith(prefix)}

    def to_pandas(self) -> Any:
        """The trace as a pandas DataFrame (one column per trace column; the
        units in ``df.attrs["units"]``)."""
        pd = _pandas()
        df = pd.DataFrame(dict(self._columns))
        df.attrs["units"] = dict(self.units)
        return df

    def __repr__(self) -> str:
        return f"<calfpump.Trace: {self.rows} rows x {len(self)} columns>"


_NO_DEFAULT = object()


class Results:
    """What a run produced (a snapshot taken by :meth:`Simulation.results`).

    Attributes:
        trace: the :class:`Trace` (numpy arrays by column name).
        metrics: every metric the run defines, name -> value.
        unavailable: metrics the run does not define or did not reach, name ->
            the library's reason.
        integrator: the integrator's name.
        options: the run options the simulation used.
        time: simulated time, s; end_time: the protocol's end, s.
        flagged_valves: the valves whose reverse flow exceeds their clinical
            cut-off (None if too little was recorded to tell).
    """

    def __init__(self, trace: Trace, metrics: Dict[str, float], unavailable: Dict[str, str],
                 summary: Summary, integrator: str, options: Dict[str, float],
                 time: float, end_time: float,
                 flagged_valves: Optional[List[str]] = None) -> None:
        self.trace = trace
        self.metrics = metrics
        self.unavailable = unavailable
        self._summary = summary
        self.integrator = integrator
        self.options = options
        self.time = time
        self.end_time = end_time
        self.flagged_valves = flagged_valves

    def summary(self) -> Summary:
        """The clinical summary; ``print(results.summary())`` shows it."""
        return self._summary

    def metric(self, name: str, default: Any = _NO_DEFAULT) -> Any:
        """A metric by name; raises KeyError with the library's reason if the
        run does not define it, unless a ``default`` is given."""
        if name in self.metrics:
            return self.metrics[name]
        if default is not _NO_DEFAULT:
            return default
        raise KeyError(self.unavailable.get(name, f"no metric {name!r}"))

    def to_pandas(self) -> Any:
        """The trace as a pandas DataFrame (:meth:`Trace.to_pandas`)."""
        return self.trace.to_pandas()

    def __str__(self) -> str:
        return str(self._summary)

    def __repr__(self) -> str:
        done = "complete" if math.isclose(self.time, self.end_time) else \
            f"to {self.time:g} of {self.end_time:g} s"
        return (f"<calfpump.Results: {self.end_time:g} s ({done}), {self.integrator}, "
                f"{self.trace.rows} rows x {len(self.trace)} columns, "
                f"{len(self.metrics)} metrics>")
