#!/usr/bin/python3
"""scipy_ref.py -- the SciPy reference of "make bench": the default leg's
equations solved with scipy.integrate.solve_ivp (LSODA and BDF), what a
researcher would write instead of using the library's integrators.

The equations are the library's own: the script loads libcalfpump through
ctypes and plugs SciPy in as an integrator (calfpump/sys/integrator.h).  The
plug-in's step() integrates a whole protocol segment with one solve_ivp
call whose right-hand side is calfpump_odectx_rhs() (the library evaluates
the leg with the segment's drive), and its interpolate() is solve_ivp's
dense output, from which the simulation records its rows as it does for
any integrator.  So model, protocol, output rows, error measure and RHS
count are those of bench/bench.c; only the integrator differs.  max_step
is the simulation's h_max (0.1 s), as for the library's integrators.

Usage: scipy_ref.py LIBCALFPUMP.so [--problem avp|apg|walk|immob10h]...
                    [--rtol R] [--methods LSODA,BDF]
Prints one Markdown table: per problem the auto integrator (the library's
default), and LSODA and BDF, at rtol = atol = R (default 1e-6): wall time
of calfpump_sim_run(), RHS evaluations, steps, the largest error of
P.dorsal_foot against dopri5 at rtol 1e-11, and wall / auto.
"""

import argparse
import ctypes as C
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp

TRACE_COL = b"P.dorsal_foot"

RHS_FN = C.CFUNCTYPE(C.c_int, C.c_double, C.POINTER(C.c_double), C.POINTER(C.c_double), C.c_void_p)
CREATE_FN = C.CFUNCTYPE(C.c_int, C.POINTER(C.c_void_p), C.c_size_t, C.c_void_p, C.c_void_p)
DESTROY_FN = C.CFUNCTYPE(None, C.c_void_p)
RESTART_FN = C.CFUNCTYPE(C.c_int, C.c_void_p, C.c_void_p, C.c_double, C.POINTER(C.c_double))
STEP_FN = C.CFUNCTYPE(C.c_int, C.c_void_p, C.c_void_p, C.POINTER(C.c_double),
                      C.POINTER(C.c_double), C.c_double)
INTERP_FN = C.CFUNCTYPE(C.c_int, C.c_void_p, C.c_double, C.POINTER(C.c_double))


class Ops(C.Structure):
    """calfpump_integrator_ops, ABI 1."""
    _fields_ = [("struct_size", C.c_uint32), ("abi_version", C.c_uint32),
                ("name", C.c_char_p), ("caps", C.c_uint32), ("order", C.c_uint),
                ("create", CREATE_FN), ("destroy", DESTROY_FN), ("restart", RESTART_FN),
                ("step", STEP_FN), ("interpolate", INTERP_FN), ("plugin_data", C.c_void_p)]


class Options(C.Structure):
    """calfpump_integrator_options."""
    _fields_ = [("struct_size", C.c_size_t), ("rtol", C.c_double), ("atol", C.c_double),
                ("h", C.c_double), ("h_init", C.c_double), ("h_min", C.c_double),
                ("h_max", C.c_double)]


CAP_ADAPTIVE, CAP_DENSE = 1, 2


