"""The model: a venous network and its parameters."""

from __future__ import annotations

import ctypes
import os
from typing import TYPE_CHECKING, Iterator, List, MutableMapping, NamedTuple, Optional, Union

from . import _lib
from ._handle import Handle
from ._lib import L

if TYPE_CHECKING:
    from .protocol import Protocol

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


class ParamInfo(NamedTuple):
    """Inclusive bounds and unit of a model parameter."""

    lower: float
    upper: float
    unit: str


class Compartment(NamedTuple):
    """A compartment of the network."""

    name: str
    region: str
    layer: str


class Connection(NamedTuple):
    """A connection carrying flow from ``source`` to ``target`` ("ra": the right
    atrium)."""

    name: str
    source: str
    target: str
    has_valve: bool


class Model(Handle, MutableMapping[str, float]):
    """A venous network with its parameters (``calfpump_model``).

    ``Model()`` is the default adult leg, healthy, 175 cm.  Parameters are
    read and set by name like a dict::

        leg = calfpump.Model()
        leg["valve.popliteal.competence"] = 0.3
        leg.apply_condition("gsv-reflux")

    Setting a value that is not finite or out of bounds raises
    :class:`~calfpump.errors.RangeError` and leaves the model unchanged; an
    unknown name raises :class:`~calfpump.errors.NotFoundError`.  Parameters
    cannot be deleted.  A model is copied into each simulation made from it,
    so changing or closing it afterwards does not affect the simulation.
    """

    _kind = "model"
    _free = L.calfpump_model_free
    _errmsg = L.calfpump_model_errmsg

    def __init__(self, *, empty: bool = False) -> None:
        """The default leg, or with ``empty=True`` a network that has only the
        right-atrium boundary "ra" (build it with :meth:`add_compartment` and
        :meth:`add_connection`)."""
        out = _lib.ModelPtr()
        ctor = L.calfpump_model_new if empty else L.calfpump_model_new_default
        _lib.check(ctor(ctypes.byref(out)), "cannot create a model")
        super().__init__(out)

    @classmethod
    def _adopt(cls, ptr: _lib.ModelPtr) -> "Model":
        self = cls.__new__(cls)
        Handle.__init__(self, ptr)
        return self

    # ------------------------------------------------------------ files
    @classmethod
    def load(cls, path: PathLike) -> "Model":
        """Read the model of a model file (its protocol, if any, is checked
        and dropped; :func:`calfpump.load` returns both)."""
        from .protocol import load
        model, protocol = load(path)
        if protocol is not None:
            protocol.close()
        return model

    @classmethod
    def from_string(cls, text: str, name: Optional[str] = None) -> "Model":
        """Read the model of a model file's text (``name`` stands for the file
        name in messages)."""
        from .protocol import loads
        model, protocol = loads(text, name)
        if protocol is not None:
            protocol.close()
        return model

    def save(self, path: PathLike, protocol: Optional["Protocol"] = None) -> None:
        """Write the model, and ``protocol`` with its run settings if given, to
        a model file that :meth:`load` reads back bit for bit."""
        cpath = _lib.cpath(path)
        with self._lock:
            if protocol is None:
                _lib.call_errbuf(L.calfpump_model_write, "cannot write the model file",
                                 self._handle(), None, cpath)
                return
            with protocol._lock:
                _lib.call_errbuf(L.calfpump_model_write, "cannot write the model file",
                                 self._handle(), protocol._handle(), cpath)

    def copy(self) -> "Model":
        """An independent deep copy."""
        out = _lib.ModelPtr()
        self._call(lambda p: L.calfpump_model_clone(ctypes.byref(out), p),
                   "cannot copy the model")
        return Model._adopt(out)

    __copy__ = copy

    def __deepcopy__(self, memo: object) -> "Model":
        return self.copy()

    # ------------------------------------------------------- parameters
    def __getitem__(self, name: str) -> float:
        value = ctypes.c_double()
        self._call(L.calfpump_model_get, f"parameter {name!r}",
                   _lib.cname(name, "parameter name"), ctypes.byref(value))
        return value.value

    def __setitem__(self, name: str, value: float) -> None:
        self._call(L.calfpump_model_set, f"parameter {name!r}",
                   _lib.cname(name, "parameter name"), _lib.real(value, name))

    def __delitem__(self, name: str) -> None:
        raise TypeError("model parameters cannot be deleted")

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in set(self.keys())

    def keys(self) -> List[str]:  # type: ignore[override]
        """The parameter names, in the library's order."""
        with self._lock:
            p = self._handle()
            n = L.calfpump_model_param_count(p)
            return [_lib.text(L.calfpump_model_param_name(p, i)) or "" for i in range(n)]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return int(self._get(L.calfpump_model_param_count))

    def param_info(self, name: str) -> ParamInfo:
        """Bounds and unit of a parameter."""
        lo, hi, unit = ctypes.c_double(), ctypes.c_double(), ctypes.c_char_p()
        self._call(L.calfpump_model_param_info, f"parameter {name!r}",
                   _lib.cname(name, "parameter name"), ctypes.byref(lo),
                   ctypes.byref(hi), ctypes.byref(unit))
        return ParamInfo(lo.value, hi.value, _lib.text(unit.value) or "")

    def apply_condition(self, condition: str) -> "Model":
        """Apply a condition preset ("healthy", "gsv-reflux", ...; see
        :func:`calfpump.conditions`).  Returns the model."""
        self._call(L.calfpump_model_apply_condition, f"condition {condition!r}",
                   _lib.cname(condition, "condition"))
        return self

    # ----------------------------------------------------------- network
    def add_compartment(self, name: str, region: str, layer: str) -> None:
        """Add a compartment; region "foot", "calf", "knee", "thigh" or "other",
        layer "superficial", "deep" or "intramuscular".  Its properties are
        parameters "comp.NAME.*"."""
        self._call(L.calfpump_model_add_compartment, f"compartment {name!r}",
                   _lib.cname(name), _lib.cname(region, "region"), _lib.cname(layer, "layer"))

    def add_connection(self, name: str, source: str, target: str, valve: bool = False) -> None:
        """Add a connection carrying flow from ``source`` to ``target`` (positive
        towards the heart; ``target`` may be "ra").  Parameters "conn.NAME.*",
        and "valve.NAME.*" if it has a valve."""
        self._call(L.calfpump_model_add_connection, f"connection {name!r}",
                   _lib.cname(name), _lib.cname(source, "source"),
                   _lib.cname(target, "target"), 1 if valve else 0)

    @property
    def compartments(self) -> List[Compartment]:
        """The compartments, in the library's order."""
        with self._lock:
            p = self._handle()
            return [Compartment(*(_lib.text(f(p, i)) or "" for f in (
                        L.calfpump_model_compartment_name, L.calfpump_model_compartment_region,
                        L.calfpump_model_compartment_layer)))
                    for i in range(L.calfpump_model_compartment_count(p))]

    @property
    def connections(self) -> List[Connection]:
        """The connections, in the library's order."""
        with self._lock:
            p = self._handle()
            return [Connection(_lib.text(L.calfpump_model_connection_name(p, i)) or "",
                               _lib.text(L.calfpump_model_connection_from(p, i)) or "",
                               _lib.text(L.calfpump_model_connection_to(p, i)) or "",
                               bool(L.calfpump_model_connection_has_valve(p, i)))
                    for i in range(L.calfpump_model_connection_count(p))]

    def __repr__(self) -> str:
        if self.closed:
            return "<calfpump.Model (closed)>"
        with self._lock:
            p = self._handle()
            return (f"<calfpump.Model: {L.calfpump_model_compartment_count(p)} compartments, "
                    f"{L.calfpump_model_connection_count(p)} connections, "
                    f"{L.calfpump_model_param_count(p)} parameters>")
