## man/local.mk -- the hand-written manual pages (included by the top
## Makefile.am; paths are relative to the top).
##
## calfpump(1) describes the command-line program, calfpump(3) is the
## overview of the library, and each group page of section 3
## (calfpump_model.3, calfpump_sim.3, ...) describes a group of functions.
## Every exported function NAME also has a page man/man3/NAME.3 of its own:
## one line, ".so man3/GROUP.3", that leads to its group page.  To add a
## function: put it in the NAME and SYNOPSIS sections of its group page and
## describe it there, add its link page, and list the link page below.
## tests/check-man.sh fails when an exported symbol has no page, when a
## link page leads to a page that does not name the function, and on any
## "mandoc -Tlint" message.

CFP_MAN3_PAGES = \
	man/man3/calfpump.3 \
	man/man3/calfpump_activity.3 \
	man/man3/calfpump_batch.3 \
	man/man3/calfpump_design.3 \
	man/man3/calfpump_integrator.3 \
	man/man3/calfpump_metric.3 \
	man/man3/calfpump_model.3 \
	man/man3/calfpump_modelfile.3 \
	man/man3/calfpump_params.3 \
	man/man3/calfpump_protocol.3 \
	man/man3/calfpump_segment.3 \
	man/man3/calfpump_sim.3 \
	man/man3/calfpump_sobol.3 \
	man/man3/calfpump_status.3 \
	man/man3/calfpump_stream.3 \
	man/man3/calfpump_summary.3 \
	man/man3/calfpump_trace.3 \
	man/man3/calfpump_version.3

## The link pages, by the group page they lead to.
CFP_MAN3_LINKS =
## to calfpump_activity.3
CFP_MAN3_LINKS += \
	man/man3/calfpump_activity_count.3 \
	man/man3/calfpump_activity_description.3 \
	man/man3/calfpump_activity_name.3 \
	man/man3/calfpump_activity_postures.3 \
	man/man3/calfpump_activity_uses_param.3 \
	man/man3/calfpump_posture_count.3 \
	man/man3/calfpump_posture_description.3 \
	man/man3/calfpump_posture_name.3
## to calfpump_batch.3
CFP_MAN3_LINKS += \
	man/man3/calfpump_batch_create.3 \
	man/man3/calfpump_batch_errmsg.3 \
	man/man3/calfpump_batch_failed.3 \
	man/man3/calfpump_batch_fit.3 \
	man/man3/calfpump_batch_free.3 \
	man/man3/calfpump_batch_metric_count.3 \
	man/man3/calfpump_batch_metric_name.3 \
	man/man3/calfpump_batch_param_count.3 \
	man/man3/calfpump_batch_param_name.3 \
	man/man3/calfpump_batch_run.3 \
	man/man3/calfpump_batch_run_errmsg.3 \
	man/man3/calfpump_batch_set_metrics.3 \
	man/man3/calfpump_batch_set_params.3 \
	man/man3/calfpump_batch_set_progress_callback.3 \
	man/man3/calfpump_batch_set_threads.3 \
	man/man3/calfpump_batch_threads.3
## to calfpump_design.3
CFP_MAN3_LINKS += \
	man/man3/calfpump_design_add.3 \
	man/man3/calfpump_design_count.3 \
	man/man3/calfpump_design_create.3 \
	man/man3/calfpump_design_errmsg.3 \
	man/man3/calfpump_design_free.3 \
	man/man3/calfpump_design_load.3 \
	man/man3/calfpump_design_map.3 \
	man/man3/calfpump_design_param_dist.3 \
	man/man3/calfpump_design_param_name.3 \
	man/man3/calfpump_design_parse.3 \
	man/man3/calfpump_design_sample.3
