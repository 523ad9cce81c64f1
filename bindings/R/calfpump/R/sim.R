## sim.R -- simulations: creation, integrator, options, running.

sim <- function(model, protocol, integrator = NULL, ..., run_settings = TRUE) {
    s <- .Call(C_cfpr_sim_new, model, protocol)
    if (isTRUE(run_settings)) {
        why <- .Call(C_cfpr_sim_apply_run_settings, s)
        if (!is.null(why) && is.null(integrator))
            warning(why, " (using the default integrator)", call. = FALSE)
    }
    if (!is.null(integrator))
        set_integrator(s, integrator)
    set_options(s, ...)
    s
}

set_integrator <- function(sim, integrator) {
    .Call(C_cfpr_sim_set_integrator, sim, integrator)
    invisible(sim)
}

set_options <- function(sim, ...) {
    args <- list(...)
    .check_named(args, "run options")
    for (nm in names(args))
        .Call(C_cfpr_sim_set_option, sim, nm, args[[nm]])
    invisible(sim)
}

sim_options <- function(sim) .Call(C_cfpr_sim_options, sim)

run <- function(sim) {
    .Call(C_cfpr_sim_advance, sim, NULL)
    invisible(sim)
}

advance <- function(sim, t_end) {
    .Call(C_cfpr_sim_advance, sim, t_end)
    invisible(sim)
}

reset <- function(sim) {
    .Call(C_cfpr_sim_reset, sim)
    invisible(sim)
}

sim_time <- function(sim) .Call(C_cfpr_sim_time, sim)

print.calfpump_sim <- function(x, ...) {
    if (!is_live(x)) {
        cat("<calfpump_sim: freed>\n")
        return(invisible(x))
    }
    t <- sim_time(x)
    size <- .Call(C_cfpr_sim_trace_size, x)
    cat(sprintf("<calfpump_sim: %g of %g s simulated, trace of %g rows x %g columns>\n",
                t[["time"]], t[["end"]], size[1L], size[2L]))
    invisible(x)
}
