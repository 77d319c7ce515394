// The Secret Service through libsecret, loaded with dlopen on first use.
//
// Linking libsecret would load GLib, GObject, GIO and libgcrypt into every process and run
// GObject's type system set-up at start-up: 2.5 ms per run measured here, more than a whole
// `list` of the file store. Commands that never reach a keyring (no session bus, --store file)
// therefore never load it. The declarations come from secret_abi.h; a test compares them with
// libsecret's real headers.
//
// Every call runs asynchronously on a private GMainContext with a deadline, so that a hung
// daemon costs the caller `timeout_ms`, not D-Bus' 25 s default. Calls are serialized: the
// context belongs to whichever thread holds `call_lock`.
#define _GNU_SOURCE
#include "SecretShim.h"
#include "secret_abi.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct {
    ado_fn_g_main_context_new main_context_new;
    ado_fn_g_main_context_push_thread_default push_thread_default;
    ado_fn_g_main_context_pop_thread_default pop_thread_default;
    ado_fn_g_main_context_iteration iteration;
    ado_fn_g_timeout_source_new timeout_source_new;
    ado_fn_g_source_set_callback source_set_callback;
    ado_fn_g_source_attach source_attach;
    ado_fn_g_source_destroy source_destroy;
    ado_fn_g_source_unref source_unref;
    ado_fn_g_hash_table_new_full hash_table_new_full;
    ado_fn_g_hash_table_insert hash_table_insert;
    ado_fn_g_hash_table_lookup hash_table_lookup;
    ado_fn_g_hash_table_unref hash_table_unref;
    ado_fn_g_str_hash str_hash;
    ado_fn_g_str_equal str_equal;
    ado_fn_g_error_free error_free;
    ado_fn_g_quark_to_string quark_to_string;
    ado_fn_g_list_free list_free;
    ado_fn_g_list_append list_append;
    ado_fn_g_object_ref object_ref;
    ado_fn_g_object_unref object_unref;
    ado_fn_g_cancellable_new cancellable_new;
    ado_fn_g_cancellable_cancel cancellable_cancel;
    ado_fn_g_log_set_default_handler log_set_default_handler;
    ado_fn_g_bus_get bus_get;
    ado_fn_g_bus_get_finish bus_get_finish;
    ado_fn_g_dbus_connection_set_exit_on_close set_exit_on_close;
    ado_fn_g_dbus_proxy_get_object_path proxy_get_object_path;
    ado_fn_g_dbus_connection_call connection_call;
    ado_fn_g_dbus_connection_call_finish connection_call_finish;
    ado_fn_g_variant_new variant_new;
    ado_fn_g_variant_get_child_value variant_get_child_value;
    ado_fn_g_variant_n_children variant_n_children;
    ado_fn_g_variant_get_string variant_get_string;
    ado_fn_g_variant_get_variant variant_get_variant;
    ado_fn_g_variant_lookup_value variant_lookup_value;
    ado_fn_g_variant_get_boolean variant_get_boolean;
    ado_fn_g_variant_unref variant_unref;
    ado_fn_g_variant_builder_new variant_builder_new;
    ado_fn_g_variant_builder_add variant_builder_add;
    ado_fn_g_variant_builder_unref variant_builder_unref;
    ado_fn_secret_service_get service_get;
    ado_fn_secret_service_get_finish service_get_finish;
    ado_fn_secret_collection_for_alias collection_for_alias;
    ado_fn_secret_collection_for_alias_finish collection_for_alias_finish;
    ado_fn_secret_collection_get_locked collection_get_locked;
    ado_fn_secret_service_unlock service_unlock;
    ado_fn_secret_service_unlock_finish service_unlock_finish;
    ado_fn_secret_service_search service_search;
    ado_fn_secret_service_search_finish service_search_finish;
    ado_fn_secret_item_get_attributes item_get_attributes;
    ado_fn_secret_item_get_locked item_get_locked;
    ado_fn_secret_item_get_secret item_get_secret;
    ado_fn_secret_item_create item_create;
    ado_fn_secret_item_create_finish item_create_finish;
    ado_fn_secret_item_delete item_delete;
    ado_fn_secret_item_delete_finish item_delete_finish;
    ado_fn_secret_value_new value_new;
    ado_fn_secret_value_get value_get;
    ado_fn_secret_value_unref value_unref;
    int loaded;
    char load_error[200];
    ado_GMainContext *context;
    /// The session bus connection, kept so that it is not closed between calls.
    ado_GDBusConnection *connection;
} lib;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t call_lock = PTHREAD_MUTEX_INITIALIZER;
/// Called between storing a new item and deleting the old ones (see ado_secret_set_store_hook).
static void (*store_hook)(void);

void ado_secret_set_store_hook(void (*hook)(void)) { __atomic_store_n(&store_hook, hook, __ATOMIC_RELEASE); }

