// Plain D-Bus: the session bus connection and method calls to org.freedesktop.secrets.
#include "dbus_calls.h"

#include <stdlib.h>
#include <string.h>

#include "errors.h"

#define SECRETS_NAME "org.freedesktop.secrets"

/// The session bus connection, kept so that it is not closed between calls.
static GDBusConnection *connection;

ado_secret_status shim_ensure_bus(shim_call *c, ado_secret_result *r) {
    if (connection != NULL) return ADO_SECRET_OK;
    shim_pending *p = shim_pending_new();
    libsecret.g_bus_get(G_BUS_TYPE_SESSION, c->cancellable, shim_on_ready, p);
    if (!shim_wait_for(c, p)) return shim_timed_out(r);
    GError *error = NULL;
    GDBusConnection *made = libsecret.g_bus_get_finish(p->result, &error);
    shim_pending_free(p);
    if (made == NULL) return shim_fail(r, c->timed_out, error, ADO_SECRET_NO_BUS);
    // GLib's shared session connection ends the process when the bus goes away; a vanished bus
    // must be an error the caller reports, not a silent exit in the middle of a change.
    libsecret.g_dbus_connection_set_exit_on_close(made, FALSE);
    connection = made;
    return ADO_SECRET_OK;
}

shim_pending *shim_dbus_start(shim_call *c, const char *path, const char *interface, const char *method,
                              GVariant *parameters, const char *reply_type) {
    shim_pending *p = shim_pending_new();
    libsecret.g_dbus_connection_call(connection, SECRETS_NAME, path, interface, method, parameters,
                                     SHIM_TYPE(reply_type), G_DBUS_CALL_FLAGS_NONE, -1, c->cancellable,
                                     shim_on_ready, p);
    return p;
}

ado_secret_status shim_dbus_finish(shim_call *c, shim_pending *p, GVariant **reply, ado_secret_status fallback,
                                   ado_secret_result *r) {
    *reply = NULL;
    if (!shim_wait_for(c, p)) return shim_timed_out(r);
    GError *error = NULL;
    *reply = libsecret.g_dbus_connection_call_finish(connection, p->result, &error);
    shim_pending_free(p);
    if (*reply == NULL) return shim_fail(r, c->timed_out, error, fallback);
    return ADO_SECRET_OK;
}

ado_secret_status shim_read_default_collection(shim_call *c, char **path, int *locked, ado_secret_result *r) {
    *path = NULL;
    *locked = 0;
    GVariant *reply = NULL;
    GVariant *child = NULL;
    int missing = 1;
    // gnome-keyring now and then answers "/" (no such alias) while many clients talk to it,
    // although the default keyring exists and is unlocked (Tests/Stress/stress.py, 32 processes:
    // about one command in a thousand). Ask again, within the deadline, before concluding.
    for (int attempt = 0;
         missing && (attempt == 0 || (attempt < 4 && shim_milliseconds_until(&c->deadline) > 200)); attempt++) {
        if (attempt > 0) {
            struct timespec pause = {0, 50 * 1000000L};
            nanosleep(&pause, NULL);
        }
        shim_pending *p = shim_dbus_start(c, SECRETS_PATH, "org.freedesktop.Secret.Service", "ReadAlias",
                                          libsecret.g_variant_new("(s)", "default"), "(o)");
        if (shim_dbus_finish(c, p, &reply, ADO_SECRET_NO_SERVICE, r) != ADO_SECRET_OK) return r->status;
        child = libsecret.g_variant_get_child_value(reply, 0);
        const char *alias = libsecret.g_variant_get_string(child, NULL);
        missing = strcmp(alias, "/") == 0;
        if (!missing) *path = strdup(alias);
        libsecret.g_variant_unref(child);
        libsecret.g_variant_unref(reply);
    }
    if (missing) {
        shim_set_result(r, ADO_SECRET_NO_COLLECTION, "the Secret Service has no default keyring");
        return r->status;
    }
    shim_pending *p =
        shim_dbus_start(c, *path, PROPERTIES_INTERFACE, "Get",
                        libsecret.g_variant_new("(ss)", "org.freedesktop.Secret.Collection", "Locked"), "(v)");
    if (shim_dbus_finish(c, p, &reply, ADO_SECRET_NO_COLLECTION, r) != ADO_SECRET_OK) return r->status;
    child = libsecret.g_variant_get_child_value(reply, 0);
    GVariant *value = libsecret.g_variant_get_variant(child);
    *locked = libsecret.g_variant_get_boolean(value) ? 1 : 0;
    libsecret.g_variant_unref(value);
    libsecret.g_variant_unref(child);
    libsecret.g_variant_unref(reply);
    return ADO_SECRET_OK;
}
