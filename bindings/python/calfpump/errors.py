"""Exceptions: one class per family of the library's status codes.

Every exception raised for a failed library call is a :class:`CalfpumpError`
carrying the library's message (the handle's errmsg or the error buffer of a
constructor), the status code and its symbolic name.  The classes also derive
from the closest built-in exception, so ``except ValueError`` or
``except OSError`` work as a Python user expects.

==========================  =====================================  ===========
status code(s)              class                                  also a
==========================  =====================================  ===========
CALFPUMP_E_NOMEM            :class:`NoMemoryError`                 MemoryError
CALFPUMP_E_NULL, _E_INVAL   :class:`InvalidError`                  ValueError
CALFPUMP_E_RANGE            :class:`RangeError`                    ValueError
CALFPUMP_E_NOTFOUND         :class:`NotFoundError`                 KeyError
CALFPUMP_E_EXISTS           :class:`ExistsError`                   ValueError
CALFPUMP_E_STATE            :class:`StateError`                    RuntimeError
CALFPUMP_E_STEPSIZE,        :class:`SolverError`                   RuntimeError
_E_MAXSTEPS, _E_NONFINITE
CALFPUMP_E_ABI              :class:`AbiError`                      RuntimeError
CALFPUMP_E_CALLBACK         :class:`CallbackError`                 RuntimeError
CALFPUMP_E_IO               :class:`FileError`                     OSError
CALFPUMP_E_MODEL            :class:`ModelError`                    ValueError
==========================  =====================================  ===========

:class:`ClosedError` (a :class:`StateError`) is raised by the binding itself
when a closed object is used; :class:`LibraryError` (an ImportError) when the
shared library cannot be loaded or is not the ABI this package was written
for.
"""

from __future__ import annotations

from typing import Dict, Optional, Type

__all__ = [
    "CalfpumpError", "NoMemoryError", "InvalidError", "RangeError", "NotFoundError",
    "ExistsError", "StateError", "ClosedError", "SolverError", "AbiError",
    "CallbackError", "FileError", "ModelError", "LibraryError", "error_for",
]


class CalfpumpError(Exception):
    """A libcalfpump call failed.

    Attributes:
        message: the library's message (what was wrong).
        status: the status code (a negative int), or None for errors the
            binding raises itself.
        status_name: the code's symbolic name ("CALFPUMP_E_RANGE"), or None.
    """

    def __init__(self, message: str, status: Optional[int] = None,
                 status_name: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.status_name = status_name

    def __str__(self) -> str:
        return self.message


class NoMemoryError(CalfpumpError, MemoryError):
    """CALFPUMP_E_NOMEM: the library ran out of memory."""


class InvalidError(CalfpumpError, ValueError):
    """CALFPUMP_E_INVAL (and CALFPUMP_E_NULL): an invalid argument."""


class RangeError(CalfpumpError, ValueError):
    """CALFPUMP_E_RANGE: a value that is not finite or out of its bounds."""


class NotFoundError(CalfpumpError, KeyError):
    """CALFPUMP_E_NOTFOUND: no parameter, condition, protocol, ... of that name
    (a KeyError, so that ``model.get(name, default)`` works)."""


class ExistsError(CalfpumpError, ValueError):
    """CALFPUMP_E_EXISTS: the name is already in use."""


class StateError(CalfpumpError, RuntimeError):
    """CALFPUMP_E_STATE: the call is not valid in the object's state (e.g. a
    metric the run does not define, an option set after the run started)."""


class ClosedError(StateError):
    """The object was closed (its library handle is freed)."""


class SolverError(CalfpumpError, RuntimeError):
    """CALFPUMP_E_STEPSIZE, CALFPUMP_E_MAXSTEPS, CALFPUMP_E_NONFINITE: the
    integrator could not go on."""


class AbiError(CalfpumpError, RuntimeError):
    """CALFPUMP_E_ABI: plug-in ABI version or table size not supported."""


class CallbackError(CalfpumpError, RuntimeError):
    """CALFPUMP_E_CALLBACK: a callback stopped the run."""


class FileError(CalfpumpError, OSError):
    """CALFPUMP_E_IO: a file could not be read or written."""


class ModelError(CalfpumpError, ValueError):
    """CALFPUMP_E_MODEL: the model network is inconsistent."""


class LibraryError(ImportError):
    """libcalfpump could not be loaded, or is not the version this package
    was written for."""


_BY_NAME: Dict[str, Type[CalfpumpError]] = {
    "CALFPUMP_E_NOMEM": NoMemoryError,
    "CALFPUMP_E_NULL": InvalidError,
    "CALFPUMP_E_INVAL": InvalidError,
    "CALFPUMP_E_RANGE": RangeError,
    "CALFPUMP_E_NOTFOUND": NotFoundError,
    "CALFPUMP_E_EXISTS": ExistsError,
    "CALFPUMP_E_STATE": StateError,
    "CALFPUMP_E_STEPSIZE": SolverError,
    "CALFPUMP_E_MAXSTEPS": SolverError,
    "CALFPUMP_E_NONFINITE": SolverError,
    "CALFPUMP_E_ABI": AbiError,
    "CALFPUMP_E_CALLBACK": CallbackError,
    "CALFPUMP_E_IO": FileError,
    "CALFPUMP_E_MODEL": ModelError,
}


def error_for(status: int, status_name: Optional[str], message: str) -> CalfpumpError:
    """The exception for a status code (by its symbolic name; a code this
    package does not know gives a plain :class:`CalfpumpError`)."""
    cls = _BY_NAME.get(status_name or "", CalfpumpError)
    return cls(message, status, status_name)