## to calfpump_integrator.3
CFP_MAN3_LINKS += \
	man/man3/calfpump_integrator_builtin.3 \
	man/man3/calfpump_integrator_ops_init.3 \
	man/man3/calfpump_ode_init.3 \
	man/man3/calfpump_odectx_add_lu.3 \
	man/man3/calfpump_odectx_add_rejected.3 \
	man/man3/calfpump_odectx_dim.3 \
	man/man3/calfpump_odectx_jac.3 \
	man/man3/calfpump_odectx_rhs.3 \
	man/man3/calfpump_sim_set_integrator_ops.3 \
	man/man3/calfpump_solver_advance.3 \
	man/man3/calfpump_solver_errmsg.3 \
	man/man3/calfpump_solver_free.3 \
	man/man3/calfpump_solver_init.3 \
	man/man3/calfpump_solver_new.3 \
	man/man3/calfpump_solver_set_option.3 \
	man/man3/calfpump_solver_stat.3 \
	man/man3/calfpump_solver_time.3
## to calfpump_metric.3
CFP_MAN3_LINKS += \
	man/man3/calfpump_metric_info.3 \
	man/man3/calfpump_metric_key.3 \
	man/man3/calfpump_metric_key_count.3 \
	man/man3/calfpump_sim_flagged_valves.3 \
	man/man3/calfpump_sim_metric.3 \
	man/man3/calfpump_sim_metric_count.3 \
	man/man3/calfpump_sim_metric_name.3
## to calfpump_model.3
CFP_MAN3_LINKS += \
	man/man3/calfpump_model_add_compartment.3 \
	man/man3/calfpump_model_add_connection.3 \
	man/man3/calfpump_model_clone.3 \
	man/man3/calfpump_model_compartment_count.3 \
	man/man3/calfpump_model_compartment_layer.3 \
	man/man3/calfpump_model_compartment_name.3 \
	man/man3/calfpump_model_compartment_region.3 \
	man/man3/calfpump_model_connection_count.3 \
	man/man3/calfpump_model_connection_from.3 \
	man/man3/calfpump_model_connection_has_valve.3 \
	man/man3/calfpump_model_connection_name.3 \
	man/man3/calfpump_model_connection_to.3 \
	man/man3/calfpump_model_errmsg.3 \
	man/man3/calfpump_model_free.3 \
	man/man3/calfpump_model_new.3 \
	man/man3/calfpump_model_new_default.3
## to calfpump_modelfile.3
CFP_MAN3_LINKS += \
	man/man3/calfpump_model_load.3 \
	man/man3/calfpump_model_load_string.3 \
	man/man3/calfpump_model_save.3 \
	man/man3/calfpump_model_write.3 \
	man/man3/calfpump_protocol_run_integrator.3 \
	man/man3/calfpump_protocol_run_option.3 \
	man/man3/calfpump_protocol_set_run_integrator.3 \
	man/man3/calfpump_protocol_set_run_option.3 \
	man/man3/calfpump_protocol_unset_run_option.3
## to calfpump_params.3
CFP_MAN3_LINKS += \
	man/man3/calfpump_condition_count.3 \
	man/man3/calfpump_condition_description.3 \
	man/man3/calfpump_condition_name.3 \
	man/man3/calfpump_model_apply_condition.3 \
	man/man3/calfpump_model_get.3 \
	man/man3/calfpump_model_param_count.3 \
	man/man3/calfpump_model_param_info.3 \
	man/man3/calfpump_model_param_name.3 \
	man/man3/calfpump_model_set.3
## to calfpump_protocol.3
CFP_MAN3_LINKS += \
	man/man3/calfpump_protocol_add_segment.3 \
	man/man3/calfpump_protocol_create_named.3 \
	man/man3/calfpump_protocol_duration.3 \
	man/man3/calfpump_protocol_errmsg.3 \
	man/man3/calfpump_protocol_free.3 \
	man/man3/calfpump_protocol_named_count.3 \
	man/man3/calfpump_protocol_named_name.3 \
	man/man3/calfpump_protocol_new.3 \
	man/man3/calfpump_protocol_new_named.3 \
	man/man3/calfpump_protocol_segment_activity.3 \
	man/man3/calfpump_protocol_segment_count.3 \
	man/man3/calfpump_protocol_segment_describe.3 \
	man/man3/calfpump_protocol_segment_duration.3 \
	man/man3/calfpump_protocol_segment_posture.3
