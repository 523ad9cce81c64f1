## avp-trace.R -- ambulatory venous pressure of a healthy leg and one with
## great saphenous reflux, plotted to avp-trace.png (or the file given as
## the first argument).  Run with: Rscript avp-trace.R [FILE]
library(calfpump)

out <- commandArgs(trailingOnly = TRUE)[1]
if (is.na(out))
    out <- "avp-trace.png"

legs <- list(healthy = simulate(), "GSV reflux" = simulate(condition = "gsv-reflux"))
png(out, width = 900, height = 560, res = 110)
plot(NULL, xlim = c(0, 210), ylim = c(0, 100), xlab = "time (s)",
     ylab = "dorsal foot vein pressure (mmHg)",
     main = "Ambulatory venous pressure: stand 60 s, walk 60 s, stand 90 s")
cols <- c("black", "firebrick")
for (k in seq_along(legs)) {
    tr <- sim_trace(legs[[k]], c("t", "P.dorsal_foot"))
    lines(tr$t, tr$P.dorsal_foot, col = cols[k], lwd = 1.5)
}
labels <- vapply(names(legs), function(n) {
    m <- metrics(legs[[n]], c("avp.fall", "avp.rt90"))
    sprintf("%s: fall %.0f mmHg, RT90 %.0f s", n, m[["avp.fall"]], m[["avp.rt90"]])
}, "")
legend("bottomright", legend = labels, col = cols, lwd = 1.5, bty = "n")
invisible(dev.off())
cat("wrote", out, "\n")
