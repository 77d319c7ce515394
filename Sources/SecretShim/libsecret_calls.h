// The steps that go through libsecret: the ones that read, write, delete or unlock, where its
// session encryption and prompts are needed.
#ifndef SECRET_SHIM_LIBSECRET_CALLS_H
#define SECRET_SHIM_LIBSECRET_CALLS_H

#include "deadline.h"

/// python-keyring's attributes, matched without the schema name (docs/storage.md §5). Writing with this
/// schema makes libsecret add xdg:schema=org.freedesktop.Secret.Generic, which keyring's
/// libsecret backend needs in order to see the item.
extern const SecretSchema shim_schema;

ado_secret_status shim_get_service(shim_call *c, SecretServiceFlags flags, SecretService **service,
                                   ado_secret_result *r);
ado_secret_status shim_default_collection(shim_call *c, SecretService *service, SecretCollection **collection,
                                          ado_secret_result *r);

/// A table of the attributes given (NULL ones left out), borrowing the strings.
GHashTable *shim_attributes(const char *service, const char *username, const char *application);

/// Items matching the attributes (a GList of SecretItem, to free with shim_free_items).
ado_secret_status shim_search(shim_call *c, SecretService *service, GHashTable *attributes,
                              SecretSearchFlags flags, GList **items, ado_secret_result *r);
void shim_free_items(GList *items);

/// Writes a new item with python-keyring's schema into `collection`; gnome-keyring replaces an
/// item whose attributes are a subset of the new one's. *created is the new item, to unref.
ado_secret_status shim_create_item(shim_call *c, SecretCollection *collection, GHashTable *attributes,
                                   const char *label, const char *secret, SecretItem **created,
                                   ado_secret_result *r);

/// Deletes the items of `found` except `keep` (none when NULL), stopping at the first failure;
/// *removed counts the deletions.
ado_secret_status shim_delete_all_except(shim_call *c, GList *found, SecretItem *keep, int *removed,
                                         ado_secret_result *r);

/// Whether the item carries xdg:schema, which libsecret writes and python-keyring does not.
int shim_has_schema_attribute(SecretItem *item);

/// A malloc'd, NUL-terminated copy of an item's loaded secret, or NULL.
char *shim_copy_secret(SecretItem *item);

/// Asks the service to unlock the default collection, which shows the desktop's prompt when
/// there is one, and waits up to `unlock_timeout_ms` for the answer.
void shim_unlock_default_collection(long unlock_timeout_ms, ado_secret_result *r);

#endif