/// python-keyring's attributes, matched without the schema name (interop §5). Writing with this
/// schema makes libsecret add xdg:schema=org.freedesktop.Secret.Generic, which keyring's
/// libsecret backend needs in order to see the item.
static const ado_SecretSchema schema = {
    "org.freedesktop.Secret.Generic",
    ADO_SECRET_SCHEMA_DONT_MATCH_NAME,
    {{"service", ADO_SECRET_SCHEMA_ATTRIBUTE_STRING},
     {"username", ADO_SECRET_SCHEMA_ATTRIBUTE_STRING},
     {"application", ADO_SECRET_SCHEMA_ATTRIBUTE_STRING},
     {NULL, 0}},
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL};

// GLib and libsecret log warnings and criticals on stderr (for example when the daemon goes
// away mid-call). Every failure is reported to the caller instead, once, as one line.
static void quiet_log(const char *domain, int level, const char *message, ado_gpointer data) {
    (void)domain;
    (void)level;
    (void)message;
    (void)data;
}

static void load_library(void) {
    void *handle = dlopen("libsecret-1.so.0", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        snprintf(lib.load_error, sizeof lib.load_error,
                 "libsecret is not installed (apt-get install libsecret-1-0)");
        return;
    }
#define LOAD(field, symbol)                                                                      \
    do {                                                                                         \
        *(void **)(&lib.field) = dlsym(handle, symbol);                                          \
        if (lib.field == NULL) {                                                                 \
            snprintf(lib.load_error, sizeof lib.load_error, "libsecret lacks %s", symbol);      \
            return;                                                                              \
        }                                                                                        \
    } while (0)
    LOAD(main_context_new, "g_main_context_new");
    LOAD(push_thread_default, "g_main_context_push_thread_default");
    LOAD(pop_thread_default, "g_main_context_pop_thread_default");
    LOAD(iteration, "g_main_context_iteration");
    LOAD(timeout_source_new, "g_timeout_source_new");
    LOAD(source_set_callback, "g_source_set_callback");
    LOAD(source_attach, "g_source_attach");
    LOAD(source_destroy, "g_source_destroy");
    LOAD(source_unref, "g_source_unref");
    LOAD(hash_table_new_full, "g_hash_table_new_full");
    LOAD(hash_table_insert, "g_hash_table_insert");
    LOAD(hash_table_lookup, "g_hash_table_lookup");
    LOAD(hash_table_unref, "g_hash_table_unref");
    LOAD(str_hash, "g_str_hash");
    LOAD(str_equal, "g_str_equal");
    LOAD(error_free, "g_error_free");
    LOAD(quark_to_string, "g_quark_to_string");
    LOAD(list_free, "g_list_free");
    LOAD(list_append, "g_list_append");
    LOAD(object_ref, "g_object_ref");
    LOAD(object_unref, "g_object_unref");
    LOAD(cancellable_new, "g_cancellable_new");
    LOAD(cancellable_cancel, "g_cancellable_cancel");
    LOAD(log_set_default_handler, "g_log_set_default_handler");
    LOAD(bus_get, "g_bus_get");
    LOAD(bus_get_finish, "g_bus_get_finish");
    LOAD(set_exit_on_close, "g_dbus_connection_set_exit_on_close");
    LOAD(proxy_get_object_path, "g_dbus_proxy_get_object_path");
    LOAD(connection_call, "g_dbus_connection_call");
    LOAD(connection_call_finish, "g_dbus_connection_call_finish");
    LOAD(variant_new, "g_variant_new");
    LOAD(variant_get_child_value, "g_variant_get_child_value");
    LOAD(variant_n_children, "g_variant_n_children");
    LOAD(variant_get_string, "g_variant_get_string");
    LOAD(variant_get_variant, "g_variant_get_variant");
    LOAD(variant_lookup_value, "g_variant_lookup_value");
    LOAD(variant_get_boolean, "g_variant_get_boolean");
    LOAD(variant_unref, "g_variant_unref");
    LOAD(variant_builder_new, "g_variant_builder_new");
    LOAD(variant_builder_add, "g_variant_builder_add");
    LOAD(variant_builder_unref, "g_variant_builder_unref");
    LOAD(service_get, "secret_service_get");
    LOAD(service_get_finish, "secret_service_get_finish");
    LOAD(collection_for_alias, "secret_collection_for_alias");
    LOAD(collection_for_alias_finish, "secret_collection_for_alias_finish");
    LOAD(collection_get_locked, "secret_collection_get_locked");
    LOAD(service_unlock, "secret_service_unlock");
    LOAD(service_unlock_finish, "secret_service_unlock_finish");
    LOAD(service_search, "secret_service_search");
    LOAD(service_search_finish, "secret_service_search_finish");
    LOAD(item_get_attributes, "secret_item_get_attributes");
    LOAD(item_get_locked, "secret_item_get_locked");
    LOAD(item_get_secret, "secret_item_get_secret");
    LOAD(item_create, "secret_item_create");
    LOAD(item_create_finish, "secret_item_create_finish");
    LOAD(item_delete, "secret_item_delete");
    LOAD(item_delete_finish, "secret_item_delete_finish");
    LOAD(value_new, "secret_value_new");
    LOAD(value_get, "secret_value_get");
    LOAD(value_unref, "secret_value_unref");
#undef LOAD
    lib.log_set_default_handler(quiet_log, NULL);
    lib.context = lib.main_context_new();
    lib.loaded = 1;
}

