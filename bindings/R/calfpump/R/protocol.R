## protocol.R -- protocols: named ones, segments with keyword parameters,
## waveforms, run settings.

protocol <- function(name = NULL, segments = NULL) {
    p <- .Call(C_cfpr_protocol_new, name)
    if (!is.null(segments)) {
        if (inherits(segments, "calfpump_segment"))
            segments <- list(segments)
        for (s in segments) {
            if (!inherits(s, "calfpump_segment"))
                stop("'segments' must be a list of segment() specifications")
            do.call(add_segment, c(list(p, s$posture, s$activity, s$duration), s$params))
        }
    }
    p
}

## A segment specification for protocol(segments = ) and simulate().
segment <- function(posture, activity, duration, ...) {
    params <- list(...)
    .check_named(params, "segment parameters")
    structure(list(posture = posture, activity = activity, duration = duration,
                   params = params), class = "calfpump_segment")
}

print.calfpump_segment <- function(x, ...) {
    p <- if (length(x$params))
        paste0(" (", paste(names(x$params), unlist(x$params), sep = " = ", collapse = ", "), ")")
    cat(sprintf("<calfpump_segment: %s %s %g s%s>\n", x$posture, x$activity, x$duration,
                if (is.null(p)) "" else p))
    invisible(x)
}

.check_named <- function(x, what) {
    if (length(x) && (is.null(names(x)) || any(!nzchar(names(x)))))
        stop(sprintf("%s must be given as name = value", what))
}

## Parameters given as name = value: a list of single numbers.
.name_values <- function(args, what) {
    .check_named(args, what)
    ok <- vapply(args, function(v) (is.numeric(v) || is.logical(v)) && length(v) == 1L, NA)
    if (!all(ok))
        stop(sprintf("%s must be single numbers: %s", what,
                     paste(names(args)[!ok], collapse = ", ")))
    as.numeric(unlist(args, use.names = FALSE))
}

add_segment <- function(protocol, posture, activity, duration, ...) {
    args <- list(...)
    values <- .name_values(args, "segment parameters")
    i <- .Call(C_cfpr_protocol_add_segment, protocol, posture, activity, duration)
    if (length(args))
        .Call(C_cfpr_protocol_set, protocol, i, names(args), values)
    invisible(protocol)
}

set_segment <- function(protocol, segment, ...) {
    args <- list(...)
    .Call(C_cfpr_protocol_set, protocol, segment, names(args),
          .name_values(args, "segment parameters"))
    invisible(protocol)
}

segment_params <- function(protocol, segment, names = NULL) {
    if (is.null(names))
        names <- list_segment_params()$name
    .Call(C_cfpr_protocol_get, protocol, segment, names)
}

protocol_segments <- function(protocol) .df(.Call(C_cfpr_protocol_segments, protocol))

protocol_duration <- function(protocol) .Call(C_cfpr_protocol_duration, protocol)

set_waveform <- function(protocol, segment, muscle, t, a, periodic = FALSE) {
    .Call(C_cfpr_protocol_set_waveform, protocol, segment, muscle, t, a, periodic)
    invisible(protocol)
}

run_settings <- function(protocol) {
    rs <- .Call(C_cfpr_protocol_run_settings, protocol)
    if (is.na(rs$integrator))
        rs["integrator"] <- list(NULL)
    rs
}

## name = value sets a run option, name = NULL removes it; integrator =
## NAME sets the integrator, integrator = NA removes it.
set_run_settings <- function(protocol, ..., integrator) {
    args <- list(...)
    .check_named(args, "run options")
    for (nm in names(args))
        .Call(C_cfpr_protocol_set_run_option, protocol, nm, args[[nm]])
    if (!missing(integrator))
        .Call(C_cfpr_protocol_set_run_integrator, protocol,
              if (length(integrator) == 1L && is.na(integrator)) NULL else integrator)
    invisible(protocol)
}

print.calfpump_protocol <- function(x, ...) {
    if (!is_live(x)) {
        cat("<calfpump_protocol: freed>\n")
        return(invisible(x))
    }
    s <- protocol_segments(x)
    cat(sprintf("<calfpump_protocol: %d segments, %g s>\n", nrow(s), protocol_duration(x)))
    if (nrow(s)) {
        what <- sprintf("%s %s %g s", s$posture, s$activity, s$duration)
        what <- ifelse(nzchar(s$details), paste0(what, " (", s$details, ")"), what)
        cat(sprintf("  %d. %s", seq_len(nrow(s)), what), sep = "\n")
    }
    rs <- run_settings(x)
    if (length(rs$options) || !is.null(rs$integrator))
        cat("  run settings:",
            paste(c(if (!is.null(rs$integrator)) paste("integrator =", rs$integrator),
                    paste(names(rs$options), rs$options, sep = " = ")), collapse = ", "), "\n")
    invisible(x)
}
