// The slice of GLib, GIO and libsecret's ABI the shim uses, declared here so that the product
// neither links libsecret nor needs its headers. Every name carries an `ado_` prefix. The
// test-only ABI check (Tests/SecretABICheck) defines ADO_SECRET_ABI_CHECK, which maps each
// name to libsecret's own type, and then asserts that every function type, constant and
// layout below matches the real headers.
#ifndef ADO_SECRET_ABI_H
#define ADO_SECRET_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef ADO_SECRET_ABI_CHECK
typedef gboolean ado_gboolean;
typedef guint ado_guint;
typedef GQuark ado_GQuark;
typedef gpointer ado_gpointer;
typedef GError ado_GError;
typedef GList ado_GList;
typedef GHashTable ado_GHashTable;
typedef GMainContext ado_GMainContext;
typedef GSource ado_GSource;
typedef GCancellable ado_GCancellable;
typedef GAsyncResult ado_GAsyncResult;
typedef GObject ado_GObject;
typedef GDBusConnection ado_GDBusConnection;
typedef GDBusProxy ado_GDBusProxy;
typedef GVariant ado_GVariant;
typedef GVariantType ado_GVariantType;
typedef GVariantBuilder ado_GVariantBuilder;
typedef GDBusCallFlags ado_GDBusCallFlags;
typedef SecretService ado_SecretService;
typedef SecretCollection ado_SecretCollection;
typedef SecretItem ado_SecretItem;
typedef SecretValue ado_SecretValue;
typedef GAsyncReadyCallback ado_GAsyncReadyCallback;
typedef GSourceFunc ado_GSourceFunc;
typedef GHashFunc ado_GHashFunc;
typedef GEqualFunc ado_GEqualFunc;
typedef GDestroyNotify ado_GDestroyNotify;
typedef GLogFunc ado_GLogFunc;
typedef SecretSchemaAttribute ado_SecretSchemaAttribute;
typedef SecretSchema ado_SecretSchema;
typedef GBusType ado_GBusType;
typedef GLogLevelFlags ado_GLogLevelFlags;
typedef SecretSchemaFlags ado_SecretSchemaFlags;
typedef SecretSchemaAttributeType ado_SecretSchemaAttributeType;
typedef SecretServiceFlags ado_SecretServiceFlags;
typedef SecretCollectionFlags ado_SecretCollectionFlags;
typedef SecretItemCreateFlags ado_SecretItemCreateFlags;
typedef SecretSearchFlags ado_SecretSearchFlags;
#else
typedef int ado_gboolean;
typedef unsigned int ado_guint;
typedef uint32_t ado_GQuark;
typedef void *ado_gpointer;

typedef struct {
    ado_GQuark domain;
    int code;
    char *message;
} ado_GError;

typedef struct ado_GList {
    ado_gpointer data;
    struct ado_GList *next;
    struct ado_GList *prev;
} ado_GList;

typedef struct ado_GHashTable ado_GHashTable;
typedef struct ado_GMainContext ado_GMainContext;
typedef struct ado_GSource ado_GSource;
typedef struct ado_GCancellable ado_GCancellable;
typedef struct ado_GAsyncResult ado_GAsyncResult;
typedef struct ado_GObject ado_GObject;
typedef struct ado_GDBusConnection ado_GDBusConnection;
typedef struct ado_GDBusProxy ado_GDBusProxy;
typedef struct ado_GVariant ado_GVariant;
typedef struct ado_GVariantType ado_GVariantType;
typedef struct ado_GVariantBuilder ado_GVariantBuilder;
typedef struct ado_SecretService ado_SecretService;
typedef struct ado_SecretCollection ado_SecretCollection;
typedef struct ado_SecretItem ado_SecretItem;
typedef struct ado_SecretValue ado_SecretValue;

