## tests/fuzz/local.mk -- fuzzing (included by the top Makefile.am; paths
## are relative to the top).
##
## Two fuzz targets, public API only: tests/fuzz/fuzz_modelfile.c (the
## model-file loader, with a save and reload of what loads) and
## tests/fuzz/fuzz_run.c (load and run a short simulation), a seed corpus
## (tests/fuzz/corpus/, also the regression inputs) and a dictionary
## (tests/fuzz/cfp.dict, generated from the registries by gen_dict).
##
## "make check", any compiler: replay_modelfile and replay_run feed every
## corpus file to the same target code (main() in tests/fuzz/replay.c),
## and gen_dict checks that cfp.dict is up to date.
##
## With a compiler that links libFuzzer (configure: "whether ... builds
## libFuzzer targets"; clang, Debian package libclang-rt-dev):
## "make fuzz" builds tests/fuzz/fuzz_modelfile and tests/fuzz/fuzz_run
## with a copy of the library compiled for coverage (libcfpfuzz.la), and
## "make fuzz-run FUZZ_SECONDS=60" runs each for that long from the
## corpus (tests/fuzz/run-fuzzers.sh).  Configure with
## CFLAGS="-fsanitize=address,undefined" to fuzz under the sanitizers.

CFP_FUZZ_SRC = tests/fuzz/fuzz.h tests/fuzz/fuzzutil.c
CFP_FUZZ_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/fuzz

check_PROGRAMS += \
	tests/fuzz/replay_modelfile \
	tests/fuzz/replay_run \
	tests/fuzz/gen_dict
tests_fuzz_replay_modelfile_SOURCES = tests/fuzz/fuzz_modelfile.c tests/fuzz/replay.c \
	$(CFP_FUZZ_SRC)
tests_fuzz_replay_modelfile_CPPFLAGS = $(CFP_FUZZ_CPPFLAGS)
tests_fuzz_replay_modelfile_LDADD = libcfpcore.la $(LIBM)
tests_fuzz_replay_run_SOURCES = tests/fuzz/fuzz_run.c tests/fuzz/replay.c $(CFP_FUZZ_SRC)
tests_fuzz_replay_run_CPPFLAGS = $(CFP_FUZZ_CPPFLAGS)
tests_fuzz_replay_run_LDADD = libcfpcore.la $(LIBM)
tests_fuzz_gen_dict_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/libcalfpump
tests_fuzz_gen_dict_LDADD = libcfpcore.la $(LIBM)

EXTRA_DIST += tests/fuzz/corpus tests/fuzz/cfp.dict tests/fuzz/run-fuzzers.sh

CFP_FUZZERS = tests/fuzz/fuzz_modelfile tests/fuzz/fuzz_run
if HAVE_LIBFUZZER
EXTRA_LTLIBRARIES = tests/fuzz/libcfpfuzz.la
tests_fuzz_libcfpfuzz_la_SOURCES = $(libcfpcore_la_SOURCES)
tests_fuzz_libcfpfuzz_la_CPPFLAGS = $(libcfpcore_la_CPPFLAGS)
tests_fuzz_libcfpfuzz_la_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer-no-link
EXTRA_PROGRAMS += $(CFP_FUZZERS)
tests_fuzz_fuzz_modelfile_SOURCES = tests/fuzz/fuzz_modelfile.c $(CFP_FUZZ_SRC)
tests_fuzz_fuzz_modelfile_CPPFLAGS = $(CFP_FUZZ_CPPFLAGS)
tests_fuzz_fuzz_modelfile_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_modelfile_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_modelfile_LDADD = tests/fuzz/libcfpfuzz.la $(LIBM)
tests_fuzz_fuzz_run_SOURCES = tests/fuzz/fuzz_run.c $(CFP_FUZZ_SRC)
tests_fuzz_fuzz_run_CPPFLAGS = $(CFP_FUZZ_CPPFLAGS)
tests_fuzz_fuzz_run_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_run_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_run_LDADD = tests/fuzz/libcfpfuzz.la $(LIBM)
CLEANFILES += $(CFP_FUZZERS)
fuzz: $(CFP_FUZZERS)
fuzz-run: fuzz
	$(SHELL) $(top_srcdir)/tests/fuzz/run-fuzzers.sh '$(top_srcdir)' \
	    '$(FUZZ_SECONDS)' $(CFP_FUZZERS)
else
fuzz fuzz-run:
	@echo "error: '$(CC)' does not build libFuzzer targets: configure with CC=clang" >&2
	@echo "error: (Debian: apt-get install clang libclang-rt-dev)" >&2
	@exit 1
endif
FUZZ_SECONDS = 60
