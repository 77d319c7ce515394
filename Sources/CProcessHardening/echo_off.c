// Echo off for the `Token: ` prompt, and back on however the prompt ends. The handlers run on
// whatever thread the signal lands on, between any two instructions, so they are C that reads
// only what was saved before they were installed: no Swift runtime, no lazy globals, no locks.
#include "CProcessHardening.h"

#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const int prompt_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP};
#define PROMPT_SIGNAL_COUNT (sizeof prompt_signals / sizeof prompt_signals[0])

static struct sigaction previous_actions[PROMPT_SIGNAL_COUNT];
static struct termios saved_modes;
static volatile sig_atomic_t saved_descriptor = -1;

static void install(int signal_number, void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    sigaction(signal_number, &action, NULL);
}

static void restore_and_reraise(int signal_number) {
    int descriptor = saved_descriptor;
    if (descriptor >= 0) tcsetattr(descriptor, TCSADRAIN, &saved_modes);
    if (signal_number == SIGTSTP) {
        // Stop with echo restored; once continued, the read goes on without echo again.
        install(SIGTSTP, SIG_DFL);
        sigset_t unblock;
        sigemptyset(&unblock);
        sigaddset(&unblock, SIGTSTP);
        pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
        raise(SIGTSTP);
        if (descriptor >= 0) {
            struct termios silent = saved_modes;
            silent.c_lflag &= ~(tcflag_t)ECHO;
            tcsetattr(descriptor, TCSADRAIN, &silent);
        }
        install(SIGTSTP, restore_and_reraise);
        return;
    }
    // End the prompt's line, since the ^C the terminal would print is not echoed either.
    ssize_t ignored = write(STDERR_FILENO, "\n", 1);
    (void)ignored;
    install(signal_number, SIG_DFL);
    raise(signal_number);
}

int ado_echo_off_begin(int descriptor) {
    struct termios modes;
    if (tcgetattr(descriptor, &modes) != 0) return -1;
    saved_modes = modes;
    saved_descriptor = descriptor;
    for (unsigned i = 0; i < PROMPT_SIGNAL_COUNT; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = restore_and_reraise;
        sigemptyset(&action.sa_mask);
        sigaction(prompt_signals[i], &action, &previous_actions[i]);
    }
    struct termios silent = modes;
    silent.c_lflag &= ~(tcflag_t)ECHO;
    silent.c_lflag |= (tcflag_t)ECHONL;
    tcsetattr(descriptor, TCSADRAIN, &silent);
    return 0;
}

void ado_echo_off_end(void) {
    int descriptor = saved_descriptor;
    if (descriptor < 0) return;
    tcsetattr(descriptor, TCSADRAIN, &saved_modes);
    for (unsigned i = 0; i < PROMPT_SIGNAL_COUNT; i++) sigaction(prompt_signals[i], &previous_actions[i], NULL);
    saved_descriptor = -1;
}
