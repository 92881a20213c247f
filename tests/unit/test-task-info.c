/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "basic/json-util.h"
#include "task/task-info.h"

#define NOW UINT64_C(1700000063000000) /* 63 s after STARTED */
#define STARTED UINT64_C(1700000000000000)

static char **strv(const char *a, const char *b, const char *c) {
        char **v = calloc(4, sizeof(char *));
        const char *in[] = { a, b, c };

        for (size_t k = 0, n = 0; k < 3; k++)
                if (in[k])
                        v[n++] = strdup(in[k]);
        return v;
}

/* A running task with a full state, as `run` writes it. */
static TaskInfo running_task(const char *id) {
        TaskInfo i = TASK_INFO_NULL;
        char unit[300], cgroup[400];

        snprintf(unit, sizeof(unit), "taskscope-%s.scope", id);
        snprintf(cgroup, sizeof(cgroup), "/taskscope.slice/%s", unit);
        i.id = strdup(id);
        i.unit = strdup(unit);
        i.unit_loaded = true;
        i.active_state = strdup("active");
        i.sub_state = strdup("running");
        i.control_group = strdup(cgroup);
        i.state_result = 0;
        i.state = (TaskState) {
                .id = strdup(id),
                .unit = strdup(unit),
                .cgroup = strdup(cgroup),
                .pid = 4242,
                .supervisor = 4240,
                .started_usec = STARTED,
                .kill_signal = 2,
                .grace_usec = 5000000,
                .supervisor_starttime = 777,
                .slice = strdup("taskscope.slice"),
                .argv = strv("sh", "-c", "echo 'hi' there"),
                .namespaces = strdup("mnt pid"),
        };
        i.memory_current = 3 * 1024 * 1024;
        return i;
}

/* A scope whose supervisor has written no state (yet). */
static TaskInfo stateless_task(const char *id) {
        TaskInfo i = TASK_INFO_NULL;
        char unit[300];

        snprintf(unit, sizeof(unit), "taskscope-%s.scope", id);
        i.id = strdup(id);
        i.unit = strdup(unit);
        i.unit_loaded = true;
        i.active_state = strdup("active");
        i.sub_state = strdup("running");
        return i;
}

static char *print_to_string(int (*fn)(FILE *, const TaskInfo *, size_t, uint64_t), const TaskInfo *infos,
                             size_t n) {
        char *s = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&s, &len);

        assert_non_null(f);
        assert_int_equal(fn(f, infos, n, NOW), 0);
        assert_int_equal(fclose(f), 0);
        return s;
}

static int status_print_adapter(FILE *f, const TaskInfo *infos, size_t n, uint64_t now) {
        return task_info_status_print(f, infos, now);
}

static json_object *get(json_object *o, const char *key) {
        json_object *v = NULL;

        assert_true(json_object_object_get_ex(o, key, &v));
        return v;
}

static void test_id_from_unit_name(void **state) {
        static const char *bad[] = { "taskscope.supervisor-x.scope", "taskscope-.scope", "other-x.scope",
                                     "taskscope-x.service", "taskscope-x.scopex", "taskscope-.hidden.scope",
                                     "taskscope-a\\x20b.scope", "taskscope.scope", "" };
        char *id = NULL;

        assert_int_equal(task_id_from_unit_name("taskscope-web-1.scope", &id), 0);
        assert_string_equal(id, "web-1");
        free(id);
        assert_int_equal(task_id_from_unit_name("taskscope-job_42:redis.scope", &id), 0);
        assert_string_equal(id, "job_42:redis");
        free(id);
        /* Supervisors are "taskscope.supervisor-ID.scope": this one is a task. */
        assert_int_equal(task_id_from_unit_name("taskscope-supervisor-x.scope", &id), 0);
        assert_string_equal(id, "supervisor-x");
        free(id);
        id = NULL;
        for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
                assert_int_equal(task_id_from_unit_name(bad[k], &id), -EINVAL);
        assert_null(id);
        assert_int_equal(task_id_from_unit_name(NULL, &id), -EINVAL);
}

