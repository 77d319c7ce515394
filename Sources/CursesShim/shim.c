#define _GNU_SOURCE
#define NCURSES_WIDECHAR 1
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <malloc.h>
#include <sched.h>
#include <stdio.h>
#include <strings.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include "CursesShim.h"

SCREEN *tui_newterm(void) { return newterm(NULL, stdout, stdin); }

int tui_wake_pipe(int descriptors[2]) { return pipe2(descriptors, O_CLOEXEC | O_NONBLOCK); }

int tui_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcasecmp(codeset, "UTF-8") == 0 || strcasecmp(codeset, "utf8") == 0);
}

void tui_single_malloc_arena(void) {
#ifdef M_ARENA_MAX
    mallopt(M_ARENA_MAX, 1);
#endif
}

int tui_pending_input_bytes(int fd) {
    int count = 0;
    return ioctl(fd, FIONREAD, &count) == 0 ? count : -1;
}

void tui_disable_flow_control(int fd) {
    struct termios modes;
    if (tcgetattr(fd, &modes) != 0) return;
    modes.c_iflag &= ~(tcflag_t)IXON;
    tcsetattr(fd, TCSANOW, &modes);
    def_prog_mode();
}

WINDOW *tui_stdscr(void) { return stdscr; }
WINDOW *tui_curscr(void) { return curscr; }

void tui_getmaxyx(WINDOW *window, int *height, int *width) {
    int h, w;
    getmaxyx(window, h, w);
    *height = h;
    *width = w;
}

int tui_attr_normal(void) { return (int)A_NORMAL; }
int tui_attr_reverse(void) { return (int)A_REVERSE; }
int tui_attr_bold(void) { return (int)A_BOLD; }
int tui_attr_dim(void) { return (int)A_DIM; }
int tui_attr_underline(void) { return (int)A_UNDERLINE; }
int tui_color_pair(int pair) { return (int)COLOR_PAIR(pair); }

int tui_get_wch(uint32_t *character) {
    wint_t c = 0;
    int result = get_wch(&c);
    *character = (uint32_t)c;
    return result;
}

int tui_enable_mouse(void) {
    mmask_t wanted = BUTTON1_PRESSED | BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
    wanted |= BUTTON5_PRESSED;
#endif
    // No click resolution: a press is acted on at once instead of after mouseinterval.
    mouseinterval(0);
    return mousemask(wanted, NULL) != 0 && has_mouse();
}

int tui_read_mouse(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *x = event.x;
    *y = event.y;
    if (event.bstate & BUTTON1_PRESSED) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 4;
#ifdef BUTTON5_PRESSED
    if (event.bstate & BUTTON5_PRESSED) return 5;
#endif
    return 0;
}

static int has_string_capability(const char *name) {
    char *value = tigetstr(name);
    return value != NULL && value != (char *)-1 && value[0] != '\0';
}

int tui_has_cursor_addressing(void) { return has_string_capability("cup"); }
int tui_has_alternate_screen(void) { return has_string_capability("smcup"); }

void tui_blank_lines(int line_count) {
    char *move = tigetstr("cup");
    char *erase_line = tigetstr("el");
    if (move == NULL || move == (char *)-1 || erase_line == NULL || erase_line == (char *)-1) return;
    for (int line = line_count - 1; line >= 0; line--) {
        putp(tiparm(move, line, 0));
        putp(erase_line);
    }
    fflush(stdout);
}

// MARK: - Signals

static const int handled_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT, SIGWINCH};
static const unsigned handled_bits[] = {
    TUI_SIGNAL_INTERRUPT, TUI_SIGNAL_TERMINATE, TUI_SIGNAL_HANGUP, TUI_SIGNAL_QUIT,
    TUI_SIGNAL_STOP,      TUI_SIGNAL_CONTINUE,  TUI_SIGNAL_RESIZE,
};
#define HANDLED_COUNT (sizeof handled_signals / sizeof handled_signals[0])

static struct sigaction previous_actions[HANDLED_COUNT];
static volatile sig_atomic_t wake_descriptor = -1;
/// Handlers between reading wake_descriptor and their write: tui_signals_uninstall waits for
/// them, so that none writes to the pipe once it may have been closed.
static int handlers_writing;
static unsigned pending_signals;

static void record_signal(int signal_number) {
    int saved_errno = errno;
    for (unsigned i = 0; i < HANDLED_COUNT; i++) {
        if (handled_signals[i] == signal_number) {
            __atomic_fetch_or(&pending_signals, handled_bits[i], __ATOMIC_SEQ_CST);
        }
    }
    __atomic_add_fetch(&handlers_writing, 1, __ATOMIC_SEQ_CST);
    int descriptor = __atomic_load_n(&wake_descriptor, __ATOMIC_SEQ_CST);
    if (descriptor >= 0) {
        char byte = (char)signal_number;
        // The pipe is non-blocking: when it is full the loop is already due to wake up.
        ssize_t ignored = write(descriptor, &byte, 1);
        (void)ignored;
    }
    __atomic_sub_fetch(&handlers_writing, 1, __ATOMIC_SEQ_CST);
    errno = saved_errno;
}

