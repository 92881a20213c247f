/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "basic/json-util.h"
#include "basic/parse-util.h"
#include "cgroup/cgroup-path.h"
#include "cgroup/cgroup-read.h"
#include "task/exit-record.h"
#include "task/exit-status.h"
#include "task/state.h"

static const char *const ended_by_names[_EXIT_ENDED_BY_MAX] = {
        [EXIT_ENDED_BY_TASK] = "task",
        [EXIT_ENDED_BY_SUPERVISOR] = "supervisor",
        [EXIT_ENDED_BY_STOP] = "taskscope-stop",
        [EXIT_ENDED_BY_SYSTEMD] = "systemd",
        [EXIT_ENDED_BY_UNKNOWN] = "unknown",
};

const char *exit_ended_by_to_string(ExitEndedBy e) {
        return e >= 0 && e < _EXIT_ENDED_BY_MAX ? ended_by_names[e] : NULL;
}

ExitEndedBy exit_ended_by_from_string(const char *s) {
        for (int i = 0; s && i < _EXIT_ENDED_BY_MAX; i++)
                if (strcmp(s, ended_by_names[i]) == 0)
                        return (ExitEndedBy) i;
        return EXIT_ENDED_BY_UNKNOWN;
}

static uint64_t stat_or_unknown(const CgroupStats *s, CgroupStat f) {
        return s && cgroup_stats_has(s, f) ? s->value[f] : UINT64_MAX;
}

void exit_record_set_counters(ExitRecord *r, const CgroupStats *last) {
        r->oom_kills = stat_or_unknown(last, CGROUP_STAT_OOM_KILL);
        r->memory_peak = stat_or_unknown(last, CGROUP_STAT_MEMORY_MAX_USAGE);
        r->cpu_usec = stat_or_unknown(last, CGROUP_STAT_CPU_USAGE_USEC);
        r->cpu_user_usec = stat_or_unknown(last, CGROUP_STAT_CPU_USER_USEC);
        r->cpu_system_usec = stat_or_unknown(last, CGROUP_STAT_CPU_SYSTEM_USEC);
}

void exit_record_set_outcome(ExitRecord *r, int wait_status, const CgroupStats *last) {
        exit_record_set_counters(r, last);
        r->exit_code = exit_code_from_wait_status(wait_status);
        r->signal = WIFSIGNALED(wait_status) ? WTERMSIG(wait_status) : 0;
        /* A SIGKILL alone may be anyone's; with the task group's oom_kill
         * count up (from 0: the group is new) it was the OOM killer. */
        r->oom_killed = r->signal == SIGKILL && r->oom_kills != UINT64_MAX && r->oom_kills > 0;
}

int task_exit_record_sample(const char *scope_cgroup, CgroupStats *ret) {
        _cleanup_cgroup_reader_ CgroupReader *reader = NULL;
        _cleanup_free_ char *task_cgroup = NULL;
        int r;

        if (asprintf(&task_cgroup, "%s/" CGROUP_TASK_SUBGROUP, scope_cgroup) < 0)
                return -ENOMEM;
        r = cgroup_reader_open(task_cgroup, &reader);
        if (r < 0)
                return r;
        return cgroup_reader_sample_files(reader, 1u << CGROUP_FILE_CPU_STAT | 1u << CGROUP_FILE_MEMORY_PEAK |
                                                          1u << CGROUP_FILE_MEMORY_EVENTS, ret);
}

static json_object *json_u64_or_null(uint64_t v) {
        return v == UINT64_MAX ? NULL : json_object_new_uint64(v);
}

