// libsecret's asynchronous calls, each waited for within the call's deadline.
#include "libsecret_calls.h"

#include <stdlib.h>
#include <string.h>

#include "dbus_calls.h"
#include "errors.h"

const SecretSchema shim_schema = {
    "org.freedesktop.Secret.Generic",
    SECRET_SCHEMA_DONT_MATCH_NAME,
    {{"service", SECRET_SCHEMA_ATTRIBUTE_STRING},
     {"username", SECRET_SCHEMA_ATTRIBUTE_STRING},
     {"application", SECRET_SCHEMA_ATTRIBUTE_STRING},
     {NULL, 0}},
};

ado_secret_status shim_get_service(shim_call *c, SecretServiceFlags flags, SecretService **service,
                                   ado_secret_result *r) {
    // libsecret shares GLib's session connection: made here first, so that it never ends the
    // process when the bus goes away.
    ado_secret_status status = shim_ensure_bus(c, r);
    if (status != ADO_SECRET_OK) return status;
    shim_pending *p = shim_pending_new();
    libsecret.secret_service_get(flags, c->cancellable, shim_on_ready, p);
    if (!shim_wait_for(c, p)) return shim_timed_out(r);
    GError *error = NULL;
    *service = libsecret.secret_service_get_finish(p->result, &error);
    shim_pending_free(p);
    if (*service == NULL) return shim_fail(r, c->timed_out, error, ADO_SECRET_NO_SERVICE);
    return ADO_SECRET_OK;
}

ado_secret_status shim_default_collection(shim_call *c, SecretService *service, SecretCollection **collection,
                                          ado_secret_result *r) {
    shim_pending *p = shim_pending_new();
    libsecret.secret_collection_for_alias(service, "default", SECRET_COLLECTION_NONE, c->cancellable,
                                          shim_on_ready, p);
    if (!shim_wait_for(c, p)) return shim_timed_out(r);
    GError *error = NULL;
    *collection = libsecret.secret_collection_for_alias_finish(p->result, &error);
    shim_pending_free(p);
    if (error != NULL) return shim_fail(r, c->timed_out, error, ADO_SECRET_FAILED);
    if (*collection == NULL) {
        shim_set_result(r, ADO_SECRET_NO_COLLECTION, "the Secret Service has no default keyring");
        return ADO_SECRET_NO_COLLECTION;
    }
    return ADO_SECRET_OK;
}

GHashTable *shim_attributes(const char *service, const char *username, const char *application) {
    // Keys and values are borrowed: the table never outlives the call that built it.
    GHashTable *table = libsecret.g_hash_table_new_full(libsecret.g_str_hash, libsecret.g_str_equal, NULL, NULL);
    if (service) libsecret.g_hash_table_insert(table, (gpointer) "service", (gpointer)service);
    if (username) libsecret.g_hash_table_insert(table, (gpointer) "username", (gpointer)username);
    if (application) libsecret.g_hash_table_insert(table, (gpointer) "application", (gpointer)application);
    return table;
}

ado_secret_status shim_search(shim_call *c, SecretService *service, GHashTable *attributes,
                              SecretSearchFlags flags, GList **items, ado_secret_result *r) {
    shim_pending *p = shim_pending_new();
    libsecret.secret_service_search(service, &shim_schema, attributes, flags, c->cancellable, shim_on_ready, p);
    if (!shim_wait_for(c, p)) return shim_timed_out(r);
    GError *error = NULL;
    *items = libsecret.secret_service_search_finish(service, p->result, &error);
    shim_pending_free(p);
    if (error != NULL) return shim_fail(r, c->timed_out, error, ADO_SECRET_FAILED);
    return ADO_SECRET_OK;
}

ado_secret_status shim_create_item(shim_call *c, SecretCollection *collection, GHashTable *attributes,
                                   const char *label, const char *secret, SecretItem **created,
                                   ado_secret_result *r) {
    *created = NULL;
    SecretValue *value = libsecret.secret_value_new(secret, -1, "text/plain");
    shim_pending *p = shim_pending_new();
    libsecret.secret_item_create(collection, &shim_schema, attributes, label, value, SECRET_ITEM_CREATE_REPLACE,
                                 c->cancellable, shim_on_ready, p);
    libsecret.secret_value_unref(value);
    if (!shim_wait_for(c, p)) return shim_timed_out(r);
    GError *error = NULL;
    *created = libsecret.secret_item_create_finish(p->result, &error);
    shim_pending_free(p);
    if (*created == NULL) return shim_fail(r, c->timed_out, error, ADO_SECRET_FAILED);
    return ADO_SECRET_OK;
}

