// From GErrors to the shim's statuses.
#include "errors.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void shim_set_result(ado_secret_result *r, ado_secret_status status, const char *format, ...) {
    r->status = status;
    r->domain[0] = '\0';
    r->code = 0;
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(r->message, sizeof r->message, format, arguments);
    va_end(arguments);
}

ado_secret_status shim_timed_out(ado_secret_result *r) {
    shim_set_result(r, ADO_SECRET_TIMEOUT, "the Secret Service did not answer in time");
    return ADO_SECRET_TIMEOUT;
}

/// GDBus prefixes remote errors with "GDBus.Error:<name>: "; people need only the text.
static const char *readable(const char *message) {
    if (message == NULL) return "unknown error";
    if (strncmp(message, "GDBus.Error:", 12) == 0) {
        const char *colon = strstr(message + 12, ": ");
        if (colon != NULL) return colon + 2;
    }
    return message;
}

// Error domains are compared by their quarks' names: the quark functions (SECRET_ERROR,
// G_DBUS_ERROR, G_IO_ERROR) would be three more symbols to load for the same answer.
static int matches(const char *domain, const char *expected) { return strcmp(domain, expected) == 0; }

static ado_secret_status category(const char *domain, int code, ado_secret_status fallback) {
    if (matches(domain, "secret-error")) {
        return code == SECRET_ERROR_IS_LOCKED ? ADO_SECRET_LOCKED : fallback;
    }
    if (matches(domain, "g-dbus-error-quark")) {
        switch (code) {
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER: return ADO_SECRET_NO_SERVICE;
        case G_DBUS_ERROR_NO_REPLY:
        case G_DBUS_ERROR_TIMEOUT:
        case G_DBUS_ERROR_TIMED_OUT: return ADO_SECRET_TIMEOUT;
        case G_DBUS_ERROR_DISCONNECTED: return ADO_SECRET_NO_BUS;
        default:
            // The Spawn.* errors: activating the service failed.
            if (code >= G_DBUS_ERROR_SPAWN_EXEC_FAILED && code <= G_DBUS_ERROR_SPAWN_NO_MEMORY) {
                return ADO_SECRET_NO_SERVICE;
            }
            return fallback;
        }
    }
    if (matches(domain, "g-io-error-quark")) {
        if (code == G_IO_ERROR_TIMED_OUT) return ADO_SECRET_TIMEOUT;
        if (code == G_IO_ERROR_CLOSED) return ADO_SECRET_NO_BUS;
    }
    return fallback;
}

ado_secret_status shim_fail(ado_secret_result *r, int timed_out, GError *error, ado_secret_status fallback) {
    if (timed_out) {
        if (error) libsecret.g_error_free(error);
        return shim_timed_out(r);
    }
    const char *domain = error ? libsecret.g_quark_to_string(error->domain) : "";
    int code = error ? error->code : 0;
    ado_secret_status status = category(domain, code, fallback);
    r->status = status;
    snprintf(r->domain, sizeof r->domain, "%s", domain);
    r->code = code;
    snprintf(r->message, sizeof r->message, "%s", readable(error ? error->message : NULL));
    for (char *p = r->message; *p; p++) {
        if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
    }
    if (error) libsecret.g_error_free(error);
    return status;
}
