"""The simulation: one run of a model through a protocol."""

from __future__ import annotations

import ctypes
from typing import Any, Callable, Dict, List, Optional, Union

import numpy as np

from . import _lib
from ._handle import Handle
from ._lib import L
from .errors import CallbackError, NotFoundError, StateError
from .info import run_options
from .model import Model
from .protocol import Protocol
from .results import Results, Summary, SummaryRow, Trace

#: ``progress(t, t_end)``: called after each chunk of a run.
ProgressCallable = Callable[[float, float], None]
#: ``stream(t, values)``: one output row, ``values`` a new NumPy array of
#: the selected columns (by default every column, ``values[0] == t``).
RowCallable = Callable[[float, np.ndarray], None]


class _RowSink:
    """A Python row callable as a C row callback.  An exception in it stops
    the run (the callback returns -1) and is kept to be raised again."""

    def __init__(self, fn: RowCallable) -> None:
        self.fn = fn
        self.error: Optional[BaseException] = None
        self.cfunc = _lib.RowFn(self._call)

    def _call(self, user: Any, t: float, values: Any, n: int) -> int:
        try:
            self.fn(t, np.ctypeslib.as_array(values, shape=(n,)).copy())
            return 0
        except BaseException as e:  # noqa: B902 -- also KeyboardInterrupt
            self.error = e
            return -1

