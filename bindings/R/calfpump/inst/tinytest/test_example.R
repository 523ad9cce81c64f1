## The example script runs and writes its plot.
script <- system.file("examples", "avp-trace.R", package = "calfpump")
expect_true(nzchar(script))
png_file <- tempfile(fileext = ".png")
out <- system2(file.path(R.home("bin"), "Rscript"), c(shQuote(script), shQuote(png_file)),
               stdout = TRUE, stderr = TRUE,
               env = paste0("R_LIBS=", shQuote(paste(.libPaths(), collapse = ":"))))
expect_true(any(grepl("wrote", out)), info = paste(out, collapse = "\n"))
expect_true(file.exists(png_file) && file.size(png_file) > 10000)
