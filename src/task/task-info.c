/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "basic/json-util.h"
#include "basic/macro.h"
#include "basic/parse-util.h"
#include "basic/time-util.h"
#include "spec/task-id.h"
#include "task/task-info.h"

static const char *const liveness_names[_SUPERVISOR_LIVENESS_MAX] = {
        [SUPERVISOR_UNKNOWN] = "unknown",
        [SUPERVISOR_ALIVE] = "alive",
        [SUPERVISOR_UNVERIFIED] = "unverified",
        [SUPERVISOR_GONE] = "gone",
};

const char *supervisor_liveness_to_string(SupervisorLiveness l) {
        return l >= 0 && l < _SUPERVISOR_LIVENESS_MAX ? liveness_names[l] : NULL;
}

SupervisorLiveness supervisor_liveness(pid_t pid, uint64_t recorded_starttime, int stat_result, const ProcStat *st) {
        if (pid <= 0)
                return SUPERVISOR_UNKNOWN;
        if (stat_result == -ENOENT || stat_result == -ESRCH)
                return SUPERVISOR_GONE;
        if (stat_result < 0)
                return SUPERVISOR_UNKNOWN;
        /* A zombie has ended: only its parent has not reaped it yet. */
        if (st->state == 'Z' || (recorded_starttime != 0 && st->starttime != recorded_starttime))
                return SUPERVISOR_GONE;
        return recorded_starttime == 0 ? SUPERVISOR_UNVERIFIED : SUPERVISOR_ALIVE;
}

void task_info_done(TaskInfo *i) {
        free(i->id);
        free(i->unit);
        free(i->active_state);
        free(i->sub_state);
        free(i->control_group);
        if (i->state_result == 0)
                task_state_done(&i->state);
        free(i->user_name);
        free(i->group_name);
        free(i->limits.allowed_cpus);
        if (i->has_exit)
                exit_record_done(&i->exit);
        *i = TASK_INFO_NULL;
}

void task_info_free_many(TaskInfo *infos, size_t n) {
        for (size_t k = 0; infos && k < n; k++)
                task_info_done(&infos[k]);
        free(infos);
}

static int task_info_compare(const void *a, const void *b) {
        const TaskInfo *x = a, *y = b;

        return strcmp(x->id ?: "", y->id ?: "");
}

void task_info_sort(TaskInfo *infos, size_t n) {
        if (n > 1)
                qsort(infos, n, sizeof(*infos), task_info_compare);
}

bool task_info_is_running(const TaskInfo *i) {
        return i->unit_loaded && i->active_state && strcmp(i->active_state, "inactive") != 0 &&
               strcmp(i->active_state, "failed") != 0;
}

bool task_info_is_unknown(const TaskInfo *i) {
        return !i->unit_loaded && i->state_result == -ENOENT && !i->has_exit;
}

int task_id_from_unit_name(const char *unit, char **ret_id) {
        size_t n, p = strlen(TASK_UNIT_PREFIX), s = strlen(TASK_UNIT_SUFFIX);
        char *id;

        if (!unit)
                return -EINVAL;
        n = strlen(unit);
        /* A detached task's supervisor has a scope of its own, named
         * TASK_SUPERVISOR_UNIT_PREFIX "ID.scope": it fails the prefix check. */
        if (n <= p + s || strncmp(unit, TASK_UNIT_PREFIX, p) != 0 || strcmp(unit + n - s, TASK_UNIT_SUFFIX) != 0)
                return -EINVAL;
        id = strndup(unit + p, n - p - s);
        if (!id)
                return -ENOMEM;
        if (!task_id_is_valid(id)) {
                free(id);
                return -EINVAL;
        }
        *ret_id = id;
        return 0;
}

