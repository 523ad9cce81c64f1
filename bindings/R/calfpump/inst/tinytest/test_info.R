## What the library knows, as tables, and that every name it lists is
## accepted where it belongs.
library(calfpump)

v <- calfpump_version()
expect_identical(v$abi, 0L)
expect_true(grepl("^[0-9]+\\.[0-9]+\\.[0-9]+$", v$version))
expect_identical(v$number, sum(as.integer(strsplit(v$version, ".", fixed = TRUE)[[1]]) *
                                   c(65536L, 256L, 1L)))

cond <- list_conditions()
expect_true(all(c("healthy", "gsv-reflux") %in% cond$name))
expect_true(all(nzchar(cond$description)))
for (cn in cond$name)
    expect_silent(model(cn))

prot <- list_protocols()
expect_true(all(c("avp", "apg", "cycle", "tilt", "valve") %in% prot))
for (pn in prot)
    expect_true(protocol_duration(protocol(pn)) > 0, info = pn)

post <- list_postures()
expect_true(all(c("supine", "sitting", "standing", "tilt") %in% post$name))

act <- list_activities()
expect_identical(names(act), c("name", "description", "postures", "params"))
expect_true(all(c("still", "walk", "custom", "squeeze") %in% act$name))
expect_true(grepl("speed", act$params[act$name == "walk"]))
sp <- list_segment_params()
expect_identical(names(sp), c("name", "lower", "upper", "default", "unit", "description"))
expect_true(all(sp$lower <= sp$default & sp$default <= sp$upper))
## every parameter an activity lists is a segment parameter, and a
## segment of that activity takes it
for (i in seq_len(nrow(act))) {
    used <- strsplit(act$params[i], ", ", fixed = TRUE)[[1]]
    expect_true(all(used %in% sp$name), info = act$name[i])
    posture <- if (grepl("standing", act$postures[i])) "standing"
               else if (grepl("sitting", act$postures[i])) "sitting"
               else if (grepl("supine", act$postures[i])) "supine" else "standing"
    p <- protocol()
    add_segment(p, posture, act$name[i], 5)
    for (u in used)
        expect_silent(do.call(set_segment, setNames(list(p, 1, sp$default[sp$name == u]),
                                                    c("protocol", "segment", u))))
}

ro <- list_run_options()
expect_true(all(c("rtol", "atol", "output_interval") %in% ro$name))
s <- sim(model(), protocol("avp"))
expect_identical(names(sim_options(s)), ro$name)
expect_identical(unname(sim_options(s)), ro$default)

integ <- list_integrators()
expect_true(all(c("dopri5", "rk4", "rodas") %in% integ))
for (i in integ)
    expect_silent(set_integrator(s, i))

st <- status_codes()
expect_true(nrow(st) >= 15L)
expect_identical(st$code, -(seq_len(nrow(st)) - 1L))
expect_true(all(grepl("^CALFPUMP_", st$name)))

expect_true(nzchar(data_dir()))
expect_true(grepl("default-leg\\.cfp$", default_model_path()))
