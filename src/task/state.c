/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "basic/macro.h"
#include "task/state.h"

static void json_putp(json_object **j) {
        if (*j)
                json_object_put(*j);
}
#define _cleanup_json_ _cleanup_(json_putp)

static int state_paths(const char *id, char dir[static PATH_MAX], char file[static PATH_MAX]) {
        if (snprintf(dir, PATH_MAX, TASK_STATE_DIR "/%s", id) >= PATH_MAX ||
            snprintf(file, PATH_MAX, TASK_STATE_DIR "/%s/state.json", id) >= PATH_MAX)
                return -ENAMETOOLONG;
        return 0;
}

int task_state_write(const TaskState *s) {
        _cleanup_json_ json_object *j = json_object_new_object();
        char dir[PATH_MAX], file[PATH_MAX], tmp[PATH_MAX + 8];
        const char *text;
        _cleanup_close_ int fd = -1;
        size_t len;
        int r;

        if (!j)
                return -ENOMEM;
        r = state_paths(s->id, dir, file);
        if (r < 0)
                return r;
        json_object_object_add(j, "id", json_object_new_string(s->id));
        json_object_object_add(j, "unit", json_object_new_string(s->unit));
        json_object_object_add(j, "cgroup", json_object_new_string(s->cgroup ?: ""));
        json_object_object_add(j, "pid", json_object_new_int64(s->pid));
        json_object_object_add(j, "supervisor_pid", json_object_new_int64(s->supervisor));
        json_object_object_add(j, "started_usec", json_object_new_uint64(s->started_usec));
        json_object_object_add(j, "kill_signal", json_object_new_int(s->kill_signal));
        json_object_object_add(j, "grace_usec", json_object_new_uint64(s->grace_usec));
        text = json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN);
        len = strlen(text);

        if (mkdir(TASK_STATE_DIR, 0755) < 0 && errno != EEXIST)
                return -errno;
        if (mkdir(dir, 0755) < 0 && errno != EEXIST)
                return -errno;
        /* Readers see the old file or the new one, never half of one. */
        snprintf(tmp, sizeof(tmp), "%s.tmp", file);
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0)
                return -errno;
        if (write(fd, text, len) != (ssize_t) len || fsync(fd) < 0) {
                r = errno ? -errno : -EIO;
                unlink(tmp);
                return r;
        }
        if (rename(tmp, file) < 0) {
                r = -errno;
                unlink(tmp);
                return r;
        }
        return 0;
}

static char *json_dup_string(json_object *j, const char *key) {
        json_object *v;

        if (!json_object_object_get_ex(j, key, &v) || !json_object_is_type(v, json_type_string))
                return NULL;
        return strdup(json_object_get_string(v));
}

static int64_t json_int(json_object *j, const char *key) {
        json_object *v;

        return json_object_object_get_ex(j, key, &v) ? json_object_get_int64(v) : 0;
}

int task_state_read(const char *id, TaskState *ret) {
        char dir[PATH_MAX], file[PATH_MAX];
        _cleanup_json_ json_object *j = NULL;
        TaskState s = {};
        int r;

        r = state_paths(id, dir, file);
        if (r < 0)
                return r;
        if (access(file, F_OK) < 0)
                return -errno;
        j = json_object_from_file(file);
        if (!j || !json_object_is_type(j, json_type_object))
                return -EBADMSG;
        s.id = json_dup_string(j, "id");
        s.unit = json_dup_string(j, "unit");
        s.cgroup = json_dup_string(j, "cgroup");
        s.pid = (pid_t) json_int(j, "pid");
        s.supervisor = (pid_t) json_int(j, "supervisor_pid");
        s.started_usec = (uint64_t) json_int(j, "started_usec");
        s.kill_signal = (int) json_int(j, "kill_signal");
        s.grace_usec = (uint64_t) json_int(j, "grace_usec");
        if (!s.id || !s.unit || !s.cgroup || s.pid <= 0) {
                task_state_done(&s);
                return -EBADMSG;
        }
        *ret = s;
        return 0;
}

int task_state_remove(const char *id) {
        char dir[PATH_MAX], file[PATH_MAX];
        int r = state_paths(id, dir, file);

        if (r < 0)
                return r;
        if (unlink(file) < 0 && errno != ENOENT)
                return -errno;
        if (rmdir(dir) < 0 && errno != ENOENT)
                return -errno;
        return 0;
}

void task_state_done(TaskState *s) {
        free(s->id);
        free(s->unit);
        free(s->cgroup);
        *s = (TaskState) {};
}
