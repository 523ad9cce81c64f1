## bindings/local.mk -- the Python binding (bindings/python) and the R
## package (bindings/R/calfpump) in the release tarball (included by the
## top Makefile.am), so that packagers (packaging/debian: python3-calfpump,
## r-cran-calfpump) build them from it.  Neither is built by make: see
## bindings/python/README.md and bindings/R/calfpump/DESCRIPTION.
## packaging/build-deb.sh fails when a file git tracks under bindings/ is
## missing here.
EXTRA_DIST += \
	bindings/R/calfpump/.Rbuildignore \
	bindings/R/calfpump/DESCRIPTION \
	bindings/R/calfpump/LICENSE \
	bindings/R/calfpump/NAMESPACE \
	bindings/R/calfpump/R/calfpump.R \
	bindings/R/calfpump/R/files.R \
	bindings/R/calfpump/R/info.R \
	bindings/R/calfpump/R/model.R \
	bindings/R/calfpump/R/protocol.R \
	bindings/R/calfpump/R/results.R \
	bindings/R/calfpump/R/sim.R \
	bindings/R/calfpump/R/study.R \
	bindings/R/calfpump/R/simulate.R \
	bindings/R/calfpump/cleanup \
	bindings/R/calfpump/configure \
	bindings/R/calfpump/inst/UNWRAPPED \
	bindings/R/calfpump/inst/examples/avp-trace.R \
	bindings/R/calfpump/inst/tinytest/test_coverage.R \
	bindings/R/calfpump/inst/tinytest/test_errors.R \
	bindings/R/calfpump/inst/tinytest/test_example.R \
	bindings/R/calfpump/inst/tinytest/test_info.R \
	bindings/R/calfpump/inst/tinytest/test_lifetimes.R \
	bindings/R/calfpump/inst/tinytest/test_results.R \
	bindings/R/calfpump/inst/tinytest/test_roundtrip.R \
	bindings/R/calfpump/inst/tinytest/test_simulate.R \
	bindings/R/calfpump/inst/tinytest/test_study.R \
	bindings/R/calfpump/man/calfpump-package.Rd \
	bindings/R/calfpump/man/calfpump_error.Rd \
	bindings/R/calfpump/man/calfpump_version.Rd \
	bindings/R/calfpump/man/free.Rd \
	bindings/R/calfpump/man/list_conditions.Rd \
	bindings/R/calfpump/man/metrics.Rd \
	bindings/R/calfpump/man/model.Rd \
	bindings/R/calfpump/man/network.Rd \
	bindings/R/calfpump/man/protocol.Rd \
	bindings/R/calfpump/man/read_model_file.Rd \
	bindings/R/calfpump/man/run_settings.Rd \
	bindings/R/calfpump/man/sim.Rd \
	bindings/R/calfpump/man/sim_trace.Rd \
	bindings/R/calfpump/man/simulate.Rd \
	bindings/R/calfpump/man/study.Rd \
	bindings/R/calfpump/man/summary.calfpump_sim.Rd \
	bindings/R/calfpump/src/Makevars.in \
	bindings/R/calfpump/src/args.c \
	bindings/R/calfpump/src/calls.h \
	bindings/R/calfpump/src/cfpr.h \
	bindings/R/calfpump/src/errors.c \
	bindings/R/calfpump/src/files.c \
	bindings/R/calfpump/src/handles.c \
	bindings/R/calfpump/src/info.c \
	bindings/R/calfpump/src/init.c \
	bindings/R/calfpump/src/model.c \
	bindings/R/calfpump/src/protocol.c \
	bindings/R/calfpump/src/results.c \
	bindings/R/calfpump/src/sim.c \
	bindings/R/calfpump/src/study.c \
	bindings/R/calfpump/src/values.c \
	bindings/R/calfpump/tests/tinytest.R \
	bindings/R/calfpump/vignettes/calfpump.Rmd \
	bindings/python/README.md \
	bindings/python/calfpump/__init__.py \
	bindings/python/calfpump/_decls.py \
	bindings/python/calfpump/_handle.py \
	bindings/python/calfpump/_lib.py \
	bindings/python/calfpump/errors.py \
	bindings/python/calfpump/info.py \
	bindings/python/calfpump/model.py \
	bindings/python/calfpump/protocol.py \
	bindings/python/calfpump/py.typed \
	bindings/python/calfpump/results.py \
	bindings/python/calfpump/simulation.py \
	bindings/python/calfpump/study.py \
	bindings/python/examples/avp_figure.py \
	bindings/python/pyproject.toml \
	bindings/python/run-tests.sh \
	bindings/python/tests/conftest.py \
	bindings/python/tests/test_cli.py \
	bindings/python/tests/test_declarations.py \
	bindings/python/tests/test_example.py \
	bindings/python/tests/test_lifetime.py \
	bindings/python/tests/test_loading.py \
	bindings/python/tests/test_model.py \
	bindings/python/tests/test_protocol.py \
	bindings/python/tests/test_simulation.py \
	bindings/python/tests/test_study.py
