/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdio.h>

#include "basic/macro.h"

/* One line per message, prefixed with the program name, on stderr (or the
 * stream a test sets). Only the CLI layer logs errors; the child never logs. */
void log_set_stream(FILE *f);

void log_error(const char *fmt, ...) _printf_(1, 2);

/* Log with strerror(-r) appended, return r: `return log_error_errno(r, "...");` */
int log_error_errno(int r, const char *fmt, ...) _printf_(2, 3);
