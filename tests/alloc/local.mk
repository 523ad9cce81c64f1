## tests/alloc/local.mk -- the allocation-failure test (included by the
## top Makefile.am; paths are relative to the top).
##
## tests/alloc/alloc_fail fails every allocation of a representative
## program in turn and expects CALFPUMP_E_NOMEM, a message and no leak
## (see the file).  It wraps malloc, calloc, realloc and free at link time
## (-Wl,--wrap=SYMBOL, GNU ld, gold, lld), on the objects of libcfpcore.la
## linked statically into it; configure checks that the linker can.
if HAVE_LD_WRAP
check_PROGRAMS += tests/alloc/alloc_fail
endif
tests_alloc_alloc_fail_LDFLAGS = -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc \
	-Wl,--wrap=free
tests_alloc_alloc_fail_LDADD = libcfpcore.la $(LIBM)
