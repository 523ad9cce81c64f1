## Bad input gives an R error carrying the library's message (or, for a
## wrong R type, saying which argument), never a crash; the object stays
## as it was.
library(calfpump)

## The message of the error expr raises, and that it is a calfpump_error
## of the given family.
lib_error <- function(expr, family) {
    e <- tryCatch({ expr; NULL }, error = function(e) e)
    if (is.null(e))
        return("no error")
    if (!inherits(e, "calfpump_error") || !inherits(e, paste0("calfpump_error_", family)))
        return(paste("wrong class:", paste(class(e), collapse = " ")))
    conditionMessage(e)
}

m <- model()
p <- protocol("avp")

## unknown names: the library's messages
expect_equal(lib_error(m[["valve.nowhere.competence"]], "notfound"),
             lib_error(get_params(m, "valve.nowhere.competence"), "notfound"))
expect_true(grepl("nowhere", lib_error(m[["valve.nowhere.competence"]], "notfound")))
expect_true(grepl("unknown parameter 'nonsense'", lib_error(m[["nonsense"]], "notfound")))
expect_true(grepl("no_such", lib_error(apply_condition(m, "no_such"), "notfound")))
expect_true(grepl("no_such", lib_error(protocol("no_such"), "notfound")))
## an unknown protocol name lists the known ones
expect_true(grepl("avp", lib_error(protocol("no_such"), "notfound")))
expect_true(grepl("dance", lib_error(add_segment(protocol(), "standing", "dance", 10), "inval")))
expect_true(grepl("unknown posture 'flying' \\(supine",
                  lib_error(add_segment(protocol(), "flying", "walk", 10), "inval")))
expect_true(grepl("wings", lib_error(add_segment(protocol(), "standing", "walk", 10, wings = 2),
                                     "notfound")))
s <- sim(m, p)
expect_true(grepl("euler", lib_error(set_integrator(s, "euler"), "notfound")))
expect_true(grepl("tolerance", lib_error(set_options(s, tolerance = 1e-6), "notfound")))
expect_true(grepl("avp.nothing", lib_error(metrics(s, "avp.nothing"), "notfound")))
expect_true(grepl("nothing recorded", lib_error(metrics(s, "avp.fall"), "state")))
expect_true(grepl("avp.nothing", lib_error(metric_info("avp.nothing"), "notfound")))
expect_true(grepl("before the run", lib_error(sim_trace(s, "t"), "state")))

## NaN, NA, infinite and out-of-range values: CALFPUMP_E_RANGE, nothing changes
cvp <- m[["cvp"]]
for (bad in list(NaN, NA_real_, NA_integer_, Inf, -Inf, 1e300)) {
    msg <- lib_error(m[["cvp"]] <- bad, "range")
    expect_true(grepl("parameter 'cvp'", msg), info = msg)
    expect_equal(m[["cvp"]], cvp)
}
msg <- lib_error(add_segment(protocol(), "standing", "walk", NaN), "range")
expect_true(nzchar(msg) && msg != "no error", info = msg)
expect_true(grepl("speed", lib_error(add_segment(protocol(), "standing", "walk", 60, speed = NaN),
                                     "range")))
expect_true(grepl("rtol", lib_error(set_options(s, rtol = NaN), "range")))
expect_true(grepl("NaN", lib_error(advance(s, NaN), "range")))

## several values at once: all or none
before <- get_params(m, c("cvp", "valve.popliteal.competence"))
e <- lib_error(set_params(m, c(valve.popliteal.competence = 0.5, cvp = NaN)), "range")
expect_true(grepl("cvp", e))
expect_equal(get_params(m, c("cvp", "valve.popliteal.competence")), before)
pr <- protocol("avp")
speed <- segment_params(pr, 2, "speed")
expect_true(grepl("cadence", lib_error(set_segment(pr, 2, speed = 5, cadence = -1), "range")))
expect_equal(segment_params(pr, 2, "speed"), speed)

