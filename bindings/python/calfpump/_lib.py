"""Loading libcalfpump and calling it through ctypes.

The library is found, in this order:

1. the environment variable ``CALFPUMP_LIBRARY`` (a path or a name the
   dynamic loader knows); if it is set nothing else is tried;
2. the SONAME ``libcalfpump.so.0`` through the dynamic loader (the system
   library path, ``LD_LIBRARY_PATH``);
3. ``ctypes.util.find_library("calfpump")``.

Its ABI version (``calfpump_abi_version()``, the SONAME major number) must
be :data:`ABI_VERSION`, and it must export every function of
``_decls.DECLARATIONS``; otherwise importing :mod:`calfpump` raises
:class:`~calfpump.errors.LibraryError` saying what was found.

ctypes releases the GIL for the duration of every call into the library
(``ctypes.CDLL``), so a simulation running in one thread does not block the
others; the library's handles are independent, and each Python object
serialises the calls on its own handle with a lock.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
import numbers
import os
import threading
from types import SimpleNamespace
from typing import Any, Callable, Dict, List, Optional, Tuple

from . import _decls
from .errors import CalfpumpError, LibraryError, error_for

#: The ABI (SONAME major number) this package was written for.
ABI_VERSION = 0
SONAME = "libcalfpump.so.0"
ENV_LIBRARY = "CALFPUMP_LIBRARY"
CVODE_SONAME = "libcalfpump_cvode.so.0"
ENV_CVODE_LIBRARY = "CALFPUMP_CVODE_LIBRARY"
#: Size of the error buffers given to the constructors (messages are truncated).
ERRBUF_SIZE = 1024

# Opaque handle types: a distinct pointer type per handle, so that ctypes
# itself rejects a model where a protocol is expected.
_OPAQUE = {name: type(name, (ctypes.Structure,), {})
           for name in ("calfpump_model", "calfpump_protocol", "calfpump_sim",
                        "calfpump_integrator_ops", "calfpump_batch", "calfpump_design")}
ModelPtr = ctypes.POINTER(_OPAQUE["calfpump_model"])
ProtocolPtr = ctypes.POINTER(_OPAQUE["calfpump_protocol"])
SimPtr = ctypes.POINTER(_OPAQUE["calfpump_sim"])
BatchPtr = ctypes.POINTER(_OPAQUE["calfpump_batch"])
DesignPtr = ctypes.POINTER(_OPAQUE["calfpump_design"])


class SobolIndex(ctypes.Structure):
    """struct calfpump_sobol_index."""

    _fields_ = [(f, ctypes.c_double) for f in ("s1", "s1_lo", "s1_hi", "st", "st_lo", "st_hi")]

#: calfpump_activation_fn: int (*)(double t, double *a, void *user)
ActivationFn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_double,
                                ctypes.POINTER(ctypes.c_double), ctypes.c_void_p)

#: calfpump_row_fn: int (*)(void *user, double t, const double *values, size_t n)
RowFn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_double,
                         ctypes.POINTER(ctypes.c_double), ctypes.c_size_t)

_SCALARS: Dict[str, Any] = {
    "void": None, "int": ctypes.c_int, "unsigned": ctypes.c_uint,
    "size_t": ctypes.c_size_t, "double": ctypes.c_double,
    "unsigned long": ctypes.c_ulong, "calfpump_activation_fn": ActivationFn,
    "calfpump_row_fn": RowFn, "calfpump_sobol_index": SobolIndex,
}


def ctype_of(spec: str) -> Any:
    """The ctypes type for a normalised C type ("const char *", ...)."""
    base = spec.replace("const ", "").rstrip(" *")
    stars = spec.count("*")
    if stars == 0:
        return _SCALARS[base]
    if base == "char" and stars == 1:
        return ctypes.c_char_p
    if base == "char" and stars == 2:
        return ctypes.POINTER(ctypes.c_char_p)
    if base == "void" and stars == 1:
        return ctypes.c_void_p
    t = _OPAQUE[base] if base in _OPAQUE else _SCALARS[base]
    for _ in range(stars):
        t = ctypes.POINTER(t)
    return t


def _load_cdll(names: List[str], what: str, env: str) -> Tuple[ctypes.CDLL, str]:
    errors = []
    for name in names:
        try:
            return ctypes.CDLL(name), name
        except OSError as e:
            errors.append(f"{name}: {e}")
    raise LibraryError(f"cannot load {what} ({'; '.join(errors) or 'no candidate'}); "
                       f"install it, or set {env} to the path of the shared library")


def _library_names() -> List[str]:
    override = os.environ.get(ENV_LIBRARY)
    if override:
        return [override]
    names = [SONAME]
    found = ctypes.util.find_library("calfpump")
    if found and found != SONAME:
        names.append(found)
    return names


def bind(cdll: ctypes.CDLL, text: str, where: str) -> SimpleNamespace:
    """Give every function of the declarations ``text`` its ctypes signature;
    a namespace of the functions."""
    ns = SimpleNamespace()
    for proto in _decls.prototypes(text):
        try:
            fn = getattr(cdll, proto.name)
        except AttributeError:
            raise LibraryError(f"{where} does not export {proto.name}: it is older "
                               f"than this package (which needs libcalfpump 0.2)") from None
        fn.restype = ctype_of(proto.restype)
        fn.argtypes = [ctype_of(a) for a in proto.argtypes]
        setattr(ns, proto.name, fn)
    return ns


def open_library(names: List[str], abi: int = ABI_VERSION) -> Tuple[SimpleNamespace, str]:
    """Load the first of ``names`` that loads, check that its ABI version is
    ``abi`` and bind the declarations: the functions and the name loaded."""
    cdll, path = _load_cdll(names, "libcalfpump", ENV_LIBRARY)
    try:
        abi_fn = cdll.calfpump_abi_version
    except AttributeError:
        raise LibraryError(f"{path} is not libcalfpump (no calfpump_abi_version)") from None
    abi_fn.restype, abi_fn.argtypes = ctypes.c_int, []
    if abi_fn() != abi:
        raise LibraryError(f"{path} has ABI version {abi_fn()}, but this calfpump package "
                           f"was written for ABI version {abi} (libcalfpump.so.{abi}); "
                           f"install the matching package or set {ENV_LIBRARY}")
    return bind(cdll, _decls.DECLARATIONS, path), path


#: The library's functions, by C name.
L, LIBRARY_PATH = open_library(_library_names())

_cvode_lock = threading.Lock()
_cvode: Dict[str, Any] = {}


def cvode() -> SimpleNamespace:
    """The CVODE plug-in library (loaded on first use): ``CALFPUMP_CVODE_LIBRARY``,
    else ``libcalfpump_cvode.so.0`` next to libcalfpump, else through the loader.
    Raises NotFoundError if it is not installed."""
    with _cvode_lock:
        if "ns" not in _cvode:
            override = os.environ.get(ENV_CVODE_LIBRARY)
            names = [override] if override else []
            if not override and os.sep in LIBRARY_PATH:
                names.append(os.path.join(os.path.dirname(LIBRARY_PATH), CVODE_SONAME))
            if not override:
                names.append(CVODE_SONAME)
            try:
                cdll, path = _load_cdll(names, "the CVODE plug-in libcalfpump_cvode",
                                        ENV_CVODE_LIBRARY)
                _cvode["ns"] = bind(cdll, _decls.CVODE_DECLARATIONS, path)
            except LibraryError as e:
                _cvode["error"] = str(e)
                _cvode["ns"] = None
        if _cvode["ns"] is None:
            raise error_for(-5, "CALFPUMP_E_NOTFOUND",
                            "integrator 'cvode' is not available: " + _cvode["error"])
        return _cvode["ns"]


# ---------------------------------------------------------------- helpers

def text(b: Optional[bytes]) -> Optional[str]:
    """A C string returned by the library as str (None stays None)."""
    return None if b is None else b.decode("utf-8", errors="replace")


def cname(value: object, what: str = "name") -> bytes:
    """A Python str as a C string argument; TypeError for anything else."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    if "\0" in value:
        raise ValueError(f"{what} must not contain a NUL character: {value!r}")
    return value.encode("utf-8")


