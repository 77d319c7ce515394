// What the process needs from C because Swift cannot say it: prctl (variadic), the GNU
// close-on-exec calls Swift's Glibc module leaves out, and signal handlers, which must not run
// Swift code.
#ifndef ADO_CPROCESSHARDENING_H
#define ADO_CPROCESSHARDENING_H

#include <spawn.h>

/// Bits of ado_harden_process's result: which protection could not be applied.
enum {
    ADO_HARDEN_DUMPABLE_FAILED = 1,
    ADO_HARDEN_CORE_LIMIT_FAILED = 2,
};

/// Makes the process non-dumpable (no core file; other processes of the same user can neither
/// ptrace it nor read its memory through /proc) and sets the core file size limit to zero, soft
/// and hard, so that children cannot raise it again. Returns 0, or the bits above.
int ado_harden_process(void);

/// pipe2 with O_CLOEXEC (and O_NONBLOCK when asked): 0, or -1 and errno.
int ado_pipe(int descriptors[2], int nonblocking);
/// mkostemp with O_CLOEXEC: the descriptor, or -1 and errno.
int ado_mkstemp(char *path_template);
/// Adds "close every descriptor from `lowest` up" to a spawn's actions (glibc 2.34); 0, or an
/// error number (ENOSYS on an older C library).
int ado_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest);

/// Turns echo off on a terminal for a prompt (a newline typed is still echoed), with handlers
/// that turn it back on before SIGINT, SIGTERM, SIGHUP or SIGQUIT end the process and around a
/// SIGTSTP stop. -1 when the descriptor is not a terminal (nothing is changed).
int ado_echo_off_begin(int descriptor);
/// Puts the terminal's modes and the signal dispositions back as they were.
void ado_echo_off_end(void);

#endif
