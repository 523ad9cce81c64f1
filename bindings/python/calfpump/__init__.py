"""calfpump: Python binding of libcalfpump, a simulation of the human calf
muscle pump.

A thin layer over the installed shared library ``libcalfpump.so.0`` (through
ctypes; no compiled extension).  The common case is one call::

    import calfpump
    res = calfpump.simulate(condition="gsv-reflux")          # AVP protocol
    print(res.summary())                                     # clinical summary
    res.metrics["avp.fall"], res.trace["P.dorsal_foot"]      # floats, numpy

The classes :class:`Model`, :class:`Protocol` and :class:`Simulation` wrap the
library's handles (freed by ``close()``, ``with`` blocks, or garbage
collection); errors are :class:`CalfpumpError` subclasses carrying the
library's message.  Units: pressure mmHg, volume mL, flow mL/s, time s,
length cm.

The library is found through ``CALFPUMP_LIBRARY`` (a path), else its SONAME
through the dynamic loader; see :mod:`calfpump._lib`.
"""

from __future__ import annotations

import os
from typing import Dict, Iterable, Optional, Sequence, Union

from .errors import (AbiError, CalfpumpError, CallbackError, ClosedError, ExistsError,
                     FileError, InvalidError, LibraryError, ModelError, NoMemoryError,
                     NotFoundError, RangeError, SolverError, StateError)
from .info import (Activity, MetricInfo, OptionInfo, abi_version, activities, conditions,
                   KeyMetric, cvode_version, key_metrics,
                   data_dir, default_model_path, integrators, library_path, metric_info,
                   postures, protocols, run_options, segment_params, status_name, strerror,
                   version, version_info)
from .model import Compartment, Connection, Model, ParamInfo
from .protocol import Protocol, Segment, SegmentSpec, load, loads, protocol_from_segments
from .results import Results, Summary, SummaryRow, Trace
from .simulation import Simulation
from .study import Batch, Design, FitResult, SobolIndex, sobol_indices, sobol_plan

__version__ = "0.2.0"

__all__ = [
    "simulate", "Model", "Protocol", "Simulation", "Results", "Summary", "SummaryRow",
    "Batch", "Design", "FitResult", "SobolIndex", "sobol_plan", "sobol_indices",
    "Trace", "Segment", "Compartment", "Connection", "ParamInfo", "Activity",
    "OptionInfo", "MetricInfo", "KeyMetric", "key_metrics", "load", "loads", "version", "version_info",
    "abi_version", "cvode_version", "library_path", "conditions", "protocols", "integrators", "postures",
    "activities", "segment_params", "run_options", "metric_info", "data_dir",
    "default_model_path", "status_name", "strerror", "CalfpumpError", "NoMemoryError",
    "InvalidError", "RangeError", "NotFoundError", "ExistsError", "StateError",
    "ClosedError", "SolverError", "AbiError", "CallbackError", "FileError", "ModelError",
    "LibraryError",
]


def _model_and_file_protocol(model: Union[None, Model, str, "os.PathLike[str]"]
                             ) -> "tuple[Model, Optional[Protocol]]":
    """A model to run (a new one: the caller closes it), and the protocol of
    its model file if a path was given."""
    if model is None:
        return Model(), None
    if isinstance(model, Model):
        return model.copy(), None
    if isinstance(model, (str, os.PathLike)):
        return load(model)
    raise TypeError(f"model must be None, a calfpump.Model or a model file path, "
                    f"not {type(model).__name__}")


def simulate(model: Union[None, Model, str, "os.PathLike[str]"] = None,
             protocol: Union[None, str, Protocol] = None, *,
             condition: Union[None, str, Iterable[str]] = None,
             segments: Optional[Sequence[SegmentSpec]] = None,
             params: Optional[Dict[str, float]] = None,
             integrator: Optional[str] = None,
             **options: float) -> Results:
    """Run one simulation and return its :class:`Results`.

    Args:
        model: None for the default leg, a :class:`Model` (not changed), or
            the path of a model file (its [segment]s and [run] settings are
            used unless ``protocol`` or ``segments`` is given).
        protocol: a named protocol ("avp", "apg", "cycle", "tilt", "valve") or
            a :class:`Protocol`; default "avp" (or the model file's).
        condition: a condition preset, or several applied in order
            ("gsv-reflux"; :func:`conditions`).
        segments: instead of ``protocol``: ``(posture, activity, duration)``
            or ``(posture, activity, duration, {param: value})`` tuples or
            dicts (:func:`protocol_from_segments`).
        params: model parameters set after the presets
            (``{"valve.popliteal.competence": 0.3}``).
        integrator: "auto" (default), "dopri5", "rodas", "rk4", "cvode" (plug-in).
        **options: run options (``rtol``, ``atol``, ``h``, ``h_min``,
            ``h_max``, ``h_init``, ``max_steps``, ``output_interval``).

    Every handle made here is freed before it returns.
    """
    if protocol is not None and segments is not None:
        raise TypeError("give either protocol or segments, not both")
    conditions_ = [condition] if isinstance(condition, str) else list(condition or [])
    m, file_protocol = _model_and_file_protocol(model)
    p: Optional[Protocol] = None
    try:
        for c in conditions_:
            m.apply_condition(c)
        for name, value in (params or {}).items():
            m[name] = value
        if segments is not None:
            p = protocol_from_segments(segments)
        elif isinstance(protocol, Protocol):
            p = protocol
        elif protocol is not None or file_protocol is None:
            p = Protocol.named(protocol if protocol is not None else "avp")
        else:
            p = file_protocol
        with Simulation(m, p, integrator=integrator, **options) as sim:
            return sim.run()
    finally:
        m.close()
        for q in (p, file_protocol):
            if q is not None and q is not protocol:
                q.close()
