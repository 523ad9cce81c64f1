## tests/interface.mk -- "make check" tests of what is installed for the
## library's users (included by the top Makefile.am after tests/local.mk;
## paths are relative to the top):
##   tests/check-headers.sh      each public header as C89 and as C++98 and
##                               C++11, and C linkage of every export
CFP_INTERFACE_TESTS = \
	tests/check-headers.sh
TESTS += $(CFP_INTERFACE_TESTS)
AM_TESTS_ENVIRONMENT += \
	CC='$(CC)'; export CC;
EXTRA_DIST += $(CFP_INTERFACE_TESTS)
