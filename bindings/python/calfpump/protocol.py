"""The protocol: segments of posture and activity, and run settings; model
files."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import (Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple,
                    Union)

import numpy as np

from . import _lib
from ._handle import Handle
from ._lib import L
from .info import segment_params
from .model import Model, PathLike

#: A custom activation: ``fn(t) -> (foot, calf, thigh)``, t in s after the
#: segment start, activations clamped by the library to [0, 1].
ActivationCallable = Callable[[float], Sequence[float]]


@dataclass(frozen=True)
class Segment:
    """One segment of a protocol (a snapshot).

    ``params`` holds every segment parameter (activity, compression and
    posture settings, see :func:`calfpump.segment_params`); ``description``
    is the library's short text ("3 km/h", "" if nothing to add)."""

    posture: str
    activity: str
    duration: float
    params: Dict[str, float] = field(repr=False)
    description: str = ""


class _Activation:
    """A Python activation function as a C callback.  An exception in the
    function stops the run (the callback returns -1) and is kept to be raised
    again by the simulation."""

    def __init__(self, fn: ActivationCallable) -> None:
        self.fn = fn
        self.error: Optional[BaseException] = None
        self.cfunc = _lib.ActivationFn(self._call)

    def _call(self, t: float, a: Any, user: Any) -> int:
        try:
            foot, calf, thigh = self.fn(t)
            a[0], a[1], a[2] = float(foot), float(calf), float(thigh)
            return 0
        except BaseException as e:  # noqa: B902 -- also KeyboardInterrupt
            self.error = e
            return -1