// MARK: - Results

static void set_result(ado_secret_result *r, ado_secret_status status, const char *format, ...) {
    r->status = status;
    r->domain[0] = '\0';
    r->code = 0;
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(r->message, sizeof r->message, format, arguments);
    va_end(arguments);
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

typedef struct {
    ado_GCancellable *cancellable;
    struct timespec deadline;
    int timed_out;
} call;

static int matches(const char *domain, const char *expected) { return strcmp(domain, expected) == 0; }

static ado_secret_status timed_out(ado_secret_result *r) {
    set_result(r, ADO_SECRET_TIMEOUT, "the Secret Service did not answer in time");
    return ADO_SECRET_TIMEOUT;
}

/// Fills `r` from a GError: a timeout when our deadline cancelled the call, otherwise the
/// category the error belongs to, or `fallback`.
static ado_secret_status fail(ado_secret_result *r, const call *c, ado_GError *error,
                              ado_secret_status fallback) {
    if (c->timed_out) {
        if (error) lib.error_free(error);
        return timed_out(r);
    }
    const char *domain = error ? lib.quark_to_string(error->domain) : "";
    int code = error ? error->code : 0;
    ado_secret_status status = fallback;
    if (matches(domain, "secret-error") && code == ADO_SECRET_ERROR_IS_LOCKED) {
        status = ADO_SECRET_LOCKED;
    } else if (matches(domain, "g-dbus-error-quark")) {
        if (code == ADO_G_DBUS_ERROR_SERVICE_UNKNOWN || code == ADO_G_DBUS_ERROR_NAME_HAS_NO_OWNER ||
            (code >= 23 && code <= 34)) {  // the Spawn.* errors: activation failed
            status = ADO_SECRET_NO_SERVICE;
        } else if (code == ADO_G_DBUS_ERROR_NO_REPLY || code == ADO_G_DBUS_ERROR_TIMEOUT ||
                   code == ADO_G_DBUS_ERROR_TIMED_OUT) {
            status = ADO_SECRET_TIMEOUT;
        } else if (code == ADO_G_DBUS_ERROR_DISCONNECTED) {
            status = ADO_SECRET_NO_BUS;
        }
    } else if (matches(domain, "g-io-error-quark")) {
        if (code == ADO_G_IO_ERROR_TIMED_OUT) status = ADO_SECRET_TIMEOUT;
        if (code == ADO_G_IO_ERROR_CLOSED) status = ADO_SECRET_NO_BUS;
    }
    r->status = status;
    snprintf(r->domain, sizeof r->domain, "%s", domain);
    r->code = code;
    snprintf(r->message, sizeof r->message, "%s", readable(error ? error->message : NULL));
    for (char *p = r->message; *p; p++) {
        if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
    }
    if (error) lib.error_free(error);
    return status;
}

// MARK: - Waiting for one asynchronous step, with a deadline

typedef struct {
    int done;
    int abandoned;
    ado_GAsyncResult *result;
} pending;

static void on_ready(ado_GObject *source, ado_GAsyncResult *result, ado_gpointer data) {
    (void)source;
    pending *p = data;
    if (p->abandoned) {
        free(p);
        return;
    }
    p->result = lib.object_ref(result);
    p->done = 1;
}

static pending *pending_new(void) { return calloc(1, sizeof(pending)); }

static void pending_free(pending *p) {
    if (p->result) lib.object_unref(p->result);
    free(p);
}

/// Gives up on a step that will not be waited for: freed now if it has answered, otherwise by
/// its callback when it does.
static void pending_abandon(pending *p) {
    if (p->done) {
        pending_free(p);
    } else {
        p->abandoned = 1;
    }
}

static long milliseconds_until(const struct timespec *deadline) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (deadline->tv_sec - now.tv_sec) * 1000L + (deadline->tv_nsec - now.tv_nsec) / 1000000L;
}

static call call_start(long timeout_ms) {
    call c = {lib.cancellable_new(), {0, 0}, 0};
    clock_gettime(CLOCK_MONOTONIC, &c.deadline);
    c.deadline.tv_sec += timeout_ms / 1000;
    c.deadline.tv_nsec += (timeout_ms % 1000) * 1000000L;
    if (c.deadline.tv_nsec >= 1000000000L) {
        c.deadline.tv_sec += 1;
        c.deadline.tv_nsec -= 1000000000L;
    }
    return c;
}

static void call_end(call *c) { lib.object_unref(c->cancellable); }

static ado_gboolean on_deadline(ado_gpointer data) {
    call *c = data;
    c->timed_out = 1;
    lib.cancellable_cancel(c->cancellable);
    return 0;
}

static ado_gboolean on_flag(ado_gpointer data) {
    *(int *)data = 1;
    return 0;
}

