## calfpump.R -- loading, conditions, versions, handles.

## The ABI (SONAME major number of libcalfpump.so) this package was
## written for.
.abi <- 0L

.onLoad <- function(libname, pkgname) {
    v <- .Call(C_cfpr_version)
    if (v$abi != .abi)
        stop(sprintf(paste("libcalfpump %s has ABI version %d, but the R package calfpump",
                           "was written for ABI %d: reinstall the package against it"),
                     v$version, v$abi, .abi), call. = FALSE)
}

## Called by the C glue (errors.c) to signal a library failure: an error of
## class calfpump_error_<family> (e.g. calfpump_error_range for
## CALFPUMP_E_RANGE), calfpump_error, error, condition, with the status
## code and its name.
.cfp_stop <- function(status, message) {
    name <- .Call(C_cfpr_status_name, status)
    if (is.na(name))
        name <- "CALFPUMP_E_UNKNOWN"
    family <- tolower(sub("^CALFPUMP_E_", "", name))
    cond <- structure(class = c(paste0("calfpump_error_", family), "calfpump_error",
                                "error", "condition"),
                      list(message = message, call = sys.call(-1L), status = status,
                           status_name = name))
    stop(cond)
}

## A data.frame from a named list of equal-length columns.
.df <- function(cols) {
    n <- if (length(cols)) length(cols[[1L]]) else 0L
    structure(cols, class = "data.frame", row.names = .set_row_names(n))
}

calfpump_version <- function() .Call(C_cfpr_version)

status_codes <- function() .df(.Call(C_cfpr_status_codes))

data_dir <- function() .Call(C_cfpr_paths)$data_dir

default_model_path <- function() .Call(C_cfpr_paths)$default_model

free <- function(x) {
    .Call(C_cfpr_free, x)
    invisible(NULL)
}

is_live <- function(x) .Call(C_cfpr_is_live, x)
