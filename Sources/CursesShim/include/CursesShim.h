// What Swift cannot take from ncursesw directly: attribute macros built with NCURSES_BITS, the
// stdscr global (a Swift 6 error), mouse masks, and the async-signal-safe plumbing that signal
// handlers need, which must not run Swift code; and mallopt, which glibc's module map leaves out.
#ifndef ADO_CURSES_SHIM_H
#define ADO_CURSES_SHIM_H

#include <stdint.h>

// Forward declarations are enough; Swift merges them with CNcursesw's types.
typedef struct _win_st WINDOW;
typedef struct screen SCREEN;

/// newterm(NULL, stdout, stdin): NULL for a TERM ncurses does not know, where initscr would exit.
SCREEN *tui_newterm(void);
/// A non-blocking, close-on-exec pipe for waking the input loop; 0 on success.
int tui_wake_pipe(int descriptors[2]);
/// Whether setlocale chose a UTF-8 character set.
int tui_locale_is_utf8(void);
/// mallopt(M_ARENA_MAX, 1): one malloc arena for every thread (see AccountsScreen.run).
void tui_single_malloc_arena(void);
/// Bytes waiting on a descriptor (FIONREAD); -1 on error.
int tui_pending_input_bytes(int fd);
/// Turns off XON/XOFF so that Ctrl-S cannot freeze the screen, and records the mode with ncurses.
void tui_disable_flow_control(int fd);

WINDOW *tui_stdscr(void);
WINDOW *tui_curscr(void);
void tui_getmaxyx(WINDOW *window, int *height, int *width);

int tui_attr_normal(void);
int tui_attr_reverse(void);
int tui_attr_bold(void);
int tui_attr_dim(void);
int tui_attr_underline(void);
int tui_color_pair(int pair);

/// get_wch into a plain integer: ERR, OK (a character) or KEY_CODE_YES (a function key).
int tui_get_wch(uint32_t *character);

/// Reports left-button presses and the wheel; returns 0 when the terminal has no mouse.
int tui_enable_mouse(void);
/// For KEY_MOUSE: 1 left press, 4 wheel up, 5 wheel down, 0 anything else.
int tui_read_mouse(int *x, int *y);

/// Whether the terminal can address the cursor (a full-screen program needs `cup`).
int tui_has_cursor_addressing(void);
/// Whether the terminal switches to an alternate screen (`smcup`).
int tui_has_alternate_screen(void);
/// After endwin, on a terminal without an alternate screen: blanks every line with `el` and puts
/// the cursor home. Clearing the whole screen instead (`clear`, ED) would make tmux and VTE
/// terminals copy what was shown into their scrollback.
void tui_blank_lines(int line_count);

// Signals. Handlers only record the signal and write one byte to `wake_fd`, so whichever thread
// receives it, the input loop wakes up and acts on it on the main thread.
enum {
    TUI_SIGNAL_INTERRUPT = 1 << 0,
    TUI_SIGNAL_TERMINATE = 1 << 1,
    TUI_SIGNAL_HANGUP = 1 << 2,
    TUI_SIGNAL_QUIT = 1 << 3,
    TUI_SIGNAL_STOP = 1 << 4,
    TUI_SIGNAL_CONTINUE = 1 << 5,
    TUI_SIGNAL_RESIZE = 1 << 6,
};
/// Installs the handlers. Call before newterm, so that ncurses keeps its own out of the way.
void tui_signals_install(int wake_fd);
/// The signals received since the last call, as TUI_SIGNAL_* bits.
unsigned tui_signals_take(void);
/// Puts back the dispositions that were in place before tui_signals_install; returns once no
/// handler can write to `wake_fd` any more, so that it may be closed.
void tui_signals_uninstall(void);
/// Ends the process by the signal, with its default action, as a shell expects (status 128+n).
void tui_die_by_signal(unsigned tui_signal);
/// Stops the process as SIGTSTP would (the caller has left curses mode); returns once continued.
void tui_stop_self(void);
/// While another program has the terminal (az login): 1 gives SIGTSTP its default action, so
/// that Ctrl-Z stops this process together with the program, as a shell job, and `fg` continues
/// both; 0 takes SIGTSTP back.
void tui_signals_stop_with_child(int on);

/// Terminal size from the kernel, for resizeterm after SIGWINCH; 0 on failure.
int tui_terminal_size(int fd, int *row_count, int *column_count);

// Crash safety: on a fatal signal (a Swift trap, abort, a fault) the terminal modes saved before
// curses started are put back and the escape sequences that leave the alternate screen are
// written, then the previous handler runs.
void tui_crash_guard_save_modes(int fd);
void tui_crash_guard_arm(int mouse_enabled);
void tui_crash_guard_disarm(void);

#endif
