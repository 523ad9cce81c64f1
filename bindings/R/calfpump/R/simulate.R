## simulate.R -- the one call for the common case.

simulate <- function(condition = NULL, protocol = NULL, segments = NULL, params = NULL,
                     integrator = NULL, ..., model = NULL, run = TRUE) {
    ## A fitted model or any other classed object: this function masks
    ## stats::simulate(), so hand it on.
    if (inherits(condition, "calfpump_model")) {  # simulate(m): the model
        model <- condition
        condition <- NULL
    } else if (is.object(condition)) {
        return(stats::simulate(condition, ...))
    }
    if (!is.null(protocol) && !is.null(segments))
        stop("give either 'protocol' or 'segments', not both")
    ## (model(), protocol() and run() below are the functions: R skips the
    ## arguments of those names, which are not functions, when it looks
    ## up a function to call.)
    file <- NULL
    if (is.character(model)) {
        file <- read_model_file(model)
        m <- file$model
    } else {
        m <- if (is.null(model)) model() else model_clone(model)
    }
    if (!is.null(condition))
        apply_condition(m, condition)
    if (!is.null(params))
        set_params(m, params)
    p <- if (!is.null(segments)) protocol(segments = segments)
         else if (inherits(protocol, "calfpump_protocol")) protocol
         else if (!is.null(protocol)) protocol(protocol)
         else if (!is.null(file$protocol)) file$protocol
         else protocol("avp")
    s <- sim(m, p, integrator = integrator, ...)
    if (run)
        run(s)
    s
}