static void test_supervisor_liveness(void **state) {
        const ProcStat same = { .state = 'S', .starttime = 777 }, other = { .state = 'S', .starttime = 999 },
                       zombie = { .state = 'Z', .starttime = 777 }, none = {};

        assert_int_equal(supervisor_liveness(0, 777, -ESRCH, &none), SUPERVISOR_UNKNOWN);
        assert_int_equal(supervisor_liveness(10, 777, 0, &same), SUPERVISOR_ALIVE);
        /* The pid was recycled: another process, another starttime. */
        assert_int_equal(supervisor_liveness(10, 777, 0, &other), SUPERVISOR_GONE);
        assert_int_equal(supervisor_liveness(10, 777, 0, &zombie), SUPERVISOR_GONE);
        assert_int_equal(supervisor_liveness(10, 777, -ENOENT, &none), SUPERVISOR_GONE);
        assert_int_equal(supervisor_liveness(10, 777, -ESRCH, &none), SUPERVISOR_GONE);
        assert_int_equal(supervisor_liveness(10, 0, 0, &other), SUPERVISOR_UNVERIFIED);
        assert_int_equal(supervisor_liveness(10, 0, 0, &zombie), SUPERVISOR_GONE);
        assert_int_equal(supervisor_liveness(10, 777, -EACCES, &none), SUPERVISOR_UNKNOWN);
        assert_string_equal(supervisor_liveness_to_string(SUPERVISOR_ALIVE), "alive");
        assert_string_equal(supervisor_liveness_to_string(SUPERVISOR_GONE), "gone");
        assert_null(supervisor_liveness_to_string(_SUPERVISOR_LIVENESS_MAX));
}

static void test_format_timespan(void **state) {
        char buf[64];

        assert_string_equal(format_timespan(buf, sizeof(buf), 63000000, 1000000), "1min 3s");
        assert_string_equal(format_timespan(buf, sizeof(buf), 63999999, 1000000), "1min 3s");
        assert_string_equal(format_timespan(buf, sizeof(buf), 5000000, 1000), "5s");
        assert_string_equal(format_timespan(buf, sizeof(buf), 1500000, 1000), "1s 500ms");
        assert_string_equal(format_timespan(buf, sizeof(buf), 90061000000ULL, 1000000), "1d 1h 1min 1s");
        assert_string_equal(format_timespan(buf, sizeof(buf), 7200000000ULL, 1000000), "2h");
        assert_string_equal(format_timespan(buf, sizeof(buf), 0, 1000000), "0s");
        assert_string_equal(format_timespan(buf, sizeof(buf), 999999, 1000000), "0s");
        assert_string_equal(format_timespan(buf, sizeof(buf), 0, 1000), "0ms");
        assert_string_equal(format_timespan(buf, sizeof(buf), 1234, 0), "1ms 234us");
        assert_string_equal(format_timespan(buf, sizeof(buf), UINT64_MAX, 1000000), "infinity");
        /* A buffer too small is cut, never overrun. */
        assert_string_equal(format_timespan(buf, 6, 90061000000ULL, 1000000), "1d 1h");
}

static void test_format_bytes(void **state) {
        char buf[32];

        assert_string_equal(format_bytes(buf, sizeof(buf), 0), "0B");
        assert_string_equal(format_bytes(buf, sizeof(buf), 1023), "1023B");
        assert_string_equal(format_bytes(buf, sizeof(buf), 1536), "1.5K");
        assert_string_equal(format_bytes(buf, sizeof(buf), 512ULL << 20), "512.0M");
        assert_string_equal(format_bytes(buf, sizeof(buf), 3ULL << 40), "3.0T");
}

static void check_cpu_set(const uint8_t *mask, size_t n, const char *want) {
        char *s = NULL;

        assert_int_equal(format_cpu_set(mask, n, &s), 0);
        assert_string_equal(s, want);
        free(s);
}

