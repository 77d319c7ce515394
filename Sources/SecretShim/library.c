// Loading libsecret with dlopen, on the first keyring call.
//
// Linking libsecret would load GLib, GObject, GIO and libgcrypt into every process and run
// GObject's type system set-up at start-up: 2.5 ms per run measured here, more than a whole
// `list` of the file store. Commands that never reach a keyring (no session bus, --store file)
// therefore never load it.
#include "library.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "errors.h"

secret_shim_functions libsecret;
GMainContext *shim_context;

static int loaded;
static char load_error[200];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;
/// Calls are serialized: the context belongs to whichever thread holds the lock.
static pthread_mutex_t call_lock = PTHREAD_MUTEX_INITIALIZER;

// GLib and libsecret log warnings and criticals on stderr (for example when the daemon goes
// away mid-call). Every failure is reported to the caller instead, once, as one line.
static void quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void)domain;
    (void)level;
    (void)message;
    (void)data;
}

static void load_library(void) {
    void *handle = dlopen("libsecret-1.so.0", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        snprintf(load_error, sizeof load_error, "libsecret is not installed (apt-get install libsecret-1-0)");
        return;
    }
    // GLib's and GIO's symbols are found through libsecret's own dependencies.
#define SECRET_SHIM_LOAD(function)                                                               \
    *(void **)&libsecret.function = dlsym(handle, #function);                                    \
    if (libsecret.function == NULL) {                                                            \
        snprintf(load_error, sizeof load_error, "libsecret lacks %s", #function);               \
        return;                                                                                  \
    }
    SECRET_SHIM_FUNCTIONS(SECRET_SHIM_LOAD)
#undef SECRET_SHIM_LOAD
    libsecret.g_log_set_default_handler(quiet_log, NULL);
    shim_context = libsecret.g_main_context_new();
    loaded = 1;
}

int shim_enter(ado_secret_result *r) {
    pthread_once(&load_once, load_library);
    if (!loaded) {
        shim_set_result(r, ADO_SECRET_NO_LIBRARY, "%s", load_error);
        return 0;
    }
    pthread_mutex_lock(&call_lock);
    libsecret.g_main_context_push_thread_default(shim_context);
    shim_set_result(r, ADO_SECRET_OK, "");
    return 1;
}

ado_secret_status shim_leave(ado_secret_result *r) {
    libsecret.g_main_context_pop_thread_default(shim_context);
    pthread_mutex_unlock(&call_lock);
    return r->status;
}
