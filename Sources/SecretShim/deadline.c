// The deadline loop: waiting for one asynchronous step at a time, bounded.
#include "deadline.h"

#include <stdlib.h>

void shim_on_ready(GObject *source, GAsyncResult *result, gpointer data) {
    (void)source;
    shim_pending *p = data;
    if (p->abandoned) {
        free(p);
        return;
    }
    p->result = libsecret.g_object_ref(result);
    p->done = 1;
}

shim_pending *shim_pending_new(void) { return calloc(1, sizeof(shim_pending)); }

void shim_pending_free(shim_pending *p) {
    if (p->result) libsecret.g_object_unref(p->result);
    free(p);
}

void shim_pending_abandon(shim_pending *p) {
    if (p->done) {
        shim_pending_free(p);
    } else {
        p->abandoned = 1;
    }
}

long shim_milliseconds_until(const struct timespec *deadline) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (deadline->tv_sec - now.tv_sec) * 1000L + (deadline->tv_nsec - now.tv_nsec) / 1000000L;
}

shim_call shim_call_start(long timeout_ms) {
    shim_call c = {libsecret.g_cancellable_new(), {0, 0}, 0};
    clock_gettime(CLOCK_MONOTONIC, &c.deadline);
    c.deadline.tv_sec += timeout_ms / 1000;
    c.deadline.tv_nsec += (timeout_ms % 1000) * 1000000L;
    if (c.deadline.tv_nsec >= 1000000000L) {
        c.deadline.tv_sec += 1;
        c.deadline.tv_nsec -= 1000000000L;
    }
    return c;
}

void shim_call_end(shim_call *c) { libsecret.g_object_unref(c->cancellable); }

static gboolean on_deadline(gpointer data) {
    shim_call *c = data;
    c->timed_out = 1;
    libsecret.g_cancellable_cancel(c->cancellable);
    return G_SOURCE_REMOVE;
}

static gboolean on_flag(gpointer data) {
    *(int *)data = 1;
    return G_SOURCE_REMOVE;
}

int shim_wait_for(shim_call *c, shim_pending *p) {
    long remaining = shim_milliseconds_until(&c->deadline);
    if (remaining < 0) remaining = 0;
    GSource *timer = libsecret.g_timeout_source_new((guint)remaining);
    libsecret.g_source_set_callback(timer, on_deadline, c, NULL);
    libsecret.g_source_attach(timer, shim_context);
    while (!p->done && !c->timed_out) libsecret.g_main_context_iteration(shim_context, TRUE);
    libsecret.g_source_destroy(timer);
    libsecret.g_source_unref(timer);
    if (p->done) return 1;

    int grace_over = 0;
    GSource *grace = libsecret.g_timeout_source_new(300);
    libsecret.g_source_set_callback(grace, on_flag, &grace_over, NULL);
    libsecret.g_source_attach(grace, shim_context);
    while (!p->done && !grace_over) libsecret.g_main_context_iteration(shim_context, TRUE);
    libsecret.g_source_destroy(grace);
    libsecret.g_source_unref(grace);
    if (p->done) return 1;
    p->abandoned = 1;
    return 0;
}