const char *format_timespan(char *buf, size_t size, uint64_t usec, uint64_t accuracy_usec) {
        static const struct {
                const char *suffix;
                uint64_t usec;
        } parts[] = {
                { "d", UINT64_C(86400000000) }, { "h", UINT64_C(3600000000) }, { "min", UINT64_C(60000000) },
                { "s", UINT64_C(1000000) },     { "ms", UINT64_C(1000) },       { "us", UINT64_C(1) },
        };
        size_t len = 0;

        if (size == 0)
                return buf;
        buf[0] = '\0';
        if (usec == UINT64_MAX) {
                snprintf(buf, size, "infinity");
                return buf;
        }
        if (accuracy_usec == 0)
                accuracy_usec = 1;
        for (size_t k = 0; k < ELEMENTSOF(parts); k++) {
                uint64_t n;
                int w;

                if (parts[k].usec < accuracy_usec)
                        break;
                n = usec / parts[k].usec;
                if (n == 0)
                        continue;
                usec -= n * parts[k].usec;
                w = snprintf(buf + len, size - len, "%s%" PRIu64 "%s", len > 0 ? " " : "", n, parts[k].suffix);
                if (w < 0 || (size_t) w >= size - len)
                        return buf;
                len += (size_t) w;
        }
        if (len == 0) {
                /* Below the accuracy: zero of the smallest part shown. */
                const char *suffix = "us";

                for (size_t k = 0; k < ELEMENTSOF(parts); k++)
                        if (parts[k].usec >= accuracy_usec)
                                suffix = parts[k].suffix;
                snprintf(buf, size, "0%s", suffix);
        }
        return buf;
}

const char *format_bytes(char *buf, size_t size, uint64_t bytes) {
        static const char units[] = "KMGTPE";
        double v;
        size_t u = 0;

        if (bytes < 1024) {
                snprintf(buf, size, "%" PRIu64 "B", bytes);
                return buf;
        }
        v = (double) bytes / 1024;
        while (v >= 1024 && u + 1 < sizeof(units) - 1) {
                v /= 1024;
                u++;
        }
        snprintf(buf, size, "%.1f%c", v, units[u]);
        return buf;
}

static bool cpu_set_has(const uint8_t *mask, size_t n, size_t cpu) {
        return cpu / 8 < n && (mask[cpu / 8] & (1u << (cpu % 8)));
}

int format_cpu_set(const uint8_t *mask, size_t n, char **ret) {
        char *s = NULL;
        size_t len = 0;
        FILE *f;

        f = open_memstream(&s, &len);
        if (!f)
                return -ENOMEM;
        for (size_t cpu = 0, first = 1; cpu < n * 8; cpu++) {
                size_t end = cpu;

                if (!cpu_set_has(mask, n, cpu))
                        continue;
                while (cpu_set_has(mask, n, end + 1))
                        end++;
                fprintf(f, "%s%zu", first ? "" : ",", cpu);
                if (end > cpu)
                        fprintf(f, "-%zu", end);
                first = 0;
                cpu = end;
        }
        if (fclose(f) != 0 || !s) {
                free(s);
                return -ENOMEM;
        }
        *ret = s;
        return 0;
}

static bool shell_safe(const char *s) {
        if (!*s)
                return false;
        for (; *s; s++)
                if (!isalnum((unsigned char) *s) && !strchr("-_./:=@%+,", *s))
                        return false;
        return true;
}

int format_argv(char *const *argv, char **ret) {
        char *s = NULL;
        size_t len = 0;
        FILE *f;

        f = open_memstream(&s, &len);
        if (!f)
                return -ENOMEM;
        for (size_t k = 0; argv && argv[k]; k++) {
                if (k > 0)
                        fputc(' ', f);
                if (shell_safe(argv[k])) {
                        fputs(argv[k], f);
                        continue;
                }
                fputc('\'', f);
                for (const char *c = argv[k]; *c; c++)
                        if (*c == '\'')
                                fputs("'\\''", f);
                        else
                                fputc(*c, f);
                fputc('\'', f);
        }
        if (fclose(f) != 0 || !s) {
                free(s);
                return -ENOMEM;
        }
        *ret = s;
        return 0;
}

const char *format_signal(char *buf, size_t size, int sig) {
        const char *name = signal_to_string(sig);

        if (name)
                snprintf(buf, size, "%s", name);
        else
                snprintf(buf, size, "%d", sig);
        return buf;
}

/* Uptime only means something while the scope runs, and only from a start
 * time the state recorded. */
static bool task_info_uptime(const TaskInfo *i, uint64_t now, uint64_t *ret) {
        if (!task_info_is_running(i) || !task_info_has_state(i) || i->state.started_usec == 0 ||
            i->state.started_usec > now)
                return false;
        *ret = now - i->state.started_usec;
        return true;
}

