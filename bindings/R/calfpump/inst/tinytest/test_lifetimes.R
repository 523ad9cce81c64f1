## Handles live as long as R holds them, are freed by the garbage
## collector or free(), and survive errors and interrupts.
library(calfpump)

## Many handles made and dropped: the finalizers free them (a leak or a
## double free shows under valgrind/ASan; here: no crash, and gc works).
for (i in 1:200) {
    m <- model("gsv-reflux")
    p <- protocol("apg")
    f <- parse_model_file("calfpump-model 1\n")
}
rm(m, p, f)
expect_silent(invisible(gc()))

## A simulation copies its model and protocol: they may change or go.
m <- model()
p <- protocol("valve")
s <- sim(m, p, output_interval = 0.5)
m[["valve.popliteal.competence"]] <- 0
free(p)
rm(m)
invisible(gc())
run(s)
expect_equal(sim_time(s)[["time"]], 75)
ref <- simulate(protocol = "valve", output_interval = 0.5)
expect_identical(metrics(s), metrics(ref))

## Reference semantics: a copy of the handle is the same model;
## model_clone() makes an independent one.
a <- model()
b <- a
b[["cvp"]] <- 7
expect_equal(a[["cvp"]], 7)
c2 <- model_clone(a)
c2[["cvp"]] <- 3
expect_equal(a[["cvp"]], 7)
expect_equal(c2[["cvp"]], 3)

## An error inside a run call leaves the handle usable.
s <- sim(model(), protocol("valve"))
expect_error(advance(s, NaN))
run(s)
expect_equal(sim_time(s)[["time"]], 75)

## An interrupted run (here: an elapsed-time limit, which R checks where it
## checks for a user interrupt) can be continued, and then takes exactly
## the steps of an uninterrupted run; nothing leaks.
pr <- protocol(segments = list(segment("standing", "still", 20),
                               segment("standing", "walk", 400)))
s <- sim(model(), pr)
interrupted <- local({
    setTimeLimit(elapsed = 0.05)
    on.exit(setTimeLimit())
    tryCatch({ run(s); FALSE }, error = function(e) grepl("time limit", conditionMessage(e)))
})
expect_true(interrupted)
expect_true(sim_time(s)[["time"]] < 420)
invisible(gc())
run(s)
expect_equal(sim_time(s)[["time"]], 420)
whole <- sim(model(), pr)
run(whole)
expect_identical(metrics(s), metrics(whole))
expect_identical(sim_trace(s, "P.dorsal_foot"), sim_trace(whole, "P.dorsal_foot"))

## The same in chunks of any length for an integrator with dense output;
## a fixed-step one has to cut its steps at the ends of chunks that are
## not output times (calfpump_sim_advance()): the same to rounding.
for (integ in c("dopri5", "rk4")) {
    one <- simulate(protocol = "valve", integrator = integ)
    parts <- sim(model(), protocol("valve"), integrator = integ)
    for (t in c(0, 1.234, 30, 60.01, 74.9))
        advance(parts, t)
    run(parts)
    if (integ == "dopri5")
        expect_identical(metrics(parts), metrics(one), info = integ)
    else
        expect_equal(metrics(parts), metrics(one), tolerance = 1e-12, info = integ)
}

## reset(): back to t = 0 with an empty trace; the same run again.
reset(parts)
expect_equal(sim_time(parts)[["time"]], 0)
expect_equal(nrow(sim_trace(parts)), 0L)
run(parts)
expect_identical(metrics(parts), metrics(one))

## A handle saved with the session cannot come back: a clear error.
path <- tempfile(fileext = ".rds")
saveRDS(model(), path)
back <- readRDS(path)
expect_false(is_live(back))
expect_error(back[["cvp"]], "freed \\(or was restored from a saved session")
