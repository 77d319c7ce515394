// The ncurses account manager (issue 3) lives in this module.