int exit_record_to_json(const ExitRecord *r, json_object **ret) {
        _cleanup_json_ json_object *j = json_object_new_object();
        char signame[16];
        const char *name = signal_to_string(r->signal);

        if (!j || !r->id)
                return -ENOMEM;
        json_object_object_add(j, "id", json_object_new_string(r->id));
        json_object_object_add(j, "unit", r->unit ? json_object_new_string(r->unit) : NULL);
        json_object_object_add(j, "exit_code", r->exit_code >= 0 ? json_object_new_int(r->exit_code) : NULL);
        if (r->signal > 0) {
                if (!name) /* real-time: the number, as parse_signal reads it back */
                        snprintf(signame, sizeof(signame), "%d", r->signal), name = signame;
                json_object_object_add(j, "signal", json_object_new_string(name));
        }
        else
                json_object_object_add(j, "signal", NULL);
        json_object_object_add(j, "oom_killed", json_object_new_boolean(r->oom_killed));
        json_object_object_add(j, "oom_kills", json_u64_or_null(r->oom_kills));
        json_object_object_add(j, "ended_by", json_object_new_string(exit_ended_by_to_string(r->ended_by)));
        json_object_object_add(j, "started_usec", json_u64_or_null(r->started_usec));
        json_object_object_add(j, "ended_usec", json_u64_or_null(r->ended_usec));
        json_object_object_add(j, "memory_peak", json_u64_or_null(r->memory_peak));
        json_object_object_add(j, "cpu_usec", json_u64_or_null(r->cpu_usec));
        json_object_object_add(j, "cpu_user_usec", json_u64_or_null(r->cpu_user_usec));
        json_object_object_add(j, "cpu_system_usec", json_u64_or_null(r->cpu_system_usec));
        *ret = TAKE_PTR(j);
        return 0;
}

/* null, absent or not a number: not known. */
static uint64_t json_get_u64(json_object *j, const char *key) {
        json_object *v;

        if (!json_object_object_get_ex(j, key, &v) || !json_object_is_type(v, json_type_int))
                return UINT64_MAX;
        return json_object_get_uint64(v);
}

int exit_record_from_json(json_object *j, ExitRecord *ret) {
        ExitRecord r = EXIT_RECORD_NULL;
        json_object *v;
        uint64_t code;

        if (!json_object_is_type(j, json_type_object))
                return -EBADMSG;
        r.id = json_get_string_dup(j, "id");
        if (!r.id)
                return -EBADMSG;
        r.unit = json_get_string_dup(j, "unit");
        code = json_get_u64(j, "exit_code");
        r.exit_code = code <= 255 ? (int) code : -1;
        if (json_object_object_get_ex(j, "signal", &v) && json_object_is_type(v, json_type_string) &&
            parse_signal(json_object_get_string(v), &r.signal) < 0)
                r.signal = 0;
        r.oom_killed = json_object_object_get_ex(j, "oom_killed", &v) && json_object_get_boolean(v);
        r.oom_kills = json_get_u64(j, "oom_kills");
        if (json_object_object_get_ex(j, "ended_by", &v) && json_object_is_type(v, json_type_string))
                r.ended_by = exit_ended_by_from_string(json_object_get_string(v));
        r.started_usec = json_get_u64(j, "started_usec");
        r.ended_usec = json_get_u64(j, "ended_usec");
        r.memory_peak = json_get_u64(j, "memory_peak");
        r.cpu_usec = json_get_u64(j, "cpu_usec");
        r.cpu_user_usec = json_get_u64(j, "cpu_user_usec");
        r.cpu_system_usec = json_get_u64(j, "cpu_system_usec");
        *ret = r;
        return 0;
}

int task_exit_record_write(const ExitRecord *r) {
        _cleanup_json_ json_object *j = NULL;
        int k = exit_record_to_json(r, &j);

        return k < 0 ? k : task_state_write_json(r->id, "exit.json", j);
}

int task_exit_record_read(const char *id, ExitRecord *ret) {
        _cleanup_json_ json_object *j = NULL;
        int r = task_state_read_json(id, "exit.json", &j);

        return r < 0 ? r : exit_record_from_json(j, ret);
}

int task_exit_record_remove(const char *id) {
        return task_state_remove_file(id, "exit.json");
}

void exit_record_done(ExitRecord *r) {
        free(r->id);
        free(r->unit);
        *r = EXIT_RECORD_NULL;
}
