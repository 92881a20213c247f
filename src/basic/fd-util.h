/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#define STDIO_IN (1u << 0)
#define STDIO_OUT (1u << 1)
#define STDIO_ERR (1u << 2)

/* Point the standard fds in mask (STDIO_IN | STDIO_OUT | STDIO_ERR) at
 * /dev/null: a process that outlives its caller holds none of the caller's
 * terminal or pipes. 0 or a negative errno. */
int stdio_to_null(unsigned mask);
