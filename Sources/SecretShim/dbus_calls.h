// The session bus, and plain D-Bus calls to the Secret Service.
//
// The probe and the listing need no secret, so they talk to the service directly: libsecret
// would make a proxy per item (a GetAll and signal subscriptions each, 176 ms for 100 items),
// where one SearchItems and pipelined Properties.Get calls take a few milliseconds.
#ifndef SECRET_SHIM_DBUS_CALLS_H
#define SECRET_SHIM_DBUS_CALLS_H

#include "deadline.h"

#define SECRETS_PATH "/org/freedesktop/secrets"
#define DEFAULT_COLLECTION_PATH "/org/freedesktop/secrets/aliases/default"
#define PROPERTIES_INTERFACE "org.freedesktop.DBus.Properties"

/// A GVariant type string as a GVariantType. GLib's G_VARIANT_TYPE checks the string with a
/// function call, which would need GLib linked.
#define SHIM_TYPE(text) ((const GVariantType *)(text))

/// Connects to the session bus once; the connection is kept for the process' lifetime.
ado_secret_status shim_ensure_bus(shim_call *c, ado_secret_result *r);

/// Sends a method call to the Secret Service on the connection shim_ensure_bus made, without
/// waiting: several can be in flight at once. `parameters` is consumed.
shim_pending *shim_dbus_start(shim_call *c, const char *path, const char *interface, const char *method,
                              GVariant *parameters, const char *reply_type);

/// Waits for the answer to a call shim_dbus_start sent; `fallback` is the status of an error
/// that belongs to no known category.
ado_secret_status shim_dbus_finish(shim_call *c, shim_pending *p, GVariant **reply, ado_secret_status fallback,
                                   ado_secret_result *r);

/// The default collection's object path (NULL when there is no default alias) and whether it
/// is locked.
ado_secret_status shim_read_default_collection(shim_call *c, char **path, int *locked, ado_secret_result *r);

#endif
