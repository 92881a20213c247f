/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "child-status.h"

#include "task/exit-record.h"


static CgroupStats sample_with(uint64_t oom_kill, bool memory) {
        CgroupStats s = {};

        s.value[CGROUP_STAT_CPU_USAGE_USEC] = 1500000;
        s.value[CGROUP_STAT_CPU_USER_USEC] = 1000000;
        s.value[CGROUP_STAT_CPU_SYSTEM_USEC] = 500000;
        s.measured |= 1u << CGROUP_STAT_CPU_USAGE_USEC | 1u << CGROUP_STAT_CPU_USER_USEC |
                      1u << CGROUP_STAT_CPU_SYSTEM_USEC;
        if (memory) {
                s.value[CGROUP_STAT_OOM_KILL] = oom_kill;
                s.value[CGROUP_STAT_MEMORY_MAX_USAGE] = 64 << 20;
                s.measured |= 1u << CGROUP_STAT_OOM_KILL | 1u << CGROUP_STAT_MEMORY_MAX_USAGE;
        }
        return s;
}

static void test_exit_code(void **state) {
        ExitRecord r = EXIT_RECORD_NULL;
        CgroupStats s = sample_with(0, true);

        exit_record_set_outcome(&r, status_of_child(3, 0), &s);
        assert_int_equal(r.exit_code, 3);
        assert_int_equal(r.signal, 0);
        assert_false(r.oom_killed);
        assert_int_equal(r.oom_kills, 0);
        assert_int_equal(r.memory_peak, 64 << 20);
        assert_int_equal(r.cpu_usec, 1500000);
        assert_int_equal(r.cpu_user_usec, 1000000);
        assert_int_equal(r.cpu_system_usec, 500000);
}

/* OOM: SIGKILL and the count up; either alone is not. */
static void test_oom_needs_sigkill_and_count(void **state) {
        ExitRecord r = EXIT_RECORD_NULL;
        CgroupStats oom = sample_with(1, true), none = sample_with(0, true), nomem = sample_with(0, false);

        exit_record_set_outcome(&r, status_of_child(0, SIGKILL), &oom);
        assert_int_equal(r.exit_code, 137);
        assert_int_equal(r.signal, SIGKILL);
        assert_true(r.oom_killed);

        exit_record_set_outcome(&r, status_of_child(0, SIGKILL), &none);
        assert_false(r.oom_killed);

        exit_record_set_outcome(&r, status_of_child(137, 0), &oom);
        assert_int_equal(r.exit_code, 137);
        assert_int_equal(r.signal, 0);
        assert_false(r.oom_killed);

        /* No memory controller: unknown, not zero, and no claim. */
        exit_record_set_outcome(&r, status_of_child(0, SIGKILL), &nomem);
        assert_false(r.oom_killed);
        assert_true(r.oom_kills == UINT64_MAX);
        assert_true(r.memory_peak == UINT64_MAX);

        exit_record_set_outcome(&r, status_of_child(0, SIGTERM), NULL);
        assert_int_equal(r.signal, SIGTERM);
        assert_true(r.cpu_usec == UINT64_MAX);
}

/* What wait records for a task whose supervisor died: counters, no code. */
static void test_counters_alone(void **state) {
        ExitRecord r = EXIT_RECORD_NULL;
        CgroupStats oom = sample_with(1, true);

        exit_record_set_counters(&r, &oom);
        assert_int_equal(r.cpu_usec, 1500000);
        assert_int_equal(r.oom_kills, 1);
        assert_int_equal(r.exit_code, -1);
        assert_int_equal(r.signal, 0);
        assert_false(r.oom_killed);
        assert_int_equal(r.ended_by, EXIT_ENDED_BY_UNKNOWN);
}

