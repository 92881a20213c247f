/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "basic/json-util.h"
#include "basic/macro.h"
#include "task/state.h"



int task_state_dir(const char *id, char **ret) {
        return asprintf(ret, TASK_STATE_DIR "/%s", id) < 0 ? -ENOMEM : 0;
}

static int write_json_mode(const char *id, const char *name, json_object *j, mode_t mode) {
        _cleanup_free_ char *dir = NULL, *file = NULL, *tmp = NULL;
        _cleanup_close_ int fd = -1;
        const char *text;
        size_t len;
        int r;

        if (asprintf(&dir, TASK_STATE_DIR "/%s", id) < 0 || asprintf(&file, "%s/%s", dir, name) < 0 ||
            asprintf(&tmp, "%s.tmp", file) < 0)
                return -ENOMEM;
        text = json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN);
        len = strlen(text);

        if (mkdir(TASK_STATE_DIR, 0755) < 0 && errno != EEXIST)
                return -errno;
        if (mkdir(dir, 0755) < 0 && errno != EEXIST)
                return -errno;
        /* Readers see the old file or the new one, never half of one. */
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
        if (fd < 0)
                return -errno;
        errno = 0;
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

int task_state_write_json(const char *id, const char *name, json_object *j) {
        return write_json_mode(id, name, j, 0644);
}

int task_state_write_env(const char *id, char *const *envp) {
        _cleanup_json_ json_object *a = json_strv_new(envp);

        if (!a)
                return -ENOMEM;
        return write_json_mode(id, "env.json", a, 0600);
}

int task_state_read_env(const char *id, char ***ret) {
        _cleanup_free_ char *file = NULL;
        _cleanup_json_ json_object *a = NULL;

        if (asprintf(&file, TASK_STATE_DIR "/%s/env.json", id) < 0)
                return -ENOMEM;
        if (access(file, F_OK) < 0)
                return -errno;
        a = json_object_from_file(file);
        if (!a || !json_object_is_type(a, json_type_array))
                return -EBADMSG;
        *ret = json_strv_dup(a);
        return *ret ? 0 : -ENOMEM;
}

int task_state_read_json(const char *id, const char *name, json_object **ret) {
        _cleanup_free_ char *file = NULL;
        json_object *j;

        if (asprintf(&file, TASK_STATE_DIR "/%s/%s", id, name) < 0)
                return -ENOMEM;
        if (access(file, F_OK) < 0)
                return -errno;
        j = json_object_from_file(file);
        if (!j || !json_object_is_type(j, json_type_object)) {
                if (j)
                        json_object_put(j);
                return -EBADMSG;
        }
        *ret = j;
        return 0;
}

int task_state_write(const TaskState *s) {
        _cleanup_json_ json_object *j = json_object_new_object();

        if (!j)
                return -ENOMEM;
        json_object_object_add(j, "id", json_object_new_string(s->id));
        json_object_object_add(j, "unit", json_object_new_string(s->unit));
        json_object_object_add(j, "cgroup", json_object_new_string(s->cgroup ?: ""));
        json_object_object_add(j, "pid", json_object_new_int64(s->pid));
        json_object_object_add(j, "supervisor_pid", json_object_new_int64(s->supervisor));
        json_object_object_add(j, "started_usec", json_object_new_uint64(s->started_usec));
        json_object_object_add(j, "kill_signal", json_object_new_int(s->kill_signal));
        json_object_object_add(j, "grace_usec", json_object_new_uint64(s->grace_usec));
        json_object_object_add(j, "supervisor_starttime", json_object_new_uint64(s->supervisor_starttime));
        if (s->supervisor_unit)
                json_object_object_add(j, "supervisor_unit", json_object_new_string(s->supervisor_unit));
        if (s->slice)
                json_object_object_add(j, "slice", json_object_new_string(s->slice));
        if (s->argv)
                json_object_object_add(j, "argv", json_strv_new(s->argv));
        if (s->root)
                json_object_object_add(j, "root", json_object_new_string(s->root));
        json_object_object_add(j, "uid", json_object_new_int64(s->uid));
        json_object_object_add(j, "gid", json_object_new_int64(s->gid));
        json_object_object_add(j, "namespaces", json_object_new_string(s->namespaces ?: ""));
        if (s->cwd)
                json_object_object_add(j, "cwd", json_object_new_string(s->cwd));
        json_object_object_add(j, "switch_user", json_object_new_boolean(s->switch_user));
        if (s->switch_user) {
                json_object *g = json_object_new_array();

                if (!g)
                        return -ENOMEM;
                for (size_t i = 0; i < s->n_groups; i++)
                        json_object_array_add(g, json_object_new_int64(s->groups[i]));
                json_object_object_add(j, "groups", g);
        }
        json_object_object_add(j, "set_caps", json_object_new_boolean(s->set_caps));
        if (s->set_caps) {
                json_object *c = json_object_new_object();

                if (!c)
                        return -ENOMEM;
                json_object_object_add(c, "bounding", json_object_new_uint64(s->caps.bounding));
                json_object_object_add(c, "permitted", json_object_new_uint64(s->caps.permitted));
                json_object_object_add(c, "effective", json_object_new_uint64(s->caps.effective));
                json_object_object_add(c, "inheritable", json_object_new_uint64(s->caps.inheritable));
                json_object_object_add(c, "ambient", json_object_new_uint64(s->caps.ambient));
                json_object_object_add(j, "caps", c);
        }
        json_object_object_add(j, "no_new_privs", json_object_new_boolean(s->no_new_privs));
        return task_state_write_json(s->id, "state.json", j);
}

