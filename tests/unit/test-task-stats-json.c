/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "basic/json-util.h"
#include "task/stats-json.h"

/* A sample of a cgroup without the memory controller but with cpu and pids,
 * as the fast bed has them, and with rates from a previous sample. */
static void fixture(CgroupStats *s, CgroupCpuRates *rates) {
        *s = (CgroupStats) { .realtime_usec = UINT64_C(1700000000123456) };
        s->value[CGROUP_STAT_CPU_USAGE_USEC] = 5000000;
        s->value[CGROUP_STAT_CPU_USER_USEC] = 4000000;
        s->value[CGROUP_STAT_CPU_SYSTEM_USEC] = 1000000;
        s->value[CGROUP_STAT_PIDS_COUNT] = 3;
        s->measured = (UINT32_C(1) << CGROUP_STAT_CPU_USAGE_USEC) | (UINT32_C(1) << CGROUP_STAT_CPU_USER_USEC) |
                      (UINT32_C(1) << CGROUP_STAT_CPU_SYSTEM_USEC) | (UINT32_C(1) << CGROUP_STAT_PIDS_COUNT);
        s->pressure[CGROUP_PRESSURE_CPU_SOME] = (CgroupPressureLine) { .avg10 = 1.5, .total_usec = 42 };
        s->pressure_measured = UINT32_C(1) << CGROUP_PRESSURE_CPU_SOME;
        *rates = (CgroupCpuRates) { .user_percent = 80, .system_percent = 0.1, .total_percent = 80.1 };
        rates->available = (UINT32_C(1) << CGROUP_RATE_USER_PERCENT) | (UINT32_C(1) << CGROUP_RATE_SYSTEM_PERCENT) |
                           (UINT32_C(1) << CGROUP_RATE_TOTAL_PERCENT);
}

/* Build, print, and parse the line back, as a reader of the stream would. */
static json_object *round_trip(const TaskStatsSample *sample, char **ret_line) {
        _cleanup_json_ json_object *o = NULL;
        const char *line;
        json_object *back;

        assert_int_equal(task_stats_json_build(sample, &o), 0);
        line = task_stats_json_line(o);
        assert_non_null(line);
        assert_null(strchr(line, '\n'));
        back = json_tokener_parse(line);
        assert_non_null(back);
        *ret_line = strdup(line);
        return back;
}

static json_object *get(json_object *o, const char *key) {
        json_object *v = NULL;

        if (!json_object_object_get_ex(o, key, &v))
                fail_msg("no key '%s' in %s", key, json_object_to_json_string(o));
        return v;
}

static bool has(json_object *o, const char *key) {
        return json_object_object_get_ex(o, key, NULL);
}

static void assert_measured(json_object *group, const char *const *want, size_t n) {
        json_object *m = get(group, "measured");

        assert_int_equal(json_object_array_length(m), n);
        /* measured names exactly the other keys */
        assert_int_equal(json_object_object_length(group), n + 1);
        for (size_t i = 0; i < n; i++) {
                assert_string_equal(json_object_get_string(json_object_array_get_idx(m, i)), want[i]);
                assert_true(has(group, want[i]));
        }
}

static void test_sample(void **state) {
        _cleanup_json_ json_object *o = NULL;
        _cleanup_free_ char *line = NULL;
        CgroupStats s;
        CgroupCpuRates rates;
        json_object *cpu;

        fixture(&s, &rates);
        o = round_trip(&(TaskStatsSample) { .id = "web-1", .stats = &s, .rates = &rates }, &line);

        assert_string_equal(json_object_get_string(get(o, "id")), "web-1");
        /* to the microsecond, not as %.17g */
        assert_non_null(strstr(line, "\"time\":1700000000.123456,"));
        assert_false(json_object_get_boolean(get(o, "first_sample")));
        assert_false(has(o, "processes"));

        assert_measured(get(o, "memory"), NULL, 0);
        cpu = get(o, "cpu");
        assert_measured(cpu, (const char *const[]) { "usage_usec", "user_usec", "system_usec", "user_percent",
                                                     "system_percent", "total_percent" }, 6);
        assert_int_equal(json_object_get_uint64(get(cpu, "usage_usec")), 5000000);
        assert_non_null(strstr(line, "\"system_percent\":0.10,"));
        assert_non_null(strstr(line, "\"total_percent\":80.10}"));
        assert_measured(get(o, "pids"), (const char *const[]) { "count" }, 1);
        assert_int_equal(json_object_get_uint64(get(get(o, "pids"), "count")), 3);
        assert_measured(get(o, "oom"), NULL, 0);
        assert_measured(get(o, "io"), NULL, 0);
        assert_measured(get(o, "pressure"), (const char *const[]) { "cpu_some" }, 1);
        assert_non_null(strstr(line, "\"cpu_some\":{\"avg10\":1.50,\"avg60\":0.00,\"avg300\":0.00,\"total_usec\":42}"));

        /* The keys in the order `stats --json` always printed them. */
        assert_int_equal(strncmp(line, "{\"id\":\"web-1\",\"time\":", 20), 0);
        assert_true(strstr(line, "\"memory\"") < strstr(line, "\"cpu\""));
        assert_true(strstr(line, "\"io\"") < strstr(line, "\"first_sample\""));
}