static void test_format_cpu_set(void **state) {
        check_cpu_set((const uint8_t[]) { 0x03 }, 1, "0-1");
        check_cpu_set((const uint8_t[]) { 0x0b }, 1, "0-1,3");
        check_cpu_set((const uint8_t[]) { 0x05 }, 1, "0,2");
        check_cpu_set((const uint8_t[]) { 0x00, 0x01 }, 2, "8");
        check_cpu_set((const uint8_t[]) { 0x80, 0x01 }, 2, "7-8");
        check_cpu_set((const uint8_t[]) { 0xff, 0xff }, 2, "0-15");
        check_cpu_set((const uint8_t[]) { 0x00 }, 1, "");
        check_cpu_set(NULL, 0, "");
}

static void check_argv(char **argv, const char *want) {
        char *s = NULL;

        assert_int_equal(format_argv(argv, &s), 0);
        assert_string_equal(s, want);
        free(s);
        for (char **a = argv; *a; a++)
                free(*a);
        free(argv);
}

static void test_format_argv(void **state) {
        check_argv(strv("sleep", "100", NULL), "sleep 100");
        check_argv(strv("sh", "-c", "echo 'hi' there"), "sh -c 'echo '\\''hi'\\'' there'");
        check_argv(strv("printf", "", "a$b"), "printf '' 'a$b'");
        check_argv(strv("/usr/bin/env", "A=1", "x,y:z@w%+"), "/usr/bin/env A=1 x,y:z@w%+");
}

static void test_format_signal(void **state) {
        char buf[16];

        assert_string_equal(format_signal(buf, sizeof(buf), 2), "SIGINT");
        assert_string_equal(format_signal(buf, sizeof(buf), 15), "SIGTERM");
        assert_string_equal(format_signal(buf, sizeof(buf), 40), "40");
}

static void test_running_and_unknown(void **state) {
        TaskInfo i = running_task("a"), none = TASK_INFO_NULL;

        assert_true(task_info_is_running(&i));
        assert_false(task_info_is_unknown(&i));
        free(i.active_state);
        i.active_state = strdup("failed");
        assert_false(task_info_is_running(&i));
        free(i.active_state);
        i.active_state = strdup("deactivating");
        assert_true(task_info_is_running(&i));
        task_info_done(&i);

        assert_false(task_info_is_running(&none));
        assert_true(task_info_is_unknown(&none));
        /* An unreadable state is something known: not "no task". */
        none.state_result = -EBADMSG;
        assert_false(task_info_is_unknown(&none));
}

static void test_sort(void **state) {
        TaskInfo infos[3] = { running_task("b"), stateless_task("c"), running_task("a") };

        task_info_sort(infos, 3);
        assert_string_equal(infos[0].id, "a");
        assert_string_equal(infos[1].id, "b");
        assert_string_equal(infos[2].id, "c");
        for (size_t k = 0; k < 3; k++)
                task_info_done(&infos[k]);
}

