## libcalfpump/local.mk -- the library's sources, by data-flow stage
## (included by the top Makefile.am; paths are relative to the top).
##
## Core: a convenience library holding every object file.  It is linked
## whole into libcalfpump.la and directly into the white-box tests, which
## can therefore call hidden (internal) functions.
noinst_LTLIBRARIES = libcfpcore.la
libcfpcore_la_SOURCES = \
	libcalfpump/base/status.c \
	libcalfpump/base/version.c \
	libcalfpump/base/util.c \
	libcalfpump/model/model.c \
	libcalfpump/model/leg.c \
	libcalfpump/drive/activity.c \
	libcalfpump/drive/protocol.c \
	libcalfpump/equations/physics.c \
	libcalfpump/ode/rk4.c \
	libcalfpump/ode/dopri5.c \
	libcalfpump/ode/rodas.c \
	libcalfpump/ode/linalg.c \
	libcalfpump/ode/stepctl.c \
	libcalfpump/ode/integrator.c \
	libcalfpump/ode/solver.c \
	libcalfpump/sim/sim.c \
	libcalfpump/sim/trace.c \
	libcalfpump/metrics/metrics.c \
	libcalfpump/io/modelfile.c
noinst_HEADERS = \
	libcalfpump/base/internal.h \
	libcalfpump/base/util.h \
	libcalfpump/model/model.h \
	libcalfpump/drive/activity.h \
	libcalfpump/drive/protocol.h \
	libcalfpump/equations/physics.h \
	libcalfpump/ode/solver.h \
	libcalfpump/ode/linalg.h \
	libcalfpump/ode/stepctl.h \
	libcalfpump/sim/sim.h \
	libcalfpump/sim/trace.h
libcfpcore_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/libcalfpump -DCALFPUMP_BUILDING
libcfpcore_la_CFLAGS = $(AM_CFLAGS) $(CFLAG_VISIBILITY)

