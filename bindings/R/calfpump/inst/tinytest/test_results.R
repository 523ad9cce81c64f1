## Results: the trace as a data.frame, metrics as named numbers equal to
## the C library's (the command-line program's), the clinical summary.
library(calfpump)

s <- simulate(protocol = "apg")

## the trace
tr <- sim_trace(s)
cols <- trace_columns(s)
expect_true(is.data.frame(tr))
expect_identical(names(tr), cols$name)
expect_identical(names(tr)[1], "t")
expect_true(all(c("P.dorsal_foot", "V.calf_sinuses", "a.calf") %in% names(tr)))
expect_identical(unname(attr(tr, "units")), cols$unit)
expect_identical(attr(tr, "units")[["P.dorsal_foot"]], "mmHg")
dt <- sim_options(s)[["output_interval"]]
expect_equal(nrow(tr), as.integer(round(292 / dt)) + 1L)
expect_equal(tr$t, (seq_len(nrow(tr)) - 1) * dt, tolerance = 1e-12)
sub <- sim_trace(s, c("P.dorsal_foot", "t"))
expect_identical(names(sub), c("P.dorsal_foot", "t"))
expect_identical(sub$P.dorsal_foot, tr$P.dorsal_foot)
expect_identical(as.data.frame(s), tr)
expect_true(all(vapply(tr, is.double, NA)))

## metrics: a named numeric vector; the ones the run does not define are
## left out, and asking for one says why
mx <- metrics(s)
expect_true(is.double(mx) && !is.null(names(mx)))
expect_true(all(c("avp.fall", "avp.rt90", "apg.vv", "apg.ef", "return.mean") %in% names(mx)))
expect_identical(metrics(s, c("apg.ef", "avp.fall")), mx[c("apg.ef", "avp.fall")])
info <- list_metrics(s)
expect_true(all(names(mx) %in% info$name))
expect_identical(metric_info("avp.fall")$unit, "mmHg")
e <- tryCatch(metrics(simulate(protocol = "tilt"), "apg.ef"), error = function(e) e)
expect_true(inherits(e, "calfpump_error_state"))
expect_true(grepl("tiptoe", conditionMessage(e)), info = conditionMessage(e))

## the key measures: metric names in the order to show them
key <- list_key_metrics()
expect_identical(names(key), c("name", "label", "decimals"))
expect_true(all(c("avp.fall", "apg.ef") %in% key$name))
expect_identical(metric_info(key$name)$name, key$name)
expect_true(all(key$decimals >= 0L))
expect_true(all(key$name[key$name %in% names(mx)] %in% names(metrics(s, key$name[key$name %in% names(mx)]))))

## flagged valves: the ones whose reflux.VALVE.flag is 1
g <- simulate(condition = "gsv-reflux")
gm <- metrics(g)
flags <- gm[grepl("^reflux\\..*\\.flag$", names(gm))]
expect_identical(flagged_valves(g), sub("^reflux\\.(.*)\\.flag$", "\\1", names(flags)[flags == 1]))
expect_true(length(flagged_valves(g)) >= 2L)
expect_identical(flagged_valves(s), character())
e <- tryCatch(flagged_valves(sim(model(), protocol("avp"))), error = function(e) e)
expect_true(inherits(e, "calfpump_error_state"))

