/* calls.h -- the .Call entry points of the package (registered in
 * init.c), so that every definition is checked against its
 * declaration.  Regenerated when an entry point is added. */
#ifndef CFPR_CALLS_H
#define CFPR_CALLS_H

SEXP cfpr_status_codes(void);
SEXP cfpr_status_name(SEXP status);
SEXP cfpr_version(void);
SEXP cfpr_model_load(SEXP path);
SEXP cfpr_model_load_string(SEXP text, SEXP name);
SEXP cfpr_model_write(SEXP mx, SEXP px, SEXP path);
SEXP cfpr_free(SEXP x);
SEXP cfpr_is_live(SEXP x);
SEXP cfpr_conditions(void);
SEXP cfpr_postures(void);
SEXP cfpr_protocols(void);
SEXP cfpr_integrators(void);
SEXP cfpr_activities(void);
SEXP cfpr_segment_params(void);
SEXP cfpr_run_options(void);
SEXP cfpr_metric_info(SEXP names);
SEXP cfpr_key_metrics(void);
SEXP cfpr_paths(void);
SEXP cfpr_model_new(SEXP deflt);
SEXP cfpr_model_clone(SEXP mx);
SEXP cfpr_model_add_compartment(SEXP mx, SEXP name, SEXP region, SEXP layer);
SEXP cfpr_model_add_connection(SEXP mx, SEXP name, SEXP from, SEXP to, SEXP valve);
SEXP cfpr_model_compartments(SEXP mx);
SEXP cfpr_model_connections(SEXP mx);
SEXP cfpr_model_get(SEXP mx, SEXP names);
SEXP cfpr_model_set(SEXP mx, SEXP names, SEXP vals);
SEXP cfpr_model_params(SEXP mx);
SEXP cfpr_model_apply_condition(SEXP mx, SEXP condition);
SEXP cfpr_protocol_new(SEXP name);
SEXP cfpr_protocol_add_segment(SEXP px, SEXP posture, SEXP activity, SEXP duration);
SEXP cfpr_protocol_get(SEXP px, SEXP segment, SEXP names);
SEXP cfpr_protocol_set(SEXP px, SEXP segment, SEXP names, SEXP vals);
SEXP cfpr_protocol_segments(SEXP px);
SEXP cfpr_protocol_duration(SEXP px);
SEXP cfpr_protocol_set_waveform(SEXP px, SEXP segment, SEXP muscle, SEXP t, SEXP a,
                                SEXP periodic);
SEXP cfpr_protocol_run_settings(SEXP px);
SEXP cfpr_protocol_set_run_option(SEXP px, SEXP name, SEXP value);
SEXP cfpr_protocol_set_run_integrator(SEXP px, SEXP name);
SEXP cfpr_sim_trace_size(SEXP sx);
SEXP cfpr_sim_trace_columns(SEXP sx);
SEXP cfpr_sim_trace(SEXP sx, SEXP names);
SEXP cfpr_sim_write_csv(SEXP sx, SEXP path);
SEXP cfpr_sim_metric_names(SEXP sx);
SEXP cfpr_sim_metrics(SEXP sx, SEXP names, SEXP skip);
SEXP cfpr_sim_flagged_valves(SEXP sx);
SEXP cfpr_sim_summary(SEXP sx);
SEXP cfpr_sim_new(SEXP mx, SEXP px);
SEXP cfpr_sim_set_integrator(SEXP sx, SEXP name);
SEXP cfpr_sim_set_option(SEXP sx, SEXP name, SEXP value);
SEXP cfpr_sim_options(SEXP sx);
SEXP cfpr_sim_apply_run_settings(SEXP sx);
SEXP cfpr_sim_advance(SEXP sx, SEXP t_endx);
SEXP cfpr_sim_reset(SEXP sx);
SEXP cfpr_sim_time(SEXP sx);

/* study.c */
SEXP cfpr_design_sample(SEXP mx, SEXP dists, SEXP n, SEXP seed, SEXP first);
SEXP cfpr_design_map(SEXP mx, SEXP dists, SEXP u);
SEXP cfpr_batch_run(SEXP mx, SEXP px, SEXP params, SEXP metrics, SEXP x, SEXP threads);
SEXP cfpr_batch_fit(SEXP mx, SEXP px, SEXP params, SEXP metrics, SEXP threads, SEXP args);
SEXP cfpr_sobol_plan(SEXP k, SEXP n, SEXP seed);
SEXP cfpr_sobol_indices(SEXP y, SEXP k, SEXP n, SEXP nboot, SEXP level, SEXP seed);

#endif
