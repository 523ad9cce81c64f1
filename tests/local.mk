## tests/local.mk -- "make check" (included by the top Makefile.am; paths
## are relative to the top).
##
## The Check suites, by what they test:
##   tests/unit/        one library stage each: ode (check_integrators:
##                      rk4, dopri5, the registry; check_stiff: rodas,
##                      ros2; check_auto: auto and the leg's stiffness),
##                      equations and sim (check_physics; check_jacobian:
##                      the analytic Jacobian; check_sparse: the sparse
##                      linear algebra of large networks), io
##                      (check_modelfile), drive (check_activities),
##                      study (check_study: designs, Sobol indices)
##   tests/api/         the public API (check_api, check_api_sim; check_api02: the 0.2
##                      additions, black box; check_robustness: inputs
##                      once accepted without complaint, black box), the
##                      plug-in ABI and the solver API (check_plugin;
##                      check_plugin_step: the step() contract; both run
##                      the Euler plug-in of euler_plugin.c), the
##                      CVODE plug-in (check_cvode)
##   tests/validation/  the model against published targets
## Each suite defines its tests and cfp_test_suite(); tests/libcfptest.la
## adds the one main() that runs it (tests/testmain.c) and the fixtures the
## suites share (tests/testutil.c, public API only).  White box (the
## default): internal headers, linked with libcfpcore.la, so they can call
## hidden functions.  Black box (check_plugin*, check_cvode, ...): public headers
## only, linked with the shared library like a third-party program.
## Without Check configure still succeeds, but "make check" stops with an
## error.  ($(CHECK_CFLAGS) goes with the preprocessor flags: one variable
## per program fewer.)
CFP_CHECK_BB_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests $(CHECK_CFLAGS)
CFP_CHECK_CPPFLAGS = $(CFP_CHECK_BB_CPPFLAGS) -I$(top_srcdir)/libcalfpump
CFP_CHECK_BB_LDADD = tests/libcfptest.la libcalfpump.la $(CHECK_LIBS) $(LIBM)
CFP_CHECK_LDADD = tests/libcfptest.la libcfpcore.la $(CHECK_LIBS) $(LIBM)

if HAVE_CHECK
## (main() comes from the archive: the C start-up code asks for it.)
check_LTLIBRARIES = tests/libcfptest.la
tests_libcfptest_la_SOURCES = tests/testmain.c tests/testutil.c tests/testutil.h
tests_libcfptest_la_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
## Each program is built from its NAME.c (automake's default source); the
## two check_plugin programs share the plug-in of tests/api/euler_plugin.c.
check_PROGRAMS += \
	tests/unit/check_integrators \
	tests/unit/check_stiff \
	tests/unit/check_auto \
	tests/unit/check_physics \
	tests/unit/check_jacobian \
	tests/unit/check_sparse \
	tests/unit/check_modelfile \
	tests/unit/check_activities \
	tests/unit/check_study \
	tests/api/check_api \
	tests/api/check_api_sim \
	tests/api/check_plugin \
	tests/api/check_plugin_step \
	tests/api/check_api02 \
	tests/api/check_solver \
	tests/api/check_robustness \
	tests/api/check_stream \
	tests/api/check_batch \
	tests/api/check_fit \
	tests/validation/check_validation
if HAVE_SUNDIALS
check_PROGRAMS += tests/api/check_cvode
endif
tests_unit_check_integrators_CPPFLAGS = $(CFP_CHECK_CPPFLAGS)
tests_unit_check_stiff_CPPFLAGS = $(CFP_CHECK_CPPFLAGS)
tests_unit_check_auto_CPPFLAGS = $(CFP_CHECK_CPPFLAGS)
tests_unit_check_physics_CPPFLAGS = $(CFP_CHECK_CPPFLAGS)
tests_unit_check_jacobian_CPPFLAGS = $(CFP_CHECK_CPPFLAGS)
tests_unit_check_sparse_CPPFLAGS = $(CFP_CHECK_CPPFLAGS)
tests_unit_check_modelfile_CPPFLAGS = $(CFP_CHECK_CPPFLAGS)
tests_unit_check_activities_CPPFLAGS = $(CFP_CHECK_CPPFLAGS)
tests_unit_check_study_CPPFLAGS = $(CFP_CHECK_CPPFLAGS)
tests_api_check_api_CPPFLAGS = $(CFP_CHECK_CPPFLAGS)
tests_api_check_api_sim_CPPFLAGS = $(CFP_CHECK_CPPFLAGS)
tests_api_check_plugin_SOURCES = tests/api/check_plugin.c tests/api/euler_plugin.c \
	tests/api/euler_plugin.h
tests_api_check_plugin_step_SOURCES = tests/api/check_plugin_step.c tests/api/euler_plugin.c \
	tests/api/euler_plugin.h
