/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>

/* The last `limit` bytes of a stream (exec --json keeps the tail of the
 * output, as a health check wants the end of a long report). */
typedef struct TailBuffer {
        char *data;   /* limit bytes */
        size_t len;
        size_t limit;
        size_t total; /* every byte seen */
} TailBuffer;

int tail_buffer_init(TailBuffer *b, size_t limit);
void tail_buffer_append(TailBuffer *b, const char *p, size_t n);
void tail_buffer_done(TailBuffer *b);