def declare(lib):
    """Signatures of the functions used."""
    P, D, S, I = C.c_void_p, C.c_double, C.c_size_t, C.c_int
    for name, res, args in [
            ("calfpump_model_new_default", I, [C.POINTER(P)]),
            ("calfpump_protocol_new", I, [C.POINTER(P)]),
            ("calfpump_protocol_new_named", I, [C.POINTER(P), C.c_char_p]),
            ("calfpump_protocol_add_segment", I, [P, C.c_char_p, C.c_char_p, D, C.POINTER(S)]),
            ("calfpump_protocol_set", I, [P, S, C.c_char_p, D]),
            ("calfpump_sim_new", I, [C.POINTER(P), P, P]),
            ("calfpump_sim_free", None, [P]),
            ("calfpump_sim_errmsg", C.c_char_p, [P]),
            ("calfpump_sim_set_integrator", I, [P, C.c_char_p]),
            ("calfpump_sim_set_integrator_ops", I, [P, C.POINTER(Ops)]),
            ("calfpump_sim_set_option", I, [P, C.c_char_p, D]),
            ("calfpump_sim_run", I, [P]),
            ("calfpump_sim_metric", I, [P, C.c_char_p, C.POINTER(D)]),
            ("calfpump_sim_trace_rows", S, [P]),
            ("calfpump_sim_trace_col_index", I, [P, C.c_char_p, C.POINTER(S)]),
            ("calfpump_sim_trace_column", I, [P, S, C.POINTER(D), S, C.POINTER(S)]),
            ("calfpump_integrator_ops_init", I, [C.POINTER(Ops), S]),
            ("calfpump_odectx_rhs", I, [P, D, C.POINTER(D), C.POINTER(D)]),
            ("calfpump_odectx_dim", S, [P])]:
        f = getattr(lib, name)
        f.restype, f.argtypes = res, args


class ScipyIntegrator:
    """A plug-in integrator whose one step is solve_ivp over the segment."""

    def __init__(self, lib, method):
        self.lib, self.method = lib, method
        self.sol, self.opts = None, None
        self.ops = Ops()
        lib.calfpump_integrator_ops_init(C.byref(self.ops), C.sizeof(Ops))
        self.name = ("scipy-" + method).encode()
        self.ops.name = self.name
        self.ops.caps = CAP_ADAPTIVE | CAP_DENSE
        self.ops.order = 5
        # Keep the callbacks alive as long as the table.
        self.ops.create = self._create = CREATE_FN(self.create)
        self.ops.destroy = self._destroy = DESTROY_FN(lambda state: None)
        self.ops.restart = self._restart = RESTART_FN(lambda state, ctx, t, y: 0)
        self.ops.step = self._step = STEP_FN(self.step)
        self.ops.interpolate = self._interp = INTERP_FN(self.interpolate)

    def create(self, state, dim, opts, data):
        o = C.cast(opts, C.POINTER(Options)).contents
        self.opts = (o.rtol, o.atol, o.h_max if o.h_max > 0 else np.inf)
        self.dim = dim
        state[0] = 1  # any non-NULL state
        return 0

    def step(self, state, ctx, tp, y, t_limit):
        lib, n = self.lib, self.dim
        out = np.empty(n)
        outp = out.ctypes.data_as(C.POINTER(C.c_double))

        def f(t, yv):
            yv = np.ascontiguousarray(yv, dtype=float)
            rc = lib.calfpump_odectx_rhs(ctx, t, yv.ctypes.data_as(C.POINTER(C.c_double)), outp)
            if rc:  # not finite, or asked for a smaller step: let SciPy see it
                return np.full(n, np.nan)
            return out.copy()

        y0 = np.ctypeslib.as_array(y, shape=(n,)).copy()
        rtol, atol, h_max = self.opts
        r = solve_ivp(f, (tp[0], t_limit), y0, method=self.method, rtol=rtol, atol=atol,
                      max_step=h_max, dense_output=True)
        if r.status != 0:
            return -14  # CALFPUMP_E_STEPSIZE (as any integrator that cannot go on)
        self.sol = r.sol
        self.nsteps = getattr(self, "nsteps", 0) + len(r.t) - 1
        np.ctypeslib.as_array(y, shape=(n,))[:] = r.y[:, -1]
        tp[0] = t_limit
        return 0

    def interpolate(self, state, t, out):
        np.ctypeslib.as_array(out, shape=(self.dim,))[:] = self.sol(t)
        return 0


