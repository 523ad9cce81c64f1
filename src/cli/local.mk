## src/cli/local.mk -- the command-line program calfpump (included by the
## top Makefile.am; paths are relative to the top).  main.c holds the
## command table, options.c the option table, one file per command, and
## render.c the summary and tables.  Everything the program says about
## activities, segment parameters, run options and metrics comes from the
## library's registries.
bin_PROGRAMS = src/calfpump
src_calfpump_SOURCES = src/cli/main.c $(CFP_CLI_SOURCES)
CFP_CLI_SOURCES = \
	src/cli/options.c \
	src/cli/setup.c \
	src/cli/segment.c \
	src/cli/integrators.c \
	src/cli/render.c \
	src/cli/util.c \
	src/cli/run.c \
	src/cli/compare.c \
	src/cli/check.c \
	src/cli/save.c \
	src/cli/list.c \
	src/cli/study.c \
	src/cli/cohort.c \
	src/cli/sensitivity.c \
	src/cli/fit.c
noinst_HEADERS += \
	src/cli/cli.h \
	src/cli/options.h \
	src/cli/setup.h \
	src/cli/render.h \
	src/cli/study.h
## With the SUNDIALS plug-in (configure --with-sundials) the program offers
## the "cvode" integrator (src/cli/integrators.c).
src_calfpump_CPPFLAGS = $(AM_CPPFLAGS) $(CFP_CVODE_USER_CPPFLAGS)
src_calfpump_LDADD = $(CFP_CVODE_USER_LIBS) libcalfpump.la $(LIBM)

## calfpump-mpi (configure found MPI): cohort and sensitivity with the runs
## spread over MPI ranks; the same command sources, its own main().
if HAVE_MPI
bin_PROGRAMS += src/calfpump-mpi
src_calfpump_mpi_SOURCES = src/mpi/main.c $(CFP_CLI_SOURCES)
src_calfpump_mpi_CPPFLAGS = $(AM_CPPFLAGS) $(MPI_CFLAGS)
src_calfpump_mpi_LDADD = libcalfpump.la $(MPI_LIBS) $(LIBM)
endif