static int64_t json_int(json_object *j, const char *key) {
        json_object *v;

        return json_object_object_get_ex(j, key, &v) ? json_object_get_int64(v) : 0;
}

int task_state_read(const char *id, TaskState *ret) {
        _cleanup_json_ json_object *j = NULL;
        json_object *v;
        TaskState s = {};
        int r;

        r = task_state_read_json(id, "state.json", &j);
        if (r < 0)
                return r;
        s.id = json_get_string_dup(j, "id");
        s.unit = json_get_string_dup(j, "unit");
        s.cgroup = json_get_string_dup(j, "cgroup");
        s.pid = (pid_t) json_int(j, "pid");
        s.supervisor = (pid_t) json_int(j, "supervisor_pid");
        s.started_usec = (uint64_t) json_int(j, "started_usec");
        s.kill_signal = (int) json_int(j, "kill_signal");
        s.grace_usec = (uint64_t) json_int(j, "grace_usec");
        s.supervisor_starttime = (uint64_t) json_int(j, "supervisor_starttime");
        s.supervisor_unit = json_get_string_dup(j, "supervisor_unit");
        s.slice = json_get_string_dup(j, "slice");
        s.root = json_get_string_dup(j, "root");
        s.namespaces = json_get_string_dup(j, "namespaces");
        s.uid = (uid_t) json_int(j, "uid");
        s.gid = (gid_t) json_int(j, "gid");
        if (json_object_object_get_ex(j, "argv", &v) && json_object_is_type(v, json_type_array))
                s.argv = json_strv_dup(v);
        s.cwd = json_get_string_dup(j, "cwd");
        s.switch_user = json_object_object_get_ex(j, "switch_user", &v) && json_object_get_boolean(v);
        if (json_object_object_get_ex(j, "groups", &v) && json_object_is_type(v, json_type_array)) {
                size_t n = json_object_array_length(v);

                s.groups = calloc(n + 1, sizeof(gid_t));
                for (size_t i = 0; s.groups && i < n; i++)
                        s.groups[i] = (gid_t) json_object_get_int64(json_object_array_get_idx(v, i));
                s.n_groups = s.groups ? n : 0;
        }
        s.set_caps = json_object_object_get_ex(j, "set_caps", &v) && json_object_get_boolean(v);
        if (json_object_object_get_ex(j, "caps", &v) && json_object_is_type(v, json_type_object)) {
                s.caps.bounding = (uint64_t) json_int(v, "bounding");
                s.caps.permitted = (uint64_t) json_int(v, "permitted");
                s.caps.effective = (uint64_t) json_int(v, "effective");
                s.caps.inheritable = (uint64_t) json_int(v, "inheritable");
                s.caps.ambient = (uint64_t) json_int(v, "ambient");
        }
        s.no_new_privs = json_object_object_get_ex(j, "no_new_privs", &v) && json_object_get_boolean(v);
        if (!s.id || !s.unit || !s.cgroup || s.pid <= 0) {
                task_state_done(&s);
                return -EBADMSG;
        }
        *ret = s;
        return 0;
}

int task_state_remove_file(const char *id, const char *name) {
        _cleanup_free_ char *file = NULL;

        if (asprintf(&file, TASK_STATE_DIR "/%s/%s", id, name) < 0)
                return -ENOMEM;
        return unlink(file) < 0 && errno != ENOENT ? -errno : 0;
}

int task_state_remove(const char *id) {
        static const char *const files[] = { "state.json", "env.json", TASK_STOP_MARKER };
        _cleanup_free_ char *dir = NULL;
        int r;

        for (size_t i = 0; i < ELEMENTSOF(files); i++) {
                r = task_state_remove_file(id, files[i]);
                if (r < 0)
                        return r;
        }
        if (asprintf(&dir, TASK_STATE_DIR "/%s", id) < 0)
                return -ENOMEM;
        /* The exit record, if any, stays: the directory with it. */
        if (rmdir(dir) < 0 && errno != ENOENT && errno != ENOTEMPTY)
                return -errno;
        return 0;
}

void task_state_done(TaskState *s) {
        free(s->id);
        free(s->unit);
        free(s->cgroup);
        free(s->supervisor_unit);
        free(s->slice);
        free(s->root);
        free(s->namespaces);
        strv_free(s->argv);
        free(s->cwd);
        free(s->groups);
        *s = (TaskState) {};
}
