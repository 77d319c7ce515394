// libsecret and the GLib and GIO functions the shim calls, resolved with dlsym on first use.
//
// The declarations are libsecret's own headers (the CSecret target supplies their include
// paths and no library): each function pointer has the type of the function it points to, so
// the compiler checks every call against the installed headers. Nothing here is linked: a
// call to a GLib function or macro that does not go through `libsecret` fails the link.
#ifndef SECRET_SHIM_LIBRARY_H
#define SECRET_SHIM_LIBRARY_H

#include <libsecret/secret.h>

#include "SecretShim.h"

// GLib defines g_object_ref as a type-preserving macro around the function; it would rewrite
// a call through the table's field of the same name.
#undef g_object_ref

/// Every function the shim calls: one list for the table's fields and for the dlsym loop.
#define SECRET_SHIM_FUNCTIONS(X)                                                                 \
    /* the private main context and the deadline */                                             \
    X(g_main_context_new)                                                                        \
    X(g_main_context_push_thread_default)                                                        \
    X(g_main_context_pop_thread_default)                                                         \
    X(g_main_context_iteration)                                                                  \
    X(g_timeout_source_new)                                                                      \
    X(g_source_set_callback)                                                                     \
    X(g_source_attach)                                                                           \
    X(g_source_destroy)                                                                          \
    X(g_source_unref)                                                                            \
    X(g_cancellable_new)                                                                         \
    X(g_cancellable_cancel)                                                                      \
    X(g_log_set_default_handler)                                                                 \
    /* GLib's containers, objects and errors */                                                  \
    X(g_hash_table_new_full)                                                                     \
    X(g_hash_table_insert)                                                                       \
    X(g_hash_table_lookup)                                                                       \
    X(g_hash_table_unref)                                                                        \
    X(g_str_hash)                                                                                \
    X(g_str_equal)                                                                               \
    X(g_list_free)                                                                               \
    X(g_list_append)                                                                             \
    X(g_object_ref)                                                                              \
    X(g_object_unref)                                                                            \
    X(g_error_free)                                                                              \
    X(g_quark_to_string)                                                                         \
    /* plain D-Bus */                                                                            \
    X(g_bus_get)                                                                                 \
    X(g_bus_get_finish)                                                                          \
    X(g_dbus_connection_set_exit_on_close)                                                       \
    X(g_dbus_connection_call)                                                                    \
    X(g_dbus_connection_call_finish)                                                             \
    X(g_dbus_proxy_get_object_path)                                                              \
    X(g_variant_new)                                                                             \
    X(g_variant_get_child_value)                                                                 \
    X(g_variant_n_children)                                                                      \
    X(g_variant_get_string)                                                                      \
    X(g_variant_get_variant)                                                                     \
    X(g_variant_lookup_value)                                                                    \
    X(g_variant_get_boolean)                                                                     \
    X(g_variant_unref)                                                                           \
    X(g_variant_builder_new)                                                                     \
    X(g_variant_builder_add)                                                                     \
    X(g_variant_builder_unref)                                                                   \
    /* libsecret */                                                                              \
    X(secret_service_get)                                                                        \
    X(secret_service_get_finish)                                                                 \
    X(secret_service_unlock)                                                                     \
    X(secret_service_unlock_finish)                                                              \
    X(secret_service_search)                                                                     \
    X(secret_service_search_finish)                                                              \
    X(secret_collection_for_alias)                                                               \
    X(secret_collection_for_alias_finish)                                                        \
    X(secret_item_get_attributes)                                                                \
    X(secret_item_get_locked)                                                                    \
    X(secret_item_get_secret)                                                                    \
    X(secret_item_create)                                                                        \
    X(secret_item_create_finish)                                                                 \
    X(secret_item_delete)                                                                        \
    X(secret_item_delete_finish)                                                                 \
    X(secret_value_new)                                                                          \
    X(secret_value_get)                                                                          \
    X(secret_value_unref)

typedef struct {
#define SECRET_SHIM_FIELD(function) __typeof__(&function) function;
    SECRET_SHIM_FUNCTIONS(SECRET_SHIM_FIELD)
#undef SECRET_SHIM_FIELD
} secret_shim_functions;

/// The loaded functions; usable once shim_enter has succeeded.
extern secret_shim_functions libsecret;

/// The context every asynchronous call runs on; current on the thread that holds the lock.
extern GMainContext *shim_context;

/// Loads the library on first use, then takes the lock that serializes calls and makes the
/// private context current. Returns 0 (with `r` filled) when libsecret cannot be used.
int shim_enter(ado_secret_result *r);

/// Undoes shim_enter; returns `r`'s status.
ado_secret_status shim_leave(ado_secret_result *r);

#endif
