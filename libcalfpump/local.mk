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
	libcalfpump/base/sparse.c \
	libcalfpump/model/network.c \
	libcalfpump/model/names.c \
	libcalfpump/model/params.c \
	libcalfpump/model/tube.c \
	libcalfpump/model/leg.c \
	libcalfpump/drive/activities.c \
	libcalfpump/drive/act_rest.c \
	libcalfpump/drive/act_gait.c \
	libcalfpump/drive/act_calf.c \
	libcalfpump/drive/act_limb.c \
	libcalfpump/drive/act_custom.c \
	libcalfpump/drive/act_valsalva.c \
	libcalfpump/drive/act_rock.c \
	libcalfpump/drive/act_cuff.c \
	libcalfpump/drive/segparams.c \
	libcalfpump/drive/segment.c \
	libcalfpump/drive/compression.c \
	libcalfpump/drive/posture.c \
	libcalfpump/drive/protocol.c \
	libcalfpump/drive/named.c \
	libcalfpump/drive/introspect.c \
	libcalfpump/equations/physics.c \
	libcalfpump/equations/jacobian.c \
	libcalfpump/sim/settle.c \
	libcalfpump/study/pool.c \
	libcalfpump/study/batch.c \
	libcalfpump/study/run.c \
	libcalfpump/study/fit.c \
	libcalfpump/study/lsq.c \
	libcalfpump/study/dist.c \
	libcalfpump/study/design.c \
	libcalfpump/study/sobol.c \
	libcalfpump/ode/rk4.c \
	libcalfpump/ode/dopri5.c \
	libcalfpump/ode/rodas.c \
	libcalfpump/ode/auto.c \
	libcalfpump/ode/ros2.c \
	libcalfpump/ode/linalg.c \
	libcalfpump/ode/splu.c \
	libcalfpump/ode/jmat.c \
	libcalfpump/ode/stepctl.c \
	libcalfpump/ode/integrator.c \
	libcalfpump/ode/solver.c \
	libcalfpump/metrics/series.c \
	libcalfpump/metrics/accum.c \
	libcalfpump/metrics/avp.c \
	libcalfpump/metrics/apg.c \
	libcalfpump/metrics/flow.c \
	libcalfpump/metrics/cycles.c \
	libcalfpump/metrics/registry.c \
	libcalfpump/metrics/summary.c \
	libcalfpump/sim/options.c \
	libcalfpump/sim/recorder.c \
	libcalfpump/sim/sim.c \
	libcalfpump/sim/run.c \
	libcalfpump/sim/trace.c \
	libcalfpump/sim/stream.c \
	libcalfpump/sim/results.c \
	libcalfpump/io/lexer.c \
	libcalfpump/io/keys.c \
	libcalfpump/io/builder.c \
	libcalfpump/io/segments.c \
	libcalfpump/io/load.c \
	libcalfpump/io/textfile.c \
	libcalfpump/io/writer.c
noinst_HEADERS = \
	libcalfpump/base/internal.h \
	libcalfpump/base/util.h \
	libcalfpump/base/sparse.h \
	libcalfpump/model/model.h \
	libcalfpump/model/names.h \
	libcalfpump/model/params.h \
	libcalfpump/model/leg_fitted.h \
	libcalfpump/drive/drive.h \
	libcalfpump/drive/segment.h \
	libcalfpump/drive/activity.h \
	libcalfpump/drive/posture.h \
	libcalfpump/drive/protocol.h \
	libcalfpump/equations/physics.h \
	libcalfpump/ode/solver.h \
	libcalfpump/ode/linalg.h \
	libcalfpump/ode/splu.h \
	libcalfpump/ode/jmat.h \
	libcalfpump/ode/stepctl.h \
	libcalfpump/metrics/metrics.h \
	libcalfpump/metrics/accum.h \
	libcalfpump/metrics/families.h \
	libcalfpump/metrics/summary.h \
	libcalfpump/sim/options.h \
	libcalfpump/sim/recorder.h \
	libcalfpump/sim/sim.h \
	libcalfpump/sim/stream.h \
	libcalfpump/io/modelfile.h \
	libcalfpump/io/textfile.h \
	libcalfpump/study/pool.h \
	libcalfpump/study/batch.h \
	libcalfpump/study/lsq.h \
	libcalfpump/study/dist.h \
	libcalfpump/study/rng.h
libcfpcore_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/libcalfpump -DCALFPUMP_BUILDING \
	-DCFP_PKGDATADIR='"$(pkgdatadir)"'
libcfpcore_la_CFLAGS = $(AM_CFLAGS) $(CFLAG_VISIBILITY) $(PTHREAD_CFLAGS)
libcfpcore_la_LIBADD = $(PTHREAD_LIBS)