void tui_signals_install(int wake_fd) {
    __atomic_store_n(&wake_descriptor, wake_fd, __ATOMIC_SEQ_CST);
    for (unsigned i = 0; i < HANDLED_COUNT; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = record_signal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(handled_signals[i], &action, &previous_actions[i]);
    }
}

unsigned tui_signals_take(void) { return __atomic_exchange_n(&pending_signals, 0, __ATOMIC_SEQ_CST); }

void tui_signals_uninstall(void) {
    for (unsigned i = 0; i < HANDLED_COUNT; i++) sigaction(handled_signals[i], &previous_actions[i], NULL);
    __atomic_store_n(&wake_descriptor, -1, __ATOMIC_SEQ_CST);
    // A handler on another thread may have read the descriptor just before: the caller closes
    // the pipe next, and its number may be a new file's by the time that handler writes.
    while (__atomic_load_n(&handlers_writing, __ATOMIC_SEQ_CST) != 0) sched_yield();
}

static int signal_for_bit(unsigned bit) {
    for (unsigned i = 0; i < HANDLED_COUNT; i++) {
        if (handled_bits[i] == bit) return handled_signals[i];
    }
    return SIGTERM;
}

static void raise_with_default_action(int signal_number) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(signal_number, &action, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signal_number);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    raise(signal_number);
}

void tui_die_by_signal(unsigned tui_signal) {
    int signal_number = signal_for_bit(tui_signal);
    raise_with_default_action(signal_number);
    // SIGQUIT and friends may be ignored by the parent's choice; end the conventional way anyway.
    _exit(128 + signal_number);
}

void tui_stop_self(void) {
    raise_with_default_action(SIGTSTP);
    // Continued: take SIGTSTP back.
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = record_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTSTP, &action, NULL);
}

void tui_signals_stop_with_child(int on) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    // The handler would only record the stop, and the loop cannot act on it while it waits for
    // the program: the program would stop alone and the shell would never get the terminal back.
    action.sa_handler = on ? SIG_DFL : record_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = on ? 0 : SA_RESTART;
    sigaction(SIGTSTP, &action, NULL);
}

int tui_terminal_size(int fd, int *row_count, int *column_count) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return 0;
    *row_count = size.ws_row;
    *column_count = size.ws_col;
    return 1;
}

// MARK: - Crash guard

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
#define FATAL_COUNT (sizeof fatal_signals / sizeof fatal_signals[0])
static struct sigaction previous_fatal_actions[FATAL_COUNT];
static struct termios saved_modes;
static int saved_modes_fd = -1;
static char restore_sequence[256];
static size_t restore_length;
static volatile sig_atomic_t guard_armed;

void tui_crash_guard_save_modes(int fd) {
    if (tcgetattr(fd, &saved_modes) == 0) saved_modes_fd = fd;
}

static void append_capability(const char *name) {
    char *value = tigetstr(name);
    if (value == NULL || value == (char *)-1) return;
    size_t length = strlen(value);
    if (restore_length + length >= sizeof restore_sequence) return;
    memcpy(restore_sequence + restore_length, value, length);
    restore_length += length;
}

static void restore_after_crash(int signal_number, siginfo_t *info, void *context) {
    (void)context;
    if (guard_armed) {
        guard_armed = 0;
        if (restore_length > 0) {
            ssize_t ignored = write(STDOUT_FILENO, restore_sequence, restore_length);
            (void)ignored;
        }
        if (saved_modes_fd >= 0) tcsetattr(saved_modes_fd, TCSANOW, &saved_modes);
    }
    // A fault raised by the processor (si_code > 0: a Swift trap, a bad access) happens again
    // when this returns, and the previous handler (Swift's backtracer, or the default) sees it as
    // it was. A signal sent by kill or abort() would not come back, and the backtracer ignores
    // one that is not a fault: it ends the process with the default action instead.
    if (info != NULL && info->si_code > 0) {
        for (unsigned i = 0; i < FATAL_COUNT; i++) {
            if (fatal_signals[i] == signal_number) sigaction(signal_number, &previous_fatal_actions[i], NULL);
        }
        return;
    }
    raise_with_default_action(signal_number);
}

void tui_crash_guard_arm(int mouse_enabled) {
    restore_length = 0;
    if (mouse_enabled) {
        static const char mouse_off[] = "\033[?1000l\033[?1006l";
        memcpy(restore_sequence, mouse_off, sizeof mouse_off - 1);
        restore_length = sizeof mouse_off - 1;
    }
    append_capability("sgr0");
    append_capability("cnorm");
    append_capability("rmkx");
    append_capability("rmcup");
    guard_armed = 1;
    for (unsigned i = 0; i < FATAL_COUNT; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = restore_after_crash;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_ONSTACK | SA_SIGINFO;
        sigaction(fatal_signals[i], &action, &previous_fatal_actions[i]);
    }
}

void tui_crash_guard_disarm(void) {
    guard_armed = 0;
    for (unsigned i = 0; i < FATAL_COUNT; i++) sigaction(fatal_signals[i], &previous_fatal_actions[i], NULL);
}
