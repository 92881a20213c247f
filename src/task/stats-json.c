/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "basic/json-util.h"
#include "basic/macro.h"
#include "basic/utf8.h"
#include "task/stats-json.h"

/* Add v (which may be NULL after a failed allocation) to o, owning it either way. */
static int json_add(json_object *o, const char *key, json_object *v) {
        if (!v)
                return -ENOMEM;
        if (json_object_object_add(o, key, v) < 0) {
                json_object_put(v);
                return -ENOMEM;
        }
        return 0;
}

static int json_push(json_object *array, json_object *v) {
        if (!v)
                return -ENOMEM;
        if (json_object_array_add(array, v) < 0) {
                json_object_put(v);
                return -ENOMEM;
        }
        return 0;
}

/* A double printed with a fixed number of decimals: json-c's default %.17g
 * would show 12.5 as 12.5 but 0.1 as 0.10000000000000001. */
static json_object *json_fixed(double v, int decimals) {
        char buf[64];

        snprintf(buf, sizeof(buf), "%.*f", decimals, v);
        return json_object_new_double_s(v, buf);
}

/* The fields to come in o are named in a "measured" array added first, so
 * that it leads; *ret_measured is o's, not the caller's. */
static json_object *json_group_new(json_object **ret_measured) {
        _cleanup_json_ json_object *o = json_object_new_object();
        json_object *measured;

        if (!o)
                return NULL;
        measured = json_object_new_array();
        if (json_add(o, "measured", measured) < 0)
                return NULL;
        *ret_measured = measured;
        return TAKE_PTR(o);
}

static int json_measure(json_object *o, json_object *measured, const char *key, json_object *v) {
        int r;

        r = json_add(o, key, v);
        if (r < 0)
                return r;
        return json_push(measured, json_object_new_string(key));
}

static json_object *json_stat_group(const CgroupStats *s, CgroupStatGroup g, const CgroupCpuRates *rates) {
        _cleanup_json_ json_object *o = NULL;
        json_object *measured;

        o = json_group_new(&measured);
        if (!o)
                return NULL;
        for (CgroupStat f = 0; f < _CGROUP_STAT_MAX; f++)
                if (cgroup_stat_group(f) == g && cgroup_stats_has(s, f) &&
                    json_measure(o, measured, cgroup_stat_to_string(f), json_object_new_uint64(s->value[f])) < 0)
                        return NULL;
        if (g != CGROUP_GROUP_CPU)
                return TAKE_PTR(o);

        for (CgroupCpuRate k = 0; k < _CGROUP_RATE_MAX; k++) {
                json_object *v;

                if (!cgroup_cpu_rates_has(rates, k))
                        continue;
                switch (k) {
                case CGROUP_RATE_USER_PERCENT:
                        v = json_fixed(rates->user_percent, 2);
                        break;
                case CGROUP_RATE_SYSTEM_PERCENT:
                        v = json_fixed(rates->system_percent, 2);
                        break;
                case CGROUP_RATE_TOTAL_PERCENT:
                        v = json_fixed(rates->total_percent, 2);
                        break;
                case CGROUP_RATE_TOTAL_TICKS:
                        v = json_fixed(rates->total_ticks, 2);
                        break;
                case CGROUP_RATE_THROTTLED_PERIODS:
                        v = json_object_new_uint64(rates->throttled_periods);
                        break;
                case CGROUP_RATE_THROTTLED_TIME_USEC:
                        v = json_object_new_uint64(rates->throttled_time_usec);
                        break;
                default:
                        continue;
                }
                if (json_measure(o, measured, cgroup_cpu_rate_to_string(k), v) < 0)
                        return NULL;
        }
        return TAKE_PTR(o);
}

