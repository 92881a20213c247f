/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic/fileio.h"
#include "basic/macro.h"
#include "basic/parse-util.h"
#include "basic/proc-util.h"
#include "bus/bus-query.h"
#include "bus/bus-util.h"
#include "cgroup/cgroup-path.h"
#include "spec/task-id.h"
#include "task/task-inspect.h"

/* memory.current of the scope's cgroup: UINT64_MAX when there is none (no
 * memory controller, as in the fast bed, or the cgroup is gone). */
static uint64_t read_memory_current(const char *cgroup) {
        _cleanup_free_ char *path = NULL, *text = NULL;
        uint64_t v;

        if (!cgroup || !cgroup[0] || asprintf(&path, CGROUP_ROOT "%s/memory.current", cgroup) < 0)
                return UINT64_MAX;
        if (read_file_at(AT_FDCWD, path, &text) < 0)
                return UINT64_MAX;
        text[strcspn(text, "\n")] = '\0';
        return parse_uint64(text, &v) < 0 ? UINT64_MAX : v;
}

/* The state file, and what follows from it alone. */
static void inspect_state(TaskInfo *i) {
        i->state_result = task_state_read(i->id, &i->state);
}

static void inspect_memory(TaskInfo *i) {
        if (!task_info_is_running(i))
                return;
        i->memory_current = read_memory_current(task_info_has_state(i) ? i->state.cgroup : i->control_group);
        if (i->memory_current == UINT64_MAX && task_info_has_state(i))
                i->memory_current = read_memory_current(i->control_group);
}

int task_inspect_list(sd_bus *bus, TaskInfo **ret, size_t *ret_n, sd_bus_error *error) {
        static const char *const patterns[] = { TASK_UNIT_PREFIX "*" TASK_UNIT_SUFFIX, NULL };
        BusUnitStatus *units = NULL;
        TaskInfo *infos = NULL;
        size_t n_units = 0, n = 0;
        int r;

        r = bus_list_units_by_patterns(bus, patterns, &units, &n_units, error);
        if (r < 0)
                return r;
        infos = calloc(n_units + 1, sizeof(*infos));
        if (!infos) {
                bus_unit_status_free_many(units, n_units);
                return -ENOMEM;
        }
        for (size_t k = 0; k < n_units; k++) {
                TaskInfo *i = &infos[n];
                char *id;

                r = task_id_from_unit_name(units[k].name, &id);
                if (r == -EINVAL) /* a supervisor's scope, or a name no task could have */
                        continue;
                if (r < 0)
                        break;
                *i = TASK_INFO_NULL;
                n++;
                i->id = id;
                i->unit = TAKE_PTR(units[k].name);
                i->active_state = TAKE_PTR(units[k].active_state);
                i->sub_state = TAKE_PTR(units[k].sub_state);
                i->unit_loaded = true;
                inspect_state(i);
                inspect_memory(i);
        }
        bus_unit_status_free_many(units, n_units);
        if (r < 0 && r != -EINVAL) {
                task_info_free_many(infos, n);
                return r;
        }
        task_info_sort(infos, n);
        *ret = infos;
        *ret_n = n;
        return 0;
}

static int inspect_limits(sd_bus *bus, const char *path, TaskLimits *l, sd_bus_error *error) {
        const struct {
                const char *name;
                uint64_t *v;
        } props[] = {
                { "MemoryMax", &l->memory_max },
                { "MemoryHigh", &l->memory_high },
                { "MemoryLow", &l->memory_low },
                { "MemorySwapMax", &l->memory_swap_max },
                { "CPUWeight", &l->cpu_weight },
                { "CPUQuotaPerSecUSec", &l->cpu_quota_per_sec_usec },
                { "TasksMax", &l->tasks_max },
                { "IOWeight", &l->io_weight },
        };
        int r;

        for (size_t k = 0; k < ELEMENTSOF(props); k++) {
                r = bus_get_property_u64(bus, path, SYSTEMD_SCOPE_INTERFACE, props[k].name, props[k].v, error);
                if (r < 0)
                        return r;
        }
        return bus_get_property_bytes(bus, path, SYSTEMD_SCOPE_INTERFACE, "AllowedCPUs", &l->allowed_cpus,
                                      &l->n_allowed_cpus, error);
}

/* The unit's side: its states, cgroup and limits, if it is loaded. */
static int inspect_unit(sd_bus *bus, TaskInfo *i, sd_bus_error *error) {
        _cleanup_free_ char *path = NULL;
        int r;

        r = bus_get_unit_path(bus, i->unit, &path, error);
        if (r == -ENOENT) {
                sd_bus_error_free(error);
                return 0;
        }
        if (r < 0)
                return r;
        r = sd_bus_get_property_string(bus, SYSTEMD_DEST, path, SYSTEMD_UNIT_INTERFACE, "ActiveState",
                                       error, &i->active_state);
        if (r >= 0)
                r = sd_bus_get_property_string(bus, SYSTEMD_DEST, path, SYSTEMD_UNIT_INTERFACE, "SubState",
                                               error, &i->sub_state);
        if (r >= 0)
                r = sd_bus_get_property_string(bus, SYSTEMD_DEST, path, SYSTEMD_SCOPE_INTERFACE, "ControlGroup",
                                               error, &i->control_group);
        if (r >= 0)
                r = inspect_limits(bus, path, &i->limits, error);
        if (r < 0)
                return r;
        i->unit_loaded = true;
        i->has_limits = true;
        return 0;
}

static char *user_name(uid_t uid) {
        struct passwd *pw = getpwuid(uid);

        return pw && pw->pw_name ? strdup(pw->pw_name) : NULL;
}

static char *group_name(gid_t gid) {
        struct group *gr = getgrgid(gid);

        return gr && gr->gr_name ? strdup(gr->gr_name) : NULL;
}

int task_inspect_one(sd_bus *bus, const char *id, TaskInfo *ret, sd_bus_error *error) {
        TaskInfo i = TASK_INFO_NULL;
        int r;

        i.id = strdup(id);
        r = task_unit_name(id, &i.unit);
        if (!i.id || r < 0) {
                task_info_done(&i);
                return r < 0 ? r : -ENOMEM;
        }
        r = inspect_unit(bus, &i, error);
        if (r < 0) {
                task_info_done(&i);
                return r;
        }
        inspect_state(&i);
        inspect_memory(&i);
        if (task_info_has_state(&i)) {
                const TaskState *s = &i.state;
                ProcStat st = {};
                int k = s->supervisor > 0 ? proc_stat_read(s->supervisor, &st) : -ESRCH;

                i.supervisor = supervisor_liveness(s->supervisor, s->supervisor_starttime, k, &st);
                i.user_name = user_name(s->uid);
                i.group_name = group_name(s->gid);
        }
        /* A new run forgets the last one's record: it only tells of a task that is over. */
        if (!task_info_is_running(&i) && task_exit_record_read(id, &i.exit) >= 0)
                i.has_exit = true;
        *ret = i;
        return 0;
}