typedef void (*ado_GAsyncReadyCallback)(ado_GObject *source, ado_GAsyncResult *result, ado_gpointer data);
typedef ado_gboolean (*ado_GSourceFunc)(ado_gpointer data);
typedef ado_guint (*ado_GHashFunc)(const void *key);
typedef ado_gboolean (*ado_GEqualFunc)(const void *a, const void *b);
typedef void (*ado_GDestroyNotify)(ado_gpointer data);
// GLib's enums: the compiler gives an enum with a negative member the type int, and one without
// unsigned int; the ABI check holds each of these to that.
typedef int ado_GBusType;
typedef int ado_GLogLevelFlags;
typedef unsigned int ado_SecretSchemaFlags;
typedef unsigned int ado_SecretSchemaAttributeType;
typedef unsigned int ado_SecretServiceFlags;
typedef unsigned int ado_SecretCollectionFlags;
typedef unsigned int ado_SecretItemCreateFlags;
typedef unsigned int ado_SecretSearchFlags;
typedef unsigned int ado_GDBusCallFlags;

typedef void (*ado_GLogFunc)(const char *domain, ado_GLogLevelFlags level, const char *message, ado_gpointer data);

typedef struct {
    const char *name;
    ado_SecretSchemaAttributeType type;
} ado_SecretSchemaAttribute;

typedef struct {
    const char *name;
    ado_SecretSchemaFlags flags;
    ado_SecretSchemaAttribute attributes[32];
    int reserved;
    ado_gpointer reserved1, reserved2, reserved3, reserved4, reserved5, reserved6, reserved7;
} ado_SecretSchema;

#endif

enum {
    ADO_G_BUS_TYPE_SESSION = 2,
    ADO_G_DBUS_CALL_FLAGS_NONE = 0,
    ADO_SECRET_SCHEMA_DONT_MATCH_NAME = 1 << 1,
    ADO_SECRET_SCHEMA_ATTRIBUTE_STRING = 0,
    ADO_SECRET_SERVICE_NONE = 0,
    ADO_SECRET_SERVICE_OPEN_SESSION = 1 << 1,
    ADO_SECRET_COLLECTION_NONE = 0,
    ADO_SECRET_ITEM_CREATE_REPLACE = 1 << 1,
    ADO_SECRET_SEARCH_ALL = 1 << 1,
    ADO_SECRET_SEARCH_UNLOCK = 1 << 2,
    ADO_SECRET_SEARCH_LOAD_SECRETS = 1 << 3,
    ADO_SECRET_ERROR_IS_LOCKED = 2,
    ADO_G_IO_ERROR_NOT_FOUND = 1,
    ADO_G_IO_ERROR_CLOSED = 18,
    ADO_G_IO_ERROR_CANCELLED = 19,
    ADO_G_IO_ERROR_TIMED_OUT = 24,
    ADO_G_DBUS_ERROR_SERVICE_UNKNOWN = 2,
    ADO_G_DBUS_ERROR_NAME_HAS_NO_OWNER = 3,
    ADO_G_DBUS_ERROR_NO_REPLY = 4,
    ADO_G_DBUS_ERROR_DISCONNECTED = 15,
    ADO_G_DBUS_ERROR_TIMEOUT = 12,
    ADO_G_DBUS_ERROR_TIMED_OUT = 20,
    ADO_G_DBUS_ERROR_UNKNOWN_METHOD = 19,
    ADO_G_DBUS_ERROR_UNKNOWN_OBJECT = 41,
};

// Function types, one per symbol resolved with dlsym.
typedef ado_GMainContext *(*ado_fn_g_main_context_new)(void);
typedef void (*ado_fn_g_main_context_push_thread_default)(ado_GMainContext *context);
typedef void (*ado_fn_g_main_context_pop_thread_default)(ado_GMainContext *context);
typedef ado_gboolean (*ado_fn_g_main_context_iteration)(ado_GMainContext *context, ado_gboolean may_block);
typedef ado_GSource *(*ado_fn_g_timeout_source_new)(ado_guint interval);
typedef void (*ado_fn_g_source_set_callback)(ado_GSource *source, ado_GSourceFunc func, ado_gpointer data,
                                             ado_GDestroyNotify notify);