/// Runs the context until `p` completes or the call's deadline passes. On the deadline the call
/// is cancelled and given a short grace to report; a step that still does not complete is
/// abandoned (its callback frees `p` later). Returns whether `p` completed.
static int wait_for(call *c, pending *p) {
    long remaining = milliseconds_until(&c->deadline);
    if (remaining < 0) remaining = 0;
    ado_GSource *timer = lib.timeout_source_new((ado_guint)remaining);
    lib.source_set_callback(timer, on_deadline, c, NULL);
    lib.source_attach(timer, lib.context);
    while (!p->done && !c->timed_out) lib.iteration(lib.context, 1);
    lib.source_destroy(timer);
    lib.source_unref(timer);
    if (p->done) return 1;

    int grace_over = 0;
    ado_GSource *grace = lib.timeout_source_new(300);
    lib.source_set_callback(grace, on_flag, &grace_over, NULL);
    lib.source_attach(grace, lib.context);
    while (!p->done && !grace_over) lib.iteration(lib.context, 1);
    lib.source_destroy(grace);
    lib.source_unref(grace);
    if (p->done) return 1;
    p->abandoned = 1;
    return 0;
}

// MARK: - Steps

static ado_secret_status ensure_bus(call *c, ado_secret_result *r) {
    if (lib.connection != NULL) return ADO_SECRET_OK;
    pending *p = pending_new();
    lib.bus_get(ADO_G_BUS_TYPE_SESSION, c->cancellable, on_ready, p);
    if (!wait_for(c, p)) return timed_out(r);
    ado_GError *error = NULL;
    ado_GDBusConnection *connection = lib.bus_get_finish(p->result, &error);
    pending_free(p);
    if (connection == NULL) return fail(r, c, error, ADO_SECRET_NO_BUS);
    // GLib's shared session connection ends the process when the bus goes away; a vanished bus
    // must be an error the caller reports, not a silent exit in the middle of a change.
    lib.set_exit_on_close(connection, 0);
    lib.connection = connection;
    return ADO_SECRET_OK;
}

static ado_secret_status get_service(call *c, int flags, ado_SecretService **service, ado_secret_result *r) {
    ado_secret_status status = ensure_bus(c, r);
    if (status != ADO_SECRET_OK) return status;
    pending *p = pending_new();
    lib.service_get(flags, c->cancellable, on_ready, p);
    if (!wait_for(c, p)) return timed_out(r);
    ado_GError *error = NULL;
    *service = lib.service_get_finish(p->result, &error);
    pending_free(p);
    if (*service == NULL) return fail(r, c, error, ADO_SECRET_NO_SERVICE);
    return ADO_SECRET_OK;
}

static ado_secret_status default_collection(call *c, ado_SecretService *service, ado_SecretCollection **collection,
                                            ado_secret_result *r) {
    pending *p = pending_new();
    lib.collection_for_alias(service, "default", ADO_SECRET_COLLECTION_NONE, c->cancellable, on_ready, p);
    if (!wait_for(c, p)) return timed_out(r);
    ado_GError *error = NULL;
    *collection = lib.collection_for_alias_finish(p->result, &error);
    pending_free(p);
    if (error != NULL) return fail(r, c, error, ADO_SECRET_FAILED);
    if (*collection == NULL) {
        set_result(r, ADO_SECRET_NO_COLLECTION, "the Secret Service has no default keyring");
        return ADO_SECRET_NO_COLLECTION;
    }
    return ADO_SECRET_OK;
}

static ado_GHashTable *attributes(const char *service, const char *username, const char *application) {
    // Keys and values are borrowed: the table never outlives the call that built it.
    ado_GHashTable *table = lib.hash_table_new_full(lib.str_hash, lib.str_equal, NULL, NULL);
    if (service) lib.hash_table_insert(table, (ado_gpointer) "service", (ado_gpointer)service);
    if (username) lib.hash_table_insert(table, (ado_gpointer) "username", (ado_gpointer)username);
    if (application) lib.hash_table_insert(table, (ado_gpointer) "application", (ado_gpointer)application);
    return table;
}

/// Items matching the attributes (a GList of SecretItem, to free with free_items).
static ado_secret_status search(call *c, ado_SecretService *service, ado_GHashTable *attrs, int flags,
                                ado_GList **items, ado_secret_result *r) {
    pending *p = pending_new();
    lib.service_search(service, &schema, attrs, flags, c->cancellable, on_ready, p);
    if (!wait_for(c, p)) return timed_out(r);
    ado_GError *error = NULL;
    *items = lib.service_search_finish(service, p->result, &error);
    pending_free(p);
    if (error != NULL) return fail(r, c, error, ADO_SECRET_FAILED);
    return ADO_SECRET_OK;
}

static void free_items(ado_GList *items) {
    for (ado_GList *node = items; node != NULL; node = node->next) lib.object_unref(node->data);
    lib.list_free(items);
}

static ado_secret_status delete_item(call *c, ado_SecretItem *item, ado_secret_result *r) {
    pending *p = pending_new();
    lib.item_delete(item, c->cancellable, on_ready, p);
    if (!wait_for(c, p)) return timed_out(r);
    ado_GError *error = NULL;
    int deleted = lib.item_delete_finish(item, p->result, &error);
    pending_free(p);
    if (!deleted) return fail(r, c, error, ADO_SECRET_FAILED);
    return ADO_SECRET_OK;
}

