## tests/interface.mk -- "make check" tests of what is installed for the
## library's users (included by the top Makefile.am after tests/local.mk;
## paths are relative to the top):
##   tests/check-headers.sh      each public header as C89 and as C++98 and
##                               C++11, and C linkage of every export
##   tests/check-pkgconfig.sh    calfpump.pc and calfpump_cvode.pc
##   tests/abi/check-abi*.sh     the ABI against the last release's
##                               (tests/abi/README; skipped without
##                               abigail-tools or without -g)
CFP_INTERFACE_TESTS = \
	tests/check-headers.sh \
	tests/check-pkgconfig.sh \
	tests/abi/check-abi.sh
TESTS += $(CFP_INTERFACE_TESTS)
if HAVE_SUNDIALS
TESTS += tests/abi/check-abi-cvode.sh
endif
AM_TESTS_ENVIRONMENT += \
	CC='$(CC)'; export CC; \
	PKG_CONFIG='$(PKG_CONFIG)'; export PKG_CONFIG; \
	cfp_prefix='$(prefix)'; export cfp_prefix; \
	cfp_pkgdatadir='$(pkgdatadir)'; export cfp_pkgdatadir; \
	cfp_package_url='$(PACKAGE_URL)'; export cfp_package_url;
EXTRA_DIST += $(CFP_INTERFACE_TESTS) \
	tests/abi/check-abi-cvode.sh \
	tests/abi/abicompare.sh \
	tests/abi/abidw.sh \
	tests/abi/update-baseline.sh \
	tests/abi/README \
	tests/abi/libcalfpump.so.0.abi \
	tests/abi/libcalfpump_cvode.so.0.abi
