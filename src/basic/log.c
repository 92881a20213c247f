/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdarg.h>
#include <string.h>

#include "basic/log.h"

static FILE *log_stream;

void log_set_stream(FILE *f) {
        log_stream = f;
}

static void log_write(const char *fmt, va_list ap, int err) {
        FILE *f = log_stream ?: stderr;

        fputs("taskscope: ", f);
        vfprintf(f, fmt, ap);
        if (err > 0)
                fprintf(f, ": %s", strerror(err));
        fputc('\n', f);
        fflush(f);
}

void log_error(const char *fmt, ...) {
        va_list ap;

        va_start(ap, fmt);
        log_write(fmt, ap, 0);
        va_end(ap);
}

int log_error_errno(int r, const char *fmt, ...) {
        va_list ap;

        va_start(ap, fmt);
        log_write(fmt, ap, r < 0 ? -r : r);
        va_end(ap);
        return r < 0 ? r : -r;
}