static const char *path_of(ado_SecretItem *item) { return lib.proxy_get_object_path((ado_GDBusProxy *)item); }

/// Deletes the items of `found` except `keep` (none when NULL), stopping at the first failure;
/// *removed counts the deletions.
static ado_secret_status delete_all_except(call *c, ado_GList *found, ado_SecretItem *keep, int *removed,
                                           ado_secret_result *r) {
    for (ado_GList *node = found; node; node = node->next) {
        if (keep != NULL && strcmp(path_of(node->data), path_of(keep)) == 0) continue;
        if (delete_item(c, node->data, r) != ADO_SECRET_OK) return r->status;
        (*removed)++;
    }
    return ADO_SECRET_OK;
}

static int has_schema_attribute(ado_SecretItem *item) {
    ado_GHashTable *attrs = lib.item_get_attributes(item);
    if (attrs == NULL) return 0;
    int present = lib.hash_table_lookup(attrs, "xdg:schema") != NULL;
    lib.hash_table_unref(attrs);
    return present;
}

// MARK: - Plain D-Bus calls
//
// The probe and the listing need no secret, so they talk to the service directly: libsecret
// would make a proxy per item (a GetAll and signal subscriptions each, 176 ms for 100 items),
// where one SearchItems and pipelined Properties.Get calls take a few milliseconds.

#define SECRETS_NAME "org.freedesktop.secrets"
#define SECRETS_PATH "/org/freedesktop/secrets"
#define PROPERTIES "org.freedesktop.DBus.Properties"
#define TYPE(text) ((const ado_GVariantType *)(text))

static pending *start_call(call *c, const char *path, const char *interface, const char *method,
                           ado_GVariant *parameters, const char *reply_type) {
    pending *p = pending_new();
    lib.connection_call(lib.connection, SECRETS_NAME, path, interface, method, parameters, TYPE(reply_type),
                        ADO_G_DBUS_CALL_FLAGS_NONE, -1, c->cancellable, on_ready, p);
    return p;
}

static ado_secret_status finish_call(call *c, pending *p, ado_GVariant **reply, ado_secret_status fallback,
                                     ado_secret_result *r) {
    *reply = NULL;
    if (!wait_for(c, p)) return timed_out(r);
    ado_GError *error = NULL;
    *reply = lib.connection_call_finish(lib.connection, p->result, &error);
    pending_free(p);
    if (*reply == NULL) return fail(r, c, error, fallback);
    return ADO_SECRET_OK;
}

/// The default collection's object path (NULL when there is no default alias) and whether it
/// is locked.
static ado_secret_status read_default_collection(call *c, char **path, int *locked, ado_secret_result *r) {
    *path = NULL;
    *locked = 0;
    ado_GVariant *reply = NULL;
    ado_GVariant *child = NULL;
    int missing = 1;
    // gnome-keyring now and then answers "/" (no such alias) while many clients talk to it,
    // although the default keyring exists and is unlocked (Tests/Stress/stress.py, 32 processes:
    // about one command in a thousand). Ask again, within the deadline, before concluding.
    for (int attempt = 0; missing && (attempt == 0 || (attempt < 4 && milliseconds_until(&c->deadline) > 200));
         attempt++) {
        if (attempt > 0) {
            struct timespec pause = {0, 50 * 1000000L};
            nanosleep(&pause, NULL);
        }
        pending *p = start_call(c, SECRETS_PATH, "org.freedesktop.Secret.Service", "ReadAlias",
                                lib.variant_new("(s)", "default"), "(o)");
        if (finish_call(c, p, &reply, ADO_SECRET_NO_SERVICE, r) != ADO_SECRET_OK) return r->status;
        child = lib.variant_get_child_value(reply, 0);
        const char *alias = lib.variant_get_string(child, NULL);
        missing = strcmp(alias, "/") == 0;
        if (!missing) *path = strdup(alias);
        lib.variant_unref(child);
        lib.variant_unref(reply);
    }
    if (missing) {
        set_result(r, ADO_SECRET_NO_COLLECTION, "the Secret Service has no default keyring");
        return r->status;
    }
    pending *p = start_call(c, *path, PROPERTIES, "Get",
                            lib.variant_new("(ss)", "org.freedesktop.Secret.Collection", "Locked"), "(v)");
    if (finish_call(c, p, &reply, ADO_SECRET_NO_COLLECTION, r) != ADO_SECRET_OK) return r->status;
    child = lib.variant_get_child_value(reply, 0);
    ado_GVariant *value = lib.variant_get_variant(child);
    *locked = lib.variant_get_boolean(value) ? 1 : 0;
    lib.variant_unref(value);
    lib.variant_unref(child);
    lib.variant_unref(reply);
    return ADO_SECRET_OK;
}

