// Reading, writing and deleting items, through libsecret: the secrets travel over its
// encrypted session.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "libsecret_calls.h"

/// Connects with `service_flags` and searches {service, username} with `search_flags`; *service
/// and *found (either may be set after a failure) are the caller's to release.
static ado_secret_status find_items(shim_call *c, SecretServiceFlags service_flags, const char *service_name,
                                    const char *username, SecretSearchFlags search_flags, SecretService **service,
                                    GList **found, ado_secret_result *r) {
    if (shim_get_service(c, service_flags, service, r) != ADO_SECRET_OK) return r->status;
    GHashTable *attrs = shim_attributes(service_name, username, NULL);
    ado_secret_status status = shim_search(c, *service, attrs, search_flags, found, r);
    libsecret.g_hash_table_unref(attrs);
    return status;
}

ado_secret_status ado_secret_lookup(const char *service_name, const char *username, long timeout_ms,
                                    char **secret, ado_secret_result *r) {
    *secret = NULL;
    if (!shim_enter(r)) return r->status;
    shim_call c = shim_call_start(timeout_ms);
    SecretService *service = NULL;
    GList *found = NULL;
    // The first match, as keyring reads it.
    SecretSearchFlags flags = SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS;
    find_items(&c, SECRET_SERVICE_OPEN_SESSION, service_name, username, flags, &service, &found, r);
    if (r->status == ADO_SECRET_OK && found != NULL) {
        *secret = shim_copy_secret(found->data);
        if (*secret == NULL) {
            ado_secret_status status =
                libsecret.secret_item_get_locked(found->data) ? ADO_SECRET_LOCKED : ADO_SECRET_FAILED;
            shim_set_result(r, status, "the keyring item for %s could not be read", service_name);
        }
    }
    shim_free_items(found);
    if (service) libsecret.g_object_unref(service);
    shim_call_end(&c);
    return shim_leave(r);
}

/// Deletes the items matching {service, username} other than `created`. A failure leaves the
/// token stored all the same, with an extra item that doctor reports: a warning in `r`, not a
/// failure that would undo the login.
static void remove_others(shim_call *c, SecretService *service, const char *service_name, const char *username,
                          SecretItem *created, ado_secret_result *r) {
    GHashTable *match = shim_attributes(service_name, username, NULL);
    GList *found = NULL;
    int removed = 0;
    if (shim_search(c, service, match, SECRET_SEARCH_ALL, &found, r) == ADO_SECRET_OK) {
        shim_delete_all_except(c, found, created, &removed, r);
    }
    if (r->status != ADO_SECRET_OK) {
        char reason[sizeof r->message];
        snprintf(reason, sizeof reason, "%s", r->message);
        shim_set_result(r, ADO_SECRET_OK,
                        "the token was stored, but older keyring items for it could not be removed: %s", reason);
    }
    shim_free_items(found);
    libsecret.g_hash_table_unref(match);
}

void ado_secret_free(char *secret) {
    if (secret == NULL) return;
    explicit_bzero(secret, strlen(secret));
    free(secret);
}

/// Called between storing a new item and deleting the old ones (see ado_secret_set_store_hook).
static void (*store_hook)(void);

void ado_secret_set_store_hook(void (*hook)(void)) { __atomic_store_n(&store_hook, hook, __ATOMIC_RELEASE); }

ado_secret_status ado_secret_store(const char *service_name, const char *username, const char *application,
                                   const char *label, const char *secret, long timeout_ms,
                                   ado_secret_result *r) {
    if (!shim_enter(r)) return r->status;
    shim_call c = shim_call_start(timeout_ms);
    SecretService *service = NULL;
    SecretCollection *collection = NULL;
    if (shim_get_service(&c, SECRET_SERVICE_OPEN_SESSION, &service, r) == ADO_SECRET_OK &&
        shim_default_collection(&c, service, &collection, r) == ADO_SECRET_OK) {
        GHashTable *attrs = shim_attributes(service_name, username, application);
        SecretItem *created = NULL;
        if (shim_create_item(&c, collection, attrs, label, secret, &created, r) == ADO_SECRET_OK) {
            // The new item is in place; only now remove the others that match, so that
            // keyring's first-match read finds this one and nothing is lost on the way.
            void (*hook)(void) = __atomic_load_n(&store_hook, __ATOMIC_ACQUIRE);
            if (hook != NULL) hook();
            remove_others(&c, service, service_name, username, created, r);
            libsecret.g_object_unref(created);
        }
        libsecret.g_hash_table_unref(attrs);
    }
    if (collection) libsecret.g_object_unref(collection);
    if (service) libsecret.g_object_unref(service);
    shim_call_end(&c);
    return shim_leave(r);
}

ado_secret_status ado_secret_remove(const char *service_name, const char *username, long timeout_ms, int *removed,
                                    ado_secret_result *r) {
    *removed = 0;
    if (!shim_enter(r)) return r->status;
    shim_call c = shim_call_start(timeout_ms);
    SecretService *service = NULL;
    GList *found = NULL;
    if (find_items(&c, SECRET_SERVICE_NONE, service_name, username, SECRET_SEARCH_ALL, &service, &found, r) ==
        ADO_SECRET_OK) {
        shim_delete_all_except(&c, found, NULL, removed, r);
    }
    shim_free_items(found);
    if (service) libsecret.g_object_unref(service);
    shim_call_end(&c);
    return shim_leave(r);
}

ado_secret_status ado_secret_duplicates(const char *service_name, const char *username, int fix, long timeout_ms,
                                        int *count, int *all_equal, int *removed, ado_secret_result *r) {
    *count = 0;
    *all_equal = 1;
    *removed = 0;
    if (!shim_enter(r)) return r->status;
    shim_call c = shim_call_start(timeout_ms);
    SecretService *service = NULL;
    GList *found = NULL;
    SecretSearchFlags flags = SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS;
    if (find_items(&c, SECRET_SERVICE_OPEN_SESSION, service_name, username, flags, &service, &found, r) ==
        ADO_SECRET_OK) {
        char *first = NULL;
        SecretItem *keep = NULL;
        for (GList *node = found; node; node = node->next) {
            (*count)++;
            char *value = shim_copy_secret(node->data);
            if (value == NULL) {
                *all_equal = 0;
            } else if (first == NULL) {
                first = value;
                value = NULL;
            } else if (strcmp(first, value) != 0) {
                *all_equal = 0;
            }
            ado_secret_free(value);
            if (keep == NULL && shim_has_schema_attribute(node->data)) keep = node->data;
        }
        ado_secret_free(first);
        if (keep == NULL && found != NULL) keep = found->data;
        if (fix && *count > 1 && *all_equal) shim_delete_all_except(&c, found, keep, removed, r);
    }
    shim_free_items(found);
    if (service) libsecret.g_object_unref(service);
    shim_call_end(&c);
    return shim_leave(r);
}
