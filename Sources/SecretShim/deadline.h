// One call's deadline, and waiting for its asynchronous steps on the private context.
//
// Every step runs asynchronously on the shim's own GMainContext, so that a hung daemon costs
// the caller the call's timeout, not D-Bus' 25 s default.
#ifndef SECRET_SHIM_DEADLINE_H
#define SECRET_SHIM_DEADLINE_H

#include <time.h>

#include "library.h"

/// One entry point's budget: its steps share the deadline and are cancelled together.
typedef struct {
    GCancellable *cancellable;
    struct timespec deadline;
    int timed_out;
} shim_call;

/// One asynchronous step: its GAsyncResult once it has answered.
typedef struct {
    int done;
    int abandoned;
    GAsyncResult *result;
} shim_pending;

shim_call shim_call_start(long timeout_ms);
void shim_call_end(shim_call *c);
long shim_milliseconds_until(const struct timespec *deadline);

shim_pending *shim_pending_new(void);
void shim_pending_free(shim_pending *p);
/// Gives up on a step that will not be waited for: freed now if it has answered, otherwise by
/// its callback when it does.
void shim_pending_abandon(shim_pending *p);

/// The GAsyncReadyCallback of every step, with its shim_pending as data.
void shim_on_ready(GObject *source, GAsyncResult *result, gpointer data);

/// Runs the context until `p` completes or the call's deadline passes. On the deadline the call
/// is cancelled and given a short grace to report; a step that still does not complete is
/// abandoned (its callback frees `p` later). Returns whether `p` completed.
int shim_wait_for(shim_call *c, shim_pending *p);

#endif