typedef ado_guint (*ado_fn_g_source_attach)(ado_GSource *source, ado_GMainContext *context);
typedef void (*ado_fn_g_source_destroy)(ado_GSource *source);
typedef void (*ado_fn_g_source_unref)(ado_GSource *source);
typedef ado_GHashTable *(*ado_fn_g_hash_table_new_full)(ado_GHashFunc hash, ado_GEqualFunc equal,
                                                        ado_GDestroyNotify key_destroy,
                                                        ado_GDestroyNotify value_destroy);
typedef ado_gboolean (*ado_fn_g_hash_table_insert)(ado_GHashTable *table, ado_gpointer key, ado_gpointer value);
typedef ado_gpointer (*ado_fn_g_hash_table_lookup)(ado_GHashTable *table, const void *key);
typedef void (*ado_fn_g_hash_table_unref)(ado_GHashTable *table);
typedef ado_guint (*ado_fn_g_str_hash)(const void *key);
typedef ado_gboolean (*ado_fn_g_str_equal)(const void *a, const void *b);
typedef char *(*ado_fn_g_strdup)(const char *text);
typedef void (*ado_fn_g_free)(ado_gpointer memory);
typedef void (*ado_fn_g_error_free)(ado_GError *error);
typedef const char *(*ado_fn_g_quark_to_string)(ado_GQuark quark);
typedef void (*ado_fn_g_list_free)(ado_GList *list);
typedef ado_GList *(*ado_fn_g_list_append)(ado_GList *list, ado_gpointer data);
typedef ado_gpointer (*ado_fn_g_object_ref)(ado_gpointer object);
typedef void (*ado_fn_g_object_unref)(ado_gpointer object);
typedef ado_GCancellable *(*ado_fn_g_cancellable_new)(void);
typedef void (*ado_fn_g_cancellable_cancel)(ado_GCancellable *cancellable);
typedef ado_GLogFunc (*ado_fn_g_log_set_default_handler)(ado_GLogFunc func, ado_gpointer data);
typedef void (*ado_fn_g_bus_get)(ado_GBusType bus_type, ado_GCancellable *cancellable, ado_GAsyncReadyCallback callback,
                                 ado_gpointer data);
typedef ado_GDBusConnection *(*ado_fn_g_bus_get_finish)(ado_GAsyncResult *result, ado_GError **error);
typedef void (*ado_fn_g_dbus_connection_set_exit_on_close)(ado_GDBusConnection *connection,
                                                           ado_gboolean exit_on_close);
typedef void (*ado_fn_g_dbus_connection_call)(ado_GDBusConnection *connection, const char *bus_name,
                                              const char *object_path, const char *interface_name,
                                              const char *method_name, ado_GVariant *parameters,
                                              const ado_GVariantType *reply_type, ado_GDBusCallFlags flags,
                                              int timeout_msec, ado_GCancellable *cancellable,
                                              ado_GAsyncReadyCallback callback, ado_gpointer data);
typedef ado_GVariant *(*ado_fn_g_dbus_connection_call_finish)(ado_GDBusConnection *connection,
                                                              ado_GAsyncResult *result, ado_GError **error);
typedef ado_GVariant *(*ado_fn_g_variant_new)(const char *format, ...);
typedef ado_GVariant *(*ado_fn_g_variant_get_child_value)(ado_GVariant *value, size_t index);
typedef size_t (*ado_fn_g_variant_n_children)(ado_GVariant *value);
typedef const char *(*ado_fn_g_variant_get_string)(ado_GVariant *value, size_t *length);
typedef ado_GVariant *(*ado_fn_g_variant_get_variant)(ado_GVariant *value);
typedef ado_GVariant *(*ado_fn_g_variant_lookup_value)(ado_GVariant *dictionary, const char *key,
                                                       const ado_GVariantType *expected_type);