class Protocol(Handle):
    """Segments of posture and activity run back to back, and the run settings
    (options, integrator) a model file's [run] section holds
    (``calfpump_protocol``).

    ``Protocol()`` is empty; ``Protocol.named("avp")`` is a named clinical
    protocol (see :func:`calfpump.protocols`)::

        p = calfpump.Protocol()
        p.add_segment("standing", "still", 60)
        p.add_segment("standing", "walk", 60, speed=4)
        p.set_run_option("output_interval", 0.05)

    A protocol is copied into each simulation made from it.
    """

    _kind = "protocol"
    _free = L.calfpump_protocol_free
    _errmsg = L.calfpump_protocol_errmsg

    def __init__(self) -> None:
        out = _lib.ProtocolPtr()
        _lib.check(L.calfpump_protocol_new(ctypes.byref(out)), "cannot create a protocol")
        self._adopted(out)

    def _adopted(self, ptr: Any) -> None:
        super().__init__(ptr)
        # Activation callbacks by segment: kept alive as long as the protocol
        # and every simulation made from it.
        self._activations: Dict[int, _Activation] = {}

    @classmethod
    def _adopt(cls, ptr: Any) -> "Protocol":
        self = cls.__new__(cls)
        self._adopted(ptr)
        return self

    @classmethod
    def named(cls, name: str) -> "Protocol":
        """A named clinical protocol ("avp", "apg", "cycle", "tilt", "valve";
        :func:`calfpump.protocols`)."""
        out = _lib.ProtocolPtr()
        _lib.call_errbuf(L.calfpump_protocol_create_named, f"protocol {name!r}",
                         ctypes.byref(out), _lib.cname(name, "protocol name"))
        return cls._adopt(out)

    # ----------------------------------------------------------- segments
    def add_segment(self, posture: str, activity: str, duration: float,
                    **params: float) -> int:
        """Append a segment and set its parameters; returns its index.

        ``posture``: "supine", "sitting", "standing", "tilt" or "leg_raised";
        ``activity``: "still", "walk", "tiptoe", ... (:func:`calfpump.activities`);
        ``duration`` in s; ``params``: segment parameters by name (``speed=4``,
        ``stocking=2``, ...; :func:`calfpump.segment_params`).  If the library
        rejects the segment or a parameter, the protocol is unchanged.
        """
        args = (_lib.cname(posture, "posture"), _lib.cname(activity, "activity"),
                _lib.real(duration, "duration"))
        values = [(_lib.cname(k, "segment parameter"), _lib.real(v, k), k)
                  for k, v in params.items()]
        if values:
            # A failure must leave this protocol unchanged, and the library
            # cannot remove a segment: try the segment on a scratch protocol.
            with Protocol() as scratch:
                scratch._add(args, values)
        return self._add(args, values)

    def _add(self, args: Tuple[Any, ...], values: List[Tuple[bytes, float, str]]) -> int:
        i = ctypes.c_size_t()
        with self._lock:
            self._call(L.calfpump_protocol_add_segment, "cannot add the segment",
                       *args, ctypes.byref(i))
            for cname, v, k in values:
                self._call(L.calfpump_protocol_set, f"segment parameter {k!r}",
                           i.value, cname, v)
        return i.value

    def set(self, index: int, param: str, value: float) -> None:
        """Set a parameter of segment ``index``."""
        self._call(L.calfpump_protocol_set, f"segment parameter {param!r}",
                   self._segment(index), _lib.cname(param, "segment parameter"),
                   _lib.real(value, param))

    def get(self, index: int, param: str) -> float:
        """A parameter of segment ``index``."""
        value = ctypes.c_double()
        self._call(L.calfpump_protocol_get, f"segment parameter {param!r}",
                   self._segment(index), _lib.cname(param, "segment parameter"),
                   ctypes.byref(value))
        return value.value

    def _segment(self, index: int) -> int:
        i = _lib.index(index, "segment index")
        n = len(self)
        if i >= n:
            raise IndexError(f"segment index {i} out of range: the protocol has {n} segments")
        return i

    def __len__(self) -> int:
        """The number of segments."""
        return int(self._get(L.calfpump_protocol_segment_count))

    def __getitem__(self, index: int) -> Segment:
        if isinstance(index, int) and not isinstance(index, bool) and index < 0:
            index += len(self)
        i = self._segment(index)
        buf = ctypes.create_string_buffer(256)
        with self._lock:
            p = self._handle()
            self._call(L.calfpump_protocol_segment_describe, "segment", i, buf, len(buf))
            return Segment(_lib.text(L.calfpump_protocol_segment_posture(p, i)) or "",
                           _lib.text(L.calfpump_protocol_segment_activity(p, i)) or "",
                           L.calfpump_protocol_segment_duration(p, i),
                           {k: self.get(i, k) for k in segment_params()},
                           _lib.text(buf.value) or "")

    def __iter__(self) -> Iterator[Segment]:
        return (self[i] for i in range(len(self)))

    @property
    def segments(self) -> List[Segment]:
        """All segments (snapshots)."""
        return list(self)

    @property
    def duration(self) -> float:
        """Total duration, s."""
        return float(self._get(L.calfpump_protocol_duration))

    # ---------------------------------------------------- custom segments
    def set_waveform(self, index: int, muscle: str, t: Sequence[float],
                     a: Sequence[float], periodic: bool = False) -> None:
        """Drive muscle group ``muscle`` ("foot", "calf", "thigh") of the
        "custom" segment ``index`` by samples ``a`` (in [0, 1]) at strictly
        increasing times ``t`` (s after the segment start), linearly
        interpolated; repeated with period ``t[-1] - t[0]`` if ``periodic``."""
        tt = np.ascontiguousarray(t, dtype=np.float64)
        aa = np.ascontiguousarray(a, dtype=np.float64)
        if tt.ndim != 1 or aa.shape != tt.shape:
            raise ValueError(f"t and a must be 1-D and of the same length "
                             f"(shapes {tt.shape} and {aa.shape})")
        dp = ctypes.POINTER(ctypes.c_double)
        self._call(L.calfpump_protocol_set_waveform, "waveform", self._segment(index),
                   _lib.cname(muscle, "muscle"), tt.ctypes.data_as(dp),
                   aa.ctypes.data_as(dp), tt.size, 1 if periodic else 0)

    def set_activation(self, index: int, fn: Optional[ActivationCallable]) -> None:
        """Drive the "custom" segment ``index`` by a Python function
        ``fn(t) -> (foot, calf, thigh)`` (``None`` removes it).  It is called
        from the integrator's inner loop with the GIL held, so it makes a run
        much slower than a waveform; an exception in it stops the run and is
        raised again by :meth:`Simulation.run`.  A model file cannot hold it."""
        i = self._segment(index)
        act = _Activation(fn) if fn is not None else None
        with self._lock:
            self._call(L.calfpump_protocol_set_activation_fn, "activation function", i,
                       act.cfunc if act else _lib.ActivationFn(), None)
            if act:
                self._activations[i] = act
            else:
                self._activations.pop(i, None)

    # ------------------------------------------------------ run settings
    def set_run_option(self, name: str, value: float) -> None:
        """Set a run option the protocol carries ("rtol", "output_interval", ...;
        :func:`calfpump.run_options`)."""
        self._call(L.calfpump_protocol_set_run_option, f"run option {name!r}",
                   _lib.cname(name, "run option"), _lib.real(value, name))

    def unset_run_option(self, name: str) -> None:
        """Remove a run option (not an error if it is not set)."""
        self._call(L.calfpump_protocol_unset_run_option, f"run option {name!r}",
                   _lib.cname(name, "run option"))

    def run_option(self, name: str) -> Optional[float]:
        """The run option ``name`` the protocol carries, or None if unset."""
        value = ctypes.c_double()
        with self._lock:
            st = L.calfpump_protocol_run_option(self._handle(), _lib.cname(name, "run option"),
                                                ctypes.byref(value))
            if st == -5:  # CALFPUMP_E_NOTFOUND: not set
                return None
            if st < 0:
                raise _lib.fail(st, _lib.text(L.calfpump_protocol_errmsg(self._handle())),
                                f"run option {name!r}")
        return value.value

    @property
    def run_options(self) -> Dict[str, float]:
        """The run options the protocol carries."""
        from .info import run_options
        out = {}
        for name in run_options():
            v = self.run_option(name)
            if v is not None:
                out[name] = v
        return out

    @property
    def integrator(self) -> Optional[str]:
        """The integrator the protocol's run asks for, or None; settable."""
        return _lib.text(self._get(L.calfpump_protocol_run_integrator))

    @integrator.setter
    def integrator(self, name: Optional[str]) -> None:
        self._call(L.calfpump_protocol_set_run_integrator, f"integrator {name!r}",
                   None if name is None else _lib.cname(name, "integrator"))

    def __repr__(self) -> str:
        if self.closed:
            return "<calfpump.Protocol (closed)>"
        return f"<calfpump.Protocol: {len(self)} segments, {self.duration:g} s>"


