"""The base of the classes that own a library handle."""

from __future__ import annotations

import threading
import weakref
from typing import Any, Callable, Optional, TypeVar

from . import _lib
from .errors import ClosedError

H = TypeVar("H", bound="Handle")


class Handle:
    """Owns one library handle: frees it on :meth:`close`, at the end of a
    ``with`` block, or when the object is garbage collected (whichever comes
    first; exactly once).  Calls on the handle are serialised by a lock, so
    an object may be shared between threads; the GIL is released while the
    library works.
    """

    _kind = "object"
    _free: Callable[[Any], None]
    _errmsg: Callable[[Any], Optional[bytes]]

    def __init__(self, ptr: Any) -> None:
        if not ptr:
            raise ValueError(f"a {self._kind} needs a non-NULL handle")
        self._ptr: Any = ptr
        self._lock = threading.RLock()
        # The finalizer holds the free function and the pointer, not self.
        self._finalizer = weakref.finalize(self, type(self)._free, ptr)

    @property
    def closed(self) -> bool:
        """True once the handle is freed."""
        return self._ptr is None

    def close(self) -> None:
        """Free the library handle now.  Further use raises
        :class:`~calfpump.errors.ClosedError`; closing twice is harmless."""
        with self._lock:
            if self._ptr is not None:
                self._ptr = None
                self._finalizer()

    def __enter__(self: H) -> H:
        self._handle()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _handle(self) -> Any:
        ptr = self._ptr
        if ptr is None:
            raise ClosedError(f"this {self._kind} is closed", None, None)
        return ptr

    def _call(self, fn: Callable[..., int], context: str, *args: Any) -> int:
        """Call ``fn(handle, *args)``; raise with the handle's message if the
        status is negative, else return it."""
        with self._lock:
            ptr = self._handle()
            status = fn(ptr, *args)
            if status < 0:
                raise _lib.fail(status, _lib.text(type(self)._errmsg(ptr)), context)
            return status

    def _get(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Call a function on the handle that cannot fail (counts, names)."""
        with self._lock:
            return fn(self._handle(), *args)
