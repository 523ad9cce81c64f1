## info.R -- what the library knows: conditions, protocols, activities,
## postures, segment parameters, run options, integrators.

list_conditions <- function() .df(.Call(C_cfpr_conditions))

list_protocols <- function() .Call(C_cfpr_protocols)

list_activities <- function() .df(.Call(C_cfpr_activities))

list_postures <- function() .df(.Call(C_cfpr_postures))

list_segment_params <- function() .df(.Call(C_cfpr_segment_params))

list_run_options <- function() .df(.Call(C_cfpr_run_options))

list_integrators <- function() .Call(C_cfpr_integrators)

list_key_metrics <- function() .df(.Call(C_cfpr_key_metrics))
