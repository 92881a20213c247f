/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>

/* Set "NAME=VALUE" in a NULL-terminated environment of *n entries, replacing
 * an entry of the same NAME. The strings are copies the array owns. */
int env_set(char ***env, size_t *n, const char *assignment);
