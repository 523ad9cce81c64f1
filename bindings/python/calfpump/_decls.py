"""The C declarations the binding calls, and the public functions it does not.

``DECLARATIONS`` is a plain copy of prototypes from ``include/calfpump.h``
(and one from ``include/calfpump/sys/integrator.h``), one per line, written
as C: it is valid input for ``cffi.FFI().cdef()`` and is what ``_lib`` turns
into ctypes signatures.  ``CVODE_DECLARATIONS`` does the same for the
optional plug-in library ``libcalfpump_cvode`` (``include/calfpump/cvode.h``).

``tests/test_declarations.py`` parses the headers and fails when a
prototype here differs from the header (name, return type, argument
types), and when a symbol of ``libcalfpump/libcalfpump.map`` is neither
declared here (and called by the package) nor listed in ``UNWRAPPED`` with
the reason.
"""

from __future__ import annotations

import re
from typing import Dict, List, NamedTuple, Tuple

# Opaque handles and callback types used by the prototypes below.
TYPEDEFS = r"""
typedef struct calfpump_model calfpump_model;
typedef struct calfpump_protocol calfpump_protocol;
typedef struct calfpump_sim calfpump_sim;
typedef struct calfpump_integrator_ops calfpump_integrator_ops;
typedef int (*calfpump_activation_fn)(double t, double *a, void *user);
typedef int (*calfpump_row_fn)(void *user, double t, const double *values, size_t n);
typedef struct calfpump_batch calfpump_batch;
typedef struct calfpump_design calfpump_design;
typedef struct calfpump_sobol_index { double s1; double s1_lo; double s1_hi; double st; double st_lo; double st_hi; } calfpump_sobol_index;
"""