static const char *task_info_cgroup(const TaskInfo *i) {
        if (task_info_has_state(i) && i->state.cgroup && i->state.cgroup[0])
                return i->state.cgroup;
        if (i->control_group && i->control_group[0])
                return i->control_group;
        return NULL;
}

/* ---- JSON ---- */

/* json-c takes NULL as null: these keep that meaning for "not known". */
static json_object *json_string_or_null(const char *s) {
        return s ? json_object_new_string(s) : NULL;
}

static json_object *json_strv_or_null(char *const *v) {
        return v ? json_strv_new(v) : NULL;
}

/* Sizes and counts: a number, "infinity", or null when unset. */
static json_object *json_limit(uint64_t v, bool max_is_infinity) {
        if (v != UINT64_MAX)
                return json_object_new_uint64(v);
        return max_is_infinity ? json_object_new_string("infinity") : NULL;
}

static int json_set(json_object *o, const char *key, json_object *v) {
        if (json_object_object_add(o, key, v) < 0) {
                json_object_put(v);
                return -ENOMEM;
        }
        return 0;
}

/* What `list --json` and `status --json` share. */
static int task_info_base_json(const TaskInfo *i, uint64_t now, json_object *o) {
        _cleanup_free_ char *command = NULL;
        const TaskState *s = task_info_has_state(i) ? &i->state : NULL;
        uint64_t uptime = 0;
        bool has_uptime = task_info_uptime(i, now, &uptime);

        if (s && s->argv && format_argv(s->argv, &command) < 0)
                return -ENOMEM;
        if (json_set(o, "id", json_string_or_null(i->id)) < 0 ||
            json_set(o, "unit", json_string_or_null(i->unit)) < 0 ||
            json_set(o, "active_state", json_string_or_null(i->active_state)) < 0 ||
            json_set(o, "sub_state", json_string_or_null(i->sub_state)) < 0 ||
            json_set(o, "pid", s ? json_object_new_int64(s->pid) : NULL) < 0 ||
            json_set(o, "started_usec", s && s->started_usec ? json_object_new_uint64(s->started_usec) : NULL) < 0 ||
            json_set(o, "uptime_usec", has_uptime ? json_object_new_uint64(uptime) : NULL) < 0 ||
            json_set(o, "memory_current", i->memory_current != UINT64_MAX ? json_object_new_uint64(i->memory_current)
                                                                            : NULL) < 0 ||
            json_set(o, "command", json_string_or_null(command)) < 0 ||
            json_set(o, "argv", s ? json_strv_or_null(s->argv) : NULL) < 0)
                return -ENOMEM;
        return 0;
}