typedef ado_gboolean (*ado_fn_g_variant_get_boolean)(ado_GVariant *value);
typedef void (*ado_fn_g_variant_unref)(ado_GVariant *value);
typedef ado_GVariantBuilder *(*ado_fn_g_variant_builder_new)(const ado_GVariantType *type);
typedef void (*ado_fn_g_variant_builder_add)(ado_GVariantBuilder *builder, const char *format, ...);
typedef void (*ado_fn_g_variant_builder_unref)(ado_GVariantBuilder *builder);
typedef const char *(*ado_fn_g_dbus_proxy_get_object_path)(ado_GDBusProxy *proxy);
typedef void (*ado_fn_secret_service_get)(ado_SecretServiceFlags flags, ado_GCancellable *cancellable, ado_GAsyncReadyCallback callback,
                                          ado_gpointer data);
typedef ado_SecretService *(*ado_fn_secret_service_get_finish)(ado_GAsyncResult *result, ado_GError **error);
typedef void (*ado_fn_secret_collection_for_alias)(ado_SecretService *service, const char *alias,
                                                   ado_SecretCollectionFlags flags,
                                                   ado_GCancellable *cancellable, ado_GAsyncReadyCallback callback,
                                                   ado_gpointer data);
typedef ado_SecretCollection *(*ado_fn_secret_collection_for_alias_finish)(ado_GAsyncResult *result,
                                                                           ado_GError **error);
typedef ado_gboolean (*ado_fn_secret_collection_get_locked)(ado_SecretCollection *collection);
typedef void (*ado_fn_secret_service_unlock)(ado_SecretService *service, ado_GList *objects,
                                             ado_GCancellable *cancellable, ado_GAsyncReadyCallback callback,
                                             ado_gpointer data);
typedef int (*ado_fn_secret_service_unlock_finish)(ado_SecretService *service, ado_GAsyncResult *result,
                                                   ado_GList **unlocked, ado_GError **error);
typedef void (*ado_fn_secret_service_search)(ado_SecretService *service, const ado_SecretSchema *schema,
                                             ado_GHashTable *attributes, ado_SecretSearchFlags flags,
                                             ado_GCancellable *cancellable,
                                             ado_GAsyncReadyCallback callback, ado_gpointer data);
typedef ado_GList *(*ado_fn_secret_service_search_finish)(ado_SecretService *service, ado_GAsyncResult *result,
                                                          ado_GError **error);
typedef ado_GHashTable *(*ado_fn_secret_item_get_attributes)(ado_SecretItem *item);
typedef ado_gboolean (*ado_fn_secret_item_get_locked)(ado_SecretItem *item);
typedef ado_SecretValue *(*ado_fn_secret_item_get_secret)(ado_SecretItem *item);
typedef void (*ado_fn_secret_item_create)(ado_SecretCollection *collection, const ado_SecretSchema *schema,
                                          ado_GHashTable *attributes, const char *label, ado_SecretValue *value,
                                          ado_SecretItemCreateFlags flags, ado_GCancellable *cancellable,
                                          ado_GAsyncReadyCallback callback, ado_gpointer data);
typedef ado_SecretItem *(*ado_fn_secret_item_create_finish)(ado_GAsyncResult *result, ado_GError **error);
typedef void (*ado_fn_secret_item_delete)(ado_SecretItem *item, ado_GCancellable *cancellable,
                                          ado_GAsyncReadyCallback callback, ado_gpointer data);
typedef ado_gboolean (*ado_fn_secret_item_delete_finish)(ado_SecretItem *item, ado_GAsyncResult *result,
                                                         ado_GError **error);
typedef ado_SecretValue *(*ado_fn_secret_value_new)(const char *secret, long length, const char *content_type);
typedef const char *(*ado_fn_secret_value_get)(ado_SecretValue *value, size_t *length);
typedef void (*ado_fn_secret_value_unref)(ado_gpointer value);
typedef ado_GQuark (*ado_fn_secret_error_get_quark)(void);

#endif
