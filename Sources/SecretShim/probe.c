// The probe: is there a usable, unlocked default keyring? Plain D-Bus, unless it must unlock.
#include <stdlib.h>

#include "dbus_calls.h"
#include "errors.h"
#include "libsecret_calls.h"

ado_secret_status ado_secret_probe(long timeout_ms, long unlock_timeout_ms, ado_secret_result *r) {
    if (!shim_enter(r)) return r->status;
    shim_call c = shim_call_start(timeout_ms);
    char *path = NULL;
    int locked = 0;
    if (shim_ensure_bus(&c, r) == ADO_SECRET_OK &&
        shim_read_default_collection(&c, &path, &locked, r) == ADO_SECRET_OK && locked) {
        if (unlock_timeout_ms > 0) {
            shim_unlock_default_collection(unlock_timeout_ms, r);
        } else {
            shim_set_result(r, ADO_SECRET_LOCKED, "the default keyring is locked");
        }
    }
    free(path);
    shim_call_end(&c);
    return shim_leave(r);
}
