## model.R -- models: the default leg, presets, the network, parameters.

.is_model <- function(x) inherits(x, "calfpump_model")

model <- function(condition = NULL, params = NULL, empty = FALSE) {
    m <- .Call(C_cfpr_model_new, !empty)
    if (!is.null(condition))
        apply_condition(m, condition)
    if (!is.null(params))
        set_params(m, params)
    m
}

model_clone <- function(model) .Call(C_cfpr_model_clone, model)

apply_condition <- function(model, condition) {
    if (!is.character(condition))
        stop("'condition' must be a character vector of preset names")
    for (cnd in condition)
        .Call(C_cfpr_model_apply_condition, model, cnd)
    invisible(model)
}

add_compartment <- function(model, name, region, layer) {
    .Call(C_cfpr_model_add_compartment, model, name, region, layer)
    invisible(model)
}

add_connection <- function(model, name, from, to, valve = FALSE) {
    .Call(C_cfpr_model_add_connection, model, name, from, to, valve)
    invisible(model)
}

compartments <- function(model) .df(.Call(C_cfpr_model_compartments, model))

connections <- function(model) .df(.Call(C_cfpr_model_connections, model))

params <- function(model) .df(.Call(C_cfpr_model_params, model))

get_params <- function(model, names) .Call(C_cfpr_model_get, model, names)

## values: a named numeric vector or a named list of single numbers.
set_params <- function(model, values) {
    nm <- names(values)
    if (is.null(nm) || anyNA(nm) || any(!nzchar(nm)))
        stop("'values' must be named: parameter = value")
    if (is.list(values)) {
        if (!all(vapply(values, function(v) is.numeric(v) && length(v) == 1L, NA)))
            stop("every value in 'values' must be a single number")
        values <- unlist(values, use.names = FALSE)
    }
    .Call(C_cfpr_model_set, model, nm, values)
    invisible(model)
}

.one_name <- function(i) {
    if (!is.character(i) || length(i) != 1L)
        stop("[[ takes a single parameter name; use [ for several")
    i
}

`[[.calfpump_model` <- function(x, i, ...) unname(get_params(x, .one_name(i)))

`[[<-.calfpump_model` <- function(x, i, value) {
    .Call(C_cfpr_model_set, x, .one_name(i), value)
    x
}

`[.calfpump_model` <- function(x, i, ...) get_params(x, i)

`[<-.calfpump_model` <- function(x, i, value) {
    if (length(value) == 1L && length(i) > 1L)
        value <- rep(value, length(i))
    .Call(C_cfpr_model_set, x, i, value)
    x
}

print.calfpump_model <- function(x, ...) {
    if (!is_live(x)) {
        cat("<calfpump_model: freed>\n")
        return(invisible(x))
    }
    comp <- compartments(x)
    conn <- connections(x)
    cat(sprintf("<calfpump_model: %d compartments, %d connections (%d with valves), %d parameters>\n",
                nrow(comp), nrow(conn), sum(conn$valve), nrow(params(x))))
    if (nrow(comp))
        cat(strwrap(paste(comp$name, collapse = ", "), indent = 2, exdent = 2,
                    prefix = ""), sep = "\n")
    invisible(x)
}
