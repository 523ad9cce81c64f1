"""Minimal ctypes access to libcalfpump for the calibration and figure
scripts (tools/calibrate.py, tools/figures.py).  Public C API only.

The library is found through $CALFPUMP_LIB, else ./.libs/libcalfpump.so
under the build directory given as $CALFPUMP_BUILD, else the system's.
"""
import ctypes
import ctypes.util
import os

_c = ctypes.c_double
_p = ctypes.c_void_p


def _load():
    path = os.environ.get("CALFPUMP_LIB")
    if not path and os.environ.get("CALFPUMP_BUILD"):
        path = os.path.join(os.environ["CALFPUMP_BUILD"], ".libs", "libcalfpump.so")
    if not path:
        path = ctypes.util.find_library("calfpump")
    if not path:
        raise OSError("libcalfpump not found: set CALFPUMP_BUILD or CALFPUMP_LIB")
    lib = ctypes.CDLL(path)
    sig = {
        "calfpump_model_new_default": ([ctypes.POINTER(_p)], ctypes.c_int),
        "calfpump_model_free": ([_p], None),
        "calfpump_model_set": ([_p, ctypes.c_char_p, _c], ctypes.c_int),
        "calfpump_model_get": ([_p, ctypes.c_char_p, ctypes.POINTER(_c)], ctypes.c_int),
        "calfpump_model_errmsg": ([_p], ctypes.c_char_p),
        "calfpump_model_connection_count": ([_p], ctypes.c_size_t),
        "calfpump_model_connection_name": ([_p, ctypes.c_size_t], ctypes.c_char_p),
        "calfpump_model_connection_has_valve": ([_p, ctypes.c_size_t], ctypes.c_int),
        "calfpump_model_apply_condition": ([_p, ctypes.c_char_p], ctypes.c_int),
        "calfpump_protocol_new_named": ([ctypes.POINTER(_p), ctypes.c_char_p], ctypes.c_int),
        "calfpump_protocol_new": ([ctypes.POINTER(_p)], ctypes.c_int),
        "calfpump_protocol_add_segment": ([_p, ctypes.c_char_p, ctypes.c_char_p, _c,
                                           ctypes.POINTER(ctypes.c_size_t)], ctypes.c_int),
        "calfpump_protocol_set": ([_p, ctypes.c_size_t, ctypes.c_char_p, _c], ctypes.c_int),
        "calfpump_protocol_errmsg": ([_p], ctypes.c_char_p),
        "calfpump_protocol_free": ([_p], None),
        "calfpump_protocol_segment_count": ([_p], ctypes.c_size_t),
        "calfpump_sim_new": ([ctypes.POINTER(_p), _p, _p], ctypes.c_int),
        "calfpump_sim_free": ([_p], None),
        "calfpump_sim_set_integrator": ([_p, ctypes.c_char_p], ctypes.c_int),
        "calfpump_sim_set_option": ([_p, ctypes.c_char_p, _c], ctypes.c_int),
        "calfpump_sim_run": ([_p], ctypes.c_int),
        "calfpump_sim_errmsg": ([_p], ctypes.c_char_p),
        "calfpump_sim_metric": ([_p, ctypes.c_char_p, ctypes.POINTER(_c)], ctypes.c_int),
        "calfpump_sim_trace_rows": ([_p], ctypes.c_size_t),
        "calfpump_sim_trace_col_index": ([_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_size_t)],
                                         ctypes.c_int),
        "calfpump_sim_trace_column": ([_p, ctypes.c_size_t, ctypes.POINTER(_c), ctypes.c_size_t,
                                       ctypes.POINTER(ctypes.c_size_t)], ctypes.c_int),
        "calfpump_model_save": ([_p, _p, ctypes.c_char_p], ctypes.c_int),
    }
    for name, (args, res) in sig.items():
        f = getattr(lib, name)
        f.argtypes = args
        f.restype = res
    return lib


LIB = _load()


class CfpError(RuntimeError):
    pass


def _b(s):
    return s.encode()