## the same numbers as the C library's command-line program, to its
## printed precision ("NAME = %.9g"); CALFPUMP_CLI names the program
## (tools/test-all.sh sets it to the freshly built one)
cli <- Sys.getenv("CALFPUMP_CLI")
if (nzchar(cli)) {
    cli_metrics <- function(args) {
        out <- system2(cli, c("run", args, "--metrics"), stdout = TRUE)
        kv <- strsplit(out, " = ", fixed = TRUE)
        setNames(vapply(kv, `[`, "", 2L), vapply(kv, `[`, "", 1L))
    }
    cases <- list(list(args = c("--protocol", "apg"), r = s),
                  list(args = c("--condition", "gsv-reflux"),
                       r = simulate(condition = "gsv-reflux")),
                  list(args = c("--protocol", "valve", "--integrator", "rk4",
                                "--set", "valve.popliteal.competence=0.3"),
                       r = simulate(protocol = "valve", integrator = "rk4",
                                    params = c(valve.popliteal.competence = 0.3))))
    for (k in cases) {
        want <- cli_metrics(k$args)
        got <- metrics(k$r)
        expect_true(length(want) > 20L, info = paste(k$args, collapse = " "))
        expect_identical(names(got), names(want), info = paste(k$args, collapse = " "))
        expect_identical(sprintf("%.9g", got), unname(want), info = paste(k$args, collapse = " "))
    }
    ## the summary as the program prints it, after its header
    for (k in list(list(args = character(), r = simulate()),
                   list(args = c("--protocol", "apg"), r = s),
                   list(args = c("--condition", "gsv-reflux"), r = g),
                   list(args = c("--protocol", "tilt"), r = simulate(protocol = "tilt")))) {
        out <- system2(cli, c("run", "--quiet", k$args), stdout = TRUE)
        mine <- format(summary(k$r))
        first <- match(mine[2L], out)
        expect_false(is.na(first), info = paste(k$args, collapse = " "))
        if (!is.na(first))
            expect_identical(mine[-1L], out[first:length(out)], info = paste(k$args, collapse = " "))
    }
} else {
    message("CALFPUMP_CLI is not set: not comparing with the command-line program")
}

## the clinical summary: rows as data, printed with section headings
sm <- summary(s)
expect_true(inherits(sm, "calfpump_summary") && is.data.frame(sm))
expect_identical(names(sm), c("section", "label", "value", "text", "unit", "note"))
fall <- sm[sm$label == "fall", ]
expect_identical(fall$value, mx[["avp.fall"]])
expect_identical(fall$text, sprintf("%.1f", mx[["avp.fall"]]))
expect_identical(fall$unit, "mmHg")
expect_true(any(grepl("^Air plethysmography", sm$section)))
lines <- format(sm)
heads <- which(lines %in% unique(sm$section))
expect_identical(lines[heads], unique(sm$section))
expect_true(all(lines[heads - 1L] == ""), info = "a blank line before every section")
expect_true(any(grepl("^  fall +[0-9.]+ mmHg$", lines)))
expect_true(any(grepl("^  EF   ejection fraction +[0-9.]+ % +\\[normal > 60 %\\]", lines)))
## a note row (no label) is its text, indented
notes <- sm$note[!nzchar(sm$label) & nzchar(sm$note)]
expect_true(length(notes) > 0L)
expect_true(paste0("  ", notes[1]) %in% lines)
expect_stdout(print(sm), "Ambulatory venous pressure")
## a measure that was not reached: NaN, its text and the reason
st <- summary(simulate(protocol = "tilt"))
na <- st[is.na(st$value) & nzchar(st$label) & st$label != "integrator", ]
expect_true(nrow(na) > 0L)
expect_true(all(nzchar(na$note)))
## a long note goes on the next line, wrapped
w <- format(summary(g))
i <- grep("^  saphenofemoral ", w)
expect_true(length(i) == 1L && grepl("^ {7}longest reverse flow", w[i + 1L]))
expect_true(all(nchar(w) <= 78L))

## print methods
expect_stdout(print(s), "292 of 292 s simulated")
expect_stdout(print(model()), "compartments")
expect_stdout(print(protocol("avp")), "standing walk 60 s \\(3 km/h\\)")
expect_stdout(print(segment("standing", "walk", 60, speed = 4)), "speed = 4")

## a selection of the summary's columns prints as a data.frame
part <- sm[sm$label == "fall", c("value", "unit")]
expect_stdout(print(part), "mmHg")
expect_true(is.data.frame(format(part)))
