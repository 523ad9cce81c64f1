"""What the library knows: versions, names and descriptions.

Everything here comes from the library's introspection functions, so the
binding shows the same names, bounds, units and descriptions as the
command-line program.
"""

from __future__ import annotations

import ctypes
import functools
import os
from typing import Callable, Dict, List, NamedTuple, Optional, Tuple

from . import _lib
from ._lib import L

ENV_DATA_DIR = "CALFPUMP_DATA_DIR"


class Activity(NamedTuple):
    """An activity a segment can have."""

    name: str
    description: str
    postures: str
    #: the segment parameters it reads (besides posture and compression)
    params: Tuple[str, ...]


class OptionInfo(NamedTuple):
    """Bounds, default value, unit and description of a segment parameter or a
    run option."""

    lower: float
    upper: float
    default: float
    unit: str
    description: str


class MetricInfo(NamedTuple):
    """Unit and description of a metric."""

    unit: str
    description: str


def _names(count: Callable[[], int], name: Callable[[int], Optional[bytes]]) -> List[str]:
    return [_lib.text(name(i)) or "" for i in range(count())]


def version() -> str:
    """The version of the loaded library, e.g. "0.1.0"."""
    return _lib.text(L.calfpump_version_string()) or ""


def version_info() -> Tuple[int, int, int]:
    """The version of the loaded library as (major, minor, patch)."""
    v = L.calfpump_version()
    return (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF


def abi_version() -> int:
    """The ABI version (SONAME major number) of the loaded library."""
    return int(L.calfpump_abi_version())


def library_path() -> str:
    """The file or name the library was loaded from."""
    return _lib.LIBRARY_PATH


def status_name(status: int) -> Optional[str]:
    """Symbolic name of a status code ("CALFPUMP_E_RANGE"), None if unknown."""
    return _lib.status_name(status)


def strerror(status: int) -> str:
    """Description of a status code."""
    return _lib.text(L.calfpump_strerror(status)) or ""


def conditions() -> Dict[str, str]:
    """Condition presets: name -> one-line description."""
    return {_lib.text(L.calfpump_condition_name(i)) or "":
            _lib.text(L.calfpump_condition_description(i)) or ""
            for i in range(L.calfpump_condition_count())}


def protocols() -> List[str]:
    """Names of the named protocols ("avp", "apg", ...)."""
    return _names(L.calfpump_protocol_named_count, L.calfpump_protocol_named_name)


def integrators() -> List[str]:
    """Names of the built-in integrators, and "cvode" if the CVODE plug-in
    library is installed."""
    names = _names(L.calfpump_integrator_count, L.calfpump_integrator_name)
    try:
        _lib.cvode()
        names.append("cvode")
    except LookupError:
        pass
    return names


def cvode_version() -> Optional[str]:
    """The SUNDIALS version the CVODE plug-in was built with, or None if the
    plug-in library is not installed."""
    try:
        return _lib.text(_lib.cvode().calfpump_cvode_version_string())
    except LookupError:
        return None


def postures() -> Dict[str, str]:
    """Postures: name -> one-line description."""
    return {_lib.text(L.calfpump_posture_name(i)) or "":
            _lib.text(L.calfpump_posture_description(i)) or ""
            for i in range(L.calfpump_posture_count())}


def activities() -> Dict[str, Activity]:
    """Activities: name -> :class:`Activity`."""
    params = [p.encode() for p in segment_params()]
    out = {}
    for i in range(L.calfpump_activity_count()):
        used = tuple(p.decode() for p in params
                     if _lib.check(L.calfpump_activity_uses_param(i, p), "activity") == 1)
        act = Activity(_lib.text(L.calfpump_activity_name(i)) or "",
                       _lib.text(L.calfpump_activity_description(i)) or "",
                       _lib.text(L.calfpump_activity_postures(i)) or "", used)
        out[act.name] = act
    return out


def _option_info(fn: Callable[..., int], name: str, what: str) -> OptionInfo:
    lo, hi, val = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    unit, desc = ctypes.c_char_p(), ctypes.c_char_p()
    _lib.check(fn(_lib.cname(name, what), ctypes.byref(lo), ctypes.byref(hi),
                  ctypes.byref(val), ctypes.byref(unit), ctypes.byref(desc)),
               f"no {what} named {name!r}")
    return OptionInfo(lo.value, hi.value, val.value, _lib.text(unit.value) or "",
                      _lib.text(desc.value) or "")


@functools.lru_cache(maxsize=None)
def _segment_params() -> Tuple[Tuple[str, OptionInfo], ...]:
    names = _names(L.calfpump_protocol_param_count, L.calfpump_protocol_param_name)
    return tuple((n, _option_info(L.calfpump_protocol_param_info, n, "segment parameter"))
                 for n in names)


def segment_params() -> Dict[str, OptionInfo]:
    """Segment parameters (of :meth:`Protocol.add_segment`): name ->
    :class:`OptionInfo` (bounds, value of a new segment, unit, description)."""
    return dict(_segment_params())


def run_options() -> Dict[str, OptionInfo]:
    """Run options (of :class:`Simulation` and a model file's [run] section):
    name -> :class:`OptionInfo` (bounds, default, unit, description)."""
    names = _names(L.calfpump_run_option_count, L.calfpump_run_option_name)
    return {n: _option_info(L.calfpump_run_option_info, n, "run option") for n in names}


def metric_info(name: str) -> MetricInfo:
    """Unit and description of a metric ("avp.fall",
    "reflux.popliteal.duration", ...)."""
    unit, desc = ctypes.c_char_p(), ctypes.c_char_p()
    _lib.check(L.calfpump_metric_info(_lib.cname(name, "metric name"), ctypes.byref(unit),
                                      ctypes.byref(desc)), f"no metric named {name!r}")
    return MetricInfo(_lib.text(unit.value) or "", _lib.text(desc.value) or "")


class KeyMetric(NamedTuple):
    """A key measure: what a comparison of legs shows."""

    name: str
    label: str
    #: decimals worth showing
    decimals: int


def key_metrics() -> List[KeyMetric]:
    """The key measures ("avp.fall", "apg.ef", "reflux.flagged", ...), in the
    order to show them, with a short label and the decimals worth showing."""
    out = []
    for i in range(L.calfpump_metric_key_count()):
        name, label, decimals = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_int()
        _lib.check(L.calfpump_metric_key(i, ctypes.byref(name), ctypes.byref(label),
                                         ctypes.byref(decimals)), "key metric")
        out.append(KeyMetric(_lib.text(name.value) or "", _lib.text(label.value) or "",
                             decimals.value))
    return out


def data_dir() -> str:
    """The directory of the package's data files: ``CALFPUMP_DATA_DIR`` if set
    (e.g. a source tree's data/), else the library's installed pkgdatadir."""
    return os.environ.get(ENV_DATA_DIR) or _lib.text(L.calfpump_data_dir()) or ""


def default_model_path() -> str:
    """The default leg's model file: ``default-leg.cfp`` in ``CALFPUMP_DATA_DIR``
    if set, else the library's installed path."""
    if os.environ.get(ENV_DATA_DIR):
        return os.path.join(data_dir(), "default-leg.cfp")
    return _lib.text(L.calfpump_default_model_path()) or ""