static void test_list_json(void **state) {
        TaskInfo infos[2] = { running_task("web"), stateless_task("bare") };
        _cleanup_json_ json_object *a = NULL;
        json_object *o;
        const char *text;

        assert_int_equal(task_info_list_to_json(infos, 2, NOW, &a), 0);
        assert_int_equal(json_object_array_length(a), 2);

        o = json_object_array_get_idx(a, 0);
        assert_string_equal(json_object_get_string(get(o, "id")), "web");
        assert_string_equal(json_object_get_string(get(o, "unit")), "taskscope-web.scope");
        assert_string_equal(json_object_get_string(get(o, "active_state")), "active");
        assert_string_equal(json_object_get_string(get(o, "sub_state")), "running");
        assert_int_equal(json_object_get_int64(get(o, "pid")), 4242);
        assert_int_equal(json_object_get_uint64(get(o, "started_usec")), STARTED);
        assert_int_equal(json_object_get_uint64(get(o, "uptime_usec")), 63000000);
        assert_int_equal(json_object_get_uint64(get(o, "memory_current")), 3 * 1024 * 1024);
        assert_string_equal(json_object_get_string(get(o, "command")), "sh -c 'echo '\\''hi'\\'' there'");
        assert_int_equal(json_object_array_length(get(o, "argv")), 3);
        assert_string_equal(json_object_get_string(json_object_array_get_idx(get(o, "argv"), 2)), "echo 'hi' there");

        /* No state: the unit's side is there, the rest is null, not absent. */
        o = json_object_array_get_idx(a, 1);
        assert_string_equal(json_object_get_string(get(o, "id")), "bare");
        assert_null(get(o, "pid"));
        assert_null(get(o, "started_usec"));
        assert_null(get(o, "uptime_usec"));
        assert_null(get(o, "memory_current"));
        assert_null(get(o, "command"));
        assert_null(get(o, "argv"));

        text = json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN);
        assert_non_null(strstr(text, "\"id\":\"web\""));
        assert_non_null(strstr(text, "\"pid\":null"));
        for (size_t k = 0; k < 2; k++)
                task_info_done(&infos[k]);
}

static void test_list_json_empty(void **state) {
        _cleanup_json_ json_object *a = NULL;

        assert_int_equal(task_info_list_to_json(NULL, 0, NOW, &a), 0);
        assert_string_equal(json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN), "[]");
}

static void test_list_table(void **state) {
        TaskInfo infos[2] = { running_task("web"), stateless_task("a-much-longer-id") };
        char *s, *line2, *line3;

        s = print_to_string(task_info_list_print, infos, 2);
        /* The columns are as wide as their widest cell. */
        assert_true(strncmp(s, "ID                UNIT                               STATE           PID  UPTIME   MEMORY  COMMAND\n",
                            strlen("ID                UNIT")) == 0);
        line2 = strchr(s, '\n') + 1;
        line3 = strchr(line2, '\n') + 1;
        assert_true(strncmp(line2, "web  ", 5) == 0);
        assert_non_null(strstr(line2, "active/running"));
        assert_non_null(strstr(line2, " 4242 "));
        assert_non_null(strstr(line2, "1min 3s"));
        assert_non_null(strstr(line2, "3.0M"));
        assert_non_null(strstr(line2, "sh -c 'echo '\\''hi'\\'' there'\n"));
        assert_true(strncmp(line3, "a-much-longer-id  taskscope-a-much-longer-id.scope  active/running", 66) == 0);
        /* pid, uptime, memory and command unknown */
        assert_non_null(strstr(line3, "  -  "));
        assert_true(strlen(line3) > 2 && strcmp(line3 + strlen(line3) - 2, "-\n") == 0);
        /* The header is aligned with the rows: UNIT starts where the units do. */
        assert_int_equal(strstr(s, "UNIT") - s, strstr(line2, "taskscope-web") - line2);
        free(s);

        s = print_to_string(task_info_list_print, NULL, 0);
        assert_string_equal(s, "ID  UNIT  STATE  PID  UPTIME  MEMORY  COMMAND\n");
        free(s);
        for (size_t k = 0; k < 2; k++)
                task_info_done(&infos[k]);
}

static void set_limits(TaskInfo *i) {
        i->has_limits = true;
        i->limits = (TaskLimits) {
                .memory_max = 512ULL << 20,
                .memory_high = UINT64_MAX,
                .memory_low = 0,
                .memory_swap_max = 0,
                .cpu_weight = UINT64_MAX,
                .cpu_quota_per_sec_usec = 500000,
                .tasks_max = UINT64_MAX,
                .io_weight = 200,
                .allowed_cpus = malloc(1),
                .n_allowed_cpus = 1,
        };
        i->limits.allowed_cpus[0] = 0x03;
}

