/* Runtime version information. */
#include "base/internal.h"

unsigned calfpump_version(void) { return CALFPUMP_VERSION_NUMBER; }

const char *calfpump_version_string(void) { return CALFPUMP_VERSION_STRING; }

/* SONAME major = libtool current - age; see configure.ac. */
int calfpump_abi_version(void) { return CALFPUMP_ABI_VERSION; }
