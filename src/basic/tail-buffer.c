/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "basic/tail-buffer.h"

int tail_buffer_init(TailBuffer *b, size_t limit) {
        *b = (TailBuffer) { .data = malloc(limit ?: 1), .limit = limit };
        return b->data ? 0 : -ENOMEM;
}

void tail_buffer_append(TailBuffer *b, const char *p, size_t n) {
        b->total += n;
        if (n >= b->limit) {
                memcpy(b->data, p + n - b->limit, b->limit);
                b->len = b->limit;
                return;
        }
        if (b->len + n > b->limit) {
                size_t drop = b->len + n - b->limit;
                memmove(b->data, b->data + drop, b->len - drop);
                b->len -= drop;
        }
        memcpy(b->data + b->len, p, n);
        b->len += n;
}

void tail_buffer_done(TailBuffer *b) {
        free(b->data);
        *b = (TailBuffer) {};
}
