"""Many simulations: batches of runs on the library's threads, parameter
designs (virtual cohorts), Sobol sensitivity indices and fits to measured
indices (``include/calfpump/study.h``; ``man calfpump_batch``,
``man calfpump_design``, ``man calfpump_sobol``)::

    leg = calfpump.Model()
    design = calfpump.Design(leg, {"calf_strength": "uniform(0.5, 1)",
                                   "valve.gsv_leg.competence": "uniform(0, 1)"})
    with calfpump.Batch(leg, "apg", params=design.params,
                        metrics=["apg.vfi", "apg.ef"], threads=0) as batch:
        y, status = batch.run(design.sample(1000, seed=1))

The arrays are numpy float64 arrays, one row per run.
"""

from __future__ import annotations

import ctypes
from typing import Callable, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np

from . import _lib
from ._handle import Handle
from ._lib import L
from .model import Model, PathLike
from .protocol import Protocol

_DOUBLE_P = ctypes.POINTER(ctypes.c_double)
_INT_P = ctypes.POINTER(ctypes.c_int)


def _matrix(x: object, cols: int, what: str) -> np.ndarray:
    """x as a C-contiguous float64 array of shape (rows, cols)."""
    a = np.ascontiguousarray(x, dtype=np.float64)
    if a.ndim == 1 and cols == 1:
        a = a.reshape(-1, 1)
    if a.ndim != 2 or a.shape[1] != cols:
        raise ValueError(f"{what} must have shape (rows, {cols}), not {a.shape}")
    return a


def _vector(x: object, n: int, what: str) -> np.ndarray:
    a = np.ascontiguousarray(x, dtype=np.float64).reshape(-1)
    if a.shape[0] != n:
        raise ValueError(f"{what} must have {n} values, not {a.shape[0]}")
    return a


def _ptr(a: np.ndarray) -> object:
    return a.ctypes.data_as(_DOUBLE_P)


class Design(Handle):
    """Distributions of model parameters (``calfpump_design``).

    ``dists`` maps parameter names to distributions: ``"uniform(a, b)"``,
    ``"normal(mean, sd)"``, ``"lognormal(mu, sigma)"``, ``"fixed(v)"``, each
    optionally truncated, ``"normal(0.8, 0.2) in [0, 1]"``.  A distribution
    must stay within its parameter's range.  Samples depend only on the seed
    and the sample's index.
    """

    _kind = "design"
    _free = L.calfpump_design_free
    _errmsg = L.calfpump_design_errmsg

    def __init__(self, model: Optional[Model] = None,
                 dists: Optional[Mapping[str, str]] = None) -> None:
        m = Model() if model is None else model
        if not isinstance(m, Model):
            raise TypeError(f"model must be a calfpump.Model, not {type(m).__name__}")
        out = _lib.DesignPtr()
        try:
            with m._lock:
                _lib.call_errbuf(L.calfpump_design_create, "cannot create the design",
                                 ctypes.byref(out), m._handle())
        finally:
            if model is None:
                m.close()
        super().__init__(out)
        for name, dist in (dists or {}).items():
            self.add(name, dist)

    def add(self, param: str, dist: str) -> None:
        """Give ``param`` the distribution ``dist``."""
        self._call(L.calfpump_design_add, f"design: {param}",
                   _lib.cname(param, "parameter"), _lib.cname(dist, "distribution"))

    def parse(self, text: str, source: Optional[str] = None) -> None:
        """Add the ``PARAM DIST`` lines of ``text`` (all or none)."""
        self._call(L.calfpump_design_parse, "design", _lib.cname(text, "text"),
                   None if source is None else _lib.cname(source, "source"))

    def load(self, path: PathLike) -> None:
        """Add the lines of a design file (at most 1 MiB)."""
        self._call(L.calfpump_design_load, "design", _lib.cpath(path))

    @property
    def params(self) -> List[str]:
        """The parameters, in the order they were added."""
        n = self._get(L.calfpump_design_count)
        return [_lib.text(self._get(L.calfpump_design_param_name, j)) or "" for j in range(n)]

    @property
    def dists(self) -> Dict[str, str]:
        """parameter -> its distribution, as text."""
        return {p: _lib.text(self._get(L.calfpump_design_param_dist, j)) or ""
                for j, p in enumerate(self.params)}

    def sample(self, n: int, seed: int = 0, first: int = 0) -> np.ndarray:
        """Samples ``first`` to ``first + n - 1`` of stream ``seed``: shape (n, k)."""
        k = len(self.params)
        x = np.empty((n, k), dtype=np.float64)
        self._call(L.calfpump_design_sample, "design sample", seed, first, n, _ptr(x))
        return x

    def map(self, u: object) -> np.ndarray:
        """Numbers in (0, 1), shape (rows, k), through each quantile function."""
        k = len(self.params)
        a = _matrix(u, k, "u")
        x = np.empty_like(a)
        self._call(L.calfpump_design_map, "design map", a.shape[0], _ptr(a), _ptr(x))
        return x


