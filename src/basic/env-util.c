/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "basic/env-util.h"

int env_set(char ***env, size_t *n, const char *assignment) {
        size_t len = strcspn(assignment, "=");
        char *copy = strdup(assignment), **ne;

        if (!copy)
                return -ENOMEM;
        for (size_t i = 0; i < *n; i++)
                if (strncmp((*env)[i], assignment, len) == 0 && (*env)[i][len] == '=') {
                        free((*env)[i]);
                        (*env)[i] = copy;
                        return 0;
                }
        ne = realloc(*env, (*n + 2) * sizeof(char *));
        if (!ne) {
                free(copy);
                return -ENOMEM;
        }
        ne[(*n)++] = copy;
        ne[*n] = NULL;
        *env = ne;
        return 0;
}