void shim_free_items(GList *items) {
    for (GList *node = items; node != NULL; node = node->next) libsecret.g_object_unref(node->data);
    libsecret.g_list_free(items);
}

static ado_secret_status delete_item(shim_call *c, SecretItem *item, ado_secret_result *r) {
    shim_pending *p = shim_pending_new();
    libsecret.secret_item_delete(item, c->cancellable, shim_on_ready, p);
    if (!shim_wait_for(c, p)) return shim_timed_out(r);
    GError *error = NULL;
    gboolean deleted = libsecret.secret_item_delete_finish(item, p->result, &error);
    shim_pending_free(p);
    if (!deleted) return shim_fail(r, c->timed_out, error, ADO_SECRET_FAILED);
    return ADO_SECRET_OK;
}

static const char *path_of(SecretItem *item) {
    return libsecret.g_dbus_proxy_get_object_path(&item->parent_instance);
}

ado_secret_status shim_delete_all_except(shim_call *c, GList *found, SecretItem *keep, int *removed,
                                         ado_secret_result *r) {
    for (GList *node = found; node; node = node->next) {
        if (keep != NULL && strcmp(path_of(node->data), path_of(keep)) == 0) continue;
        if (delete_item(c, node->data, r) != ADO_SECRET_OK) return r->status;
        (*removed)++;
    }
    return ADO_SECRET_OK;
}

int shim_has_schema_attribute(SecretItem *item) {
    GHashTable *attributes = libsecret.secret_item_get_attributes(item);
    if (attributes == NULL) return 0;
    int present = libsecret.g_hash_table_lookup(attributes, "xdg:schema") != NULL;
    libsecret.g_hash_table_unref(attributes);
    return present;
}

char *shim_copy_secret(SecretItem *item) {
    SecretValue *value = libsecret.secret_item_get_secret(item);
    if (value == NULL) return NULL;
    gsize length = 0;
    const gchar *bytes = libsecret.secret_value_get(value, &length);
    char *copy = malloc(length + 1);
    if (copy != NULL) {
        memcpy(copy, bytes, length);
        copy[length] = '\0';
    }
    libsecret.secret_value_unref(value);
    return copy;
}

void shim_unlock_default_collection(long unlock_timeout_ms, ado_secret_result *r) {
    shim_call u = shim_call_start(unlock_timeout_ms);
    SecretService *service = NULL;
    SecretCollection *collection = NULL;
    if (shim_get_service(&u, SECRET_SERVICE_NONE, &service, r) == ADO_SECRET_OK &&
        shim_default_collection(&u, service, &collection, r) == ADO_SECRET_OK) {
        GList *objects = libsecret.g_list_append(NULL, collection);
        shim_pending *p = shim_pending_new();
        libsecret.secret_service_unlock(service, objects, u.cancellable, shim_on_ready, p);
        if (shim_wait_for(&u, p)) {
            GError *error = NULL;
            GList *unlocked = NULL;
            gint count = libsecret.secret_service_unlock_finish(service, p->result, &unlocked, &error);
            shim_pending_free(p);
            if (unlocked) shim_free_items(unlocked);
            if (error != NULL) {
                shim_fail(r, u.timed_out, error, ADO_SECRET_LOCKED);
                if (r->status == ADO_SECRET_FAILED || r->status == ADO_SECRET_TIMEOUT) r->status = ADO_SECRET_LOCKED;
            } else if (count < 1) {
                shim_set_result(r, ADO_SECRET_LOCKED, "the default keyring is locked and was not unlocked");
            }
        } else {
            shim_set_result(r, ADO_SECRET_LOCKED, "the default keyring is locked; nobody unlocked it in time");
        }
        libsecret.g_list_free(objects);
    }
    if (collection) libsecret.g_object_unref(collection);
    if (service) libsecret.g_object_unref(service);
    shim_call_end(&u);
}