class FitResult(NamedTuple):
    """The result of :meth:`Batch.fit`."""

    x: np.ndarray           #: the fitted values
    sd: np.ndarray          #: their standard deviations (inf: not identified)
    residual: np.ndarray    #: weighted residuals (metric - target) / sigma
    identified: np.ndarray  #: bool per parameter
    cost: float             #: half the sum of squared weighted residuals
    converged: bool         #: False when the iteration limit was reached
    message: str            #: the batch's message (names unidentified parameters)


class Batch(Handle):
    """One model through one protocol, once per row of a parameter matrix
    (``calfpump_batch``), on ``threads`` threads (0: one per processor).
    Results are the same, bit for bit, for any number of threads.  Custom
    segments with Python activations are called from the batch's threads
    (one at a time: the GIL).
    """

    _kind = "batch"
    _free = L.calfpump_batch_free
    _errmsg = L.calfpump_batch_errmsg

    def __init__(self, model: Optional[Model] = None, protocol: Union[Protocol, str] = "avp",
                 *, params: Sequence[str] = (), metrics: Sequence[str] = (),
                 threads: int = 1) -> None:
        m = Model() if model is None else model
        p = Protocol.named(protocol) if isinstance(protocol, str) else protocol
        if not isinstance(m, Model) or not isinstance(p, Protocol):
            raise TypeError("model must be a calfpump.Model and protocol a calfpump.Protocol "
                            "or a protocol name")
        out = _lib.BatchPtr()
        try:
            with m._lock, p._lock:
                _lib.call_errbuf(L.calfpump_batch_create, "cannot create the batch",
                                 ctypes.byref(out), m._handle(), p._handle())
                self._activations = list(p._activations.values())
        finally:
            if model is None:
                m.close()
            if isinstance(protocol, str):
                p.close()
        super().__init__(out)
        try:
            self.params = list(params)
            if metrics:
                self.metrics = list(metrics)
            self.threads = threads
        except BaseException:
            self.close()
            raise

    @staticmethod
    def _list(names: Sequence[str], what: str) -> bytes:
        if isinstance(names, str):
            names = [names]
        return _lib.cname(",".join(names), what)

    @property
    def params(self) -> List[str]:
        """The parameters each run sets: the columns of ``x``."""
        n = self._get(L.calfpump_batch_param_count)
        return [_lib.text(self._get(L.calfpump_batch_param_name, j)) or "" for j in range(n)]

    @params.setter
    def params(self, names: Sequence[str]) -> None:
        self._call(L.calfpump_batch_set_params, "batch params", self._list(names, "params"))

    @property
    def metrics(self) -> List[str]:
        """The metrics each run reports: the columns of ``y``."""
        n = self._get(L.calfpump_batch_metric_count)
        return [_lib.text(self._get(L.calfpump_batch_metric_name, j)) or "" for j in range(n)]

    @metrics.setter
    def metrics(self, names: Sequence[str]) -> None:
        self._call(L.calfpump_batch_set_metrics, "batch metrics", self._list(names, "metrics"))

    @property
    def threads(self) -> int:
        """Threads the next run uses (1 in a library built without threads)."""
        return int(self._get(L.calfpump_batch_threads))

    @threads.setter
    def threads(self, n: int) -> None:
        if not isinstance(n, int) or n < 0:
            raise ValueError(f"threads must be an int >= 0, not {n!r}")
        self._call(L.calfpump_batch_set_threads, "batch threads", n)

    def run(self, x: object = None, n: Optional[int] = None, *, chunk: int = 0,
            progress: Optional[Callable[[int, int], object]] = None
            ) -> Tuple[np.ndarray, np.ndarray]:
        """Run once per row of ``x`` (shape (n, len(params))), or ``n`` times
        without parameters.  Returns ``(y, status)``: the metrics, shape
        (n, len(metrics)), NaN where a run failed, and each run's status
        (0: ok; see :meth:`errors`).  With ``chunk`` > 0 the rows go to the
        library ``chunk`` at a time, and ``progress(done, total)`` is called
        after each chunk (Ctrl-C stops between chunks)."""
        np_ = len(self.params)
        if x is None:
            if np_:
                raise ValueError("x is required: the batch has parameters")
            rows = int(n or 0)
            xa = np.empty((rows, 0), dtype=np.float64)
        else:
            xa = _matrix(x, np_, "x")
            rows = xa.shape[0]
        y = np.empty((rows, len(self.metrics)), dtype=np.float64)
        status = np.zeros(rows, dtype=np.intc)
        step = chunk if chunk > 0 else max(rows, 1)
        failed = []
        for a in range(0, rows, step):
            b = min(rows, a + step)
            self._call(L.calfpump_batch_run, "batch run", b - a,
                       xa[a:b].ctypes.data_as(_DOUBLE_P) if np_ else None,
                       y[a:b].ctypes.data_as(_DOUBLE_P),
                       status[a:b].ctypes.data_as(_INT_P))
            if self._get(L.calfpump_batch_failed):
                failed += [(a + i, self._run_message(i)) for i in np.nonzero(status[a:b])[0]]
            if progress is not None:
                progress(b, rows)
        self._failed = failed
        return y, status

    def _run_message(self, i: int) -> str:
        return _lib.text(self._get(L.calfpump_batch_run_errmsg, int(i))) or ""

    def errors(self) -> Dict[int, str]:
        """run index -> message, for the runs of the last :meth:`run` that failed."""
        return dict(getattr(self, "_failed", []))

    def fit(self, target: Sequence[float], sigma: Sequence[float], lower: Sequence[float],
            upper: Sequence[float], start: Optional[Sequence[float]] = None) -> FitResult:
        """Fit the batch's parameters, within [lower, upper], to measured
        values ``target`` of its metrics with uncertainties ``sigma``
        (bounded Levenberg-Marquardt, ``man calfpump_batch_fit``).  The start
        defaults to the middle of the bounds."""
        np_, nm = len(self.params), len(self.metrics)
        t, s = _vector(target, nm, "target"), _vector(sigma, nm, "sigma")
        lo, hi = _vector(lower, np_, "lower"), _vector(upper, np_, "upper")
        x = (0.5 * (lo + hi) if start is None else _vector(start, np_, "start")).copy()
        sd, r = np.empty(np_), np.empty(nm)
        ident = np.zeros(np_, dtype=np.intc)
        cost = ctypes.c_double()
        with self._lock:
            st = L.calfpump_batch_fit(self._handle(), _ptr(t), _ptr(s), _ptr(lo), _ptr(hi),
                                      _ptr(x), _ptr(sd), _ptr(r), ident.ctypes.data_as(_INT_P),
                                      ctypes.byref(cost))
            message = _lib.text(L.calfpump_batch_errmsg(self._handle())) or ""
        if st < 0 and st != _MAXSTEPS:
            raise _lib.fail(st, message, "batch fit")
        return FitResult(x, sd, r, ident.astype(bool), cost.value, st != _MAXSTEPS, message)


