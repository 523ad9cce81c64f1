/**
 * @file calfpump.h
 * @brief libcalfpump: simulation of the human calf muscle pump.
 *
 * This is the only header applications include.  Every object is an opaque
 * handle; every function that can fail returns an int status (#CALFPUMP_OK
 * or a negative #calfpump_status code) and leaves a human-readable message
 * in the handle it was given (calfpump_model_errmsg(), ...).  The library
 * never aborts, exits or prints.  Handles are independent: one handle per
 * thread is always safe, and there is no global mutable state.
 *
 * Units everywhere: pressure mmHg, volume mL, flow mL/s, time s, length and
 * height cm.
 *
 * Data flow: a #calfpump_model (the network and its parameters) and a
 * #calfpump_protocol (segments of posture and activity) are copied into a
 * #calfpump_sim, which integrates the equations with a chosen integrator,
 * records a trace at a fixed output interval and computes clinical metrics
 * from it.
 *
 * Every function also has a manual page in section 3 (overview:
 * calfpump(3)).
 */
#ifndef CALFPUMP_H
#define CALFPUMP_H

#include <stddef.h>
#include <calfpump/version.h>

/**
 * @def CALFPUMP_API
 * Marks a function exported by libcalfpump: default symbol visibility with
 * GCC and Clang (the library is built with -fvisibility=hidden), dllexport
 * or dllimport on Windows (define CALFPUMP_STATIC there to link the static
 * library), nothing elsewhere.  Every function marked with it is listed in
 * the library's symbol version script and has a manual page.
 */