static void test_status_json(void **state) {
        TaskInfo i = running_task("web");
        _cleanup_json_ json_object *o = NULL;
        json_object *l, *sup, *user;

        set_limits(&i);
        i.supervisor = SUPERVISOR_ALIVE;
        i.user_name = strdup("root");
        assert_int_equal(task_info_to_json(&i, NOW, &o), 0);
        assert_string_equal(json_object_get_string(get(o, "unit")), "taskscope-web.scope");
        assert_int_equal(json_object_get_int64(get(o, "pid")), 4242);
        assert_string_equal(json_object_get_string(get(o, "cgroup")), "/taskscope.slice/taskscope-web.scope");
        assert_string_equal(json_object_get_string(get(o, "slice")), "taskscope.slice");
        assert_null(get(o, "root"));
        assert_string_equal(json_object_get_string(get(o, "kill_signal")), "SIGINT");
        assert_int_equal(json_object_get_uint64(get(o, "grace_usec")), 5000000);
        assert_int_equal(json_object_array_length(get(o, "namespaces")), 2);
        assert_string_equal(json_object_get_string(json_object_array_get_idx(get(o, "namespaces"), 1)), "pid");
        assert_null(get(o, "exit"));

        sup = get(o, "supervisor");
        assert_int_equal(json_object_get_int64(get(sup, "pid")), 4240);
        assert_true(json_object_get_boolean(get(sup, "alive")));
        assert_string_equal(json_object_get_string(get(sup, "liveness")), "alive");
        assert_null(get(sup, "unit"));
        user = get(o, "user");
        assert_int_equal(json_object_get_int64(get(user, "uid")), 0);
        assert_string_equal(json_object_get_string(get(user, "name")), "root");
        assert_null(get(user, "group"));

        l = get(o, "limits");
        assert_int_equal(json_object_get_uint64(get(l, "memory_max")), 512ULL << 20);
        assert_string_equal(json_object_get_string(get(l, "memory_high")), "infinity");
        assert_int_equal(json_object_get_uint64(get(l, "memory_low")), 0);
        assert_null(get(l, "cpu_weight"));
        assert_int_equal(json_object_get_uint64(get(l, "cpu_quota_per_sec_usec")), 500000);
        assert_string_equal(json_object_get_string(get(l, "allowed_cpus")), "0-1");
        assert_string_equal(json_object_get_string(get(l, "tasks_max")), "infinity");
        assert_int_equal(json_object_get_uint64(get(l, "io_weight")), 200);
        task_info_done(&i);
}

static ExitRecord killed_record(const char *id) {
        ExitRecord e = EXIT_RECORD_NULL;

        e.id = strdup(id);
        e.unit = strdup("taskscope-gone.scope");
        e.exit_code = 137;
        e.signal = 9;
        e.oom_killed = true;
        e.oom_kills = 1;
        e.ended_by = EXIT_ENDED_BY_TASK;
        e.started_usec = STARTED;
        e.ended_usec = STARTED + 2500000;
        e.memory_peak = 64ULL << 20;
        return e;
}

static void test_status_ended(void **state) {
        TaskInfo i = TASK_INFO_NULL;
        _cleanup_json_ json_object *o = NULL;
        json_object *e;
        char *s;

        /* Nothing but the exit record: the unit is gone, the state removed. */
        i.id = strdup("gone");
        i.unit = strdup("taskscope-gone.scope");
        i.has_exit = true;
        i.exit = killed_record("gone");
        assert_false(task_info_is_unknown(&i));

        assert_int_equal(task_info_to_json(&i, NOW, &o), 0);
        assert_null(get(o, "active_state"));
        assert_null(get(o, "pid"));
        assert_null(get(o, "limits"));
        assert_null(get(o, "supervisor"));
        e = get(o, "exit");
        assert_int_equal(json_object_get_int(get(e, "exit_code")), 137);
        assert_string_equal(json_object_get_string(get(e, "signal")), "SIGKILL");
        assert_true(json_object_get_boolean(get(e, "oom_killed")));

        s = print_to_string(status_print_adapter, &i, 1);
        assert_non_null(strstr(s, "unit:            taskscope-gone.scope (not loaded)\n"));
        assert_non_null(strstr(s, "state:           none\n"));
        assert_non_null(strstr(s, "exit:            killed by SIGKILL, out of memory (exit status 137), ended by task\n"));
        assert_non_null(strstr(s, "(ran 2s 500ms)\n"));
        assert_non_null(strstr(s, "memory peak:     64.0M\n"));
        assert_null(strstr(s, "main pid:"));
        assert_null(strstr(s, "cpu time:"));
        free(s);
        task_info_done(&i);
}

