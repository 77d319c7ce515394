// prctl is variadic, and Swift cannot call variadic C functions; this file is the whole reason
// for the target.
#include "CProcessHardening.h"

#include <sys/resource.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

int ado_harden_process(void) {
    int failures = 0;
#if defined(__linux__)
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) failures |= ADO_HARDEN_DUMPABLE_FAILED;
#endif
    struct rlimit none = {0, 0};
    if (setrlimit(RLIMIT_CORE, &none) != 0) failures |= ADO_HARDEN_CORE_LIMIT_FAILED;
    return failures;
}
