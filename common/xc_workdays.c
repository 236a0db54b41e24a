/* PLACEHOLDER (WIP) — being written. */
#include "xc_workdays.h"
