/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if it is not one. */
size_t utf8_sequence_len(const char *s);

/* In place: replace every byte that is not part of valid UTF-8 with '?', and
 * cut the string to at most max bytes (including a trailing "..." when cut)
 * without splitting a character. D-Bus refuses strings that are not UTF-8. */
void utf8_sanitize_truncate(char *s, size_t max);
