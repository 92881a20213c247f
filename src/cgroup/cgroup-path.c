/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
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

int cgroup_slice_path(const char *slice, char **ret) {
        static const char suffix[] = ".slice";
        size_t n = strlen(slice), base;
        char *out, *o;

        if (strcmp(slice, "-.slice") == 0) {
                out = strdup("/");
                if (!out)
                        return -ENOMEM;
                *ret = out;
                return 0;
        }
        if (n <= sizeof(suffix) - 1 || strcmp(slice + n - (sizeof(suffix) - 1), suffix) != 0)
                return -EINVAL;
        base = n - (sizeof(suffix) - 1);
        /* Each '-' in the name adds a level: "/a.slice" then "/a-b.slice". */
        out = malloc((n + 1) * (base + 1) + 1);
        if (!out)
                return -ENOMEM;
        o = out;
        for (size_t i = 0; i <= base; i++)
                if (i == base || slice[i] == '-') {
                        if (i == 0 || slice[i - 1] == '-') {
                                free(out);
                                return -EINVAL;
                        }
                        o += sprintf(o, "/%.*s%s", (int) i, slice, suffix);
                }
        *ret = out;
        return 0;
}

int cgroup_events_populated(const char *events) {
        const char *p = strstr(events, "populated ");

        if (!p || (p != events && p[-1] != '\n'))
                return -EINVAL;
        p += strlen("populated ");
        if (*p == '0' || *p == '1')
                return *p - '0';
        return -EINVAL;
}

int cgroup_parse_memory_value(const char *s, uint64_t *ret) {
        char *end;
        unsigned long long v;

        if (strncmp(s, "max", 3) == 0 && (s[3] == '\0' || s[3] == '\n')) {
                *ret = UINT64_MAX;
                return 0;
        }
        if (*s < '0' || *s > '9')
                return -EINVAL;
        errno = 0;
        v = strtoull(s, &end, 10);
        if (errno)
                return -errno;
        if (*end != '\0' && *end != '\n')
                return -EINVAL;
        *ret = v;
        return 0;
}