class Model:
    """The default leg, optionally with a condition and parameter changes."""

    def __init__(self, condition=None, params=None):
        self.h = _p()
        if LIB.calfpump_model_new_default(ctypes.byref(self.h)):
            raise CfpError("calfpump_model_new_default failed")
        if condition and condition != "healthy":
            self._ok(LIB.calfpump_model_apply_condition(self.h, _b(condition)))
        for k, v in (params or {}).items():
            self.set(k, v)

    def _ok(self, st):
        if st:
            raise CfpError(LIB.calfpump_model_errmsg(self.h).decode())

    def set(self, name, value):
        self._ok(LIB.calfpump_model_set(self.h, _b(name), float(value)))

    def get(self, name):
        v = _c()
        self._ok(LIB.calfpump_model_get(self.h, _b(name), ctypes.byref(v)))
        return v.value

    def valve_names(self):
        n = LIB.calfpump_model_connection_count(self.h)
        return [LIB.calfpump_model_connection_name(self.h, i).decode() for i in range(n)
                if LIB.calfpump_model_connection_has_valve(self.h, i)]

    def save(self, path):
        self._ok(LIB.calfpump_model_save(self.h, None, _b(path)))

    def __del__(self):
        if getattr(self, "h", None):
            LIB.calfpump_model_free(self.h)
            self.h = None


class Protocol:
    """A named protocol, or one built from (posture, activity, duration,
    {param: value}) tuples."""

    def __init__(self, name=None, segments=None):
        self.h = _p()
        if name:
            if LIB.calfpump_protocol_new_named(ctypes.byref(self.h), _b(name)):
                raise CfpError("unknown protocol %s" % name)
        else:
            LIB.calfpump_protocol_new(ctypes.byref(self.h))
            for posture, activity, duration, params in segments:
                k = ctypes.c_size_t()
                self._ok(LIB.calfpump_protocol_add_segment(
                    self.h, _b(posture), _b(activity), float(duration), ctypes.byref(k)))
                for n, v in (params or {}).items():
                    self.set(k.value, n, v)

    def _ok(self, st):
        if st:
            raise CfpError(LIB.calfpump_protocol_errmsg(self.h).decode())

    def set(self, index, name, value):
        self._ok(LIB.calfpump_protocol_set(self.h, index, _b(name), float(value)))

    def set_all(self, name, value):
        """Set a segment parameter (e.g. compression) on every segment."""
        for k in range(LIB.calfpump_protocol_segment_count(self.h)):
            self.set(k, name, value)

    def __del__(self):
        if getattr(self, "h", None):
            LIB.calfpump_protocol_free(self.h)
            self.h = None


class Sim:
    def __init__(self, model, protocol, integrator=None, options=None):
        self.h = _p()
        st = LIB.calfpump_sim_new(ctypes.byref(self.h), model.h, protocol.h)
        if st:
            raise CfpError("sim_new failed (%d)" % st)
        if integrator:
            self._ok(LIB.calfpump_sim_set_integrator(self.h, _b(integrator)))
        for k, v in (options or {}).items():
            self._ok(LIB.calfpump_sim_set_option(self.h, _b(k), float(v)))
        self._ok(LIB.calfpump_sim_run(self.h))

    def _ok(self, st):
        if st:
            raise CfpError(LIB.calfpump_sim_errmsg(self.h).decode())

    def metric(self, name):
        v = _c()
        self._ok(LIB.calfpump_sim_metric(self.h, _b(name), ctypes.byref(v)))
        return v.value

    def column(self, name):
        j = ctypes.c_size_t()
        self._ok(LIB.calfpump_sim_trace_col_index(self.h, _b(name), ctypes.byref(j)))
        n = LIB.calfpump_sim_trace_rows(self.h)
        buf = (_c * n)()
        w = ctypes.c_size_t()
        self._ok(LIB.calfpump_sim_trace_column(self.h, j.value, buf, n, ctypes.byref(w)))
        return list(buf)

    def __del__(self):
        if getattr(self, "h", None):
            LIB.calfpump_sim_free(self.h)
            self.h = None


def run(protocol, condition=None, params=None, integrator=None, options=None):
    """Run the default leg (with condition and params) through protocol (a
    name or a Protocol)."""
    p = Protocol(protocol) if isinstance(protocol, str) else protocol
    return Sim(Model(condition, params), p, integrator, options)
