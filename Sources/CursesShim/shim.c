#include "CursesShim.h"
int tui_shim_version(void) { return 1; }