int task_info_list_to_json(const TaskInfo *infos, size_t n, uint64_t now_realtime, json_object **ret) {
        _cleanup_json_ json_object *a = json_object_new_array();

        if (!a)
                return -ENOMEM;
        for (size_t k = 0; k < n; k++) {
                json_object *o = json_object_new_object();

                if (!o || json_object_array_add(a, o) < 0) {
                        json_object_put(o);
                        return -ENOMEM;
                }
                if (task_info_base_json(&infos[k], now_realtime, o) < 0)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(a);
        return 0;
}

static json_object *json_limits(const TaskLimits *l) {
        _cleanup_json_ json_object *o = json_object_new_object();
        _cleanup_free_ char *cpus = NULL;

        if (!o)
                return NULL;
        if (format_cpu_set(l->allowed_cpus, l->n_allowed_cpus, &cpus) < 0)
                return NULL;
        if (json_set(o, "memory_max", json_limit(l->memory_max, true)) < 0 ||
            json_set(o, "memory_high", json_limit(l->memory_high, true)) < 0 ||
            json_set(o, "memory_low", json_limit(l->memory_low, true)) < 0 ||
            json_set(o, "memory_swap_max", json_limit(l->memory_swap_max, true)) < 0 ||
            json_set(o, "cpu_weight", json_limit(l->cpu_weight, false)) < 0 ||
            json_set(o, "cpu_quota_per_sec_usec", json_limit(l->cpu_quota_per_sec_usec, true)) < 0 ||
            json_set(o, "allowed_cpus", cpus[0] ? json_object_new_string(cpus) : NULL) < 0 ||
            json_set(o, "tasks_max", json_limit(l->tasks_max, true)) < 0 ||
            json_set(o, "io_weight", json_limit(l->io_weight, false)) < 0)
                return NULL;
        return TAKE_PTR(o);
}

static json_object *json_namespaces(const char *list) {
        _cleanup_free_ char *copy = NULL;
        json_object *a;
        char *save = NULL;

        if (!list)
                return NULL;
        copy = strdup(list);
        a = json_object_new_array();
        if (!copy || !a) {
                json_object_put(a);
                return NULL;
        }
        for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
                json_object_array_add(a, json_object_new_string(t));
        return a;
}

int task_info_to_json(const TaskInfo *i, uint64_t now_realtime, json_object **ret) {
        _cleanup_json_ json_object *o = json_object_new_object();
        const TaskState *s = task_info_has_state(i) ? &i->state : NULL;
        json_object *sup = NULL, *user = NULL, *limits = NULL, *exit_record = NULL;
        char sig[32];
        const char *kill_signal = s && s->kill_signal > 0 ? format_signal(sig, sizeof(sig), s->kill_signal) : NULL;

        if (!o || task_info_base_json(i, now_realtime, o) < 0)
                return -ENOMEM;
        if (s) {
                sup = json_object_new_object();
                user = json_object_new_object();
                if (!sup || !user) {
                        json_object_put(sup);
                        json_object_put(user);
                        return -ENOMEM;
                }
        }
        if (json_set(o, "supervisor", sup) < 0 || json_set(o, "user", user) < 0)
                return -ENOMEM;
        if (s) {
                /* alive: null when it cannot be told (no pid, no starttime). */
                json_object *alive = i->supervisor == SUPERVISOR_ALIVE  ? json_object_new_boolean(true)
                                     : i->supervisor == SUPERVISOR_GONE ? json_object_new_boolean(false)
                                                                        : NULL;

                if (json_set(sup, "pid", s->supervisor > 0 ? json_object_new_int64(s->supervisor) : NULL) < 0 ||
                    json_set(sup, "alive", alive) < 0 ||
                    json_set(sup, "liveness",
                             json_object_new_string(supervisor_liveness_to_string(i->supervisor))) < 0 ||
                    json_set(sup, "unit", json_string_or_null(s->supervisor_unit)) < 0 ||
                    json_set(user, "uid", json_object_new_int64(s->uid)) < 0 ||
                    json_set(user, "gid", json_object_new_int64(s->gid)) < 0 ||
                    json_set(user, "name", json_string_or_null(i->user_name)) < 0 ||
                    json_set(user, "group", json_string_or_null(i->group_name)) < 0)
                        return -ENOMEM;
        }
        if (json_set(o, "slice", json_string_or_null(s ? s->slice : NULL)) < 0 ||
            json_set(o, "cgroup", json_string_or_null(task_info_cgroup(i))) < 0 ||
            json_set(o, "root", json_string_or_null(s ? s->root : NULL)) < 0 ||
            json_set(o, "namespaces", json_namespaces(s ? s->namespaces : NULL)) < 0 ||
            json_set(o, "kill_signal", json_string_or_null(kill_signal)) < 0 ||
            json_set(o, "grace_usec", s ? json_object_new_uint64(s->grace_usec) : NULL) < 0)
                return -ENOMEM;

        if (i->has_limits) {
                limits = json_limits(&i->limits);
                if (!limits)
                        return -ENOMEM;
        }
        if (json_set(o, "limits", limits) < 0)
                return -ENOMEM;
        if (i->has_exit && exit_record_to_json(&i->exit, &exit_record) < 0)
                return -ENOMEM;
        if (json_set(o, "exit", exit_record) < 0)
                return -ENOMEM;
        *ret = TAKE_PTR(o);
        return 0;
}

/* ---- text ---- */

enum { COL_ID, COL_UNIT, COL_STATE, COL_PID, COL_UPTIME, COL_MEMORY, COL_COMMAND, _COL_MAX };

static const char *const col_headers[_COL_MAX] = { "ID", "UNIT", "STATE", "PID", "UPTIME", "MEMORY", "COMMAND" };

static void cells_free(char *cells[_COL_MAX]) {
        for (size_t c = 0; c < _COL_MAX; c++)
                free(cells[c]);
}

/* One row of `list`, every cell allocated; "-" for what is not known. */
static int list_cells(const TaskInfo *i, uint64_t now, char *cells[_COL_MAX]) {
        const TaskState *s = task_info_has_state(i) ? &i->state : NULL;
        char buf[64];
        uint64_t uptime;

        cells[COL_ID] = strdup(i->id ?: "-");
        cells[COL_UNIT] = strdup(i->unit ?: "-");
        if (!i->active_state || asprintf(&cells[COL_STATE], "%s/%s", i->active_state, i->sub_state ?: "-") < 0)
                cells[COL_STATE] = i->active_state ? NULL : strdup("-");
        if (!s || asprintf(&cells[COL_PID], "%d", (int) s->pid) < 0)
                cells[COL_PID] = s ? NULL : strdup("-");
        cells[COL_UPTIME] = strdup(task_info_uptime(i, now, &uptime) ? format_timespan(buf, sizeof(buf), uptime,
                                                                                       USEC_PER_SEC)
                                                                       : "-");
        cells[COL_MEMORY] = strdup(i->memory_current != UINT64_MAX ? format_bytes(buf, sizeof(buf), i->memory_current)
                                                                   : "-");
        if (!s || !s->argv || !s->argv[0] || format_argv(s->argv, &cells[COL_COMMAND]) < 0)
                cells[COL_COMMAND] = s && s->argv && s->argv[0] ? NULL : strdup("-");
        for (size_t c = 0; c < _COL_MAX; c++)
                if (!cells[c])
                        return -ENOMEM;
        return 0;
}

int task_info_list_print(FILE *f, const TaskInfo *infos, size_t n, uint64_t now_realtime) {
        _cleanup_free_ char **cells = NULL;
        size_t width[_COL_MAX];
        int r = 0;

        cells = calloc(n * _COL_MAX + 1, sizeof(char *));
        if (!cells)
                return -ENOMEM;
        for (size_t c = 0; c < _COL_MAX; c++)
                width[c] = strlen(col_headers[c]);
        for (size_t k = 0; k < n && r >= 0; k++) {
                r = list_cells(&infos[k], now_realtime, cells + k * _COL_MAX);
                for (size_t c = 0; r >= 0 && c < _COL_MAX; c++)
                        if (strlen(cells[k * _COL_MAX + c]) > width[c])
                                width[c] = strlen(cells[k * _COL_MAX + c]);
        }
        if (r >= 0)
                for (size_t k = 0; k <= n; k++) {
                        /* Row 0 is the header. */
                        for (size_t c = 0; c < _COL_MAX; c++) {
                                const char *v = k == 0 ? col_headers[c] : cells[(k - 1) * _COL_MAX + c];
                                bool right = c == COL_PID || c == COL_MEMORY;

                                if (c == _COL_MAX - 1)
                                        fprintf(f, "%s\n", v);
                                else
                                        fprintf(f, right ? "%*s  " : "%-*s  ", (int) width[c], v);
                        }
                }
        for (size_t k = 0; k < n; k++)
                cells_free(cells + k * _COL_MAX);
        return r;
}

static const char *format_limit_bytes(char *buf, size_t size, uint64_t v) {
        return v == UINT64_MAX ? "infinity" : format_bytes(buf, size, v);
}

static const char *format_limit_number(char *buf, size_t size, uint64_t v, const char *max) {
        if (v == UINT64_MAX)
                return max;
        snprintf(buf, size, "%" PRIu64, v);
        return buf;
}

/* CPUQuotaPerSecUSec as CPUQuota= says it: 500000 is "50%", 1234567 "123.45%". */
static const char *format_cpu_quota(char *buf, size_t size, uint64_t usec_per_sec) {
        if (usec_per_sec == UINT64_MAX)
                return "infinity";
        if (usec_per_sec % 10000 == 0)
                snprintf(buf, size, "%" PRIu64 "%%", usec_per_sec / 10000);
        else
                snprintf(buf, size, "%" PRIu64 ".%02" PRIu64 "%%", usec_per_sec / 10000, usec_per_sec % 10000 / 100);
        return buf;
}

static const char *format_date(char *buf, size_t size, uint64_t usec) {
        time_t sec = (time_t) (usec / USEC_PER_SEC);
        struct tm tm;

        if (!localtime_r(&sec, &tm) || strftime(buf, size, "%a %Y-%m-%d %H:%M:%S %Z", &tm) == 0)
                snprintf(buf, size, "@%" PRIu64, usec / USEC_PER_SEC);
        return buf;
}

#define FIELD "%-16s "

static void print_limits(FILE *f, const TaskLimits *l) {
        _cleanup_free_ char *cpus = NULL;
        char buf[64];

        fprintf(f, "limits:\n");
        fprintf(f, "  " FIELD "%s\n", "MemoryMax:", format_limit_bytes(buf, sizeof(buf), l->memory_max));
        fprintf(f, "  " FIELD "%s\n", "MemoryHigh:", format_limit_bytes(buf, sizeof(buf), l->memory_high));
        fprintf(f, "  " FIELD "%s\n", "MemoryLow:", format_limit_bytes(buf, sizeof(buf), l->memory_low));
        fprintf(f, "  " FIELD "%s\n", "MemorySwapMax:", format_limit_bytes(buf, sizeof(buf), l->memory_swap_max));
        fprintf(f, "  " FIELD "%s\n", "CPUWeight:", format_limit_number(buf, sizeof(buf), l->cpu_weight, "-"));
        fprintf(f, "  " FIELD "%s\n", "CPUQuota:", format_cpu_quota(buf, sizeof(buf), l->cpu_quota_per_sec_usec));
        if (format_cpu_set(l->allowed_cpus, l->n_allowed_cpus, &cpus) < 0)
                cpus = NULL;
        fprintf(f, "  " FIELD "%s\n", "AllowedCPUs:", cpus && cpus[0] ? cpus : "-");
        fprintf(f, "  " FIELD "%s\n", "TasksMax:", format_limit_number(buf, sizeof(buf), l->tasks_max, "infinity"));
        fprintf(f, "  " FIELD "%s\n", "IOWeight:", format_limit_number(buf, sizeof(buf), l->io_weight, "-"));
}

static void print_exit(FILE *f, const ExitRecord *e) {
        char buf[64], buf2[64], buf3[64];

        if (e->signal > 0)
                fprintf(f, FIELD "killed by %s%s (exit status %d), ended by %s\n", "exit:",
                        format_signal(buf, sizeof(buf), e->signal), e->oom_killed ? ", out of memory" : "",
                        e->exit_code, exit_ended_by_to_string(e->ended_by) ?: "unknown");
        else if (e->exit_code >= 0)
                fprintf(f, FIELD "exited with status %d, ended by %s\n", "exit:", e->exit_code,
                        exit_ended_by_to_string(e->ended_by) ?: "unknown");
        else
                fprintf(f, FIELD "unknown, ended by %s\n", "exit:", exit_ended_by_to_string(e->ended_by) ?: "unknown");
        if (e->ended_usec != UINT64_MAX) {
                if (e->started_usec != UINT64_MAX && e->started_usec <= e->ended_usec)
                        fprintf(f, FIELD "%s (ran %s)\n", "ended:", format_date(buf, sizeof(buf), e->ended_usec),
                                format_timespan(buf2, sizeof(buf2), e->ended_usec - e->started_usec, 1000));
                else
                        fprintf(f, FIELD "%s\n", "ended:", format_date(buf, sizeof(buf), e->ended_usec));
        }
        if (e->memory_peak != UINT64_MAX)
                fprintf(f, FIELD "%s\n", "memory peak:", format_bytes(buf, sizeof(buf), e->memory_peak));
        if (e->cpu_usec != UINT64_MAX) {
                if (e->cpu_user_usec != UINT64_MAX && e->cpu_system_usec != UINT64_MAX)
                        fprintf(f, FIELD "%s (user %s, system %s)\n", "cpu time:",
                                format_timespan(buf, sizeof(buf), e->cpu_usec, 1000),
                                format_timespan(buf2, sizeof(buf2), e->cpu_user_usec, 1000),
                                format_timespan(buf3, sizeof(buf3), e->cpu_system_usec, 1000));
                else
                        fprintf(f, FIELD "%s\n", "cpu time:", format_timespan(buf, sizeof(buf), e->cpu_usec, 1000));
        }
        if (e->oom_kills != UINT64_MAX && e->oom_kills > 0)
                fprintf(f, FIELD "%" PRIu64 "\n", "oom kills:", e->oom_kills);
}

int task_info_status_print(FILE *f, const TaskInfo *i, uint64_t now_realtime) {
        _cleanup_free_ char *command = NULL;
        const TaskState *s = task_info_has_state(i) ? &i->state : NULL;
        const char *cgroup = task_info_cgroup(i);
        char buf[128], buf2[64];
        uint64_t uptime;

        if (s && s->argv && format_argv(s->argv, &command) < 0)
                return -ENOMEM;

        fprintf(f, FIELD "%s\n", "id:", i->id);
        if (i->unit_loaded)
                fprintf(f, FIELD "%s (%s/%s)\n", "unit:", i->unit, i->active_state ?: "-", i->sub_state ?: "-");
        else
                fprintf(f, FIELD "%s (not loaded)\n", "unit:", i->unit);
        if (!s)
                fprintf(f, FIELD "%s\n", "state:", i->state_result == -ENOENT ? "none" : strerror(-i->state_result));
        if (s)
                fprintf(f, FIELD "%d\n", "main pid:", (int) s->pid);
        if (command)
                fprintf(f, FIELD "%s\n", "command:", command);
        if (s && s->started_usec) {
                if (task_info_uptime(i, now_realtime, &uptime))
                        fprintf(f, FIELD "%s (%s ago)\n", "started:", format_date(buf, sizeof(buf), s->started_usec),
                                format_timespan(buf2, sizeof(buf2), uptime, USEC_PER_SEC));
                else
                        fprintf(f, FIELD "%s\n", "started:", format_date(buf, sizeof(buf), s->started_usec));
        }
        if (task_info_is_running(i))
                fprintf(f, FIELD "%s\n", "memory:",
                        i->memory_current != UINT64_MAX ? format_bytes(buf, sizeof(buf), i->memory_current) : "-");
        if (s) {
                if (s->supervisor > 0)
                        fprintf(f, FIELD "%d (%s)\n", "supervisor:", (int) s->supervisor,
                                supervisor_liveness_to_string(i->supervisor));
                else
                        fprintf(f, FIELD "-\n", "supervisor:");
                fprintf(f, FIELD "%s\n", "supervisor unit:", s->supervisor_unit ?: "-");
                fprintf(f, FIELD "%s\n", "slice:", s->slice ?: "-");
        }
        fprintf(f, FIELD "%s\n", "cgroup:", cgroup ?: "-");
        if (s) {
                char uid[32], gid[32];

                snprintf(uid, sizeof(uid), "%u", (unsigned) s->uid);
                snprintf(gid, sizeof(gid), "%u", (unsigned) s->gid);
                fprintf(f, FIELD "%s\n", "root:", s->root ?: "-");
                /* The name only when the host knows it: "root (0)", else "1000". */
                fprintf(f, FIELD "%s%s%s%s, group %s%s%s%s\n", "user:", i->user_name ?: "", i->user_name ? " (" : "",
                        uid, i->user_name ? ")" : "", i->group_name ?: "", i->group_name ? " (" : "", gid,
                        i->group_name ? ")" : "");
                fprintf(f, FIELD "%s\n", "namespaces:", s->namespaces && s->namespaces[0] ? s->namespaces : "-");
                fprintf(f, FIELD "%s, grace %s\n", "kill signal:",
                        s->kill_signal > 0 ? format_signal(buf, sizeof(buf), s->kill_signal) : "-",
                        format_timespan(buf2, sizeof(buf2), s->grace_usec, 1000));
        }
        if (i->has_limits)
                print_limits(f, &i->limits);
        if (i->has_exit)
                print_exit(f, &i->exit);
        return 0;
}
