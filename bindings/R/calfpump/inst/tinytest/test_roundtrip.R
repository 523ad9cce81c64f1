## What goes in comes back out: parameters, segments, run settings,
## model files, the trace as CSV.
library(calfpump)

## parameters by name
m <- model()
pars <- params(m)
expect_true(nrow(pars) > 100L)
expect_equal(names(pars), c("name", "value", "lower", "upper", "unit"))
expect_true(all(pars$lower <= pars$value & pars$value <= pars$upper))
expect_identical(get_params(m, pars$name), setNames(pars$value, pars$name))
m[["valve.popliteal.competence"]] <- 0.3
expect_identical(m[["valve.popliteal.competence"]], 0.3)
m[c("cvp", "height")] <- c(4, 180)
expect_identical(m[c("cvp", "height")], c(cvp = 4, height = 180))
set_params(m, list(cvp = 5L))
expect_identical(m[["cvp"]], 5)
## every parameter at its bounds
lo <- pars[is.finite(pars$lower), ][1:20, ]
set_params(m, setNames(lo$lower, lo$name))
expect_identical(get_params(m, lo$name), setNames(lo$lower, lo$name))

## presets change what they document: gsv-reflux opens the GSV valves
h <- model()
g <- model("gsv-reflux")
changed <- pars$name[get_params(h, pars$name) != get_params(g, pars$name)]
expect_true(length(changed) > 0L)
expect_true(all(grepl("^valve\\.", changed)), info = paste(changed, collapse = " "))
expect_identical(model(c("healthy", "gsv-reflux"))[changed], g[changed])

## a network built by hand
n <- model(empty = TRUE)
add_compartment(n, "calf", "calf", "deep")
add_compartment(n, "thigh", "thigh", "deep")
add_connection(n, "up", "calf", "thigh", valve = TRUE)
add_connection(n, "out", "thigh", "ra")
expect_equal(compartments(n),
             data.frame(name = c("calf", "thigh"), region = c("calf", "thigh"),
                        layer = c("deep", "deep")))
expect_equal(connections(n),
             data.frame(name = c("up", "out"), from = c("calf", "thigh"), to = c("thigh", "ra"),
                        valve = c(TRUE, FALSE)))
expect_true("valve.up.competence" %in% params(n)$name)
expect_false("valve.out.competence" %in% params(n)$name)

## segments with keyword parameters
p <- protocol()
add_segment(p, "standing", "still", 30)
add_segment(p, "standing", "walk", 60, speed = 4.5, stocking = 2)
add_segment(p, "sitting", "cycle", 40, rpm = 70, toe_pointed = FALSE)
seg <- protocol_segments(p)
expect_equal(seg$posture, c("standing", "standing", "sitting"))
expect_equal(seg$activity, c("still", "walk", "cycle"))
expect_equal(seg$duration, c(30, 60, 40))
expect_true(grepl("4.5 km/h", seg$details[2]), info = seg$details[2])
expect_identical(segment_params(p, 2, c("speed", "stocking")), c(speed = 4.5, stocking = 2))
expect_identical(segment_params(p, 3, "toe_pointed"), c(toe_pointed = 0))
sp <- segment_params(p, 1)
expect_identical(names(sp), list_segment_params()$name)
expect_identical(unname(sp), list_segment_params()$default)
set_segment(p, 2, speed = 3)
expect_identical(segment_params(p, 2, "speed"), c(speed = 3))
expect_equal(protocol_duration(p), 130)
## the same protocol from segment() specifications
q <- protocol(segments = list(segment("standing", "still", 30),
                              segment("standing", "walk", 60, speed = 3, stocking = 2),
                              segment("sitting", "cycle", 40, rpm = 70, toe_pointed = FALSE)))
expect_identical(protocol_segments(q), protocol_segments(p))
for (i in 1:3)
    expect_identical(segment_params(q, i), segment_params(p, i))

## run settings
expect_identical(run_settings(p), list(options = setNames(numeric(), character()),
                                       integrator = NULL))
set_run_settings(p, rtol = 1e-8, output_interval = 0.1, integrator = "rodas")
rs <- run_settings(p)
expect_identical(rs$options[c("rtol", "output_interval")], c(rtol = 1e-8, output_interval = 0.1))
expect_identical(rs$integrator, "rodas")
s <- sim(model(), p)
expect_identical(sim_options(s)[c("rtol", "output_interval")], rs$options[c("rtol", "output_interval")])
expect_identical(sim_options(sim(model(), p, run_settings = FALSE))[["rtol"]],
                 list_run_options()$default[list_run_options()$name == "rtol"])
set_run_settings(p, rtol = NULL, integrator = NA)
expect_identical(run_settings(p), list(options = c(output_interval = 0.1), integrator = NULL))
## an integrator the library does not have built in: a warning, options kept
set_run_settings(p, integrator = "cvode")
expect_warning(s <- sim(model(), p), "cvode")
expect_identical(sim_options(s)[["output_interval"]], 0.1)
expect_silent(sim(model(), p, integrator = "rk4"))
set_run_settings(p, integrator = NA)

## model files: every parameter, segment, waveform and run setting comes
## back bit for bit
m <- model("post-thrombotic")
m[["valve.popliteal.competence"]] <- 1 / 3
add_segment(p, "standing", "custom", 10)
set_waveform(p, 4, "calf", c(0, 0.25, 1), c(0, 1 / 7, 0), periodic = TRUE)
set_run_settings(p, atol = 1e-9)
path <- tempfile(fileext = ".cfp")
expect_identical(write_model_file(m, path, p), path)
f <- read_model_file(path)
expect_identical(params(f$model), params(m))
expect_identical(compartments(f$model), compartments(m))
expect_identical(connections(f$model), connections(m))
expect_identical(protocol_segments(f$protocol), protocol_segments(p))
for (i in 1:4)
    expect_identical(segment_params(f$protocol, i), segment_params(p, i))
expect_identical(run_settings(f$protocol), run_settings(p))
## the waveform too: the same run, and it moves the calf
expect_true(diff(range(sim_trace(a <- simulate(model = m, protocol = p), "a.calf")$a.calf)) > 0.1)
a <- simulate(model = m, protocol = p, output_interval = 0.5)
b <- simulate(model = path, output_interval = 0.5)
expect_identical(metrics(a), metrics(b))
## a model alone; the same text from a string
write_model_file(m, path)
expect_null(read_model_file(path)$protocol)
g <- parse_model_file(readLines(path), "again.cfp")
expect_identical(params(g$model), params(m))
expect_stdout(print(g), "no \\[segment\\]")

## the default leg ships as a model file (when libcalfpump is installed
## where it was configured to be)
if (file.exists(default_model_path())) {
    d <- read_model_file(default_model_path())
    expect_identical(params(d$model), params(model()))
}
expect_true(startsWith(default_model_path(), data_dir()))

## the trace as CSV
s <- simulate(protocol = "valve", output_interval = 0.25)
csv <- tempfile(fileext = ".csv")
write_trace_csv(s, csv)
back <- read.csv(csv, check.names = FALSE)
tr <- sim_trace(s)
expect_identical(names(back), names(tr))
expect_identical(nrow(back), nrow(tr))
## the CSV holds 9 significant digits ("%.9g")
expect_identical(unlist(back, use.names = FALSE),
                 as.numeric(sprintf("%.9g", unlist(tr, use.names = FALSE))))