/// Asks the service to unlock the default collection, through libsecret, which handles the
/// prompt; only reached when the collection is locked.
static void unlock_default_collection(long unlock_timeout_ms, ado_secret_result *r) {
    call u = call_start(unlock_timeout_ms);
    ado_SecretService *service = NULL;
    ado_SecretCollection *collection = NULL;
    if (get_service(&u, ADO_SECRET_SERVICE_NONE, &service, r) == ADO_SECRET_OK &&
        default_collection(&u, service, &collection, r) == ADO_SECRET_OK) {
        ado_GList *objects = lib.list_append(NULL, collection);
        pending *p = pending_new();
        lib.service_unlock(service, objects, u.cancellable, on_ready, p);
        if (wait_for(&u, p)) {
            ado_GError *error = NULL;
            ado_GList *unlocked = NULL;
            int count = lib.service_unlock_finish(service, p->result, &unlocked, &error);
            pending_free(p);
            if (unlocked) free_items(unlocked);
            if (error != NULL) {
                fail(r, &u, error, ADO_SECRET_LOCKED);
                if (r->status == ADO_SECRET_FAILED || r->status == ADO_SECRET_TIMEOUT) r->status = ADO_SECRET_LOCKED;
            } else if (count < 1) {
                set_result(r, ADO_SECRET_LOCKED, "the default keyring is locked and was not unlocked");
            }
        } else {
            set_result(r, ADO_SECRET_LOCKED, "the default keyring is locked; nobody unlocked it in time");
        }
        lib.list_free(objects);
    }
    if (collection) lib.object_unref(collection);
    if (service) lib.object_unref(service);
    call_end(&u);
}

// MARK: - Entry points

/// Takes the lock, loads the library and makes the private context current; 0 when unusable.
static int enter(ado_secret_result *r) {
    pthread_once(&load_once, load_library);
    if (!lib.loaded) {
        set_result(r, ADO_SECRET_NO_LIBRARY, "%s", lib.load_error);
        return 0;
    }
    pthread_mutex_lock(&call_lock);
    lib.push_thread_default(lib.context);
    set_result(r, ADO_SECRET_OK, "");
    return 1;
}

static ado_secret_status leave(ado_secret_result *r) {
    lib.pop_thread_default(lib.context);
    pthread_mutex_unlock(&call_lock);
    return r->status;
}

ado_secret_status ado_secret_probe(long timeout_ms, long unlock_timeout_ms, ado_secret_result *r) {
    if (!enter(r)) return r->status;
    call c = call_start(timeout_ms);
    char *path = NULL;
    int locked = 0;
    if (ensure_bus(&c, r) == ADO_SECRET_OK && read_default_collection(&c, &path, &locked, r) == ADO_SECRET_OK &&
        locked) {
        if (unlock_timeout_ms > 0) {
            unlock_default_collection(unlock_timeout_ms, r);
        } else {
            set_result(r, ADO_SECRET_LOCKED, "the default keyring is locked");
        }
    }
    free(path);
    call_end(&c);
    return leave(r);
}

ado_secret_status ado_secret_search(const char *username, long timeout_ms, ado_secret_item **items_out,
                                    size_t *count_out, ado_secret_result *r) {
    *items_out = NULL;
    *count_out = 0;
    if (!enter(r)) return r->status;
    call c = call_start(timeout_ms);
    ado_GVariant *reply = NULL;
    if (ensure_bus(&c, r) == ADO_SECRET_OK) {
        ado_GVariantBuilder *match = lib.variant_builder_new(TYPE("a{ss}"));
        lib.variant_builder_add(match, "{ss}", "username", username);
        ado_GVariant *parameters = lib.variant_new("(a{ss})", match);
        lib.variant_builder_unref(match);
        pending *p = start_call(&c, SECRETS_PATH, "org.freedesktop.Secret.Service", "SearchItems", parameters, "(aoao)");
        if (finish_call(&c, p, &reply, ADO_SECRET_NO_SERVICE, r) == ADO_SECRET_OK) {
            ado_GVariant *lists[2] = {lib.variant_get_child_value(reply, 0), lib.variant_get_child_value(reply, 1)};
            size_t total = lib.variant_n_children(lists[0]) + lib.variant_n_children(lists[1]);
            ado_secret_item *items = calloc(total ? total : 1, sizeof(ado_secret_item));
            pending **calls = calloc(total ? total : 1, sizeof(pending *));
            size_t index = 0;
            // All the Get calls go out at once (unlocked and locked items alike: attributes are
            // readable either way); the answers are collected in order.
            for (int list = 0; list < 2; list++) {
                size_t n = lib.variant_n_children(lists[list]);
                for (size_t i = 0; i < n; i++, index++) {
                    ado_GVariant *child = lib.variant_get_child_value(lists[list], i);
                    calls[index] = start_call(&c, lib.variant_get_string(child, NULL), PROPERTIES, "Get",
                                              lib.variant_new("(ss)", "org.freedesktop.Secret.Item", "Attributes"),
                                              "(v)");
                    lib.variant_unref(child);
                }
            }
            size_t kept = 0;
            for (size_t i = 0; i < total; i++) {
                ado_GVariant *answer = NULL;
                ado_secret_result ignored;
                if (c.timed_out) {
                    // Past the deadline the remaining answers are not waited for.
                    pending_abandon(calls[i]);
                    timed_out(r);
                    continue;
                }
                if (finish_call(&c, calls[i], &answer, ADO_SECRET_FAILED, &ignored) != ADO_SECRET_OK) {
                    if (c.timed_out) timed_out(r);
                    // An item deleted since the search: not an error, just not listed.
                    continue;
                }
                ado_GVariant *boxed = lib.variant_get_child_value(answer, 0);
                ado_GVariant *attributes = lib.variant_get_variant(boxed);
                ado_GVariant *name = lib.variant_lookup_value(attributes, "service", TYPE("s"));
                if (name != NULL) {
                    items[kept++].service = strdup(lib.variant_get_string(name, NULL));
                    lib.variant_unref(name);
                }
                lib.variant_unref(attributes);
                lib.variant_unref(boxed);
                lib.variant_unref(answer);
            }
            free(calls);
            lib.variant_unref(lists[0]);
            lib.variant_unref(lists[1]);
            if (r->status == ADO_SECRET_OK) {
                *items_out = items;
                *count_out = kept;
            } else {
                ado_secret_items_free(items, kept);
            }
            lib.variant_unref(reply);
        }
    }
    call_end(&c);
    return leave(r);
}