static json_object *json_pressure(const CgroupStats *s) {
        _cleanup_json_ json_object *o = NULL;
        json_object *measured;

        o = json_group_new(&measured);
        if (!o)
                return NULL;
        for (CgroupPressure p = 0; p < _CGROUP_PRESSURE_MAX; p++) {
                const CgroupPressureLine *l = &s->pressure[p];
                json_object *line;

                if (!cgroup_stats_has_pressure(s, p))
                        continue;
                line = json_object_new_object();
                if (json_measure(o, measured, cgroup_pressure_to_string(p), line) < 0 ||
                    json_add(line, "avg10", json_fixed(l->avg10, 2)) < 0 ||
                    json_add(line, "avg60", json_fixed(l->avg60, 2)) < 0 ||
                    json_add(line, "avg300", json_fixed(l->avg300, 2)) < 0 ||
                    json_add(line, "total_usec", json_object_new_uint64(l->total_usec)) < 0)
                        return NULL;
        }
        return TAKE_PTR(o);
}

/* {"pid", "group", "comm", "rss", "cpu"}: cpu is {} until the process has been seen
 * in two samples, as the cgroup's rates are left out of the first one. */
static json_object *json_process(const CgroupProcess *p) {
        _cleanup_json_ json_object *o = json_object_new_object();
        json_object *cpu = NULL;
        char comm[sizeof(p->comm)];

        /* A comm is whatever bytes the process set: JSON strings must be UTF-8. */
        memcpy(comm, p->comm, sizeof(comm));
        comm[sizeof(comm) - 1] = '\0';
        utf8_sanitize_truncate(comm, sizeof(comm));
        if (!o || json_add(o, "pid", json_object_new_int(p->pid)) < 0 ||
            json_add(o, "group", json_object_new_string(p->group)) < 0 ||
            json_add(o, "comm", json_object_new_string(comm)) < 0 ||
            json_add(o, "rss", json_object_new_uint64(p->rss_bytes)) < 0 ||
            json_add(o, "cpu", (cpu = json_object_new_object())) < 0)
                return NULL;
        if (p->has_percent &&
            (json_add(cpu, "user_percent", json_fixed(p->user_percent, 2)) < 0 ||
             json_add(cpu, "system_percent", json_fixed(p->system_percent, 2)) < 0 ||
             json_add(cpu, "total_percent", json_fixed(p->total_percent, 2)) < 0))
                return NULL;
        return TAKE_PTR(o);
}

static json_object *json_processes(const CgroupProcessList *l) {
        _cleanup_json_ json_object *a = json_object_new_array();

        if (!a)
                return NULL;
        for (size_t i = 0; i < l->n; i++)
                if (json_push(a, json_process(&l->items[i])) < 0)
                        return NULL;
        return TAKE_PTR(a);
}

int task_stats_json_build(const TaskStatsSample *sample, json_object **ret) {
        _cleanup_json_ json_object *o = json_object_new_object();
        const CgroupStats *s = sample->stats;
        const CgroupCpuRates *rates = sample->rates;

        if (!o ||
            json_add(o, "id", json_object_new_string(sample->id)) < 0 ||
            json_add(o, "time", json_fixed((double) s->realtime_usec / 1e6, 6)) < 0 ||
            json_add(o, "memory", json_stat_group(s, CGROUP_GROUP_MEMORY, rates)) < 0 ||
            json_add(o, "cpu", json_stat_group(s, CGROUP_GROUP_CPU, rates)) < 0 ||
            json_add(o, "pids", json_stat_group(s, CGROUP_GROUP_PIDS, rates)) < 0 ||
            json_add(o, "oom", json_stat_group(s, CGROUP_GROUP_OOM, rates)) < 0 ||
            json_add(o, "pressure", json_pressure(s)) < 0 ||
            json_add(o, "io", json_stat_group(s, CGROUP_GROUP_IO, rates)) < 0 ||
            json_add(o, "first_sample", json_object_new_boolean(sample->first)) < 0)
                return -ENOMEM;
        if (sample->processes && json_add(o, "processes", json_processes(sample->processes)) < 0)
                return -ENOMEM;
        *ret = TAKE_PTR(o);
        return 0;
}

const char *task_stats_json_line(json_object *o) {
        return json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
}
