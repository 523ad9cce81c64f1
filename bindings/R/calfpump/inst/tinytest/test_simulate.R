## simulate(): the one call for the common case, equal to the long way.
library(calfpump)

## the default: the healthy default leg through the AVP protocol
s <- simulate()
expect_identical(sim_time(s), c(time = 210, end = 210))
long <- sim(model(), protocol("avp"))
run(long)
expect_identical(metrics(s), metrics(long))

## condition, protocol by name, params, integrator, run options
s <- simulate(condition = "gsv-reflux", protocol = "valve", integrator = "rk4",
              params = c(cvp = 3), output_interval = 0.1, h = 2e-3)
m <- model("gsv-reflux")
m[["cvp"]] <- 3
long <- sim(model = m, protocol = protocol("valve"), integrator = "rk4",
            output_interval = 0.1, h = 2e-3)
run(long)
expect_identical(metrics(s), metrics(long))
expect_identical(sim_options(s)[c("output_interval", "h")], c(output_interval = 0.1, h = 2e-3))
expect_true(metrics(s)[["return.total"]] !=
            metrics(simulate(protocol = "valve"))[["return.total"]])

## several conditions in order; params as a list
a <- simulate(condition = c("gsv-reflux", "weak-calf"), protocol = "valve",
              params = list(valve.popliteal.competence = 0.5), run = FALSE)
expect_identical(sim_time(a)[["time"]], 0)

## segments instead of a protocol; a protocol object
segs <- list(segment("standing", "still", 20), segment("standing", "tiptoe", 10, count = 10),
             segment("standing", "still", 20))
s1 <- simulate(segments = segs)
s2 <- simulate(protocol = protocol(segments = segs))
expect_identical(metrics(s1), metrics(s2))
expect_identical(sim_time(s1)[["end"]], 50)
expect_identical(sim_time(simulate(segments = segment("supine", "ankle_pump", 5)))[["end"]], 5)
expect_error(simulate(protocol = "avp", segments = segs), "either 'protocol' or 'segments'")

## a model object is not changed; a model file brings its protocol and run
## settings
m <- model()
s <- simulate(model = m, condition = "deep-reflux", protocol = "valve")
expect_identical(m[["valve.popliteal.competence"]], 1)
m[["valve.popliteal.competence"]] <- 0
by_position <- metrics(simulate(m, protocol = "valve"))
expect_identical(by_position, metrics(simulate(model = m, protocol = "valve")))
expect_false(identical(by_position, metrics(simulate(protocol = "valve"))))
p <- protocol(segments = segs)
set_run_settings(p, output_interval = 0.5)
path <- tempfile(fileext = ".cfp")
write_model_file(model("ssv-reflux"), path, p)
f <- simulate(model = path)
expect_identical(sim_time(f)[["end"]], 50)
expect_identical(sim_options(f)[["output_interval"]], 0.5)
expect_identical(metrics(f), metrics(simulate(condition = "ssv-reflux", segments = segs,
                                              output_interval = 0.5)))
## ... unless a protocol is given
expect_identical(sim_time(simulate(model = path, protocol = "valve"))[["end"]], 75)

## errors carry the library's message
expect_error(simulate(condition = "no-such"), "no-such", class = "calfpump_error")
expect_error(simulate(protocol = "no-such"), "no-such", class = "calfpump_error")
expect_error(simulate(params = c(cvp = NaN)), "cvp", class = "calfpump_error_range")
expect_error(simulate(integrator = "euler"), "euler", class = "calfpump_error")
expect_error(simulate(rtol = -1), "rtol", class = "calfpump_error_range")
expect_error(simulate(model = tempfile()), class = "calfpump_error_io")

## other objects go to stats::simulate(), which this function masks
fit <- lm(dist ~ speed, data = cars)
expect_identical(simulate(fit, nsim = 2, seed = 1), stats::simulate(fit, nsim = 2, seed = 1))