static void test_json_round_trip(void **state) {
        ExitRecord r = EXIT_RECORD_NULL, back;
        CgroupStats oom = sample_with(2, true);
        json_object *j, *v;

        r.id = (char *) "web-1";
        r.unit = (char *) "taskscope-web-1.scope";
        r.started_usec = 1700000000000000;
        r.ended_usec = 1700000001000000;
        r.ended_by = EXIT_ENDED_BY_SYSTEMD;
        exit_record_set_outcome(&r, status_of_child(0, SIGKILL), &oom);

        assert_int_equal(exit_record_to_json(&r, &j), 0);
        assert_true(json_object_object_get_ex(j, "signal", &v));
        assert_string_equal(json_object_get_string(v), "SIGKILL");
        assert_true(json_object_object_get_ex(j, "oom_killed", &v));
        assert_true(json_object_get_boolean(v));
        assert_true(json_object_object_get_ex(j, "ended_by", &v));
        assert_string_equal(json_object_get_string(v), "systemd");
        assert_true(json_object_object_get_ex(j, "exit_code", &v));
        assert_int_equal(json_object_get_int(v), 137);

        assert_int_equal(exit_record_from_json(j, &back), 0);
        assert_string_equal(back.id, "web-1");
        assert_string_equal(back.unit, "taskscope-web-1.scope");
        assert_int_equal(back.exit_code, 137);
        assert_int_equal(back.signal, SIGKILL);
        assert_true(back.oom_killed);
        assert_int_equal(back.oom_kills, 2);
        assert_int_equal(back.ended_by, EXIT_ENDED_BY_SYSTEMD);
        assert_true(back.started_usec == 1700000000000000);
        assert_true(back.ended_usec == 1700000001000000);
        assert_int_equal(back.memory_peak, 64 << 20);
        assert_int_equal(back.cpu_usec, 1500000);
        exit_record_done(&back);
        json_object_put(j);
}

/* Unknown is null in JSON, and null reads back as unknown. */
static void test_unknown_is_null(void **state) {
        ExitRecord r = EXIT_RECORD_NULL, back;
        json_object *j, *v;

        r.id = (char *) "orphan";
        assert_int_equal(exit_record_to_json(&r, &j), 0);
        assert_true(json_object_object_get_ex(j, "exit_code", &v));
        assert_null(v);
        assert_true(json_object_object_get_ex(j, "memory_peak", &v));
        assert_null(v);
        assert_true(json_object_object_get_ex(j, "ended_by", &v));
        assert_string_equal(json_object_get_string(v), "unknown");

        assert_int_equal(exit_record_from_json(j, &back), 0);
        assert_int_equal(back.exit_code, -1);
        assert_int_equal(back.signal, 0);
        assert_true(back.memory_peak == UINT64_MAX);
        assert_int_equal(back.ended_by, EXIT_ENDED_BY_UNKNOWN);
        exit_record_done(&back);
        json_object_put(j);
}

static void test_from_json_rejects(void **state) {
        ExitRecord back;
        json_object *j = json_tokener_parse("{\"exit_code\": 1}"), *a = json_tokener_parse("[1]");

        assert_int_equal(exit_record_from_json(j, &back), -EBADMSG); /* no id */
        assert_int_equal(exit_record_from_json(a, &back), -EBADMSG);
        json_object_put(j);
        json_object_put(a);

        /* Out of range codes and unknown names read as unknown. */
        j = json_tokener_parse("{\"id\":\"x\",\"exit_code\":999,\"signal\":\"SIGNOPE\",\"ended_by\":\"martians\"}");
        assert_int_equal(exit_record_from_json(j, &back), 0);
        assert_int_equal(back.exit_code, -1);
        assert_int_equal(back.signal, 0);
        assert_int_equal(back.ended_by, EXIT_ENDED_BY_UNKNOWN);
        exit_record_done(&back);
        json_object_put(j);
}

static void test_ended_by_names(void **state) {
        for (int i = 0; i < _EXIT_ENDED_BY_MAX; i++)
                assert_int_equal(exit_ended_by_from_string(exit_ended_by_to_string((ExitEndedBy) i)), i);
        assert_null(exit_ended_by_to_string(_EXIT_ENDED_BY_MAX));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_exit_code),
                cmocka_unit_test(test_oom_needs_sigkill_and_count),
                cmocka_unit_test(test_counters_alone),
                cmocka_unit_test(test_json_round_trip),
                cmocka_unit_test(test_unknown_is_null),
                cmocka_unit_test(test_from_json_rejects),
                cmocka_unit_test(test_ended_by_names),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