# ------------------------------------------------------------- model files

def _adopt_pair(m: Any, p: Any) -> Tuple[Model, Optional[Protocol]]:
    return Model._adopt(m), (Protocol._adopt(p) if p else None)


def load(path: PathLike) -> Tuple[Model, Optional[Protocol]]:
    """Read a model file: the model, and the protocol of its [segment] and
    [run] sections (None if it has none).  Errors (FileError for a file that
    cannot be read, InvalidError for its contents) carry the library's
    "PATH:LINE: what was wrong" message."""
    m, p = _lib.ModelPtr(), _lib.ProtocolPtr()
    _lib.call_errbuf(L.calfpump_model_load, "cannot read the model file",
                     ctypes.byref(m), ctypes.byref(p), _lib.cpath(path))
    return _adopt_pair(m, p)


def loads(text: str, name: Optional[str] = None) -> Tuple[Model, Optional[Protocol]]:
    """Like :func:`load`, from the text of a model file (``name`` stands for the
    file name in messages)."""
    m, p = _lib.ModelPtr(), _lib.ProtocolPtr()
    _lib.call_errbuf(L.calfpump_model_load_string, "cannot read the model text",
                     ctypes.byref(m), ctypes.byref(p), _lib.cname(text, "text"),
                     None if name is None else _lib.cname(name))
    return _adopt_pair(m, p)


SegmentSpec = Union[Tuple[Any, ...], Dict[str, Any]]


def protocol_from_segments(segments: Sequence[SegmentSpec]) -> Protocol:
    """A protocol from segment descriptions: tuples ``(posture, activity,
    duration)`` or ``(posture, activity, duration, {param: value})``, or dicts
    ``{"posture": ..., "activity": ..., "duration": ..., param: value}``."""
    proto = Protocol()
    try:
        for seg in segments:
            if isinstance(seg, dict):
                d = dict(seg)
                try:
                    args = (d.pop("posture"), d.pop("activity"), d.pop("duration"))
                except KeyError as e:
                    raise ValueError(f"segment {seg!r} lacks {e.args[0]!r}") from None
                proto.add_segment(*args, **d)
            elif isinstance(seg, (tuple, list)) and len(seg) in (3, 4):
                proto.add_segment(*seg[:3], **(seg[3] if len(seg) == 4 else {}))
            else:
                raise TypeError(f"a segment is a (posture, activity, duration[, params]) "
                                f"tuple or a dict, not {seg!r}")
    except BaseException:
        proto.close()
        raise
    return proto