DECLARATIONS = TYPEDEFS + r"""
/* status codes and version */
const char *calfpump_strerror(int status);
const char *calfpump_status_name(int status);
unsigned calfpump_version(void);
const char *calfpump_version_string(void);
int calfpump_abi_version(void);
/* model */
int calfpump_model_new(calfpump_model **out);
int calfpump_model_new_default(calfpump_model **out);
int calfpump_model_clone(calfpump_model **out, const calfpump_model *m);
void calfpump_model_free(calfpump_model *m);
const char *calfpump_model_errmsg(const calfpump_model *m);
int calfpump_model_add_compartment(calfpump_model *m, const char *name, const char *region, const char *layer);
int calfpump_model_add_connection(calfpump_model *m, const char *name, const char *from, const char *to, int with_valve);
size_t calfpump_model_compartment_count(const calfpump_model *m);
const char *calfpump_model_compartment_name(const calfpump_model *m, size_t i);
const char *calfpump_model_compartment_region(const calfpump_model *m, size_t i);
const char *calfpump_model_compartment_layer(const calfpump_model *m, size_t i);
size_t calfpump_model_connection_count(const calfpump_model *m);
const char *calfpump_model_connection_name(const calfpump_model *m, size_t i);
const char *calfpump_model_connection_from(const calfpump_model *m, size_t i);
const char *calfpump_model_connection_to(const calfpump_model *m, size_t i);
int calfpump_model_connection_has_valve(const calfpump_model *m, size_t i);
int calfpump_model_set(calfpump_model *m, const char *name, double value);
int calfpump_model_get(const calfpump_model *m, const char *name, double *value);
size_t calfpump_model_param_count(const calfpump_model *m);
const char *calfpump_model_param_name(const calfpump_model *m, size_t i);
int calfpump_model_param_info(const calfpump_model *m, const char *name, double *lower, double *upper, const char **unit);
int calfpump_model_apply_condition(calfpump_model *m, const char *condition);
size_t calfpump_condition_count(void);
const char *calfpump_condition_name(size_t i);
const char *calfpump_condition_description(size_t i);
/* protocol */
int calfpump_protocol_new(calfpump_protocol **out);
size_t calfpump_protocol_named_count(void);
const char *calfpump_protocol_named_name(size_t i);
void calfpump_protocol_free(calfpump_protocol *p);
const char *calfpump_protocol_errmsg(const calfpump_protocol *p);
int calfpump_protocol_add_segment(calfpump_protocol *p, const char *posture, const char *activity, double duration, size_t *index);
int calfpump_protocol_set(calfpump_protocol *p, size_t index, const char *param, double value);
size_t calfpump_protocol_param_count(void);
const char *calfpump_protocol_param_name(size_t i);
int calfpump_protocol_set_waveform(calfpump_protocol *p, size_t index, const char *muscle, const double *t, const double *a, size_t n, int periodic);
int calfpump_protocol_set_activation_fn(calfpump_protocol *p, size_t index, calfpump_activation_fn fn, void *user);
int calfpump_protocol_get(const calfpump_protocol *p, size_t index, const char *param, double *value);
size_t calfpump_protocol_segment_count(const calfpump_protocol *p);
const char *calfpump_protocol_segment_activity(const calfpump_protocol *p, size_t index);
const char *calfpump_protocol_segment_posture(const calfpump_protocol *p, size_t index);
double calfpump_protocol_segment_duration(const calfpump_protocol *p, size_t index);
double calfpump_protocol_duration(const calfpump_protocol *p);
/* model files */
int calfpump_model_load(calfpump_model **model, calfpump_protocol **protocol, const char *path, char *errbuf, size_t errlen);
int calfpump_model_load_string(calfpump_model **model, calfpump_protocol **protocol, const char *text, const char *name, char *errbuf, size_t errlen);
int calfpump_protocol_run_option(const calfpump_protocol *p, const char *name, double *value);
const char *calfpump_protocol_run_integrator(const calfpump_protocol *p);
/* simulation */
void calfpump_sim_free(calfpump_sim *s);
const char *calfpump_sim_errmsg(const calfpump_sim *s);
int calfpump_sim_set_integrator(calfpump_sim *s, const char *name);
size_t calfpump_integrator_count(void);
const char *calfpump_integrator_name(size_t i);
const char *calfpump_sim_integrator(const calfpump_sim *s);
int calfpump_sim_set_option(calfpump_sim *s, const char *name, double value);
int calfpump_sim_get_option(const calfpump_sim *s, const char *name, double *value);
int calfpump_sim_advance(calfpump_sim *s, double t_end);
int calfpump_sim_run(calfpump_sim *s);
int calfpump_sim_reset(calfpump_sim *s);
double calfpump_sim_time(const calfpump_sim *s);
double calfpump_sim_end_time(const calfpump_sim *s);
size_t calfpump_sim_trace_rows(const calfpump_sim *s);
size_t calfpump_sim_trace_cols(const calfpump_sim *s);
const char *calfpump_sim_trace_col_name(const calfpump_sim *s, size_t j);
int calfpump_sim_trace_col_index(const calfpump_sim *s, const char *name, size_t *j);
int calfpump_sim_trace_column(const calfpump_sim *s, size_t j, double *buf, size_t n, size_t *written);
int calfpump_sim_write_csv(calfpump_sim *s, const char *path);
int calfpump_sim_metric(calfpump_sim *s, const char *name, double *value);
size_t calfpump_sim_metric_count(const calfpump_sim *s);
const char *calfpump_sim_metric_name(const calfpump_sim *s, size_t i);
/* introspection (0.2) */
size_t calfpump_activity_count(void);
const char *calfpump_activity_name(size_t i);
const char *calfpump_activity_description(size_t i);
const char *calfpump_activity_postures(size_t i);
int calfpump_activity_uses_param(size_t i, const char *param);
size_t calfpump_posture_count(void);
const char *calfpump_posture_name(size_t i);
const char *calfpump_posture_description(size_t i);
int calfpump_protocol_param_info(const char *name, double *lower, double *upper, double *value, const char **unit, const char **description);
int calfpump_protocol_segment_describe(const calfpump_protocol *p, size_t index, char *buf, size_t len);
size_t calfpump_run_option_count(void);
const char *calfpump_run_option_name(size_t i);
int calfpump_run_option_info(const char *name, double *lower, double *upper, double *value, const char **unit, const char **description);
int calfpump_metric_info(const char *name, const char **unit, const char **description);
size_t calfpump_metric_key_count(void);
int calfpump_metric_key(size_t i, const char **name, const char **label, int *decimals);
const char *calfpump_sim_trace_col_unit(const calfpump_sim *s, size_t j);
const char *calfpump_data_dir(void);
const char *calfpump_default_model_path(void);
/* constructors with an error buffer (0.2) */
int calfpump_sim_create(calfpump_sim **out, const calfpump_model *m, const calfpump_protocol *p, char *errbuf, size_t errlen);
int calfpump_protocol_create_named(calfpump_protocol **out, const char *name, char *errbuf, size_t errlen);
int calfpump_model_write(const calfpump_model *m, const calfpump_protocol *p, const char *path, char *errbuf, size_t errlen);
/* run settings (0.2) */
int calfpump_protocol_set_run_option(calfpump_protocol *p, const char *name, double value);
int calfpump_protocol_unset_run_option(calfpump_protocol *p, const char *name);
int calfpump_protocol_set_run_integrator(calfpump_protocol *p, const char *name);
int calfpump_sim_apply_run_settings(calfpump_sim *s);
/* clinical summary (0.2) */
int calfpump_sim_summary(calfpump_sim *s, size_t *nrows);
int calfpump_sim_summary_row(const calfpump_sim *s, size_t i, const char **section, const char **label, double *value, const char **text, const char **unit, const char **note);
int calfpump_sim_flagged_valves(calfpump_sim *s, char *buf, size_t len, size_t *count);
/* streaming output (0.2) */
int calfpump_sim_set_row_callback(calfpump_sim *s, calfpump_row_fn fn, void *user);
int calfpump_sim_stream_csv_file(calfpump_sim *s, const char *path);
int calfpump_sim_set_output_columns(calfpump_sim *s, const char *columns);
int calfpump_sim_set_output_every(calfpump_sim *s, size_t every);
int calfpump_sim_set_store_trace(calfpump_sim *s, int store);
/* include/calfpump/study.h: many simulations (0.2) */
int calfpump_batch_create(calfpump_batch **out, const calfpump_model *m, const calfpump_protocol *p, char *errbuf, size_t errlen);
void calfpump_batch_free(calfpump_batch *b);
const char *calfpump_batch_errmsg(const calfpump_batch *b);
int calfpump_batch_set_params(calfpump_batch *b, const char *names);
int calfpump_batch_set_metrics(calfpump_batch *b, const char *names);
size_t calfpump_batch_param_count(const calfpump_batch *b);
const char *calfpump_batch_param_name(const calfpump_batch *b, size_t j);
size_t calfpump_batch_metric_count(const calfpump_batch *b);
const char *calfpump_batch_metric_name(const calfpump_batch *b, size_t j);
int calfpump_batch_set_threads(calfpump_batch *b, unsigned n);
unsigned calfpump_batch_threads(const calfpump_batch *b);
int calfpump_batch_run(calfpump_batch *b, size_t n, const double *x, double *y, int *status);
size_t calfpump_batch_failed(const calfpump_batch *b);
const char *calfpump_batch_run_errmsg(const calfpump_batch *b, size_t i);
int calfpump_batch_fit(calfpump_batch *b, const double *target, const double *sigma, const double *lo, const double *hi, double *x, double *x_sd, double *residual, int *identified, double *cost);
int calfpump_design_create(calfpump_design **out, const calfpump_model *m, char *errbuf, size_t errlen);
void calfpump_design_free(calfpump_design *d);
const char *calfpump_design_errmsg(const calfpump_design *d);
int calfpump_design_add(calfpump_design *d, const char *param, const char *dist);
int calfpump_design_parse(calfpump_design *d, const char *text, const char *source);
int calfpump_design_load(calfpump_design *d, const char *path);
size_t calfpump_design_count(const calfpump_design *d);
const char *calfpump_design_param_name(const calfpump_design *d, size_t j);
const char *calfpump_design_param_dist(const calfpump_design *d, size_t j);
int calfpump_design_sample(calfpump_design *d, unsigned long seed, size_t first, size_t n, double *x);
int calfpump_design_map(calfpump_design *d, size_t n, const double *u, double *x);
int calfpump_sobol_plan(size_t k, size_t n, unsigned long seed, double *u, char *errbuf, size_t errlen);
int calfpump_sobol_indices(size_t k, size_t n, const double *y, size_t nboot, double level, unsigned long seed, calfpump_sobol_index *out, size_t *used, char *errbuf, size_t errlen);
/* include/calfpump/sys/integrator.h: to run with the CVODE plug-in */
int calfpump_sim_set_integrator_ops(calfpump_sim *s, const calfpump_integrator_ops *ops);
"""

