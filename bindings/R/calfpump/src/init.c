/* init.c -- registration of the .Call entry points (R_registerRoutines),
 * no dynamic symbol lookup. */
#include <R_ext/Rdynload.h>
#include "cfpr.h"

#define CALL(name, n) {#name, (DL_FUNC)&name, n}
static const R_CallMethodDef calls[] = {
    CALL(cfpr_status_codes, 0),
    CALL(cfpr_status_name, 1),
    CALL(cfpr_version, 0),
    CALL(cfpr_model_load, 1),
    CALL(cfpr_model_load_string, 2),
    CALL(cfpr_model_write, 3),
    CALL(cfpr_free, 1),
    CALL(cfpr_is_live, 1),
    CALL(cfpr_conditions, 0),
    CALL(cfpr_postures, 0),
    CALL(cfpr_protocols, 0),
    CALL(cfpr_integrators, 0),
    CALL(cfpr_activities, 0),
    CALL(cfpr_segment_params, 0),
    CALL(cfpr_run_options, 0),
    CALL(cfpr_metric_info, 1),
    CALL(cfpr_key_metrics, 0),
    CALL(cfpr_paths, 0),
    CALL(cfpr_model_new, 1),
    CALL(cfpr_model_clone, 1),
    CALL(cfpr_model_add_compartment, 4),
    CALL(cfpr_model_add_connection, 5),
    CALL(cfpr_model_compartments, 1),
    CALL(cfpr_model_connections, 1),
    CALL(cfpr_model_get, 2),
    CALL(cfpr_model_set, 3),
    CALL(cfpr_model_params, 1),
    CALL(cfpr_model_apply_condition, 2),
    CALL(cfpr_protocol_new, 1),
    CALL(cfpr_protocol_add_segment, 4),
    CALL(cfpr_protocol_get, 3),
    CALL(cfpr_protocol_set, 4),
    CALL(cfpr_protocol_segments, 1),
    CALL(cfpr_protocol_duration, 1),
    CALL(cfpr_protocol_set_waveform, 6),
    CALL(cfpr_protocol_run_settings, 1),
    CALL(cfpr_protocol_set_run_option, 3),
    CALL(cfpr_protocol_set_run_integrator, 2),
    CALL(cfpr_sim_trace_size, 1),
    CALL(cfpr_sim_trace_columns, 1),
    CALL(cfpr_sim_trace, 2),
    CALL(cfpr_sim_write_csv, 2),
    CALL(cfpr_sim_metric_names, 1),
    CALL(cfpr_sim_metrics, 3),
    CALL(cfpr_sim_flagged_valves, 1),
    CALL(cfpr_sim_summary, 1),
    CALL(cfpr_sim_new, 2),
    CALL(cfpr_sim_set_integrator, 2),
    CALL(cfpr_sim_set_option, 3),
    CALL(cfpr_sim_options, 1),
    CALL(cfpr_sim_apply_run_settings, 1),
    CALL(cfpr_sim_advance, 2),
    CALL(cfpr_sim_reset, 1),
    CALL(cfpr_sim_time, 1),
    CALL(cfpr_design_sample, 5),
    CALL(cfpr_design_map, 3),
    CALL(cfpr_batch_run, 6),
    CALL(cfpr_batch_fit, 6),
    CALL(cfpr_sobol_plan, 3),
    CALL(cfpr_sobol_indices, 6),
    {NULL, NULL, 0}};

void R_init_calfpump(DllInfo *dll);

void R_init_calfpump(DllInfo *dll)
{
    R_registerRoutines(dll, NULL, calls, NULL, NULL);
    R_useDynamicSymbols(dll, FALSE);
    R_forceSymbols(dll, TRUE);
}
