/* testmain.c -- the one main() of the Check suites: runs the suite that
 * the test program's own file defines (cfp_test_suite()), at the verbosity
 * CK_VERBOSITY asks for (silent, minimal, normal (the default), verbose),
 * and exits with failure if any test failed.  CK_FORK, CK_DEFAULT_TIMEOUT
 * and CK_RUN_CASE / CK_RUN_SUITE work as usual. */
#include <stdlib.h>

#include "testutil.h"

int main(void)
{
    SRunner *sr = srunner_create(cfp_test_suite());
    int failed;
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
