/* Status codes: texts and names generated from CALFPUMP_STATUS_LIST. */
#include "base/internal.h"

const char *calfpump_strerror(int status)
{
    switch (status) {
#define X_(name, value, text) case value: return text;
        CALFPUMP_STATUS_LIST(X_)
#undef X_
    default:
        return "unknown status";
    }
}

const char *calfpump_status_name(int status)
{
    switch (status) {
#define X_(name, value, text) case value: return #name;
        CALFPUMP_STATUS_LIST(X_)
#undef X_
    default:
        return NULL;
    }
}