## files: a missing file, a malformed one, an unwritable path
missing_file <- file.path(tempdir(), "no-such-dir", "leg.cfp")
e <- lib_error(read_model_file(missing_file), "io")
expect_true(grepl("no-such-dir", e), info = e)
e <- lib_error(parse_model_file("calfpump-model 1\n[global]\ncvp = banana\n", "bad.cfp"), "inval")
expect_true(grepl("^bad.cfp:3", e), info = e)
e <- lib_error(parse_model_file("not a model file"), "inval")
expect_true(grepl("calfpump-model", e), info = e)
e <- lib_error(write_model_file(m, missing_file), "io")
expect_true(grepl("no-such-dir", e), info = e)
e <- lib_error(write_trace_csv(simulate(protocol = "valve", output_interval = 1), missing_file), "io")
expect_true(grepl("no-such-dir", e), info = e)

## a model that cannot be simulated: the reason from calfpump_sim_create
bare <- model(empty = TRUE)
add_compartment(bare, "lonely", "calf", "deep")
e <- lib_error(sim(bare, p), "model")
expect_true(grepl("right atrium", e), info = e)
e <- lib_error(sim(m, protocol()), "inval")
expect_true(grepl("no segments", e), info = e)

## wrong R types: an R error naming the argument, not a crash
expect_error(m[["cvp"]] <- "high", "'value' must be a numeric vector")
expect_error(m[[c("cvp", "map")]], "single parameter name")
expect_error(get_params(m, 3), "character vector")
expect_error(add_segment(protocol(), 1, "walk", 60), "'posture' must be a single string")
expect_error(add_segment(protocol(), "standing", "walk", "60"), "'duration' must be a single number")
expect_error(add_segment(protocol(), "standing", "walk", 60, speed = "fast"), "single numbers: speed")
expect_error(add_segment(protocol(), "standing", "walk", 60, 3), "name = value")
expect_error(protocol(c("avp", "apg")), "'name' must be a single string")
expect_error(apply_condition(m, NA_character_), "single string, not NA")
expect_error(add_connection(m, "c", "a", "b", valve = NA), "TRUE or FALSE")
expect_error(sim(p, m), "expected a calfpump_model object, got calfpump_protocol")
expect_error(sim(m, "avp"), "expected a calfpump_protocol object, got character")
expect_error(run(m), "expected a calfpump_sim object, got calfpump_model")
expect_error(run(NULL), "got NULL")
expect_error(segment_params(p, 4), "segment 4 does not exist \\(there are 3\\)")
expect_error(segment_params(p, 0), "segment 0 does not exist")
expect_error(segment_params(p, 1.5), "segment 1.5 does not exist")
expect_error(set_waveform(protocol(), 1, "calf", 0:1, 0:1), "segment 1 does not exist")
expect_error(read_model_file(NULL), "'path' must be a single string")
expect_error(metrics(s, 1), "character vector")
expect_error(set_params(m, c(1, 2)), "must be named")

## a freed object: an R error, also for every kind of handle
fm <- model(); free(fm)
fp <- protocol("avp"); free(fp)
fs <- sim(m, p); free(fs)
expect_false(is_live(fm))
expect_error(fm[["cvp"]], "calfpump_model has been freed")
expect_error(params(fm), "calfpump_model has been freed")
expect_error(sim(fm, p), "calfpump_model has been freed")
expect_error(sim(m, fp), "calfpump_protocol has been freed")
expect_error(add_segment(fp, "standing", "walk", 10), "calfpump_protocol has been freed")
expect_error(run(fs), "calfpump_sim has been freed")
expect_error(metrics(fs), "calfpump_sim has been freed")
expect_error(summary(fs), "calfpump_sim has been freed")
expect_silent(free(fm))  # freeing twice is fine
expect_error(free(42), "expected a calfpump_model")
expect_stdout(print(fm), "freed")

## status codes: the library's list, and the error's fields
codes <- status_codes()
expect_equal(codes$code[1:3], c(0L, -1L, -2L))
expect_equal(codes$name[1], "CALFPUMP_OK")
e <- tryCatch(m[["cvp"]] <- NaN, error = function(e) e)
expect_equal(e$status, codes$code[codes$name == "CALFPUMP_E_RANGE"])
expect_equal(e$status_name, "CALFPUMP_E_RANGE")
