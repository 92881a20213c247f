/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "spec/task-id.h"

static bool id_char_ok(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == '.' || c == ':';
}

bool task_id_is_valid(const char *id) {
        size_t n;

        if (!id)
                return false;
        n = strlen(id);
        if (n == 0 || n > TASK_ID_MAX)
                return false;
        /* "." and ".." would escape the state directory; a leading '-' reads
         * as an option to every tool the id is later passed to. */
        if (id[0] == '.' || id[0] == '-')
                return false;
        for (size_t i = 0; i < n; i++)
                if (!id_char_ok(id[i]))
                        return false;
        return true;
}

int task_id_generate(char *ret, size_t size) {
        unsigned char raw[TASK_ID_GENERATED_LEN / 2];
        ssize_t n;

        if (size < TASK_ID_GENERATED_LEN + 1)
                return -ENOBUFS;
        n = getrandom(raw, sizeof(raw), 0);
        if (n < 0)
                return -errno;
        if ((size_t) n != sizeof(raw))
                return -EIO;
        for (size_t i = 0; i < sizeof(raw); i++)
                sprintf(ret + 2 * i, "%02x", raw[i]);
        return 0;
}

int task_unit_name(const char *id, char **ret) {
        char *s;

        if (!task_id_is_valid(id))
                return -EINVAL;
        if (asprintf(&s, TASK_UNIT_PREFIX "%s" TASK_UNIT_SUFFIX, id) < 0)
                return -ENOMEM;
        *ret = s;
        return 0;
}

bool slice_name_is_valid(const char *name) {
        static const char suffix[] = ".slice";
        size_t n, ns = sizeof(suffix) - 1;

        if (!name)
                return false;
        n = strlen(name);
        if (n <= ns || n > 255 || strcmp(name + n - ns, suffix) != 0)
                return false;
        if (name[0] == '-' || name[0] == '.')
                return false;
        /* systemd's unit-name alphabet, less '@' (a slice is never a template)
         * and '\\' (escapes have no place in a name a user types). */
        for (size_t i = 0; i < n - ns; i++) {
                char c = name[i];
                if (!id_char_ok(c))
                        return false;
        }
        /* "-" nests slices: a-b.slice lives in a.slice; "--" or a trailing "-"
         * is rejected by systemd, so reject it here, before anything exists. */
        if (strstr(name, "--") || name[n - ns - 1] == '-')
                return false;
        return true;
}

int task_supervisor_unit_name(const char *id, char **ret) {
        char *s;

        if (!task_id_is_valid(id))
                return -EINVAL;
        if (asprintf(&s, TASK_SUPERVISOR_UNIT_PREFIX "%s" TASK_UNIT_SUFFIX, id) < 0)
                return -ENOMEM;
        *ret = s;
        return 0;
}
