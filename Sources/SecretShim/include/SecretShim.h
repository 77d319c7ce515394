#ifndef ADO_SECRET_SHIM_H
#define ADO_SECRET_SHIM_H

#include <stddef.h>

/// Why a Secret Service call did not succeed. Stable numbers: the Swift side switches on them.
typedef enum {
    ADO_SECRET_OK = 0,
    /// libsecret (libsecret-1.so.0) could not be loaded.
    ADO_SECRET_NO_LIBRARY = 1,
    /// No session bus could be reached.
    ADO_SECRET_NO_BUS = 2,
    /// The bus answered, but nothing provides org.freedesktop.secrets.
    ADO_SECRET_NO_SERVICE = 3,
    /// The service has no default collection (no keyring was ever created or unlocked).
    ADO_SECRET_NO_COLLECTION = 4,
    /// The default collection is locked and was not unlocked.
    ADO_SECRET_LOCKED = 5,
    /// The service did not answer before the deadline.
    ADO_SECRET_TIMEOUT = 6,
    /// Anything else; `message` says what.
    ADO_SECRET_FAILED = 7,
} ado_secret_status;

typedef struct {
    ado_secret_status status;
    /// The error domain and code as GLib reported them (empty / 0 when the shim decided).
    char domain[64];
    int code;
    /// One line for people; never contains a secret. Empty with ADO_SECRET_OK, unless the call
    /// did its job but something else went wrong: then it is a warning.
    char message[400];
} ado_secret_result;

/// One item of a search: its `service` attribute; the secret is never loaded.
typedef struct {
    char *service;
} ado_secret_item;

/// Connects and checks that the default collection exists and is unlocked, within `timeout_ms`.
/// When it is locked and `unlock_timeout_ms` > 0, asks the service to unlock it (which shows
/// the desktop's password prompt, when there is one) and waits that long for the answer.
ado_secret_status ado_secret_probe(long timeout_ms, long unlock_timeout_ms, ado_secret_result *result);

/// Every item whose `username` attribute is `username`, with its `service` attribute.
ado_secret_status ado_secret_search(const char *username, long timeout_ms, ado_secret_item **items,
                                    size_t *count, ado_secret_result *result);
void ado_secret_items_free(ado_secret_item *items, size_t count);

/// How many items of the default collection match {service, username} (or {username} alone when
/// `services` is NULL: then `count` is 1 and found[0] is the total), one search per service, all
/// sent at once. Never unlocks, prompts or loads a secret: gnome-keyring searches a locked
/// collection by its items' attributes, so this says exactly which tokens a locked keyring holds.
ado_secret_status ado_secret_count(const char *const *services, size_t count, const char *username,
                                   long timeout_ms, int *found, ado_secret_result *result);

/// The secret of the first item matching {service, username}, as python-keyring reads it;
/// *secret is NULL when there is none. Free it with ado_secret_free, which wipes it.
ado_secret_status ado_secret_lookup(const char *service, const char *username, long timeout_ms,
                                    char **secret, ado_secret_result *result);
void ado_secret_free(char *secret);

/// Writes the item into the default collection with python-keyring's attributes and label,
/// then deletes every other item matching {service, username}. The new item exists before any
/// old one is deleted, so an interruption leaves a duplicate, never nothing. When an old item
/// cannot be deleted (in a locked keyring, say), the token is stored all the same: ADO_SECRET_OK,
/// with a warning in `message`.
ado_secret_status ado_secret_store(const char *service, const char *username, const char *application,
                                   const char *label, const char *secret, long timeout_ms,
                                   ado_secret_result *result);

/// A function ado_secret_store calls after the new item exists and before any old one is deleted
/// (NULL: none): debug builds mark a crash point there, so that tests can interrupt a store at
/// the moment that leaves a duplicate.
void ado_secret_set_store_hook(void (*hook)(void));

/// Deletes every item matching {service, username}; *removed is how many were deleted.
ado_secret_status ado_secret_remove(const char *service, const char *username, long timeout_ms,
                                    int *removed, ado_secret_result *result);

/// Items matching {service, username}: how many, and whether their secrets all agree. With
/// `fix` and agreeing secrets, deletes all but one (the one carrying xdg:schema when possible).
ado_secret_status ado_secret_duplicates(const char *service, const char *username, int fix,
                                        long timeout_ms, int *count, int *all_equal, int *removed,
                                        ado_secret_result *result);

#endif
