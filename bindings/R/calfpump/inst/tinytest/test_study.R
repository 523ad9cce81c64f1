## Many simulations from R: the same numbers as the library's single runs,
## independent of the thread count, and the library's messages on bad input.
library(calfpump)

d <- c(calf_strength = "uniform(0.5, 1)", valve.popliteal.competence = "normal(0.8, 0.2) in [0, 1]")
x <- design_sample(d, 4, seed = 3)
expect_equal(dim(x), c(4L, 2L))
expect_equal(colnames(x), names(d))
expect_identical(design_sample(d, 2, seed = 3, first = 2), x[3:4, , drop = FALSE],
                 info = "sample i depends only on the seed and i")
expect_true(all(x[, 1] >= 0.5 & x[, 1] <= 1))
expect_equal(unname(design_map(d, matrix(c(0.5, 0.5), 1))[1, 1]), 0.75)
expect_error(design_sample(c(nope = "uniform(0, 1)"), 2), "no model parameter")
expect_error(design_sample(c(calf_strength = "uniform(0, 5)"), 2), "range")

r1 <- batch_run(x, c("apg.ef", "apg.vv"), protocol = "apg", threads = 1)
r2 <- batch_run(x, c("apg.ef", "apg.vv"), protocol = "apg", threads = 2)
expect_identical(r1$y, r2$y, info = "bit-identical for 1 and 2 threads")
expect_equal(colnames(r1$y), c("apg.ef", "apg.vv"))
expect_true(all(r1$status == 0L))

bad <- batch_run(matrix(c(0.8, 5), 2, dimnames = list(NULL, "calf_strength")), "apg.ef",
                 protocol = "apg")
expect_true(bad$status[1] == 0L && bad$status[2] != 0L)
expect_true(is.nan(bad$y[2, 1]) || is.na(bad$y[2, 1]))
expect_true(grepl("calf_strength", bad$message[2]))

truth <- batch_run(matrix(0.7, 1, dimnames = list(NULL, "calf_strength")),
                   c("apg.ef", "apg.rvf"), protocol = "apg")$y[1, ]
f <- batch_fit(truth, c(apg.ef = 1, apg.rvf = 1), c(calf_strength = 0.3),
               c(calf_strength = 1.5), protocol = "apg", threads = 2)
expect_true(f$converged && f$identified[["calf_strength"]])
expect_equal(f$x[["calf_strength"]], 0.7, tolerance = 0.01)

k <- 3; n <- 2048
u <- sobol_plan(k, n, seed = 5)
expect_equal(dim(u), c((k + 2) * n, k))
z <- pi * (2 * u - 1)
y <- sin(z[, 1]) + 7 * sin(z[, 2])^2 + 0.1 * z[, 3]^4 * sin(z[, 1])
s <- sobol_indices(y, k, n, bootstrap = 100, seed = 6)
expect_equal(s$S1, c(0.3139, 0.4424, 0), tolerance = 0.07, scale = 1)
expect_equal(s$ST, c(0.5576, 0.4424, 0.2437), tolerance = 0.07, scale = 1)
expect_equal(attr(s, "used"), n)
