// What a call reports: a status the Swift side switches on and one line for people.
#ifndef SECRET_SHIM_ERRORS_H
#define SECRET_SHIM_ERRORS_H

#include "library.h"

void shim_set_result(ado_secret_result *r, ado_secret_status status, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/// Reports that the call's deadline passed.
ado_secret_status shim_timed_out(ado_secret_result *r);

/// Fills `r` from a GError, which it frees: a timeout when the call's deadline cancelled it
/// (`timed_out`), otherwise the category the error belongs to, or `fallback`.
ado_secret_status shim_fail(ado_secret_result *r, int timed_out, GError *error, ado_secret_status fallback);

#endif