CVODE_DECLARATIONS = r"""
typedef struct calfpump_integrator_ops calfpump_integrator_ops;
const calfpump_integrator_ops *calfpump_cvode_integrator(void);
const char *calfpump_cvode_version_string(void);
"""

_PLUGIN = ("the systems tier of calfpump/sys/integrator.h, for integrator plug-ins "
           "written in C; Python chooses an integrator by name (the built-in ones "
           "and the CVODE plug-in)")
_SOLVER = ("the stand-alone ODE solver of calfpump/sys/integrator.h, for any ODE "
           "written in C; not part of simulating a leg (SciPy solves Python ODEs)")

#: Public functions of libcalfpump.map deliberately not wrapped, with why.
UNWRAPPED: Dict[str, str] = {
    "calfpump_sim_new": "superseded by calfpump_sim_create, which says why it failed",
    "calfpump_integrator_default": "Simulation.integrator reports it for a new simulation "
                                   "(calfpump_sim_integrator)",
    "calfpump_protocol_new_named":
        "superseded by calfpump_protocol_create_named, which says why it failed",
    "calfpump_model_save": "superseded by calfpump_model_write, whose error buffer "
                           "does not depend on writing into a const model",
    "calfpump_ode_init": _SOLVER,
    "calfpump_odectx_dim": _PLUGIN,
    "calfpump_odectx_rhs": _PLUGIN,
    "calfpump_odectx_jac": _PLUGIN,
    "calfpump_odectx_add_rejected": _PLUGIN,
    "calfpump_odectx_add_lu": _PLUGIN,
    "calfpump_integrator_ops_init": _PLUGIN,
    "calfpump_integrator_builtin": _PLUGIN + " (calfpump_sim_set_integrator takes "
                                             "the built-in names)",
    "calfpump_solver_new": _SOLVER,
    "calfpump_solver_free": _SOLVER,
    "calfpump_solver_errmsg": _SOLVER,
    "calfpump_solver_set_option": _SOLVER,
    "calfpump_solver_init": _SOLVER,
    "calfpump_solver_advance": _SOLVER,
    "calfpump_solver_time": _SOLVER,
    "calfpump_solver_stat": _SOLVER,
    "calfpump_sim_stream_csv": "a C write callback for the CSV stream; Python streams "
                               "CSV to a path (Simulation.run(csv=...)) or rows to a "
                               "callable (Simulation.run(stream=...))",
"calfpump_batch_set_progress_callback":
        "Batch.run(chunk=..., progress=...) runs in chunks instead, which also lets "
        "Ctrl-C interrupt between chunks (a callback from inside one library call cannot)",
    "calfpump_sim_set_progress_callback":
        "Simulation.run(progress=...) runs in chunks instead, which also lets Ctrl-C "
        "interrupt between chunks (a callback from inside one library call cannot)",
}