void ado_secret_items_free(ado_secret_item *items, size_t count) {
    if (items == NULL) return;
    for (size_t i = 0; i < count; i++) free(items[i].service);
    free(items);
}

#define DEFAULT_COLLECTION_PATH "/org/freedesktop/secrets/aliases/default"

ado_secret_status ado_secret_count(const char *const *services, size_t count, const char *username,
                                   long timeout_ms, int *found, ado_secret_result *r) {
    size_t searches = services == NULL ? 1 : count;
    for (size_t i = 0; i < searches; i++) found[i] = 0;
    if (!enter(r)) return r->status;
    call c = call_start(timeout_ms);
    if (ensure_bus(&c, r) == ADO_SECRET_OK && searches > 0) {
        pending **calls = calloc(searches, sizeof(pending *));
        for (size_t i = 0; i < searches; i++) {
            ado_GVariantBuilder *match = lib.variant_builder_new(TYPE("a{ss}"));
            if (services != NULL) lib.variant_builder_add(match, "{ss}", "service", services[i]);
            lib.variant_builder_add(match, "{ss}", "username", username);
            ado_GVariant *parameters = lib.variant_new("(a{ss})", match);
            lib.variant_builder_unref(match);
            calls[i] = start_call(&c, DEFAULT_COLLECTION_PATH, "org.freedesktop.Secret.Collection", "SearchItems",
                                  parameters, "(ao)");
        }
        for (size_t i = 0; i < searches; i++) {
            if (r->status != ADO_SECRET_OK) {
                // After a failure or past the deadline the remaining answers are not waited for.
                pending_abandon(calls[i]);
                continue;
            }
            ado_GVariant *reply = NULL;
            if (finish_call(&c, calls[i], &reply, ADO_SECRET_NO_COLLECTION, r) != ADO_SECRET_OK) continue;
            ado_GVariant *paths = lib.variant_get_child_value(reply, 0);
            found[i] = (int)lib.variant_n_children(paths);
            lib.variant_unref(paths);
            lib.variant_unref(reply);
        }
        free(calls);
    }
    call_end(&c);
    return leave(r);
}

/// A malloc'd, NUL-terminated copy of an item's secret, or NULL.
static char *copy_secret(ado_SecretItem *item) {
    ado_SecretValue *value = lib.item_get_secret(item);
    if (value == NULL) return NULL;
    size_t length = 0;
    const char *bytes = lib.value_get(value, &length);
    char *copy = malloc(length + 1);
    if (copy != NULL) {
        memcpy(copy, bytes, length);
        copy[length] = '\0';
    }
    lib.value_unref(value);
    return copy;
}

ado_secret_status ado_secret_lookup(const char *service_name, const char *username, long timeout_ms,
                                    char **secret, ado_secret_result *r) {
    *secret = NULL;
    if (!enter(r)) return r->status;
    call c = call_start(timeout_ms);
    ado_SecretService *service = NULL;
    ado_GList *found = NULL;
    if (get_service(&c, ADO_SECRET_SERVICE_OPEN_SESSION, &service, r) == ADO_SECRET_OK) {
        ado_GHashTable *attrs = attributes(service_name, username, NULL);
        int flags = ADO_SECRET_SEARCH_UNLOCK | ADO_SECRET_SEARCH_LOAD_SECRETS;  // the first match, as keyring reads it
        if (search(&c, service, attrs, flags, &found, r) == ADO_SECRET_OK && found != NULL) {
            *secret = copy_secret(found->data);
            if (*secret == NULL) {
                set_result(r, lib.item_get_locked(found->data) ? ADO_SECRET_LOCKED : ADO_SECRET_FAILED,
                           "the keyring item for %s could not be read", service_name);
            }
        }
        free_items(found);
        lib.hash_table_unref(attrs);
    }
    if (service) lib.object_unref(service);
    call_end(&c);
    return leave(r);
}

void ado_secret_free(char *secret) {
    if (secret == NULL) return;
    explicit_bzero(secret, strlen(secret));
    free(secret);
}

