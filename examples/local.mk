## examples/local.mk -- the example programs (included by the top
## Makefile.am; paths are relative to the top).  They are built against
## the public library and, as check programs, run by "make check" (TESTS
## in tests/local.mk lists every check program).
check_PROGRAMS += examples/example_walk examples/plugin_heun
examples_example_walk_LDADD = libcalfpump.la $(LIBM)
examples_plugin_heun_LDADD = libcalfpump.la $(LIBM)
