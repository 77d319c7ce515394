// The close-on-exec forms of pipe and mkstemp, and the spawn action that closes every inherited
// descriptor: GNU extensions, which Swift's Glibc module does not declare (it is built without
// _GNU_SOURCE). Each descriptor is close-on-exec from the instant it exists, so that a program
// another thread starts at that instant cannot inherit it.
#define _GNU_SOURCE
#include "CProcessHardening.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int ado_pipe(int descriptors[2], int nonblocking) {
    return pipe2(descriptors, O_CLOEXEC | (nonblocking ? O_NONBLOCK : 0));
}

int ado_mkstemp(char *path_template) { return mkostemp(path_template, O_CLOEXEC); }

int ado_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
#else
    (void)actions;
    (void)lowest;
    return ENOSYS;
#endif
}
