## results.R -- what a run yields: the trace, metrics, the clinical summary.

trace_columns <- function(sim) .df(.Call(C_cfpr_sim_trace_columns, sim))

## The trace as a data.frame, one row per output time; the "units"
## attribute names the unit of every column.
sim_trace <- function(sim, columns = NULL) {
    tr <- .df(.Call(C_cfpr_sim_trace, sim, columns))
    cols <- trace_columns(sim)
    attr(tr, "units") <- stats::setNames(cols$unit[match(names(tr), cols$name)], names(tr))
    tr
}

as.data.frame.calfpump_sim <- function(x, row.names = NULL, optional = FALSE, ...) {
    tr <- sim_trace(x, ...)
    if (!is.null(row.names))
        row.names(tr) <- row.names
    tr
}

write_trace_csv <- function(sim, path) {
    .Call(C_cfpr_sim_write_csv, sim, path)
    invisible(path)
}

## All metrics the run defines (those it does not define or did not reach
## are left out), or the ones named (an R error with the library's reason
## if one is not available).
metrics <- function(sim, names = NULL) {
    if (is.null(names))
        return(.Call(C_cfpr_sim_metrics, sim, .Call(C_cfpr_sim_metric_names, sim), TRUE))
    .Call(C_cfpr_sim_metrics, sim, names, FALSE)
}

metric_info <- function(names) .df(.Call(C_cfpr_metric_info, names))

list_metrics <- function(sim) metric_info(.Call(C_cfpr_sim_metric_names, sim))

## The valves whose longest reverse flow exceeds their clinical cut-off.
flagged_valves <- function(sim) {
    v <- .Call(C_cfpr_sim_flagged_valves, sim)
    names <- if (nzchar(v)) strsplit(v, ", ", fixed = TRUE)[[1L]] else character()
    if (length(names) != attr(v, "count"))
        stop(sprintf("the library flags %g valves but listed %d", attr(v, "count"), length(names)))
    names
}

summary.calfpump_sim <- function(object, ...) {
    s <- .df(.Call(C_cfpr_sim_summary, object))
    class(s) <- c("calfpump_summary", "data.frame")
    s
}

## Words of text on lines of at most `width` columns, the first starting
## at column `col`, the others indented by `indent`.
.wrap <- function(text, col, indent, width = 78L) {
    words <- strsplit(trimws(text), " +")[[1L]]
    out <- ""
    first <- TRUE
    for (w in words) {
        if (!first && col + 1L + nchar(w) > width) {
            out <- paste0(out, "\n", strrep(" ", indent))
            col <- indent
        } else if (!first) {
            out <- paste0(out, " ")
            col <- col + 1L
        }
        out <- paste0(out, w)
        col <- col + nchar(w)
        first <- FALSE
    }
    out
}

## "  LABEL  TEXT UNIT  NOTE", as the command-line program prints it: no
## unit for a dimensionless value or one that is not a number; a note that
## does not fit goes on the next lines, indented.
.summary_row <- function(label, value, text, unit, note) {
    head <- sprintf("  %-34s %9s", label, text)
    if (unit == "1" || is.na(value))
        unit <- ""
    unit_w <- if (!nzchar(unit)) 0L else max(nchar(unit), 5L)
    if (nzchar(note) && nchar(head) + 1L + unit_w + 1L + nchar(note) <= 78L)
        return(if (nzchar(unit)) sprintf("%s %-5s %s", head, unit, note)
               else paste(head, note))
    line <- if (nzchar(unit)) paste(head, unit) else head
    if (nzchar(note))
        line <- paste0(line, "\n", strrep(" ", 7L), .wrap(note, 7L, 7L))
    line
}

.summary_cols <- c("section", "label", "value", "text", "unit", "note")

format.calfpump_summary <- function(x, ...) {
    if (!all(.summary_cols %in% names(x)))  # a selection of columns
        return(NextMethod())
    out <- character()
    last <- NULL
    for (i in seq_len(nrow(x))) {
        if (is.null(last) || x$section[i] != last)
            out <- c(out, "", x$section[i])
        last <- x$section[i]
        if (nzchar(x$label[i]))
            out <- c(out, .summary_row(x$label[i], x$value[i], x$text[i], x$unit[i], x$note[i]))
        else if (nzchar(x$note[i]))
            out <- c(out, paste0("  ", .wrap(x$note[i], 2L, 2L)))
    }
    ## one element per line (strsplit() would drop the blank ones)
    unlist(lapply(out, function(l) if (nzchar(l)) strsplit(l, "\n", fixed = TRUE)[[1L]] else l))
}

print.calfpump_summary <- function(x, ...) {
    if (!all(.summary_cols %in% names(x)))
        return(NextMethod())
    cat(format(x), sep = "\n")
    invisible(x)
}