## to calfpump_segment.3
CFP_MAN3_LINKS += \
	man/man3/calfpump_protocol_get.3 \
	man/man3/calfpump_protocol_param_count.3 \
	man/man3/calfpump_protocol_param_info.3 \
	man/man3/calfpump_protocol_param_name.3 \
	man/man3/calfpump_protocol_set.3 \
	man/man3/calfpump_protocol_set_activation_fn.3 \
	man/man3/calfpump_protocol_set_waveform.3
## to calfpump_sim.3
CFP_MAN3_LINKS += \
	man/man3/calfpump_integrator_count.3 \
	man/man3/calfpump_integrator_name.3 \
	man/man3/calfpump_integrator_default.3 \
	man/man3/calfpump_sim_integrator.3 \
	man/man3/calfpump_run_option_count.3 \
	man/man3/calfpump_run_option_info.3 \
	man/man3/calfpump_run_option_name.3 \
	man/man3/calfpump_sim_advance.3 \
	man/man3/calfpump_sim_apply_run_settings.3 \
	man/man3/calfpump_sim_create.3 \
	man/man3/calfpump_sim_end_time.3 \
	man/man3/calfpump_sim_errmsg.3 \
	man/man3/calfpump_sim_free.3 \
	man/man3/calfpump_sim_get_option.3 \
	man/man3/calfpump_sim_new.3 \
	man/man3/calfpump_sim_reset.3 \
	man/man3/calfpump_sim_run.3 \
	man/man3/calfpump_sim_set_integrator.3 \
	man/man3/calfpump_sim_set_option.3 \
	man/man3/calfpump_sim_time.3
## to calfpump_sobol.3
CFP_MAN3_LINKS += \
	man/man3/calfpump_sobol_indices.3 \
	man/man3/calfpump_sobol_plan.3
## to calfpump_status.3
CFP_MAN3_LINKS += \
	man/man3/calfpump_status_name.3 \
	man/man3/calfpump_strerror.3
## to calfpump_summary.3
CFP_MAN3_LINKS += \
	man/man3/calfpump_sim_summary.3 \
	man/man3/calfpump_sim_summary_row.3
## to calfpump_stream.3
CFP_MAN3_LINKS += \
	man/man3/calfpump_sim_set_output_columns.3 \
	man/man3/calfpump_sim_set_output_every.3 \
	man/man3/calfpump_sim_set_progress_callback.3 \
	man/man3/calfpump_sim_set_row_callback.3 \
	man/man3/calfpump_sim_set_store_trace.3 \
	man/man3/calfpump_sim_stream_csv.3 \
	man/man3/calfpump_sim_stream_csv_file.3
## to calfpump_trace.3
CFP_MAN3_LINKS += \
	man/man3/calfpump_sim_trace_col_index.3 \
	man/man3/calfpump_sim_trace_col_name.3 \
	man/man3/calfpump_sim_trace_col_unit.3 \
	man/man3/calfpump_sim_trace_cols.3 \
	man/man3/calfpump_sim_trace_column.3 \
	man/man3/calfpump_sim_trace_rows.3 \
	man/man3/calfpump_sim_write_csv.3
## to calfpump_version.3
CFP_MAN3_LINKS += \
	man/man3/calfpump_abi_version.3 \
	man/man3/calfpump_data_dir.3 \
	man/man3/calfpump_default_model_path.3 \
	man/man3/calfpump_version_string.3

dist_man_MANS = man/man1/calfpump.1 $(CFP_MAN3_PAGES) $(CFP_MAN3_LINKS)

## The CVODE plug-in's pages are installed with the plug-in (and always
## distributed).
CFP_MAN3_CVODE = \
	man/man3/calfpump_cvode.3 \
	man/man3/calfpump_cvode_integrator.3 \
	man/man3/calfpump_cvode_version_string.3
if HAVE_SUNDIALS
man3_MANS = $(CFP_MAN3_CVODE)
endif
EXTRA_DIST += $(CFP_MAN3_CVODE)