class Prototype(NamedTuple):
    """One C function: return type, name and argument types, normalised
    ("const char *", "size_t", "calfpump_model **"; no parameter names)."""

    restype: str
    name: str
    argtypes: Tuple[str, ...]


_PROTO = re.compile(r"^\s*(?P<ret>[\w\s\*]+?)\s*\b(?P<name>calfpump_\w+)\s*"
                    r"\((?P<args>[^()]*)\)\s*;\s*$")
_TOKEN = re.compile(r"[A-Za-z_]\w*|\*")


def normalize_type(decl: str, named: bool) -> str:
    """``"const char  *name"`` -> ``"const char *"`` (with ``named``, the last
    identifier is the parameter's name and is dropped)."""
    tokens = _TOKEN.findall(decl)
    if named and len(tokens) > 1 and tokens[-1] != "*":
        tokens = tokens[:-1]
    words = [t for t in tokens if t != "*"]
    stars = len(tokens) - len(words)
    return " ".join(words) + (" " + "*" * stars if stars else "")


def parse_prototype(line: str) -> Prototype:
    """Parse one function prototype written on one line."""
    m = _PROTO.match(line)
    if not m:
        raise ValueError(f"not a prototype: {line!r}")
    args = m.group("args").strip()
    argtypes: Tuple[str, ...] = ()
    if args and args != "void":
        argtypes = tuple(normalize_type(a, named=True) for a in args.split(","))
    return Prototype(normalize_type(m.group("ret"), named=False), m.group("name"), argtypes)


def prototypes(text: str) -> List[Prototype]:
    """The function prototypes of a declarations text (typedefs, comments and
    blank lines skipped)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return [parse_prototype(line) for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("typedef")]