tests_api_check_plugin_CPPFLAGS = $(CFP_CHECK_BB_CPPFLAGS)
tests_api_check_plugin_step_CPPFLAGS = $(CFP_CHECK_BB_CPPFLAGS)
tests_api_check_cvode_CPPFLAGS = $(CFP_CHECK_BB_CPPFLAGS)
tests_api_check_api02_CPPFLAGS = $(CFP_CHECK_BB_CPPFLAGS)
tests_api_check_solver_CPPFLAGS = $(CFP_CHECK_BB_CPPFLAGS)
tests_api_check_robustness_CPPFLAGS = $(CFP_CHECK_BB_CPPFLAGS)
tests_api_check_stream_CPPFLAGS = $(CFP_CHECK_BB_CPPFLAGS)
tests_api_check_batch_CPPFLAGS = $(CFP_CHECK_BB_CPPFLAGS)
tests_api_check_fit_CPPFLAGS = $(CFP_CHECK_BB_CPPFLAGS)
tests_validation_check_validation_CPPFLAGS = $(CFP_CHECK_CPPFLAGS)
tests_unit_check_integrators_LDADD = $(CFP_CHECK_LDADD)
tests_unit_check_stiff_LDADD = $(CFP_CHECK_LDADD)
tests_unit_check_auto_LDADD = $(CFP_CHECK_LDADD)
tests_unit_check_physics_LDADD = $(CFP_CHECK_LDADD)
tests_unit_check_jacobian_LDADD = $(CFP_CHECK_LDADD)
tests_unit_check_sparse_LDADD = $(CFP_CHECK_LDADD)
tests_unit_check_modelfile_LDADD = $(CFP_CHECK_LDADD)
tests_unit_check_activities_LDADD = $(CFP_CHECK_LDADD)
tests_unit_check_study_LDADD = $(CFP_CHECK_LDADD)
tests_api_check_api_LDADD = $(CFP_CHECK_LDADD)
tests_api_check_api_sim_LDADD = $(CFP_CHECK_LDADD) -lpthread
tests_api_check_plugin_LDADD = $(CFP_CHECK_BB_LDADD)
tests_api_check_plugin_step_LDADD = $(CFP_CHECK_BB_LDADD)
tests_api_check_cvode_LDADD = libcalfpump_cvode.la $(CFP_CHECK_BB_LDADD)
tests_api_check_api02_LDADD = $(CFP_CHECK_BB_LDADD)
tests_api_check_solver_LDADD = $(CFP_CHECK_BB_LDADD)
tests_api_check_robustness_LDADD = $(CFP_CHECK_BB_LDADD)
tests_api_check_stream_LDADD = $(CFP_CHECK_BB_LDADD)
tests_api_check_batch_LDADD = $(CFP_CHECK_BB_LDADD)
tests_api_check_fit_LDADD = $(CFP_CHECK_BB_LDADD)
tests_validation_check_validation_LDADD = $(CFP_CHECK_LDADD)
## check_api_sim runs simulations in two threads at once.
tests_api_check_api_sim_CFLAGS = $(AM_CFLAGS) -pthread
else
check_DATA += cfp-require-check
cfp-require-check:
	@echo "error: 'make check' needs the Check unit-test framework (>= 0.11)," >&2
	@echo "error: which configure did not find.  Install it (Debian: apt-get" >&2
	@echo "error: install check pkg-config) and rerun configure." >&2
	@exit 1
.PHONY: cfp-require-check
endif

## Shell tests: exported symbols, header map, the command-line program,
## the manual pages (their lint is skipped without mandoc), the API
## reference (Doxygen: skipped without it); with the CVODE plug-in, its
## exports and the CLI with it.
CFP_SHELL_TESTS = \
	tests/check-symbols.sh \
	tests/check-header-map.sh \
	tests/check-cli.sh \
	tests/check-study.sh \
	tests/check-man.sh \
	tests/check-doxygen.sh \
	tests/validation/check-vcases.sh
CFP_CVODE_SHELL_TESTS = \
	tests/check-cvode-symbols.sh \
	tests/check-cli-cvode.sh
TESTS = $(check_PROGRAMS) $(CFP_SHELL_TESTS)
if HAVE_SUNDIALS
TESTS += $(CFP_CVODE_SHELL_TESTS)
endif
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
## The two CLI tests run the same libtool wrapper: never at the same time.
tests/check-cli-cvode.log: tests/check-cli.log
tests/check-study.log: tests/check-cli.log
EXTRA_DIST += $(CFP_SHELL_TESTS) $(CFP_CVODE_SHELL_TESTS) \
	tests/symbols.manifest tests/stdproblems.h

## Environment of every test (programs and scripts), so they work in VPATH
## builds and under "make distcheck".
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(top_srcdir)'; export top_srcdir; \
	top_builddir='$(top_builddir)'; export top_builddir; \
	abs_top_srcdir='$(abs_top_srcdir)'; export abs_top_srcdir; \
	abs_top_builddir='$(abs_top_builddir)'; export abs_top_builddir; \
	NM='$(NM)'; export NM; \
	DOXYGEN='$(DOXYGEN)'; export DOXYGEN; \
	MPIEXEC='$(MPIEXEC)'; export MPIEXEC; \
	have_vscript='$(have_vscript)'; export have_vscript; \
	EXEEXT='$(EXEEXT)'; export EXEEXT; \
	CK_DEFAULT_TIMEOUT=600; export CK_DEFAULT_TIMEOUT; \
	CK_VERBOSITY=normal; export CK_VERBOSITY;
