/* Runtime version information. */
#include "base/internal.h"

unsigned calfpump_version(void) { return CALFPUMP_VERSION_NUMBER; }

const char *calfpump_version_string(void) { return CALFPUMP_VERSION_STRING; }

/* SONAME major = libtool current - age; see configure.ac. */
int calfpump_abi_version(void) { return CALFPUMP_ABI_VERSION; }

/* The package data directory, from configure (pkgdatadir). */
#ifndef CFP_PKGDATADIR
#define CFP_PKGDATADIR "/usr/local/share/libcalfpump"
#endif

const char *calfpump_data_dir(void) { return CFP_PKGDATADIR; }

const char *calfpump_default_model_path(void) { return CFP_PKGDATADIR "/default-leg.cfp"; }
