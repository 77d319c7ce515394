// Placeholder: the ncurses macros and globals Swift cannot import land here (issue 3).
#ifndef ADO_CURSES_SHIM_H
#define ADO_CURSES_SHIM_H
int tui_shim_version(void);
#endif
