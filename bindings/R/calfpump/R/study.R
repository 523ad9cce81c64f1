## study.R -- many simulations: cohorts, batches, fits, Sobol indices.

.comma <- function(x, what) {
    if (!is.character(x) || !length(x))
        stop(sprintf("'%s' must be a non-empty character vector", what))
    paste(x, collapse = ",")
}

.leg <- function(model) if (is.null(model)) model() else model
.proto <- function(protocol) if (is.character(protocol)) protocol(protocol) else protocol

design_sample <- function(dists, n, seed = 0, first = 0, model = NULL) {
    x <- .Call(C_cfpr_design_sample, .leg(model), dists, n, seed, first)
    colnames(x) <- names(dists)
    x
}

design_map <- function(dists, u, model = NULL) {
    x <- .Call(C_cfpr_design_map, .leg(model), dists, as.matrix(u) + 0)
    colnames(x) <- names(dists)
    x
}

batch_run <- function(x, metrics, model = NULL, protocol = "avp", threads = 1) {
    x <- as.matrix(x) + 0
    if (is.null(colnames(x)))
        stop("'x' must have the parameter names as column names")
    .Call(C_cfpr_batch_run, .leg(model), .proto(protocol), .comma(colnames(x), "params"),
          .comma(metrics, "metrics"), x, threads)
}

batch_fit <- function(target, sigma, lower, upper, start = (lower + upper) / 2,
                      model = NULL, protocol = "avp", threads = 1) {
    if (is.null(names(target)) || is.null(names(lower)))
        stop("'target' must be named by metrics and 'lower' by parameters")
    r <- .Call(C_cfpr_batch_fit, .leg(model), .proto(protocol),
               .comma(names(lower), "params"), .comma(names(target), "metrics"), threads,
               list(target, sigma, lower, upper, start))
    names(r$x) <- names(r$sd) <- names(r$identified) <- names(lower)
    names(r$residual) <- names(target)
    r
}

sobol_plan <- function(k, n, seed = 0) .Call(C_cfpr_sobol_plan, k, n, seed)

sobol_indices <- function(y, k, n, bootstrap = 1000, level = 0.95, seed = 0) {
    r <- .Call(C_cfpr_sobol_indices, y, k, n, bootstrap, level, seed)
    used <- attr(r, "used")
    df <- as.data.frame(r)
    attr(df, "used") <- used
    df
}
