// Compiles the shim's private declarations against libsecret's real headers: every ado_ name
// is mapped to the real type (ADO_SECRET_ABI_CHECK), then each function type, constant and
// struct layout the shim relies on is asserted equal. A mismatch fails the test build.
#include <libsecret/secret.h>
#include <stddef.h>

#define ADO_SECRET_ABI_CHECK 1
#include "../../Sources/SecretShim/secret_abi.h"
#include "SecretABICheck.h"

#define SAME_TYPE(declared, symbol)                                                              \
    _Static_assert(__builtin_types_compatible_p(declared, __typeof__(&symbol)), #symbol " differs")

SAME_TYPE(ado_fn_g_main_context_new, g_main_context_new);
SAME_TYPE(ado_fn_g_main_context_push_thread_default, g_main_context_push_thread_default);
SAME_TYPE(ado_fn_g_main_context_pop_thread_default, g_main_context_pop_thread_default);
SAME_TYPE(ado_fn_g_main_context_iteration, g_main_context_iteration);
SAME_TYPE(ado_fn_g_timeout_source_new, g_timeout_source_new);
SAME_TYPE(ado_fn_g_source_set_callback, g_source_set_callback);
SAME_TYPE(ado_fn_g_source_attach, g_source_attach);
SAME_TYPE(ado_fn_g_source_destroy, g_source_destroy);
SAME_TYPE(ado_fn_g_source_unref, g_source_unref);
SAME_TYPE(ado_fn_g_hash_table_new_full, g_hash_table_new_full);
SAME_TYPE(ado_fn_g_hash_table_insert, g_hash_table_insert);
SAME_TYPE(ado_fn_g_hash_table_lookup, g_hash_table_lookup);
SAME_TYPE(ado_fn_g_hash_table_unref, g_hash_table_unref);
SAME_TYPE(ado_fn_g_str_hash, g_str_hash);
SAME_TYPE(ado_fn_g_str_equal, g_str_equal);
SAME_TYPE(ado_fn_g_error_free, g_error_free);
SAME_TYPE(ado_fn_g_quark_to_string, g_quark_to_string);
SAME_TYPE(ado_fn_g_list_free, g_list_free);
SAME_TYPE(ado_fn_g_list_append, g_list_append);
SAME_TYPE(ado_fn_g_object_ref, g_object_ref);
SAME_TYPE(ado_fn_g_object_unref, g_object_unref);
SAME_TYPE(ado_fn_g_cancellable_new, g_cancellable_new);
SAME_TYPE(ado_fn_g_cancellable_cancel, g_cancellable_cancel);
SAME_TYPE(ado_fn_g_log_set_default_handler, g_log_set_default_handler);
SAME_TYPE(ado_fn_g_bus_get, g_bus_get);
SAME_TYPE(ado_fn_g_bus_get_finish, g_bus_get_finish);
SAME_TYPE(ado_fn_g_dbus_connection_set_exit_on_close, g_dbus_connection_set_exit_on_close);
SAME_TYPE(ado_fn_g_dbus_connection_call, g_dbus_connection_call);
SAME_TYPE(ado_fn_g_dbus_connection_call_finish, g_dbus_connection_call_finish);
SAME_TYPE(ado_fn_g_variant_new, g_variant_new);
SAME_TYPE(ado_fn_g_variant_get_child_value, g_variant_get_child_value);
SAME_TYPE(ado_fn_g_variant_n_children, g_variant_n_children);
SAME_TYPE(ado_fn_g_variant_get_string, g_variant_get_string);
SAME_TYPE(ado_fn_g_variant_get_variant, g_variant_get_variant);
SAME_TYPE(ado_fn_g_variant_lookup_value, g_variant_lookup_value);
SAME_TYPE(ado_fn_g_variant_get_boolean, g_variant_get_boolean);
SAME_TYPE(ado_fn_g_variant_unref, g_variant_unref);
SAME_TYPE(ado_fn_g_variant_builder_new, g_variant_builder_new);
SAME_TYPE(ado_fn_g_variant_builder_add, g_variant_builder_add);
SAME_TYPE(ado_fn_g_variant_builder_unref, g_variant_builder_unref);
SAME_TYPE(ado_fn_g_dbus_proxy_get_object_path, g_dbus_proxy_get_object_path);
SAME_TYPE(ado_fn_secret_service_get, secret_service_get);
SAME_TYPE(ado_fn_secret_service_get_finish, secret_service_get_finish);
SAME_TYPE(ado_fn_secret_collection_for_alias, secret_collection_for_alias);
SAME_TYPE(ado_fn_secret_collection_for_alias_finish, secret_collection_for_alias_finish);
SAME_TYPE(ado_fn_secret_collection_get_locked, secret_collection_get_locked);
SAME_TYPE(ado_fn_secret_service_unlock, secret_service_unlock);
SAME_TYPE(ado_fn_secret_service_unlock_finish, secret_service_unlock_finish);
SAME_TYPE(ado_fn_secret_service_search, secret_service_search);
SAME_TYPE(ado_fn_secret_service_search_finish, secret_service_search_finish);
SAME_TYPE(ado_fn_secret_item_get_attributes, secret_item_get_attributes);
SAME_TYPE(ado_fn_secret_item_get_locked, secret_item_get_locked);
SAME_TYPE(ado_fn_secret_item_get_secret, secret_item_get_secret);
SAME_TYPE(ado_fn_secret_item_create, secret_item_create);
SAME_TYPE(ado_fn_secret_item_create_finish, secret_item_create_finish);
SAME_TYPE(ado_fn_secret_item_delete, secret_item_delete);
SAME_TYPE(ado_fn_secret_item_delete_finish, secret_item_delete_finish);
SAME_TYPE(ado_fn_secret_value_new, secret_value_new);
SAME_TYPE(ado_fn_secret_value_get, secret_value_get);
SAME_TYPE(ado_fn_secret_value_unref, secret_value_unref);

#define SAME_VALUE(declared, real) _Static_assert((declared) == (real), #real " differs")

SAME_VALUE(ADO_G_BUS_TYPE_SESSION, G_BUS_TYPE_SESSION);
SAME_VALUE(ADO_G_DBUS_CALL_FLAGS_NONE, G_DBUS_CALL_FLAGS_NONE);
SAME_VALUE(ADO_SECRET_SCHEMA_DONT_MATCH_NAME, SECRET_SCHEMA_DONT_MATCH_NAME);
SAME_VALUE(ADO_SECRET_SCHEMA_ATTRIBUTE_STRING, SECRET_SCHEMA_ATTRIBUTE_STRING);
SAME_VALUE(ADO_SECRET_SERVICE_NONE, SECRET_SERVICE_NONE);
SAME_VALUE(ADO_SECRET_SERVICE_OPEN_SESSION, SECRET_SERVICE_OPEN_SESSION);
SAME_VALUE(ADO_SECRET_COLLECTION_NONE, SECRET_COLLECTION_NONE);
SAME_VALUE(ADO_SECRET_ITEM_CREATE_REPLACE, SECRET_ITEM_CREATE_REPLACE);
SAME_VALUE(ADO_SECRET_SEARCH_ALL, SECRET_SEARCH_ALL);
SAME_VALUE(ADO_SECRET_SEARCH_UNLOCK, SECRET_SEARCH_UNLOCK);
SAME_VALUE(ADO_SECRET_SEARCH_LOAD_SECRETS, SECRET_SEARCH_LOAD_SECRETS);
SAME_VALUE(ADO_SECRET_ERROR_IS_LOCKED, SECRET_ERROR_IS_LOCKED);
SAME_VALUE(ADO_G_IO_ERROR_NOT_FOUND, G_IO_ERROR_NOT_FOUND);
SAME_VALUE(ADO_G_IO_ERROR_CLOSED, G_IO_ERROR_CLOSED);
SAME_VALUE(ADO_G_IO_ERROR_CANCELLED, G_IO_ERROR_CANCELLED);
SAME_VALUE(ADO_G_IO_ERROR_TIMED_OUT, G_IO_ERROR_TIMED_OUT);
SAME_VALUE(ADO_G_DBUS_ERROR_SERVICE_UNKNOWN, G_DBUS_ERROR_SERVICE_UNKNOWN);
SAME_VALUE(ADO_G_DBUS_ERROR_NAME_HAS_NO_OWNER, G_DBUS_ERROR_NAME_HAS_NO_OWNER);
SAME_VALUE(ADO_G_DBUS_ERROR_NO_REPLY, G_DBUS_ERROR_NO_REPLY);
SAME_VALUE(ADO_G_DBUS_ERROR_DISCONNECTED, G_DBUS_ERROR_DISCONNECTED);
SAME_VALUE(ADO_G_DBUS_ERROR_TIMEOUT, G_DBUS_ERROR_TIMEOUT);
SAME_VALUE(ADO_G_DBUS_ERROR_TIMED_OUT, G_DBUS_ERROR_TIMED_OUT);
SAME_VALUE(ADO_G_DBUS_ERROR_UNKNOWN_METHOD, G_DBUS_ERROR_UNKNOWN_METHOD);
SAME_VALUE(ADO_G_DBUS_ERROR_UNKNOWN_OBJECT, G_DBUS_ERROR_UNKNOWN_OBJECT);
// The shim treats this range as "activation failed": the Spawn.* errors.
SAME_VALUE(23, G_DBUS_ERROR_SPAWN_EXEC_FAILED);
SAME_VALUE(34, G_DBUS_ERROR_SPAWN_NO_MEMORY);

int ado_secret_abi_checked_version(void) {
    return SECRET_MAJOR_VERSION * 10000 + SECRET_MINOR_VERSION * 100 + SECRET_MICRO_VERSION;
}
