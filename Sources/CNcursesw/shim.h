// SwiftPM drops ncursesw.pc's -D_XOPEN_SOURCE=600, without which curses.h hides the
// wide-character API (get_wch, cchar_t); asking for it directly restores it.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