def cpath(value: object) -> bytes:
    """A file path (str, bytes or os.PathLike) as a C string argument."""
    try:
        path = os.fsencode(value)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"path must be a str, bytes or os.PathLike, "
                        f"not {type(value).__name__}") from None
    if b"\0" in path:
        raise ValueError(f"path must not contain a NUL character: {value!r}")
    return path


def real(value: object, what: str = "value") -> float:
    """A real number as a C double; TypeError for anything else.  NaN and
    infinities pass: the library rejects them with its own message."""
    if not isinstance(value, numbers.Real):
        raise TypeError(f"{what} must be a real number, not {type(value).__name__}")
    return float(value)


def index(value: object, what: str = "index") -> int:
    """A non-negative int for a size_t argument."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    if value < 0:
        raise IndexError(f"{what} must not be negative: {value}")
    return int(value)


def status_name(status: int) -> Optional[str]:
    return text(L.calfpump_status_name(status))


def fail(status: int, message: Optional[str], context: str) -> CalfpumpError:
    """The exception for a failed call: the library's message if it gave one,
    else the context and the status code's description."""
    if not message:
        message = f"{context}: {text(L.calfpump_strerror(status))}"
    return error_for(status, status_name(status), message)


def check(status: int, context: str) -> int:
    """Raise for a negative status of a call without a handle (introspection);
    the status otherwise."""
    if status < 0:
        raise fail(status, None, context)
    return status


def call_errbuf(fn: Callable[..., int], context: str, *args: Any) -> None:
    """Call a function whose last two arguments are an error buffer and its
    size; raise with the buffer's message on failure."""
    buf = ctypes.create_string_buffer(ERRBUF_SIZE)
    status = fn(*args, buf, ERRBUF_SIZE)
    if status < 0:
        raise fail(status, text(buf.value), context)


def finite_or_none(x: float) -> Optional[float]:
    return None if math.isnan(x) else x
