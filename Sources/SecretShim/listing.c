// Listing and counting items by their attributes, over plain D-Bus: no secret is loaded, and
// nothing is unlocked or prompted for.
#include <stdlib.h>
#include <string.h>

#include "dbus_calls.h"
#include "errors.h"

/// The `service` attribute in the answer to Properties.Get(Item, "Attributes"), malloc'd; NULL
/// when the item has none.
static char *service_attribute(GVariant *answer) {
    GVariant *boxed = libsecret.g_variant_get_child_value(answer, 0);
    GVariant *attributes = libsecret.g_variant_get_variant(boxed);
    GVariant *name = libsecret.g_variant_lookup_value(attributes, "service", SHIM_TYPE("s"));
    char *service = NULL;
    if (name != NULL) {
        service = strdup(libsecret.g_variant_get_string(name, NULL));
        libsecret.g_variant_unref(name);
    }
    libsecret.g_variant_unref(attributes);
    libsecret.g_variant_unref(boxed);
    return service;
}

ado_secret_status ado_secret_search(const char *username, long timeout_ms, ado_secret_item **items_out,
                                    size_t *count_out, ado_secret_result *r) {
    *items_out = NULL;
    *count_out = 0;
    if (!shim_enter(r)) return r->status;
    shim_call c = shim_call_start(timeout_ms);
    GVariant *reply = NULL;
    if (shim_ensure_bus(&c, r) == ADO_SECRET_OK) {
        GVariantBuilder *match = libsecret.g_variant_builder_new(SHIM_TYPE("a{ss}"));
        libsecret.g_variant_builder_add(match, "{ss}", "username", username);
        GVariant *parameters = libsecret.g_variant_new("(a{ss})", match);
        libsecret.g_variant_builder_unref(match);
        shim_pending *p =
            shim_dbus_start(&c, SECRETS_PATH, "org.freedesktop.Secret.Service", "SearchItems", parameters, "(aoao)");
        if (shim_dbus_finish(&c, p, &reply, ADO_SECRET_NO_SERVICE, r) == ADO_SECRET_OK) {
            // The unlocked items, then the locked ones.
            GVariant *lists[2] = {libsecret.g_variant_get_child_value(reply, 0),
                                  libsecret.g_variant_get_child_value(reply, 1)};
            size_t total = libsecret.g_variant_n_children(lists[0]) + libsecret.g_variant_n_children(lists[1]);
            ado_secret_item *items = calloc(total ? total : 1, sizeof(ado_secret_item));
            shim_pending **calls = calloc(total ? total : 1, sizeof(shim_pending *));
            size_t index = 0;
            // All the Get calls go out at once (unlocked and locked items alike: attributes are
            // readable either way); the answers are collected in order.
            for (int list = 0; list < 2; list++) {
                size_t n = libsecret.g_variant_n_children(lists[list]);
                for (size_t i = 0; i < n; i++, index++) {
                    GVariant *path = libsecret.g_variant_get_child_value(lists[list], i);
                    GVariant *property = libsecret.g_variant_new("(ss)", "org.freedesktop.Secret.Item", "Attributes");
                    calls[index] = shim_dbus_start(&c, libsecret.g_variant_get_string(path, NULL),
                                                   PROPERTIES_INTERFACE, "Get", property, "(v)");
                    libsecret.g_variant_unref(path);
                }
            }
            size_t kept = 0;
            for (size_t i = 0; i < total; i++) {
                GVariant *answer = NULL;
                ado_secret_result ignored;
                if (c.timed_out) {
                    // Past the deadline the remaining answers are not waited for.
                    shim_pending_abandon(calls[i]);
                    shim_timed_out(r);
                    continue;
                }
                if (shim_dbus_finish(&c, calls[i], &answer, ADO_SECRET_FAILED, &ignored) != ADO_SECRET_OK) {
                    if (c.timed_out) shim_timed_out(r);
                    // An item deleted since the search: not an error, just not listed.
                    continue;
                }
                char *service = service_attribute(answer);
                if (service != NULL) items[kept++].service = service;
                libsecret.g_variant_unref(answer);
            }
            free(calls);
            libsecret.g_variant_unref(lists[0]);
            libsecret.g_variant_unref(lists[1]);
            if (r->status == ADO_SECRET_OK) {
                *items_out = items;
                *count_out = kept;
            } else {
                ado_secret_items_free(items, kept);
            }
            libsecret.g_variant_unref(reply);
        }
    }
    shim_call_end(&c);
    return shim_leave(r);
}

void ado_secret_items_free(ado_secret_item *items, size_t count) {
    if (items == NULL) return;
    for (size_t i = 0; i < count; i++) free(items[i].service);
    free(items);
}

ado_secret_status ado_secret_count(const char *const *services, size_t count, const char *username,
                                   long timeout_ms, int *found, ado_secret_result *r) {
    size_t searches = services == NULL ? 1 : count;
    for (size_t i = 0; i < searches; i++) found[i] = 0;
    if (!shim_enter(r)) return r->status;
    shim_call c = shim_call_start(timeout_ms);
    if (shim_ensure_bus(&c, r) == ADO_SECRET_OK && searches > 0) {
        shim_pending **calls = calloc(searches, sizeof(shim_pending *));
        for (size_t i = 0; i < searches; i++) {
            GVariantBuilder *match = libsecret.g_variant_builder_new(SHIM_TYPE("a{ss}"));
            if (services != NULL) libsecret.g_variant_builder_add(match, "{ss}", "service", services[i]);
            libsecret.g_variant_builder_add(match, "{ss}", "username", username);
            GVariant *parameters = libsecret.g_variant_new("(a{ss})", match);
            libsecret.g_variant_builder_unref(match);
            calls[i] = shim_dbus_start(&c, DEFAULT_COLLECTION_PATH, "org.freedesktop.Secret.Collection",
                                       "SearchItems", parameters, "(ao)");
        }
        for (size_t i = 0; i < searches; i++) {
            if (r->status != ADO_SECRET_OK) {
                // After a failure or past the deadline the remaining answers are not waited for.
                shim_pending_abandon(calls[i]);
                continue;
            }
            GVariant *reply = NULL;
            if (shim_dbus_finish(&c, calls[i], &reply, ADO_SECRET_NO_COLLECTION, r) != ADO_SECRET_OK) continue;
            GVariant *paths = libsecret.g_variant_get_child_value(reply, 0);
            found[i] = (int)libsecret.g_variant_n_children(paths);
            libsecret.g_variant_unref(paths);
            libsecret.g_variant_unref(reply);
        }
        free(calls);
    }
    shim_call_end(&c);
    return shim_leave(r);
}
