/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/cgroup-path.h"

int cgroup_path_from_proc(const char *content, char **ret) {
        const char *p = content;

        while (p && *p) {
                const char *eol = strchrnul(p, '\n');

                if (strncmp(p, "0::", 3) == 0) {
                        size_t n = (size_t) (eol - p) - 3;
                        char *s;

                        if (n == 0 || p[3] != '/')
                                return -EINVAL;
                        s = strndup(p + 3, n);
                        if (!s)
                                return -ENOMEM;
                        *ret = s;
                        return 0;
                }
                p = *eol ? eol + 1 : NULL;
        }
        return -ENOMEDIUM;
}

int cgroup_subtree_control_line(const char *controllers, char **ret) {
        size_t len = strlen(controllers);
        char *out = malloc(2 * len + 2), *o = out;
        const char *p = controllers;

        if (!out)
                return -ENOMEM;
        while (*p) {
                size_t n;

                p += strspn(p, " \t\n");
                n = strcspn(p, " \t\n");
                if (n == 0)
                        break;
                if (o != out)
                        *o++ = ' ';
                *o++ = '+';
                memcpy(o, p, n);
                o += n;
                p += n;
        }
        *o = '\0';
        *ret = out;
        return 0;
}
