## files.R -- model files: a model and a protocol as text.

.model_file <- function(x) structure(x, class = "calfpump_model_file")

read_model_file <- function(path) .model_file(.Call(C_cfpr_model_load, path))

parse_model_file <- function(text, name = NULL) {
    if (is.character(text) && length(text) > 1L)
        text <- paste(text, collapse = "\n")
    .model_file(.Call(C_cfpr_model_load_string, text, name))
}

write_model_file <- function(model, path, protocol = NULL) {
    .Call(C_cfpr_model_write, model, protocol, path)
    invisible(path)
}

print.calfpump_model_file <- function(x, ...) {
    cat("<calfpump_model_file>\n$model: ")
    print(x$model)
    cat("$protocol: ")
    if (is.null(x$protocol)) cat("NULL (the file has no [segment] sections)\n")
    else print(x$protocol)
    invisible(x)
}