#if defined(_WIN32) && !defined(CALFPUMP_STATIC)
#  ifdef CALFPUMP_BUILDING
#    define CALFPUMP_API __declspec(dllexport)
#  else
#    define CALFPUMP_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define CALFPUMP_API __attribute__((visibility("default")))
#else
#  define CALFPUMP_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/** @defgroup status Status codes and messages
 *
 * Every function that can fail returns #CALFPUMP_OK (0) or one of the
 * negative codes of #calfpump_status, and leaves a message that says what
 * was wrong (which parameter, which value) in the handle it was given or in
 * the caller's error buffer.
 *  @{ */

/**
 * The one list of status codes.  Values are fixed forever; new codes are
 * only ever appended with new, more negative values.
 * Each row is X(name, value, description): the enumerator of
 * #calfpump_status, its value and the text calfpump_strerror() returns.
 * @param X a macro taking (name, value, description), applied to each row
 */
#define CALFPUMP_STATUS_LIST(X)                                              \
    X(CALFPUMP_OK,          0, "success")                                    \
    X(CALFPUMP_E_NOMEM,    -1, "out of memory")                              \
    X(CALFPUMP_E_NULL,     -2, "required pointer argument is NULL")          \
    X(CALFPUMP_E_INVAL,    -3, "invalid argument")                           \
    X(CALFPUMP_E_RANGE,    -4, "value is not finite or out of its range")    \
    X(CALFPUMP_E_NOTFOUND, -5, "no such name")                               \
    X(CALFPUMP_E_EXISTS,   -6, "name already in use")                        \
    X(CALFPUMP_E_STATE,    -7, "call not valid in the object's state")       \
    X(CALFPUMP_E_STEPSIZE, -8, "step size fell below its minimum: the integrator cannot meet its tolerance") \
    X(CALFPUMP_E_MAXSTEPS, -9, "step limit reached")                         \
    X(CALFPUMP_E_NONFINITE,-10, "the solution became non-finite")            \
    X(CALFPUMP_E_ABI,      -11, "plug-in ABI version or table size not supported") \
    X(CALFPUMP_E_CALLBACK, -12, "a user callback reported a fatal error")    \
    X(CALFPUMP_E_IO,       -13, "file input/output error")                   \
    X(CALFPUMP_E_MODEL,    -14, "the model network is inconsistent")

/** Status codes returned by every fallible function (one enumerator per
 *  row of #CALFPUMP_STATUS_LIST; the text is calfpump_strerror()'s). */
typedef enum calfpump_status {
    /* Written out, as C89 and C++98 forbid the trailing comma an X-macro
     * would leave; tests/check-headers.sh checks each name, value and text
     * against CALFPUMP_STATUS_LIST. */
    CALFPUMP_OK          =   0, /**< calfpump_strerror(): "success" */
    CALFPUMP_E_NOMEM     =  -1, /**< calfpump_strerror(): "out of memory" */
    CALFPUMP_E_NULL      =  -2, /**< calfpump_strerror(): "required pointer argument is NULL" */
    CALFPUMP_E_INVAL     =  -3, /**< calfpump_strerror(): "invalid argument" */
    CALFPUMP_E_RANGE     =  -4, /**< calfpump_strerror(): "value is not finite or out of its range" */
    CALFPUMP_E_NOTFOUND  =  -5, /**< calfpump_strerror(): "no such name" */
    CALFPUMP_E_EXISTS    =  -6, /**< calfpump_strerror(): "name already in use" */
    CALFPUMP_E_STATE     =  -7, /**< calfpump_strerror(): "call not valid in the object's state" */
    CALFPUMP_E_STEPSIZE  =  -8, /**< calfpump_strerror(): "step size fell below its minimum: the integrator cannot meet its tolerance" */
    CALFPUMP_E_MAXSTEPS  =  -9, /**< calfpump_strerror(): "step limit reached" */
    CALFPUMP_E_NONFINITE = -10, /**< calfpump_strerror(): "the solution became non-finite" */
    CALFPUMP_E_ABI       = -11, /**< calfpump_strerror(): "plug-in ABI version or table size not supported" */
    CALFPUMP_E_CALLBACK  = -12, /**< calfpump_strerror(): "a user callback reported a fatal error" */
    CALFPUMP_E_IO        = -13, /**< calfpump_strerror(): "file input/output error" */
    CALFPUMP_E_MODEL     = -14  /**< calfpump_strerror(): "the model network is inconsistent" */
} calfpump_status;

/** Static description of a status code.
 *  @param status a #calfpump_status value (any int is accepted)
 *  @return the description ("out of memory"); never NULL: "unknown status"
 *          for codes this version does not know. */
CALFPUMP_API const char *calfpump_strerror(int status);
/** Symbolic name of a status code.
 *  @param status a #calfpump_status value (any int is accepted)
 *  @return the enumerator's name ("CALFPUMP_E_RANGE"), or NULL if this
 *          version does not know the code. */
CALFPUMP_API const char *calfpump_status_name(int status);

/** @} */

/* ------------------------------------------------------------------ */
/** @defgroup version Version
 *  @{ */
/** Runtime library version.
 *  @return (major<<16)|(minor<<8)|patch of the library actually loaded
 *          (compare with #CALFPUMP_VERSION_NUMBER of the headers). */
CALFPUMP_API unsigned calfpump_version(void);
/** Runtime library version string.
 *  @return a static string such as "0.1.0". */
CALFPUMP_API const char *calfpump_version_string(void);
/** ABI version: the SONAME major number.  Bindings compare it with the
 *  value they were written for.
 *  @return the N of libcalfpump.so.N. */
CALFPUMP_API int calfpump_abi_version(void);
/** @} */

/* ------------------------------------------------------------------ */
/** @defgroup model Model: the network and its parameters
 *  @{ */

/** A venous network (compartments, connections, valves) with parameters. */
typedef struct calfpump_model calfpump_model;

/** Create an empty network (only the right-atrium boundary "ra" exists).
 *  @param[out] out receives the model; set to NULL on failure.
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL (@p out is NULL),
 *          #CALFPUMP_E_NOMEM. */
CALFPUMP_API int calfpump_model_new(calfpump_model **out);
/** Create the default adult leg (spec section 10), healthy, standing posture
 *  geometry for a 175 cm subject. @param[out] out receives the model; set
 *  to NULL on failure.
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOMEM. */
CALFPUMP_API int calfpump_model_new_default(calfpump_model **out);
/** Deep copy of a model.
 *  @param[out] out receives the copy; set to NULL on failure
 *  @param m        the model to copy
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOMEM. */
CALFPUMP_API int calfpump_model_clone(calfpump_model **out, const calfpump_model *m);
/** Free a model; NULL is accepted.
 *  @param m the model, or NULL */
CALFPUMP_API void calfpump_model_free(calfpump_model *m);
/** Detailed message about the last failure on this model ("" if none).
 *  Valid until the next call on the model.  Never NULL.
 *  @param m the model (NULL gives a message saying so)
 *  @return the message, owned by the model. */
CALFPUMP_API const char *calfpump_model_errmsg(const calfpump_model *m);

/**
 * Add a compartment.
 * @param m      model
 * @param name   unique name: letters, digits and '_' (at most 63 chars)
 * @param region "foot", "calf", "knee", "thigh" or "other"
 * @param layer  "superficial", "deep" or "intramuscular"
 * All numeric properties start at documented defaults and are set with
 * calfpump_model_set() as "comp.NAME.PROPERTY".
 * @return #CALFPUMP_OK; #CALFPUMP_E_NULL; #CALFPUMP_E_INVAL (a malformed
 *         name, an unknown region or layer); #CALFPUMP_E_EXISTS (the name
 *         is taken; "ra" is reserved); #CALFPUMP_E_NOMEM.
 */
CALFPUMP_API int calfpump_model_add_compartment(calfpump_model *m, const char *name,
                                                const char *region, const char *layer);
/**
 * Add a connection carrying flow from compartment @p from to compartment
 * @p to (positive towards the heart).  @p to may be "ra", the right
 * atrium.  If @p with_valve is non-zero the connection has a valve whose
 * parameters are "valve.NAME.*".  Connection parameters are "conn.NAME.*".
 * @param m          model
 * @param name       unique connection name (letters, digits, '_')
 * @param from       compartment the flow leaves
 * @param to         compartment the flow enters, or "ra"
 * @param with_valve non-zero for a one-way valve
 * @return #CALFPUMP_OK; #CALFPUMP_E_NULL; #CALFPUMP_E_INVAL (a malformed
 *         name, @p from is "ra", or @p from equals @p to);
 *         #CALFPUMP_E_EXISTS; #CALFPUMP_E_NOTFOUND (no such compartment);
 *         #CALFPUMP_E_NOMEM.
 */
CALFPUMP_API int calfpump_model_add_connection(calfpump_model *m, const char *name,
                                               const char *from, const char *to,
                                               int with_valve);

/** Number of compartments.
 *  @param m model
 *  @return the count; 0 if @p m is NULL. */
CALFPUMP_API size_t calfpump_model_compartment_count(const calfpump_model *m);
/** Name of compartment @p i, or NULL if out of range.
 *  @param m model
 *  @param i index, 0 to calfpump_model_compartment_count() - 1
 *  @return the name, owned by the model, or NULL. */
CALFPUMP_API const char *calfpump_model_compartment_name(const calfpump_model *m, size_t i);
/** Region of compartment @p i ("foot", "calf", ...), or NULL.
 *  @param m model
 *  @param i compartment index
 *  @return a static string, or NULL if @p i is out of range. */
CALFPUMP_API const char *calfpump_model_compartment_region(const calfpump_model *m, size_t i);
/** Layer of compartment @p i ("superficial", ...), or NULL.
 *  @param m model
 *  @param i compartment index
 *  @return a static string, or NULL if @p i is out of range. */
CALFPUMP_API const char *calfpump_model_compartment_layer(const calfpump_model *m, size_t i);
/** Number of connections.
 *  @param m model
 *  @return the count; 0 if @p m is NULL. */
CALFPUMP_API size_t calfpump_model_connection_count(const calfpump_model *m);
/** Name of connection @p i, or NULL if out of range.
 *  @param m model
 *  @param i index, 0 to calfpump_model_connection_count() - 1
 *  @return the name, owned by the model, or NULL. */
CALFPUMP_API const char *calfpump_model_connection_name(const calfpump_model *m, size_t i);
/** Name of the compartment connection @p i starts from, or NULL.
 *  @param m model
 *  @param i connection index
 *  @return the compartment's name, or NULL if @p i is out of range. */
CALFPUMP_API const char *calfpump_model_connection_from(const calfpump_model *m, size_t i);
/** Name of the compartment connection @p i leads to ("ra" for the right
 *  atrium), or NULL.
 *  @param m model
 *  @param i connection index
 *  @return the compartment's name, or NULL if @p i is out of range. */
CALFPUMP_API const char *calfpump_model_connection_to(const calfpump_model *m, size_t i);
/** Non-zero if connection @p i has a valve.
 *  @param m model
 *  @param i connection index
 *  @return 1 if it has a valve; 0 if not, or if @p i is out of range. */
CALFPUMP_API int calfpump_model_connection_has_valve(const calfpump_model *m, size_t i);

/** Set a parameter by name, e.g. "valve.popliteal_femoral.competence",
 *  "comp.calf_sinuses.v0", "cvp".  Non-finite or out-of-bounds values are
 *  rejected with #CALFPUMP_E_RANGE and the model is unchanged.
 *  @param m     model
 *  @param name  parameter name (calfpump_model_param_name())
 *  @param value new value, within calfpump_model_param_info()'s bounds
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND (no such
 *          parameter), #CALFPUMP_E_RANGE. */
CALFPUMP_API int calfpump_model_set(calfpump_model *m, const char *name, double value);
/** Get a parameter by name.
 *  @param m          model
 *  @param name       parameter name
 *  @param[out] value receives the value
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND. */
CALFPUMP_API int calfpump_model_get(const calfpump_model *m, const char *name, double *value);
/** Number of parameters the model currently has.
 *  @param m model
 *  @return the count; 0 if @p m is NULL. */
CALFPUMP_API size_t calfpump_model_param_count(const calfpump_model *m);
/** Name of parameter @p i (stable until the network changes), or NULL.
 *  @param m model
 *  @param i index, 0 to calfpump_model_param_count() - 1
 *  @return the name, owned by the model, or NULL if out of range. */
CALFPUMP_API const char *calfpump_model_param_name(const calfpump_model *m, size_t i);
/**
 * Describe a parameter: inclusive bounds and unit string ("mmHg", "mL",
 * "1" for dimensionless, ...).  Any out-pointer may be NULL.
 * @param m          model
 * @param name       parameter name
 * @param[out] lower inclusive lower bound
 * @param[out] upper inclusive upper bound
 * @param[out] unit  static unit string
 * @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND.
 */
CALFPUMP_API int calfpump_model_param_info(const calfpump_model *m, const char *name,
                                           double *lower, double *upper,
                                           const char **unit);

/** Apply a named condition preset ("healthy", "gsv-reflux", ...): a
 *  documented set of ordinary parameter changes (see calfpump(3) and doc/parameters.md).
 *  All or nothing: if one of its parameters does not exist in this
 *  network, the model is unchanged.
 *  @param m         model
 *  @param condition preset name (calfpump_condition_name())
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND (no such
 *          preset, or it does not fit the network), #CALFPUMP_E_NOMEM. */
CALFPUMP_API int calfpump_model_apply_condition(calfpump_model *m, const char *condition);
/** Number of condition presets.
 *  @return the count. */
CALFPUMP_API size_t calfpump_condition_count(void);
/** Name of condition preset @p i, or NULL.
 *  @param i index, 0 to calfpump_condition_count() - 1
 *  @return a static string, or NULL if out of range. */
CALFPUMP_API const char *calfpump_condition_name(size_t i);
/** One-line description of condition preset @p i, or NULL.
 *  @param i preset index
 *  @return a static string, or NULL if out of range. */
CALFPUMP_API const char *calfpump_condition_description(size_t i);

/** @} */

/* ------------------------------------------------------------------ */
/** @defgroup protocol Protocol: segments of posture and activity
 *  @{ */

/** A sequence of segments run back to back. */
typedef struct calfpump_protocol calfpump_protocol;

/** Create an empty protocol.
 *  @param[out] out receives the protocol; set to NULL on failure
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOMEM. */
CALFPUMP_API int calfpump_protocol_new(calfpump_protocol **out);
/**
 * Create a named clinical protocol:
 * - "avp": stand 60 s, walk at 3 km/h for 60 s, stand 90 s;
 * - "apg": supine 60 s, stand without weight 150 s, one tiptoe (2 s),
 *   stand 40 s, ten tiptoes at 1 per s (10 s), stand 30 s (Christopoulos
 *   air plethysmography);
 * - "cycle": sit 60 s, cycle at 50 rpm with toes pointed 90 s, sit 60 s;
 * - "tilt" : supine 60 s, stand still 150 s (hydrostatics, V1);
 * - "valve": stand 60 s, then a 15 s segment that starts with a manual
 *   calf squeeze of 100 mmHg held about 1 s (valve closure, V6).
 *
 * A failure has no handle to hold its message: use
 * calfpump_protocol_create_named() to get it.
 * @param[out] out receives the protocol; set to NULL on failure
 * @param name     one of calfpump_protocol_named_name()
 * @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND (unknown
 *         name), #CALFPUMP_E_NOMEM.
 */
CALFPUMP_API int calfpump_protocol_new_named(calfpump_protocol **out, const char *name);
/** Number of named protocols.
 *  @return the count. */
CALFPUMP_API size_t calfpump_protocol_named_count(void);
/** Name of named protocol @p i, or NULL.
 *  @param i index, 0 to calfpump_protocol_named_count() - 1
 *  @return a static string, or NULL if out of range. */
CALFPUMP_API const char *calfpump_protocol_named_name(size_t i);
/** Free a protocol; NULL is accepted.
 *  @param p the protocol, or NULL */
CALFPUMP_API void calfpump_protocol_free(calfpump_protocol *p);
/** Detailed message about the last failure on this protocol. Never NULL.
 *  @param p the protocol (NULL gives a message saying so)
 *  @return the message ("" if none), valid until the next call on @p p. */
CALFPUMP_API const char *calfpump_protocol_errmsg(const calfpump_protocol *p);

/**
 * Append a segment.
 * @param p        protocol
 * @param posture  "supine", "sitting", "standing" or "tilt" (head-up tilt:
 *                 heights between supine and standing at the segment's
 *                 "angle", degrees)
 * @param activity what the muscles do:
 *   - "still": no activation (immobility, stasis; hours are fine);
 *   - "walk" (standing; "speed" km/h, "cadence" steps/min);
 *   - "run" (standing; "speed", "cadence");
 *   - "stairs" (standing; "rate" steps/s);
 *   - "tiptoe" (standing; "count" raises at "rate" per s);
 *   - "cycle" (sitting; "rpm", "toe_pointed");
 *   - "swim" (supine, immersed to "depth" cm; flutter kicks at "rate");
 *   - "heel_raise", "toe_tap" (sitting; "rate");
 *   - "ankle_pump" (supine or sitting; "rate");
 *   - "squeeze" (a manual calf squeeze of "pressure" mmHg, ~1 s);
 *   - "custom": activations from sampled waveforms
 *     (calfpump_protocol_set_waveform()) or a C callback
 *     (calfpump_protocol_set_activation_fn()).
 *
 *   calfpump_activity_name() lists them all.
 * @param duration seconds, > 0
 * @param[out] index receives the segment's index (may be NULL)
 * @return #CALFPUMP_OK; #CALFPUMP_E_NULL; #CALFPUMP_E_INVAL (unknown
 *         posture or activity, or an activity the posture does not allow);
 *         #CALFPUMP_E_RANGE (duration not finite, not > 0 or too long);
 *         #CALFPUMP_E_NOMEM.
 */
CALFPUMP_API int calfpump_protocol_add_segment(calfpump_protocol *p, const char *posture,
                                               const char *activity, double duration,
                                               size_t *index);
/**
 * Set a parameter of segment @p index.  Activity: "speed", "cadence",
 * "rpm", "toe_pointed", "count", "rate", "strength" (0..1 scale of every
 * activation), "weight_bearing", "pressure", "angle", "depth".
 * Compression during the segment: "stocking" (class 0-4: ankle 19.5, 27.5,
 * 40, 50 mmHg, graduated towards the thigh), "compression_ankle" (mmHg,
 * graduated profile), or a custom profile "compression_foot",
 * "compression_calf", "compression_knee", "compression_thigh" (mmHg);
 * "bandage" (inelastic: working pressure rises by this fraction at full
 * calf activation).  Intermittent pneumatic compression: "ipc_pressure"
 * (mmHg, 0 = off), "ipc_period", "ipc_inflate", "ipc_hold", "ipc_deflate"
 * (s), "ipc_foot", "ipc_calf", "ipc_thigh" (0/1 cuffs), "ipc_delay"
 * (sequential delay between chambers, distal first, s).  Bounds are
 * checked; the names are listed by calfpump_protocol_param_name().  A
 * parameter the segment does not use (one its activity does not read,
 * calfpump_activity_uses_param(); "angle" outside the tilt posture) keeps
 * its default: setting it to another value is an error.
 * @param p     protocol
 * @param index segment index
 * @param param segment parameter name
 * @param value new value, within calfpump_protocol_param_info()'s bounds
 *              (a whole number for counts, classes and switches)
 * @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND (no such
 *         parameter), #CALFPUMP_E_RANGE (no such segment, or the value is
 *         out of bounds), #CALFPUMP_E_INVAL (a value other than the
 *         default for a parameter the segment does not use).
 */
CALFPUMP_API int calfpump_protocol_set(calfpump_protocol *p, size_t index,
                                       const char *param, double value);
/** Number of segment parameter names.
 *  @return the count. */
CALFPUMP_API size_t calfpump_protocol_param_count(void);
/** Name of segment parameter @p i, or NULL.
 *  @param i index, 0 to calfpump_protocol_param_count() - 1
 *  @return a static string, or NULL if out of range. */
CALFPUMP_API const char *calfpump_protocol_param_name(size_t i);

/**
 * Custom activation callback: fill a[0..2] (foot, calf, thigh; clamped to
 * [0, 1]) at time @p t seconds after the segment start.  Return 0, a
 * positive value for a recoverable failure (the integrator retries with a
 * smaller step) or a negative value to stop the run (#CALFPUMP_E_CALLBACK).
 * An activation that is not finite (NaN, infinity) also stops the run with
 * #CALFPUMP_E_CALLBACK.
 * Called from the integrator's inner loop: it must not block.
 * @param t      time since the start of the segment, s
 * @param a      the three activations to fill in (foot, calf, thigh)
 * @param user   the pointer given to calfpump_protocol_set_activation_fn()
 */
typedef int (*calfpump_activation_fn)(double t, double *a, void *user);

/**
 * Give a "custom" segment a sampled activation waveform for one muscle
 * group ("foot", "calf", "thigh"): @p n samples a[i] in [0, 1] at strictly
 * increasing times t[i] (s after the segment start), interpolated
 * linearly, held constant outside the samples, or repeated with period
 * t[n-1] - t[0] if @p periodic.  The arrays are copied.
 * @param p        protocol
 * @param index    index of a "custom" segment
 * @param muscle   "foot", "calf" or "thigh"
 * @param t        @p n sample times, strictly increasing, s
 * @param a        @p n activations in [0, 1]
 * @param n        number of samples (at least 2 if @p periodic)
 * @param periodic non-zero to repeat the waveform
 * @return #CALFPUMP_OK; #CALFPUMP_E_NULL; #CALFPUMP_E_INVAL (unknown
 *         muscle group); #CALFPUMP_E_RANGE (no such segment, or bad
 *         samples); #CALFPUMP_E_STATE (the segment is not "custom");
 *         #CALFPUMP_E_NOMEM.
 */
CALFPUMP_API int calfpump_protocol_set_waveform(calfpump_protocol *p, size_t index,
                                                const char *muscle, const double *t,
                                                const double *a, size_t n, int periodic);
/** Drive a "custom" segment by a C callback instead (NULL removes it).
 *  @p user is passed back; it must outlive every simulation using it.
 *  @param p     protocol
 *  @param index index of a "custom" segment
 *  @param fn    the callback, or NULL
 *  @param user  passed to @p fn
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_RANGE (no such
 *          segment), #CALFPUMP_E_STATE (the segment is not "custom"). */
CALFPUMP_API int calfpump_protocol_set_activation_fn(calfpump_protocol *p, size_t index,
                                                     calfpump_activation_fn fn, void *user);
/** Get an activity parameter of segment @p index.
 *  @param p          protocol
 *  @param index      segment index
 *  @param param      segment parameter name
 *  @param[out] value receives the value
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_RANGE (no such
 *          segment), #CALFPUMP_E_NOTFOUND (no such parameter). */
CALFPUMP_API int calfpump_protocol_get(const calfpump_protocol *p, size_t index,
                                       const char *param, double *value);
/** Number of segments.
 *  @param p protocol
 *  @return the count; 0 if @p p is NULL. */
CALFPUMP_API size_t calfpump_protocol_segment_count(const calfpump_protocol *p);
/** Activity of segment @p index ("walk", ...), or NULL.
 *  @param p     protocol
 *  @param index segment index
 *  @return a static string, or NULL if out of range. */
CALFPUMP_API const char *calfpump_protocol_segment_activity(const calfpump_protocol *p, size_t index);
/** Posture of segment @p index, or NULL.
 *  @param p     protocol
 *  @param index segment index
 *  @return a static string, or NULL if out of range. */
CALFPUMP_API const char *calfpump_protocol_segment_posture(const calfpump_protocol *p, size_t index);
/** Duration of segment @p index in s, or NaN.
 *  @param p     protocol
 *  @param index segment index
 *  @return the duration, or NaN if out of range. */
CALFPUMP_API double calfpump_protocol_segment_duration(const calfpump_protocol *p, size_t index);
/** Total duration of all segments, s.
 *  @param p protocol
 *  @return the sum of the durations; NaN if @p p is NULL. */
CALFPUMP_API double calfpump_protocol_duration(const calfpump_protocol *p);

/** @} */

/* ------------------------------------------------------------------ */
/** @defgroup modelfile Model files: a model and a protocol as text
 *
 * A versioned, line-based text format (documented in doc/model-file.md):
 * a header line "calfpump-model 1", then sections [global],
 * [compartment NAME], [connection NAME], [condition] (model), [segment]
 * and [run] (protocol).  The default leg ships as default-leg.cfp in the
 * package data directory.
 *  @{ */

/**
 * Read a model, and optionally a protocol, from the model file @p path.
 *
 * The parser is strict: an unknown section or key, a key given twice, a
 * malformed or out-of-bounds number, an unknown region, layer, posture,
 * activity or condition preset, a dangling connection or a compartment
 * that is not connected to the right atrium is an error.  Nothing
 * half-built escapes: on failure *model and *protocol are NULL.
 *
 * @param[out] model    receives the model (the empty network, as from
 *                      calfpump_model_new(), if the file defines no
 *                      compartment); may be NULL to only check the file
 * @param[out] protocol receives the protocol of the [segment] and [run]
 *                      sections, or NULL if the file has none; may be NULL
 *                      (the protocol sections are still checked, then
 *                      discarded)
 * @param path          file to read
 * @param[out] errbuf   on failure receives "PATH:LINE: what was wrong
 *                      (what was expected)", on success ""; may be NULL
 * @param errlen        size of @p errbuf in bytes (the message is
 *                      truncated to fit)
 * @return #CALFPUMP_OK; #CALFPUMP_E_IO if the file cannot be read;
 *         #CALFPUMP_E_INVAL for a syntax or semantic error;
 *         #CALFPUMP_E_NOMEM; #CALFPUMP_E_NULL if @p path is NULL.
 */
CALFPUMP_API int calfpump_model_load(calfpump_model **model, calfpump_protocol **protocol,
                                     const char *path, char *errbuf, size_t errlen);
/**
 * Like calfpump_model_load(), reading the model file's text from the
 * string @p text; @p name stands for the file name in messages (NULL:
 * "<string>").
 * @param[out] model    receives the model; may be NULL
 * @param[out] protocol receives the protocol or NULL; may be NULL
 * @param text          the model file's text, NUL-terminated
 * @param name          name for messages, or NULL
 * @param[out] errbuf   receives the message ("" on success); may be NULL
 * @param errlen        size of @p errbuf in bytes
 * @return as calfpump_model_load(), without #CALFPUMP_E_IO.
 */
CALFPUMP_API int calfpump_model_load_string(calfpump_model **model,
                                            calfpump_protocol **protocol, const char *text,
                                            const char *name, char *errbuf, size_t errlen);
/**
 * Write model @p m, and protocol @p p if not NULL, to the model file
 * @p path.  Every parameter is written, with as many digits as it takes
 * (at most 17 significant digits, "%.17g") for calfpump_model_load() to
 * read back the same value bit for bit; so are every segment parameter,
 * the sampled waveforms of custom segments and the protocol's run
 * settings.  Errors are reported in calfpump_model_errmsg(@p m):
 * #CALFPUMP_E_IO (cannot write), #CALFPUMP_E_MODEL (a network that could
 * not be read back: not connected to the right atrium),
 * #CALFPUMP_E_STATE (a segment driven by a C callback, which a file
 * cannot hold).  calfpump_model_write() does the same and returns the
 * message in a buffer.
 * @param m    model
 * @param p    protocol, or NULL for a file without one
 * @param path file to write (replaced if it exists)
 * @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_IO,
 *         #CALFPUMP_E_MODEL, #CALFPUMP_E_STATE, #CALFPUMP_E_NOMEM.
 */
CALFPUMP_API int calfpump_model_save(const calfpump_model *m, const calfpump_protocol *p,
                                     const char *path);
/**
 * Run setting read from a model file's [run] section: "output_interval",
 * "rtol", "atol", "h", "h_init", "h_min", "h_max" or "max_steps" (the
 * numeric options of calfpump_sim_set_option(); the file only stores
 * them, the program applies them).
 * @param p          protocol
 * @param name       run option name (calfpump_run_option_name())
 * @param[out] value receives the value
 * @return #CALFPUMP_OK with *value set; #CALFPUMP_E_NOTFOUND if the file
 *         did not set it; #CALFPUMP_E_INVAL if @p name is not a run
 *         setting; #CALFPUMP_E_NULL.
 */
CALFPUMP_API int calfpump_protocol_run_option(const calfpump_protocol *p, const char *name,
                                              double *value);
/** Integrator named by a model file's [run] section ("integrator = NAME",
 *  for calfpump_sim_set_integrator()), or NULL if not set.
 *  @param p protocol
 *  @return the name, owned by the protocol, or NULL. */
CALFPUMP_API const char *calfpump_protocol_run_integrator(const calfpump_protocol *p);

/** @} */
/* ---- end of model files ------------------------------------------ */

/* ------------------------------------------------------------------ */
/** @defgroup sim Simulation, trace and metrics
 *  @{ */

/** One run of a model through a protocol. */
typedef struct calfpump_sim calfpump_sim;

/**
 * Create a simulation.  The model and the protocol are validated and
 * copied: they may be changed or freed afterwards without affecting the
 * simulation.  The default integrator is "auto" (see
 * calfpump_integrator_default()).  A protocol without
 * segments, or with a "custom" segment that has neither a waveform nor a
 * callback, is rejected.
 *
 * On failure the message goes to calfpump_model_errmsg(@p m) (an invalid
 * network, no memory) or calfpump_protocol_errmsg(@p p) (the protocol),
 * as in version 0.1; calfpump_sim_create() returns it in a buffer instead.
 * @param[out] out receives the simulation; set to NULL on failure
 * @param m        model (copied)
 * @param p        protocol (copied)
 * @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_MODEL (the network
 *         is invalid), #CALFPUMP_E_INVAL (the protocol has no segments, or
 *         a custom segment has nothing to drive it), #CALFPUMP_E_NOMEM.
 */
CALFPUMP_API int calfpump_sim_new(calfpump_sim **out, const calfpump_model *m,
                                  const calfpump_protocol *p);
/** Free a simulation; NULL is accepted.
 *  @param s the simulation, or NULL */
CALFPUMP_API void calfpump_sim_free(calfpump_sim *s);
/** Detailed message about the last failure on this simulation. Never NULL.
 *  @param s the simulation (NULL gives a message saying so)
 *  @return the message ("" if none), valid until the next call on @p s. */
CALFPUMP_API const char *calfpump_sim_errmsg(const calfpump_sim *s);

/** Choose a built-in integrator by name ("auto", "dopri5", "rodas", "rk4").  Only before the
 *  first call to calfpump_sim_advance() or after calfpump_sim_reset().
 *  @param s    simulation
 *  @param name one of calfpump_integrator_name()
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND,
 *          #CALFPUMP_E_STATE (the run has started). */
CALFPUMP_API int calfpump_sim_set_integrator(calfpump_sim *s, const char *name);
/** Number of built-in integrators.
 *  @return the count. */
CALFPUMP_API size_t calfpump_integrator_count(void);
/** Name of built-in integrator @p i, or NULL.
 *  @param i index, 0 to calfpump_integrator_count() - 1
 *  @return a static string, or NULL if out of range. */
CALFPUMP_API const char *calfpump_integrator_name(size_t i);
/** Name of the integrator a new simulation starts with: "auto", which
 *  runs dopri5 where the problem is not stiff and rodas where it is,
 *  switching on a stiffness estimate.
 *  @return a static string, one of calfpump_integrator_name(). */
CALFPUMP_API const char *calfpump_integrator_default(void);
/** Name of the integrator the simulation will run (or runs): a built-in
 *  name, or the name of a plug-in's table set with
 *  calfpump_sim_set_integrator_ops().
 *  @param s simulation
 *  @return the name, valid while @p s exists and its integrator is not
 *          changed (a plug-in's name as long as its table's name string
 *          lives); NULL if @p s is NULL. */
CALFPUMP_API const char *calfpump_sim_integrator(const calfpump_sim *s);

/**
 * Set a numeric option: "rtol", "atol", "h" (fixed step of rk4, s),
 * "h_init", "h_min", "h_max" (s), "max_steps" (a whole number),
 * "output_interval" (s).  Same state rule as calfpump_sim_set_integrator().
 * @param s     simulation
 * @param name  run option name (calfpump_run_option_name())
 * @param value new value, within calfpump_run_option_info()'s bounds
 * @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND,
 *         #CALFPUMP_E_RANGE, #CALFPUMP_E_STATE.
 */
CALFPUMP_API int calfpump_sim_set_option(calfpump_sim *s, const char *name, double value);
/** Get a numeric option.
 *  @param s          simulation
 *  @param name       run option name
 *  @param[out] value receives the value
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND. */
CALFPUMP_API int calfpump_sim_get_option(const calfpump_sim *s, const char *name, double *value);

/** Integrate up to time @p t_end (clamped to the protocol's end).  Can be
 *  called repeatedly to run in chunks (e.g. to show progress).
 *  @param s     simulation
 *  @param t_end time to reach, s: not before the current time
 *               (calfpump_sim_time()); it is a time, not a duration
 *  @return #CALFPUMP_OK; #CALFPUMP_E_NULL; #CALFPUMP_E_RANGE (@p t_end is
 *          NaN or before the current time, or an option is inconsistent);
 *          #CALFPUMP_E_STATE (an earlier call failed: calfpump_sim_reset()
 *          first); the integrator's failures #CALFPUMP_E_STEPSIZE,
 *          #CALFPUMP_E_MAXSTEPS, #CALFPUMP_E_NONFINITE,
 *          #CALFPUMP_E_CALLBACK (also a NaN or infinite activation);
 *          #CALFPUMP_E_NOMEM.  The trace recorded before a failure is kept. */
CALFPUMP_API int calfpump_sim_advance(calfpump_sim *s, double t_end);
/** Integrate the whole protocol.
 *  @param s simulation
 *  @return as calfpump_sim_advance(). */
CALFPUMP_API int calfpump_sim_run(calfpump_sim *s);
/** Return to t = 0 with the initial state and an empty trace.
 *  @param s simulation
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOMEM (no memory to
 *          find the steady starting state: the simulation cannot run until
 *          a reset succeeds). */
CALFPUMP_API int calfpump_sim_reset(calfpump_sim *s);
/** Current simulated time, s.
 *  @param s simulation
 *  @return the time reached; NaN if @p s is NULL. */
CALFPUMP_API double calfpump_sim_time(const calfpump_sim *s);
/** Protocol end time, s.
 *  @param s simulation
 *  @return the end time; NaN if @p s is NULL. */
CALFPUMP_API double calfpump_sim_end_time(const calfpump_sim *s);

/** Number of rows recorded so far (one per output time).
 *  @param s simulation
 *  @return the count; 0 if @p s is NULL. */
CALFPUMP_API size_t calfpump_sim_trace_rows(const calfpump_sim *s);
/** Number of trace columns (fixed for a simulation).
 *  @param s simulation
 *  @return the count (0 before the run has started, or if @p s is NULL). */
CALFPUMP_API size_t calfpump_sim_trace_cols(const calfpump_sim *s);
/** Name of trace column @p j ("t", "V.calf_sinuses", "P.dorsal_foot",
 *  "Q.popliteal_femoral", "zeta.popliteal_femoral", ...), or NULL.
 *  @param s simulation
 *  @param j column index, 0 to calfpump_sim_trace_cols() - 1
 *  @return the name, owned by the simulation, or NULL. */
CALFPUMP_API const char *calfpump_sim_trace_col_name(const calfpump_sim *s, size_t j);
/** Index of the trace column named @p name.
 *  @param s      simulation
 *  @param name   column name
 *  @param[out] j receives the index
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND,
 *          #CALFPUMP_E_STATE (no columns before the run has started). */
CALFPUMP_API int calfpump_sim_trace_col_index(const calfpump_sim *s, const char *name, size_t *j);
/** Copy column @p j into @p buf (at most @p n values); *written gets the
 *  number copied (may be NULL).
 *  @param s            simulation
 *  @param j            column index
 *  @param[out] buf     receives the values, one per row
 *  @param n            capacity of @p buf in values
 *  @param[out] written receives the number of values copied; may be NULL
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_RANGE (no such
 *          column). */
CALFPUMP_API int calfpump_sim_trace_column(const calfpump_sim *s, size_t j, double *buf,
                                           size_t n, size_t *written);
/** Write the trace as CSV (header line, then one row per output time).
 *  @param s    simulation
 *  @param path file to write (replaced if it exists)
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_STATE (nothing
 *          recorded yet), #CALFPUMP_E_IO. */
CALFPUMP_API int calfpump_sim_write_csv(calfpump_sim *s, const char *path);

/**
 * Read a derived measure by name.  Available names are listed by
 * calfpump_sim_metric_count()/calfpump_sim_metric_name(); a measure that
 * the protocol does not define (e.g. APG indices without the APG
 * segments) or that was not reached (RT90 when the pressure never
 * recovers) returns #CALFPUMP_E_STATE with a message saying why.
 * @param s          simulation
 * @param name       metric name ("avp.fall", "reflux.popliteal.duration")
 * @param[out] value receives the value
 * @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND (unknown
 *         name), #CALFPUMP_E_STATE.
 */
CALFPUMP_API int calfpump_sim_metric(calfpump_sim *s, const char *name, double *value);
/** Number of metric names this simulation knows.
 *  @param s simulation
 *  @return the count; 0 if @p s is NULL. */
CALFPUMP_API size_t calfpump_sim_metric_count(const calfpump_sim *s);
/** Name of metric @p i, or NULL.
 *  @param s simulation
 *  @param i index, 0 to calfpump_sim_metric_count() - 1
 *  @return the name, owned by the simulation, or NULL. */
CALFPUMP_API const char *calfpump_sim_metric_name(const calfpump_sim *s, size_t i);

/** @} */


/* ------------------------------------------------------------------ */
/** @defgroup introspection Introspection: what the library knows (0.2)
 *
 * Everything the command-line program and the Python and R bindings show
 * about activities, postures, segment parameters, run options and metrics
 * comes from these functions, so that every front end says the same.
 * Strings are static and never NULL unless stated.
 *  @{ */

/** Number of activities a segment can have ("still", "walk", ...).
 *  @return the count. */
CALFPUMP_API size_t calfpump_activity_count(void);
/** Name of activity @p i (for calfpump_protocol_add_segment()), or NULL if
 *  @p i is out of range.
 *  @param i index, 0 to calfpump_activity_count() - 1
 *  @return a static string, or NULL. */
CALFPUMP_API const char *calfpump_activity_name(size_t i);
/** One-line description of activity @p i, or NULL if out of range.
 *  @param i activity index
 *  @return a static string, or NULL. */
CALFPUMP_API const char *calfpump_activity_description(size_t i);
/** The postures activity @p i can be done in, as words ("standing",
 *  "supine or sitting", "any posture"), or NULL if out of range.
 *  @param i activity index
 *  @return a static string, or NULL. */
CALFPUMP_API const char *calfpump_activity_postures(size_t i);
/**
 * Does activity @p i read segment parameter @p param?
 * @param i     activity index
 * @param param segment parameter name (calfpump_protocol_param_name())
 * @return 1 if it does, 0 if not (every segment also takes the posture and
 *         compression parameters, which no activity lists);
 *         #CALFPUMP_E_RANGE if @p i is out of range, #CALFPUMP_E_NULL if
 *         @p param is NULL, #CALFPUMP_E_NOTFOUND if no segment parameter
 *         has that name.
 */
CALFPUMP_API int calfpump_activity_uses_param(size_t i, const char *param);

/** Number of postures ("supine", "sitting", "standing", "tilt").
 *  @return the count. */
CALFPUMP_API size_t calfpump_posture_count(void);
/** Name of posture @p i, or NULL if out of range.
 *  @param i index, 0 to calfpump_posture_count() - 1
 *  @return a static string, or NULL. */
CALFPUMP_API const char *calfpump_posture_name(size_t i);
/** One-line description of posture @p i, or NULL if out of range.
 *  @param i posture index
 *  @return a static string, or NULL. */
CALFPUMP_API const char *calfpump_posture_description(size_t i);

/**
 * Describe a segment parameter (see calfpump_protocol_param_name()).
 * Any out-pointer may be NULL.
 * @param name          segment parameter name, e.g. "speed"
 * @param[out] lower    inclusive lower bound
 * @param[out] upper    inclusive upper bound
 * @param[out] value    value of a new segment
 * @param[out] unit     unit ("km/h", "1" for dimensionless, "0/1" for a switch)
 * @param[out] description one line
 * @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND.
 */
CALFPUMP_API int calfpump_protocol_param_info(const char *name, double *lower, double *upper,
                                              double *value, const char **unit,
                                              const char **description);

/**
 * Write a short description of the details of segment @p index into
 * @p buf ("3 km/h", "10 raises at 1/s, stocking class 2"; "" for a segment
 * with nothing to add to its posture and activity).  The text is truncated
 * to fit @p len bytes.
 * @param p        protocol
 * @param index    segment index
 * @param[out] buf receives the text
 * @param len      size of @p buf in bytes
 * @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_RANGE (no such
 *         segment).
 */
CALFPUMP_API int calfpump_protocol_segment_describe(const calfpump_protocol *p, size_t index,
                                                   char *buf, size_t len);

/** Number of run options ("rtol", "atol", "h", "h_init", "h_min", "h_max",
 *  "max_steps", "output_interval"): the numeric options of
 *  calfpump_sim_set_option() and of a model file's [run] section.
 *  @return the count. */
CALFPUMP_API size_t calfpump_run_option_count(void);
/** Name of run option @p i, or NULL if out of range.
 *  @param i index, 0 to calfpump_run_option_count() - 1
 *  @return a static string, or NULL. */
CALFPUMP_API const char *calfpump_run_option_name(size_t i);
/**
 * Describe a run option: bounds, default value, unit, one-line
 * description.  Any out-pointer may be NULL.
 * @param name             run option name, e.g. "rtol"
 * @param[out] lower       inclusive lower bound
 * @param[out] upper       inclusive upper bound
 * @param[out] value       default value
 * @param[out] unit        unit ("s", "1")
 * @param[out] description one line
 * @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND.
 */
CALFPUMP_API int calfpump_run_option_info(const char *name, double *lower, double *upper,
                                          double *value, const char **unit,
                                          const char **description);

/**
 * Describe a metric by name ("avp.fall", "reflux.popliteal.duration",
 * "stasis.calf_sinuses.residence"): unit and one-line description.  The
 * element part of per-valve and per-compartment names is not checked
 * against any model.  Any out-pointer may be NULL.
 * @param name             metric name
 * @param[out] unit        unit ("mmHg", "s", "1")
 * @param[out] description one line
 * @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND.
 */
CALFPUMP_API int calfpump_metric_info(const char *name, const char **unit,
                                      const char **description);

/** Number of key measures: the metrics a comparison of legs shows
 *  ("avp.fall", "apg.ef", "reflux.flagged", ...), in the order to show
 *  them.
 *  @return the count. */
CALFPUMP_API size_t calfpump_metric_key_count(void);
/**
 * Key measure @p i: its metric name, a short label ("fall", "EF ejection
 * fraction") and the decimals worth showing.  Any out-pointer may be NULL.
 * @param i             index, 0 to calfpump_metric_key_count() - 1
 * @param[out] name     metric name (static)
 * @param[out] label    short label (static)
 * @param[out] decimals number of decimals worth showing
 * @return #CALFPUMP_OK, #CALFPUMP_E_RANGE.
 */
CALFPUMP_API int calfpump_metric_key(size_t i, const char **name, const char **label,
                                     int *decimals);

/** Unit of trace column @p j ("s", "mL", "mmHg", "mL/s", "1"), or NULL if
 *  there is no such column (yet: columns exist once the run has started).
 *  @param s simulation
 *  @param j column index
 *  @return a static string, or NULL. */
CALFPUMP_API const char *calfpump_sim_trace_col_unit(const calfpump_sim *s, size_t j);

/** The directory the package's data files were installed to (configure's
 *  pkgdatadir, e.g. "/usr/share/libcalfpump").
 *  @return a static string. */
CALFPUMP_API const char *calfpump_data_dir(void);
/** Path of the installed default leg model file
 *  (calfpump_data_dir() + "/default-leg.cfp").
 *  @return a static string (the file exists once the package is
 *          installed). */
CALFPUMP_API const char *calfpump_default_model_path(void);

/** @} */

/* ------------------------------------------------------------------ */
/** @defgroup errors0_2 Constructors that report why they failed (0.2)
 *
 * Every failure reaches the caller with its message: functions on a handle
 * leave it in the handle (calfpump_model_errmsg(), ...); constructors,
 * which have no handle yet, and functions on a const handle take a buffer
 * @p errbuf of @p errlen bytes (either may be NULL/0) that receives the
 * message on failure and "" on success, as calfpump_model_load() does.
 * No function writes a message into a handle it received as const.
 *  @{ */

/**
 * Create a simulation, as calfpump_sim_new(), with the reason for a
 * failure in @p errbuf ("the model is invalid: compartment 'x' is not
 * connected to the right atrium", "the protocol has no segments").
 * @param[out] out    receives the simulation; set to NULL on failure
 * @param m           model (copied)
 * @param p           protocol (copied)
 * @param[out] errbuf receives the message ("" on success); may be NULL
 * @param errlen      size of @p errbuf in bytes
 * @return as calfpump_sim_new().
 */
CALFPUMP_API int calfpump_sim_create(calfpump_sim **out, const calfpump_model *m,
                                     const calfpump_protocol *p, char *errbuf, size_t errlen);
/** Create a named protocol, as calfpump_protocol_new_named(), with the
 *  reason for a failure (an unknown name lists the known ones) in
 *  @p errbuf.
 *  @param[out] out    receives the protocol; set to NULL on failure
 *  @param name        one of calfpump_protocol_named_name()
 *  @param[out] errbuf receives the message ("" on success); may be NULL
 *  @param errlen      size of @p errbuf in bytes
 *  @return as calfpump_protocol_new_named(). */
CALFPUMP_API int calfpump_protocol_create_named(calfpump_protocol **out, const char *name,
                                                char *errbuf, size_t errlen);
/** Write a model file, as calfpump_model_save(), with the reason for a
 *  failure in @p errbuf instead of the (const) model's message.
 *  @param m           model
 *  @param p           protocol, or NULL
 *  @param path        file to write
 *  @param[out] errbuf receives the message ("" on success); may be NULL
 *  @param errlen      size of @p errbuf in bytes
 *  @return as calfpump_model_save(). */
CALFPUMP_API int calfpump_model_write(const calfpump_model *m, const calfpump_protocol *p,
                                      const char *path, char *errbuf, size_t errlen);

/** @} */

/* ------------------------------------------------------------------ */
/** @defgroup runsettings Run settings carried by a protocol (0.2)
 *
 * A protocol can carry the run options and the integrator that a model
 * file's [run] section holds, so that a program can save and reload a
 * complete experiment.  calfpump_sim_apply_run_settings() applies them.
 *  @{ */

/** Set run option @p name (calfpump_run_option_name()) of the protocol;
 *  bounds as calfpump_sim_set_option().
 *  @param p     protocol
 *  @param name  run option name
 *  @param value the value, within calfpump_run_option_info()'s bounds
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND,
 *          #CALFPUMP_E_RANGE. */
CALFPUMP_API int calfpump_protocol_set_run_option(calfpump_protocol *p, const char *name,
                                                  double value);
/** Remove run option @p name from the protocol (not an error if unset).
 *  @param p    protocol
 *  @param name run option name
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND (not a
 *          run option). */
CALFPUMP_API int calfpump_protocol_unset_run_option(calfpump_protocol *p, const char *name);
/** Set the integrator the protocol's run asks for (any valid name: built-in
 *  or a plug-in's); NULL removes it.
 *  @param p    protocol
 *  @param name integrator name (letters, digits, '_'), or NULL
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL (@p p is NULL),
 *          #CALFPUMP_E_INVAL (a malformed name). */
CALFPUMP_API int calfpump_protocol_set_run_integrator(calfpump_protocol *p, const char *name);
/**
 * Apply the run settings of the simulation's protocol: its run options,
 * then its integrator if it names a built-in one.  Same state rule as
 * calfpump_sim_set_option().
 * @param s simulation
 * @return #CALFPUMP_OK; #CALFPUMP_E_NOTFOUND (after applying the options)
 *         if the integrator is not built in: a plug-in's, which the caller
 *         sets with calfpump_sim_set_integrator_ops(); #CALFPUMP_E_STATE;
 *         #CALFPUMP_E_NULL.
 */
CALFPUMP_API int calfpump_sim_apply_run_settings(calfpump_sim *s);

/** @} */

/* ------------------------------------------------------------------ */
/** @defgroup summary The clinical summary as data (0.2)
 *
 * The rows of the clinical summary the command-line program prints, for
 * every front end to render alike: ambulatory venous pressure with its
 * interpretation, air plethysmography with normal limits, venous return,
 * calf pump, reflux per valve and the solver.  Sections the protocol does
 * not support are left out; a measure that was not reached is a row with
 * a NaN value, its text saying so and its note saying why.
 *  @{ */

/**
 * Compute the summary of the run so far; *nrows receives the number of
 * rows (may be NULL).  Call again after further calfpump_sim_advance()
 * calls: the rows of the previous call are then invalid.
 * @param s            simulation
 * @param[out] nrows   receives the number of rows; may be NULL
 * @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOMEM.
 */
CALFPUMP_API int calfpump_sim_summary(calfpump_sim *s, size_t *nrows);
/**
 * Row @p i of the last calfpump_sim_summary().  Any out-pointer may be
 * NULL; strings stay valid until the next calfpump_sim_summary(),
 * calfpump_sim_reset() or calfpump_sim_free().
 * @param s            simulation
 * @param i            row index
 * @param[out] section heading of the row's section ("Ambulatory venous
 *                     pressure (at dorsal_foot)")
 * @param[out] label   what the row measures ("fall"); "" for a row that
 *                     is only a note
 * @param[out] value   the number, NaN if there is none
 * @param[out] text    the number as the summary shows it ("53.1"), or
 *                     "n/a", "not reached", "" for a note
 * @param[out] unit    unit of the value ("mmHg"), "" if none
 * @param[out] note    interpretation or reason ("RT90 < 20 s suggests
 *                     venous reflux.", "[normal < 2 mL/s]"), "" if none
 * @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_RANGE.
 */
CALFPUMP_API int calfpump_sim_summary_row(const calfpump_sim *s, size_t i, const char **section,
                                          const char **label, double *value, const char **text,
                                          const char **unit, const char **note);

/**
 * The valves whose longest reverse flow in the run so far exceeds their
 * clinical cut-off (metric "reflux.VALVE.flag"): their names, separated by
 * ", ", into @p buf (truncated to fit @p len bytes; "" if none), and their
 * number into *count (may be NULL).
 * @param s          simulation
 * @param[out] buf   receives the names
 * @param len        size of @p buf in bytes
 * @param[out] count receives the number of flagged valves; may be NULL
 * @return #CALFPUMP_OK; #CALFPUMP_E_STATE (with a message) if fewer than two
 *         rows were recorded; #CALFPUMP_E_NULL.
 */
CALFPUMP_API int calfpump_sim_flagged_valves(calfpump_sim *s, char *buf, size_t len,
                                             size_t *count);

/** @} */


/** @defgroup streaming Streaming output and progress (0.2)
 *
 * Rows can leave the simulation as they are computed instead of (or as
 * well as) being stored: a row callback, a CSV stream to a write callback
 * or a file, a selection of columns and a decimation.  With the stored
 * trace off (calfpump_sim_set_store_trace()), memory does not grow with
 * the simulated time, and the metrics (computed in a streaming pass
 * whether or not the trace is stored) keep their values.  All settings
 * but the progress callback follow the rule of calfpump_sim_set_option():
 * before the run starts or after calfpump_sim_reset().
 *  @{ */

/** A row callback: called with every @c output_every-th output row.
 *  @param user   the pointer given to calfpump_sim_set_row_callback()
 *  @param t      the row's time, s
 *  @param values the selected columns' values (calfpump_sim_set_output_columns();
 *                by default every trace column in the order of
 *                calfpump_sim_trace_col_name(), so values[0] is t); valid
 *                only during the call
 *  @param n      number of values
 *  @return 0 to go on; anything else stops the run, which returns
 *          #CALFPUMP_E_CALLBACK. */
typedef int (*calfpump_row_fn)(void *user, double t, const double *values, size_t n);
/** A write callback for the CSV stream (as fwrite() is for a FILE).
 *  @param user the pointer given to calfpump_sim_stream_csv()
 *  @param data bytes to write (not NUL-terminated)
 *  @param len  number of bytes
 *  @return the number of bytes written; fewer than @p len stops the run
 *          with #CALFPUMP_E_IO. */
typedef size_t (*calfpump_write_fn)(void *user, const char *data, size_t len);
/** A progress callback.
 *  @param user  the pointer given to calfpump_sim_set_progress_callback()
 *  @param t     simulated time reached, s
 *  @param t_end the run's end time, s (t / t_end is the fraction done)
 *  @return 0 to go on; anything else cancels the run, which returns
 *          #CALFPUMP_E_CALLBACK (calfpump_sim_reset() before running again). */
typedef int (*calfpump_progress_fn)(void *user, double t, double t_end);

/** Call @p fn with each output row (NULL: no callback).
 *  @param s    simulation
 *  @param fn   the callback, or NULL
 *  @param user passed to @p fn
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_STATE (the run has started). */
CALFPUMP_API int calfpump_sim_set_row_callback(calfpump_sim *s, calfpump_row_fn fn, void *user);
/** Stream the trace as CSV to a write callback while it runs: the header
 *  line when the run starts, then one line per output row (selected
 *  columns, decimated), in the format of calfpump_sim_write_csv().
 *  Replaces a file set by calfpump_sim_stream_csv_file().
 *  @param s    simulation
 *  @param fn   the write callback, or NULL to stop streaming
 *  @param user passed to @p fn
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_STATE. */
CALFPUMP_API int calfpump_sim_stream_csv(calfpump_sim *s, calfpump_write_fn fn, void *user);
/** Stream the trace as CSV to the file @p path, opened (created or
 *  truncated) now, so that an unwritable path fails before the run; the
 *  file is closed when the run reaches its end (a write or close error is
 *  then the run's #CALFPUMP_E_IO), at calfpump_sim_reset() or
 *  calfpump_sim_free().
 *  @param s    simulation
 *  @param path file to write
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_STATE, #CALFPUMP_E_IO. */
CALFPUMP_API int calfpump_sim_stream_csv_file(calfpump_sim *s, const char *path);
/** Choose the columns the row callback and the CSV stream receive.
 *  @param s       simulation
 *  @param columns trace column names separated by ',' ("t,P.dorsal_foot"), in the
 *                 order wanted; NULL: every column
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND (a name is
 *          not a column; the selection is then every column),
 *          #CALFPUMP_E_INVAL (empty list), #CALFPUMP_E_STATE. */
CALFPUMP_API int calfpump_sim_set_output_columns(calfpump_sim *s, const char *columns);
/** Send only every @p every-th output row (rows 0, every, 2 every, ...) to
 *  the row callback and the CSV stream; the stored trace and the metrics
 *  still see every row.
 *  @param s     simulation
 *  @param every 1 (default) or more
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_RANGE (0), #CALFPUMP_E_STATE. */
CALFPUMP_API int calfpump_sim_set_output_every(calfpump_sim *s, size_t every);
/** Keep the trace in memory (default 1) or not (0).  Without it,
 *  calfpump_sim_trace_rows() is 0, calfpump_sim_write_csv() writes only the
 *  header, and the memory used does not grow with the simulated time;
 *  metrics, the summary and calfpump_sim_flagged_valves() are unchanged.
 *  @param s     simulation
 *  @param store non-zero to store
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_STATE. */
CALFPUMP_API int calfpump_sim_set_store_trace(calfpump_sim *s, int store);
/** Call @p fn as the run goes: at output rows at least @p interval
 *  simulated seconds apart (0: every row), and once at the end.  May be
 *  changed at any time.
 *  @param s        simulation
 *  @param fn       the callback, or NULL
 *  @param user     passed to @p fn
 *  @param interval simulated seconds between calls, finite and >= 0
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_RANGE. */
CALFPUMP_API int calfpump_sim_set_progress_callback(calfpump_sim *s, calfpump_progress_fn fn,
                                                    void *user, double interval);

/** @} */

#ifdef __cplusplus
}
#endif

#include <calfpump/study.h>
#endif /* CALFPUMP_H */
