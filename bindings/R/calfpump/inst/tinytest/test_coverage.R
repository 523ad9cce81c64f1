## Every public function of libcalfpump is called by the package's C glue
## or listed, with the reason, in inst/UNWRAPPED.  The public functions are
## the ones the loaded libcalfpump.so exports (its version script,
## libcalfpump/libcalfpump.map); the called ones are the package library's
## undefined calfpump_* symbols.
library(calfpump)

nm <- Sys.which("nm")
maps <- "/proc/self/maps"
if (!nzchar(nm) || !file.exists(maps))
    exit_file("needs nm (binutils) and /proc/self/maps")

symbols <- function(args) {
    out <- system2(nm, args, stdout = TRUE)
    s <- sub("@.*", "", sub("^.* ", "", out))
    sort(unique(s[grepl("^calfpump_", s)]))
}

lib <- unique(sub("^.* ", "", grep("/libcalfpump\\.so", readLines(maps), value = TRUE)))
expect_equal(length(lib), 1L, info = paste("libcalfpump mapped from:", paste(lib, collapse = ", ")))
pkg <- getLoadedDLLs()[["calfpump"]][["path"]]

public <- symbols(c("-D", "--defined-only", lib[1L]))
used <- symbols(c("-D", "--undefined-only", pkg))
expect_true(length(public) > 100L, info = "the library exports its API")
expect_true(length(used) > 50L, info = "the package calls the library")

lines <- readLines(system.file("UNWRAPPED", package = "calfpump"))
lines <- lines[nzchar(trimws(lines)) & !startsWith(lines, "#")]
unwrapped <- sub(":.*", "", lines)
reasons <- trimws(sub("^[^:]*:", "", lines))

expect_true(all(grepl(":", lines)) && all(nzchar(reasons)),
            info = "every UNWRAPPED line is 'symbol: reason'")
## (the names, space-separated, so that a failure shows them)
names_of <- function(x) paste(x, collapse = " ")
expect_identical(names_of(setdiff(public, c(used, unwrapped))), "",
                 info = "public functions neither wrapped nor listed in inst/UNWRAPPED")
expect_identical(names_of(intersect(unwrapped, used)), "",
                 info = "listed in inst/UNWRAPPED but called by the package")
expect_identical(names_of(setdiff(unwrapped, public)), "",
                 info = "listed in inst/UNWRAPPED but not public")
expect_identical(names_of(setdiff(used, public)), "",
                 info = "called by the package but not exported by the library")
expect_false(anyDuplicated(unwrapped) > 0, info = "a symbol listed twice in UNWRAPPED")