_MAXSTEPS = -9  # CALFPUMP_E_MAXSTEPS (the status codes are ABI)


class SobolIndex(NamedTuple):
    """First-order and total indices of one input, with confidence intervals."""

    s1: float
    s1_lo: float
    s1_hi: float
    st: float
    st_lo: float
    st_hi: float


def sobol_plan(k: int, n: int, seed: int = 0) -> np.ndarray:
    """Saltelli's plan for ``k`` inputs and base size ``n``: shape ((k + 2) n, k),
    numbers in (0, 1); rows A, then B, then AB_i for each input i."""
    u = np.empty(((k + 2) * n, k), dtype=np.float64)
    _lib.call_errbuf(L.calfpump_sobol_plan, "sobol plan", k, n, seed, _ptr(u))
    return u


def sobol_indices(y: object, k: int, n: int, *, bootstrap: int = 1000, level: float = 0.95,
                  seed: int = 0) -> Tuple[List[SobolIndex], int]:
    """The indices of each input from the outputs ``y`` on the plan (``(k + 2) n``
    values in its order; NaN rows are left out).  Returns the indices and
    the number of rows used."""
    ya = _vector(y, (k + 2) * n, "y")
    out = (_lib.SobolIndex * k)()
    used = ctypes.c_size_t()
    _lib.call_errbuf(L.calfpump_sobol_indices, "sobol indices", k, n, _ptr(ya), bootstrap,
                     level, seed, out, ctypes.byref(used))
    return [SobolIndex(o.s1, o.s1_lo, o.s1_hi, o.st, o.st_lo, o.st_hi) for o in out], used.value