static void test_first_sample(void **state) {
        _cleanup_json_ json_object *o = NULL;
        _cleanup_free_ char *line = NULL;
        CgroupStats s;
        CgroupCpuRates none = {};

        fixture(&s, &(CgroupCpuRates) {});
        o = round_trip(&(TaskStatsSample) { .id = "a", .stats = &s, .rates = &none, .first = true }, &line);
        assert_true(json_object_get_boolean(get(o, "first_sample")));
        assert_measured(get(o, "cpu"), (const char *const[]) { "usage_usec", "user_usec", "system_usec" }, 3);
        assert_null(strstr(line, "percent"));
}

static void test_processes(void **state) {
        _cleanup_json_ json_object *o = NULL;
        _cleanup_free_ char *line = NULL;
        CgroupProcessList l = CGROUP_PROCESS_LIST_NULL;
        CgroupStats s;
        CgroupCpuRates rates;
        ProcStat sh = { .comm = "sh", .starttime = 7, .rss_pages = 100 };
        ProcStat odd = { .comm = "bad\xff\x01\"x", .starttime = 8, .rss_pages = 1 };
        json_object *a, *p, *cpu;

        fixture(&s, &rates);
        assert_int_equal(cgroup_process_list_add(&l, 42, &sh, 4096), 0);
        assert_int_equal(cgroup_process_list_add(&l, 43, &odd, 4096), 0);
        cgroup_process_list_finish(&l);
        l.items[0].has_percent = true;
        l.items[0].user_percent = 12.5;
        l.items[0].system_percent = 0.25;
        l.items[0].total_percent = 12.75;
        strcpy(l.items[0].group, "exec-2");

        o = round_trip(&(TaskStatsSample) { .id = "a", .stats = &s, .rates = &rates, .processes = &l }, &line);
        a = get(o, "processes");
        assert_true(json_object_is_type(a, json_type_array));
        assert_int_equal(json_object_array_length(a), 2);

        p = json_object_array_get_idx(a, 0);
        assert_int_equal(json_object_object_length(p), 5);
        assert_int_equal(json_object_get_int(get(p, "pid")), 42);
        assert_string_equal(json_object_get_string(get(p, "group")), "exec-2");
        assert_string_equal(json_object_get_string(get(p, "comm")), "sh");
        assert_int_equal(json_object_get_uint64(get(p, "rss")), 100 * 4096);
        cpu = get(p, "cpu");
        assert_int_equal(json_object_object_length(cpu), 3);
        assert_non_null(strstr(line, "\"cpu\":{\"user_percent\":12.50,\"system_percent\":0.25,\"total_percent\":12.75}"));

        /* Not seen before: no percentages, as on a first sample. The comm is
         * made UTF-8, and JSON-escaped. */
        p = json_object_array_get_idx(a, 1);
        assert_int_equal(json_object_get_int(get(p, "pid")), 43);
        assert_string_equal(json_object_get_string(get(p, "comm")), "bad?\x01\"x");
        assert_int_equal(json_object_object_length(get(p, "cpu")), 0);
        assert_non_null(strstr(line, "\"comm\":\"bad?\\u0001\\\"x\""));

        /* An empty list is an empty array, not a missing key. */
        cgroup_process_list_clear(&l);
        json_object_put(o);
        free(line);
        o = round_trip(&(TaskStatsSample) { .id = "a", .stats = &s, .rates = &rates, .processes = &l }, &line);
        assert_int_equal(json_object_array_length(get(o, "processes")), 0);
        cgroup_process_list_done(&l);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_sample),
                cmocka_unit_test(test_first_sample),
                cmocka_unit_test(test_processes),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