ado_secret_status ado_secret_store(const char *service_name, const char *username, const char *application,
                                   const char *label, const char *secret, long timeout_ms,
                                   ado_secret_result *r) {
    if (!enter(r)) return r->status;
    call c = call_start(timeout_ms);
    ado_SecretService *service = NULL;
    ado_SecretCollection *collection = NULL;
    if (get_service(&c, ADO_SECRET_SERVICE_OPEN_SESSION, &service, r) == ADO_SECRET_OK &&
        default_collection(&c, service, &collection, r) == ADO_SECRET_OK) {
        ado_GHashTable *attrs = attributes(service_name, username, application);
        ado_SecretValue *value = lib.value_new(secret, -1, "text/plain");
        pending *p = pending_new();
        lib.item_create(collection, &schema, attrs, label, value, ADO_SECRET_ITEM_CREATE_REPLACE, c.cancellable,
                        on_ready, p);
        lib.value_unref(value);
        if (!wait_for(&c, p)) {
            timed_out(r);
        } else {
            ado_GError *error = NULL;
            ado_SecretItem *created = lib.item_create_finish(p->result, &error);
            pending_free(p);
            if (created == NULL) {
                fail(r, &c, error, ADO_SECRET_FAILED);
            } else {
                // The new item is in place; only now remove the others that match, so that
                // keyring's first-match read finds this one and nothing is lost on the way.
                void (*hook)(void) = __atomic_load_n(&store_hook, __ATOMIC_ACQUIRE);
                if (hook != NULL) hook();
                ado_GHashTable *match = attributes(service_name, username, NULL);
                ado_GList *found = NULL;
                int removed = 0;
                if (search(&c, service, match, ADO_SECRET_SEARCH_ALL, &found, r) == ADO_SECRET_OK) {
                    delete_all_except(&c, found, created, &removed, r);
                }
                if (r->status != ADO_SECRET_OK) {
                    // The token is stored all the same: what is left is an extra item, which
                    // doctor reports. A warning, not a failure that would undo the login.
                    char reason[sizeof r->message];
                    snprintf(reason, sizeof reason, "%s", r->message);
                    set_result(r, ADO_SECRET_OK,
                               "the token was stored, but older keyring items for it could not be removed: %s", reason);
                }
                free_items(found);
                lib.hash_table_unref(match);
                lib.object_unref(created);
            }
        }
        lib.hash_table_unref(attrs);
    }
    if (collection) lib.object_unref(collection);
    if (service) lib.object_unref(service);
    call_end(&c);
    return leave(r);
}

ado_secret_status ado_secret_remove(const char *service_name, const char *username, long timeout_ms, int *removed,
                                    ado_secret_result *r) {
    *removed = 0;
    if (!enter(r)) return r->status;
    call c = call_start(timeout_ms);
    ado_SecretService *service = NULL;
    ado_GList *found = NULL;
    if (get_service(&c, ADO_SECRET_SERVICE_NONE, &service, r) == ADO_SECRET_OK) {
        ado_GHashTable *attrs = attributes(service_name, username, NULL);
        if (search(&c, service, attrs, ADO_SECRET_SEARCH_ALL, &found, r) == ADO_SECRET_OK) {
            delete_all_except(&c, found, NULL, removed, r);
        }
        free_items(found);
        lib.hash_table_unref(attrs);
    }
    if (service) lib.object_unref(service);
    call_end(&c);
    return leave(r);
}

ado_secret_status ado_secret_duplicates(const char *service_name, const char *username, int fix, long timeout_ms,
                                        int *count, int *all_equal, int *removed, ado_secret_result *r) {
    *count = 0;
    *all_equal = 1;
    *removed = 0;
    if (!enter(r)) return r->status;
    call c = call_start(timeout_ms);
    ado_SecretService *service = NULL;
    ado_GList *found = NULL;
    if (get_service(&c, ADO_SECRET_SERVICE_OPEN_SESSION, &service, r) == ADO_SECRET_OK) {
        ado_GHashTable *attrs = attributes(service_name, username, NULL);
        int flags = ADO_SECRET_SEARCH_ALL | ADO_SECRET_SEARCH_UNLOCK | ADO_SECRET_SEARCH_LOAD_SECRETS;
        if (search(&c, service, attrs, flags, &found, r) == ADO_SECRET_OK) {
            char *first = NULL;
            ado_SecretItem *keep = NULL;
            for (ado_GList *node = found; node; node = node->next) {
                (*count)++;
                char *value = copy_secret(node->data);
                if (value == NULL) {
                    *all_equal = 0;
                } else if (first == NULL) {
                    first = value;
                    value = NULL;
                } else if (strcmp(first, value) != 0) {
                    *all_equal = 0;
                }
                ado_secret_free(value);
                if (keep == NULL && has_schema_attribute(node->data)) keep = node->data;
            }
            ado_secret_free(first);
            if (keep == NULL && found != NULL) keep = found->data;
            if (fix && *count > 1 && *all_equal) delete_all_except(&c, found, keep, removed, r);
        }
        free_items(found);
        lib.hash_table_unref(attrs);
    }
    if (service) lib.object_unref(service);
    call_end(&c);
    return leave(r);
}
