## man/local.mk -- the hand-written manual pages (included by the top
## Makefile.am; paths are relative to the top).
dist_man_MANS = man/man1/calfpump.1 man/man3/calfpump.3 man/man3/calfpump_integrator.3
## The CVODE plug-in's page is installed with the plug-in (and always
## distributed).
if HAVE_SUNDIALS
man3_MANS = man/man3/calfpump_cvode.3
endif
EXTRA_DIST += man/man3/calfpump_cvode.3