def protocol(lib, name):
    p = C.c_void_p()
    if name == "walk":
        i = C.c_size_t()
        assert lib.calfpump_protocol_new(C.byref(p)) == 0
        assert lib.calfpump_protocol_add_segment(p, b"standing", b"still", 60, None) == 0
        assert lib.calfpump_protocol_add_segment(p, b"standing", b"walk", 600, C.byref(i)) == 0
        assert lib.calfpump_protocol_set(p, i.value, b"speed", 3.0) == 0
    elif name == "immob10h":
        assert lib.calfpump_protocol_new(C.byref(p)) == 0
        assert lib.calfpump_protocol_add_segment(p, b"sitting", b"still", 36000, None) == 0
    else:
        assert lib.calfpump_protocol_new_named(C.byref(p), name.encode()) == 0
    return p


def run(lib, model, prob, integ, tol, output_interval):
    """Run once: (wall, rhs evals, steps, P.dorsal_foot trace)."""
    s = C.c_void_p()
    p = protocol(lib, prob)
    assert lib.calfpump_sim_new(C.byref(s), model, p) == 0
    if isinstance(integ, ScipyIntegrator):
        st = lib.calfpump_sim_set_integrator_ops(s, C.byref(integ.ops))
    else:
        st = lib.calfpump_sim_set_integrator(s, integ.encode())
    for opt, v in (("rtol", tol), ("atol", tol), ("output_interval", output_interval)):
        st = st or lib.calfpump_sim_set_option(s, opt.encode(), v)
    if st:
        sys.exit("scipy_ref: " + lib.calfpump_sim_errmsg(s).decode())
    t0 = time.perf_counter()
    st = lib.calfpump_sim_run(s)
    wall = time.perf_counter() - t0
    if st:
        msg = lib.calfpump_sim_errmsg(s).decode()
        lib.calfpump_sim_free(s)
        return None, msg
    v = {}
    for m in ("solver.rhs_evals", "solver.steps"):
        d = C.c_double()
        lib.calfpump_sim_metric(s, m.encode(), C.byref(d))
        v[m] = d.value
    if isinstance(integ, ScipyIntegrator):
        v["solver.steps"] = integ.nsteps  # SciPy's steps, not the plug-in's segments
    n = lib.calfpump_sim_trace_rows(s)
    j = C.c_size_t()
    lib.calfpump_sim_trace_col_index(s, TRACE_COL, C.byref(j))
    tr = np.empty(n)
    lib.calfpump_sim_trace_column(s, j.value, tr.ctypes.data_as(C.POINTER(C.c_double)), n, None)
    lib.calfpump_sim_free(s)
    return (wall, v["solver.rhs_evals"], v["solver.steps"], tr), None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("lib")
    ap.add_argument("--problem", action="append")
    ap.add_argument("--rtol", type=float, default=1e-6)
    ap.add_argument("--methods", default="LSODA,BDF")
    a = ap.parse_args()
    lib = C.CDLL(a.lib)
    declare(lib)
    model = C.c_void_p()
    assert lib.calfpump_model_new_default(C.byref(model)) == 0
    problems = a.problem or ["avp", "apg", "walk", "immob10h"]
    print("| problem | method | rtol | max abs err P.dorsal_foot (mmHg) | rhs evals | steps | "
          "wall (s) | wall / auto |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for prob in problems:
        oi = 1.0 if prob == "immob10h" else 0.02
        ref, _ = run(lib, model, prob, "dopri5", 1e-11, oi)
        base = None
        for m in ["auto"] + a.methods.split(","):
            integ = m if m == "auto" else ScipyIntegrator(lib, m)
            r, msg = run(lib, model, prob, integ, a.rtol, oi)
            name = m if m == "auto" else "scipy " + m
            if r is None:
                print(f"| {prob} | {name} | {a.rtol:.0e} | failed: {msg} | | | | |")
                continue
            wall, rhs, steps, tr = r
            err = float(np.max(np.abs(tr - ref[3]))) if len(tr) == len(ref[3]) else float("nan")
            base = base or wall
            print(f"| {prob} | {name} | {a.rtol:.0e} | {err:.2e} | {rhs:.0f} | {steps:.0f} | "
                  f"{wall:.3f} | {wall / base:.0f} |", flush=True)


if __name__ == "__main__":
    main()