class Simulation(Handle):
    """One run of a model through a protocol (``calfpump_sim``).

    The model and protocol are copied: they may be changed or closed
    afterwards.  ``model`` defaults to the default leg, ``protocol`` may be a
    :class:`Protocol` or the name of a named protocol.  The protocol's run
    settings (run options, integrator: a model file's [run] section) are
    applied first if ``run_settings``; then ``integrator`` and ``options``
    (run options by name: ``rtol=1e-8, output_interval=0.05``)::

        with calfpump.Simulation(leg, "avp", integrator="rodas") as sim:
            res = sim.run()
        print(res.metrics["avp.fall"])

    The GIL is released while the library integrates (ctypes does so for every
    call), so simulations in several threads run in parallel.
    """

    _kind = "simulation"
    _free = L.calfpump_sim_free
    _errmsg = L.calfpump_sim_errmsg

    def __init__(self, model: Optional[Model] = None,
                 protocol: Union[Protocol, str] = "avp", *,
                 integrator: Optional[str] = None, run_settings: bool = True,
                 **options: float) -> None:
        own_model = model is None
        own_protocol = isinstance(protocol, str)
        m = Model() if model is None else model
        p = Protocol.named(protocol) if isinstance(protocol, str) else protocol
        if not isinstance(m, Model):
            raise TypeError(f"model must be a calfpump.Model, not {type(m).__name__}")
        if not isinstance(p, Protocol):
            raise TypeError(f"protocol must be a calfpump.Protocol or a protocol name, "
                            f"not {type(p).__name__}")
        out = _lib.SimPtr()
        try:
            with m._lock, p._lock:
                _lib.call_errbuf(L.calfpump_sim_create, "cannot create the simulation",
                                 ctypes.byref(out), m._handle(), p._handle())
                # The simulation calls the protocol's Python callbacks.
                self._activations = list(p._activations.values())
                run_integrator = p.integrator
        finally:
            if own_model:
                m.close()
            if own_protocol:
                p.close()
        super().__init__(out)
        # The library's default ("auto"), until one is chosen.
        self._integrator = _lib.text(L.calfpump_sim_integrator(out))
        try:
            if run_settings:
                self._apply_run_settings(run_integrator)
            if integrator is not None:
                self.set_integrator(integrator)
            for name, value in options.items():
                self.set_option(name, value)
        except BaseException:
            self.close()
            raise

    def _apply_run_settings(self, run_integrator: Optional[str]) -> None:
        try:
            self._call(L.calfpump_sim_apply_run_settings, "run settings")
        except NotFoundError:
            # Not a built-in integrator: the CVODE plug-in, or an unknown name.
            self.set_integrator(run_integrator or "")
            return
        if run_integrator:
            self._integrator = run_integrator

    # ---------------------------------------------------------- settings
    def set_integrator(self, name: str) -> None:
        """Choose the integrator: "auto" (default), "dopri5", "rodas", "rk4"
        (:func:`calfpump.integrators`), or "cvode" if the CVODE plug-in library
        is installed.  Only before the run starts or after :meth:`reset`."""
        cname = _lib.cname(name, "integrator")
        builtin = [_lib.text(L.calfpump_integrator_name(i))
                   for i in range(L.calfpump_integrator_count())]
        if name == "cvode" and name not in builtin:
            ops = _lib.cvode().calfpump_cvode_integrator()
            self._call(L.calfpump_sim_set_integrator_ops, "integrator 'cvode'", ops)
        else:
            self._call(L.calfpump_sim_set_integrator, f"integrator {name!r}", cname)
        self._integrator = name

    @property
    def integrator(self) -> str:
        """The integrator's name."""
        self._handle()
        return self._integrator

    def set_option(self, name: str, value: float) -> None:
        """Set a run option ("rtol", "atol", "h", "h_init", "h_min", "h_max",
        "max_steps", "output_interval"; :func:`calfpump.run_options`).  Only
        before the run starts or after :meth:`reset`."""
        self._call(L.calfpump_sim_set_option, f"option {name!r}",
                   _lib.cname(name, "option"), _lib.real(value, name))

    def get_option(self, name: str) -> float:
        """A run option's value."""
        value = ctypes.c_double()
        self._call(L.calfpump_sim_get_option, f"option {name!r}",
                   _lib.cname(name, "option"), ctypes.byref(value))
        return value.value

    @property
    def options(self) -> Dict[str, float]:
        """Every run option's value."""
        return {name: self.get_option(name) for name in run_options()}

    # --------------------------------------------------------------- run
    def run(self, progress: Optional[ProgressCallable] = None,
            chunk: Optional[float] = None, *, stream: Optional[RowCallable] = None,
            csv: Any = None, columns: Optional[List[str]] = None, every: int = 1,
            store: bool = True) -> Results:
        """Integrate the rest of the protocol and return the :class:`Results`.

        Streaming (only before the run starts or after :meth:`reset`):
        ``stream(t, values)`` is called with each output row, and ``csv``
        (a path) receives the trace as CSV while the run goes; ``columns``
        (trace column names) and ``every`` (every how many rows) choose what
        they get.  ``store=False`` keeps no rows in memory, so that memory
        does not grow with the simulated time: the metrics and the summary
        are the same (they are computed row by row), the trace is then
        empty.

        With ``progress``, the run goes in chunks of ``chunk`` seconds of
        simulated time (default: 1/100 of the protocol) and
        ``progress(t, t_end)`` is called after each (rather than from the
        library's progress callback): a chunked run also lets Ctrl-C
        interrupt between chunks (a single call into the library cannot be
        interrupted).  The numbers do not depend on the chunking.
        """
        if (stream is not None or csv is not None or columns is not None or every != 1
                or not store):
            self._set_output(stream, csv, columns, every, store)
        if progress is None and chunk is None:
            self._run_call(L.calfpump_sim_run, "the simulation failed")
        else:
            end = self.end_time
            step = chunk if chunk is not None else end / 100.0
            if not _lib.real(step, "chunk") > 0:
                raise ValueError(f"chunk must be positive, not {step!r}")
            t = self.time
            while t < end:
                self.advance(min(t + step, end))
                t = self.time
                if progress is not None:
                    progress(t, end)
        return self.results()

    def _set_output(self, stream: Optional[RowCallable], csv: Any,
                    columns: Optional[List[str]], every: int, store: bool) -> None:
        sink = _RowSink(stream) if stream is not None else None
        cols = None if columns is None else b",".join(_lib.cname(c, "column")
                                                      for c in columns)
        self._call(L.calfpump_sim_set_output_columns, "output columns", cols)
        self._call(L.calfpump_sim_set_output_every, "every",
                   _lib.index(every, "every"))
        self._call(L.calfpump_sim_set_store_trace, "store", 1 if store else 0)
        if csv is not None:
            self._call(L.calfpump_sim_stream_csv_file, "csv", _lib.cpath(csv))
        self._call(L.calfpump_sim_set_row_callback, "stream",
                   sink.cfunc if sink else ctypes.cast(None, _lib.RowFn), None)
        self._row_sink = sink  # kept alive while the simulation may call it

    def advance(self, t_end: float) -> None:
        """Integrate up to time ``t_end`` s (clamped to the protocol's end)."""
        self._run_call(L.calfpump_sim_advance, "the simulation failed",
                       _lib.real(t_end, "t_end"))

    def _run_call(self, fn: Callable[..., int], context: str, *args: Any) -> None:
        try:
            self._call(fn, context, *args)
        except CallbackError as e:
            sink = getattr(self, "_row_sink", None)
            if sink is not None and sink.error is not None:
                err, sink.error = sink.error, None
                raise err from e
            for act in self._activations:
                err, act.error = act.error, None
                if err is not None:
                    raise err from e
            raise

    def reset(self) -> None:
        """Return to t = 0 with the initial state and an empty trace."""
        self._call(L.calfpump_sim_reset, "reset")

    @property
    def time(self) -> float:
        """Simulated time so far, s."""
        return float(self._get(L.calfpump_sim_time))

    @property
    def end_time(self) -> float:
        """The protocol's end, s."""
        return float(self._get(L.calfpump_sim_end_time))

    # ------------------------------------------------------------ trace
    @property
    def columns(self) -> List[str]:
        """The trace column names ("t", "V.calf_sinuses", "P.dorsal_foot", ...);
        empty until the run has started (the library names its columns then)."""
        with self._lock:
            p = self._handle()
            names = [_lib.text(L.calfpump_sim_trace_col_name(p, j))
                     for j in range(L.calfpump_sim_trace_cols(p))]
        return [n for n in names if n is not None]

    def unit(self, name: str) -> str:
        """The unit of a trace column ("s", "mL", "mmHg", "mL/s", "1")."""
        with self._lock:
            u = L.calfpump_sim_trace_col_unit(self._handle(), self._column_index(name))
        if u is None:
            raise StateError(f"trace column {name!r} has no unit yet: the run has "
                             f"not started", None, None)
        return _lib.text(u) or ""

    def _column_index(self, name: str) -> int:
        j = ctypes.c_size_t()
        self._call(L.calfpump_sim_trace_col_index, f"trace column {name!r}",
                   _lib.cname(name, "column name"), ctypes.byref(j))
        return j.value

    def column(self, name: str) -> np.ndarray:
        """A copy of trace column ``name`` as a float64 array (one value per
        output time so far)."""
        with self._lock:
            return self._column(self._column_index(name))

    def _column(self, j: int) -> np.ndarray:
        n = L.calfpump_sim_trace_rows(self._handle())
        buf = np.empty(n, dtype=np.float64)
        written = ctypes.c_size_t()
        self._call(L.calfpump_sim_trace_column, "trace column", j,
                   buf.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), n,
                   ctypes.byref(written))
        return buf[:written.value]

    def trace(self) -> Trace:
        """A copy of the whole trace so far."""
        with self._lock:
            p = self._handle()
            cols: Dict[str, np.ndarray] = {}
            units: Dict[str, str] = {}
            for j in range(L.calfpump_sim_trace_cols(p)):
                name = _lib.text(L.calfpump_sim_trace_col_name(p, j))
                if name is None:  # the run has not started: no columns yet
                    break
                cols[name] = self._column(j)
                units[name] = _lib.text(L.calfpump_sim_trace_col_unit(p, j)) or ""
            return Trace(cols, units)

    def write_csv(self, path: Any) -> None:
        """Write the trace as CSV (a header line, then one row per output time)."""
        self._call(L.calfpump_sim_write_csv, "cannot write the CSV file", _lib.cpath(path))

    # ---------------------------------------------------------- metrics
    def metric(self, name: str) -> float:
        """A metric by name ("avp.fall", ...).  A metric the protocol does not
        define, or that the run did not reach, raises StateError saying why."""
        value = ctypes.c_double()
        self._call(L.calfpump_sim_metric, f"metric {name!r}",
                   _lib.cname(name, "metric name"), ctypes.byref(value))
        return value.value

    @property
    def metric_names(self) -> List[str]:
        """Every metric name this simulation knows."""
        with self._lock:
            p = self._handle()
            return [_lib.text(L.calfpump_sim_metric_name(p, i)) or ""
                    for i in range(L.calfpump_sim_metric_count(p))]

    def metrics(self) -> Dict[str, float]:
        """Every metric the run defines (as the CLI's ``--metrics``)."""
        return self._metrics()[0]

    def _metrics(self) -> "tuple[Dict[str, float], Dict[str, str]]":
        values: Dict[str, float] = {}
        reasons: Dict[str, str] = {}
        with self._lock:
            for name in self.metric_names:
                try:
                    values[name] = self.metric(name)
                except StateError as e:
                    reasons[name] = e.message
        return values, reasons

    def summary(self) -> Summary:
        """The clinical summary of the run so far."""
        n = ctypes.c_size_t()
        strs = [ctypes.c_char_p() for _ in range(5)]
        value = ctypes.c_double()
        rows = []
        with self._lock:
            self._call(L.calfpump_sim_summary, "summary", ctypes.byref(n))
            for i in range(n.value):
                sec, lab, txt, unit, note = (ctypes.byref(s) for s in strs)
                self._call(L.calfpump_sim_summary_row, "summary row", i, sec, lab,
                           ctypes.byref(value), txt, unit, note)
                s = [_lib.text(x.value) or "" for x in strs]
                rows.append(SummaryRow(s[0], s[1], value.value, s[2], s[3], s[4]))
        return Summary(rows)

    def flagged_valves(self) -> List[str]:
        """The valves whose longest reverse flow so far exceeds their clinical
        cut-off (metric "reflux.VALVE.flag"), in the library's order."""
        count = ctypes.c_size_t()
        size = 1024
        with self._lock:
            while True:
                buf = ctypes.create_string_buffer(size)
                self._call(L.calfpump_sim_flagged_valves, "flagged valves", buf, size,
                           ctypes.byref(count))
                # Names have at most 63 characters: with ", " between them,
                # a buffer this long cannot have been truncated.
                enough = count.value * 65 + 1
                if size >= enough:
                    return [n for n in (_lib.text(buf.value) or "").split(", ") if n]
                size = enough

    def results(self) -> Results:
        """A snapshot of the run so far: trace, metrics, summary."""
        with self._lock:
            metrics, reasons = self._metrics()
            try:
                flagged: Optional[List[str]] = self.flagged_valves()
            except StateError:  # fewer than two rows recorded
                flagged = None
            return Results(self.trace(), metrics, reasons, self.summary(), self.integrator,
                           self.options, self.time, self.end_time, flagged)

    def __repr__(self) -> str:
        if self.closed:
            return "<calfpump.Simulation (closed)>"
        return (f"<calfpump.Simulation: {self._integrator}, t = {self.time:g} of "
                f"{self.end_time:g} s>")