static void test_status_text(void **state) {
        TaskInfo i = running_task("web");
        char *s;

        set_limits(&i);
        i.supervisor = SUPERVISOR_GONE;
        i.user_name = strdup("root");
        i.group_name = strdup("root");
        s = print_to_string(status_print_adapter, &i, 1);
        assert_non_null(strstr(s, "id:              web\n"));
        assert_non_null(strstr(s, "unit:            taskscope-web.scope (active/running)\n"));
        assert_non_null(strstr(s, "main pid:        4242\n"));
        assert_non_null(strstr(s, "command:         sh -c 'echo '\\''hi'\\'' there'\n"));
        assert_non_null(strstr(s, " (1min 3s ago)\n"));
        assert_non_null(strstr(s, "memory:          3.0M\n"));
        assert_non_null(strstr(s, "supervisor:      4240 (gone)\n"));
        assert_non_null(strstr(s, "supervisor unit: -\n"));
        assert_non_null(strstr(s, "cgroup:          /taskscope.slice/taskscope-web.scope\n"));
        assert_non_null(strstr(s, "user:            root (0), group root (0)\n"));
        assert_non_null(strstr(s, "namespaces:      mnt pid\n"));
        assert_non_null(strstr(s, "kill signal:     SIGINT, grace 5s\n"));
        assert_non_null(strstr(s, "  MemoryMax:       512.0M\n"));
        assert_non_null(strstr(s, "  MemoryHigh:      infinity\n"));
        assert_non_null(strstr(s, "  MemorySwapMax:   0B\n"));
        assert_non_null(strstr(s, "  CPUWeight:       -\n"));
        assert_non_null(strstr(s, "  CPUQuota:        50%\n"));
        assert_non_null(strstr(s, "  AllowedCPUs:     0-1\n"));
        assert_non_null(strstr(s, "  TasksMax:        infinity\n"));
        assert_non_null(strstr(s, "  IOWeight:        200\n"));
        assert_null(strstr(s, "exit:"));
        free(s);

        /* Unknown names: the numbers alone. */
        free(i.user_name);
        free(i.group_name);
        i.user_name = i.group_name = NULL;
        i.state.uid = 1000;
        i.state.gid = 1000;
        i.limits.cpu_quota_per_sec_usec = 1234567;
        s = print_to_string(status_print_adapter, &i, 1);
        assert_non_null(strstr(s, "user:            1000, group 1000\n"));
        assert_non_null(strstr(s, "  CPUQuota:        123.45%\n"));
        free(s);
        task_info_done(&i);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_id_from_unit_name),
                cmocka_unit_test(test_supervisor_liveness),
                cmocka_unit_test(test_format_timespan),
                cmocka_unit_test(test_format_bytes),
                cmocka_unit_test(test_format_cpu_set),
                cmocka_unit_test(test_format_argv),
                cmocka_unit_test(test_format_signal),
                cmocka_unit_test(test_running_and_unknown),
                cmocka_unit_test(test_sort),
                cmocka_unit_test(test_list_json),
                cmocka_unit_test(test_list_json_empty),
                cmocka_unit_test(test_list_table),
                cmocka_unit_test(test_status_json),
                cmocka_unit_test(test_status_ended),
                cmocka_unit_test(test_status_text),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
