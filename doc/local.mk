## doc/local.mk -- the HTML API reference, built by Doxygen from the public
## headers (included by the top Makefile.am; paths are relative to the top).
##
##   make doc            build doc/api/html (needs doxygen, found by
##                       configure; "make html" does the same)
##   make install-html   build it and install it into $(htmldir)/html
##                       (by default $(docdir)/html); "make install" also
##                       installs it when it has been built
##
## Doxyfile is made by configure from Doxyfile.in (distributed
## automatically).  WARN_AS_ERROR is on: a Doxygen warning fails the build,
## and tests/check-doxygen.sh lists every warning in "make check".

EXTRA_DIST += doc/mainpage.md doc/releasing.md

CFP_API_HTML = doc/api/html
CFP_API_HTMLDIR = $(htmldir)/html
CFP_API_INPUTS = $(top_srcdir)/include/calfpump.h \
	$(top_srcdir)/include/calfpump/sys/integrator.h \
	$(top_srcdir)/include/calfpump/study.h \
	$(top_srcdir)/include/calfpump/cvode.h \
	$(top_builddir)/include/calfpump/version.h \
	$(top_srcdir)/doc/mainpage.md

if HAVE_DOXYGEN
$(CFP_API_HTML)/index.html: Doxyfile $(CFP_API_INPUTS)
	$(AM_V_GEN)rm -rf doc/api && $(MKDIR_P) doc/api && $(DOXYGEN) Doxyfile
doc: $(CFP_API_HTML)/index.html cfp-doc-force
else
doc: cfp-doc-force
	@echo "make doc: configure did not find doxygen; install it (Debian:" >&2
	@echo "make doc: apt-get install doxygen) and rerun configure." >&2
	@exit 1
endif
html-local: doc

## Install the tree as it is (Doxygen's file names are flat, apart from
## the search/ directory).
cfp-install-api-html:
	$(MKDIR_P) '$(DESTDIR)$(CFP_API_HTMLDIR)'
	for f in $(CFP_API_HTML)/*; do \
	  if test -d "$$f"; then \
	    d='$(DESTDIR)$(CFP_API_HTMLDIR)'/`basename "$$f"`; \
	    $(MKDIR_P) "$$d" && $(INSTALL_DATA) "$$f"/* "$$d" || exit 1; \
	  else \
	    $(INSTALL_DATA) "$$f" '$(DESTDIR)$(CFP_API_HTMLDIR)' || exit 1; \
	  fi; \
	done
install-html-local: doc
	@$(MAKE) $(AM_MAKEFLAGS) cfp-install-api-html
install-data-local:
	@if test -f $(CFP_API_HTML)/index.html; then \
	  $(MAKE) $(AM_MAKEFLAGS) cfp-install-api-html; \
	fi
uninstall-local:
	rm -rf '$(DESTDIR)$(CFP_API_HTMLDIR)'
clean-local:
	rm -rf doc/api
## (No .PHONY: automake refuses .PHONY both in and out of a conditional,
## and tests/local.mk has one in a conditional.  cfp-doc-force is never a
## file, so "make doc" runs even where the directory doc/ exists.)
cfp-doc-force:

## make figures: the figures of doc/validation.md (tools/figures.py), drawn
## from the library just built; needs python3 with matplotlib (configure
## looks for it; PYTHON3=/usr/bin/python3 picks Debian's).
EXTRA_DIST += doc/figures/avp.png doc/figures/apg.png tools/figures.py
if HAVE_MATPLOTLIB
figures: libcalfpump.la cfp-doc-force
	CALFPUMP_LIB='$(abs_top_builddir)/.libs/libcalfpump.so' $(PYTHON3) \
	  '$(top_srcdir)/tools/figures.py' '$(top_srcdir)/doc/figures'
else
figures: cfp-doc-force
	@echo "make figures: configure found no python3 with matplotlib (Debian:" >&2
	@echo "make figures: apt-get install python3-matplotlib) and rerun configure." >&2
	@exit 1
endif
