/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "cgroup/cgroup-path.h"

static void test_unified_line(void **state) {
        char *p = NULL;

        assert_int_equal(cgroup_path_from_proc("0::/taskscope.slice/taskscope-a.scope\n", &p), 0);
        assert_string_equal(p, "/taskscope.slice/taskscope-a.scope");
        free(p);
}

static void test_hybrid_host(void **state) {
        /* v1 lines first, as on a hybrid host; only the 0:: line counts */
        const char *s = "9:name=systemd:/x\n4:memory:/y\n1:cpu:/\n0::/a.slice/b.scope\n";
        char *p = NULL;

        assert_int_equal(cgroup_path_from_proc(s, &p), 0);
        assert_string_equal(p, "/a.slice/b.scope");
        free(p);
}

static void test_no_unified_line(void **state) {
        char *p = NULL;

        assert_int_equal(cgroup_path_from_proc("4:memory:/y\n1:cpu:/\n", &p), -ENOMEDIUM);
        assert_int_equal(cgroup_path_from_proc("", &p), -ENOMEDIUM);
        assert_int_equal(cgroup_path_from_proc("0::\n", &p), -EINVAL);
        assert_int_equal(cgroup_path_from_proc("0::relative\n", &p), -EINVAL);
        assert_null(p);
}

static void test_root_and_no_newline(void **state) {
        char *p = NULL;

        assert_int_equal(cgroup_path_from_proc("0::/", &p), 0);
        assert_string_equal(p, "/");
        free(p);
}

static void test_subtree_control_line(void **state) {
        char *l = NULL;

        assert_int_equal(cgroup_subtree_control_line("cpuset cpu io memory pids\n", &l), 0);
        assert_string_equal(l, "+cpuset +cpu +io +memory +pids");
        free(l);
        assert_int_equal(cgroup_subtree_control_line("\n", &l), 0);
        assert_string_equal(l, "");
        free(l);
        assert_int_equal(cgroup_subtree_control_line("memory", &l), 0);
        assert_string_equal(l, "+memory");
        free(l);
}

static void test_slice_path(void **state) {
        char *p = NULL;

        assert_int_equal(cgroup_slice_path("taskscope.slice", &p), 0);
        assert_string_equal(p, "/taskscope.slice");
        free(p);
        assert_int_equal(cgroup_slice_path("batch-high-x.slice", &p), 0);
        assert_string_equal(p, "/batch.slice/batch-high.slice/batch-high-x.slice");
        free(p);
        assert_int_equal(cgroup_slice_path("-.slice", &p), 0);
        assert_string_equal(p, "/");
        free(p);
        p = NULL;
        assert_int_equal(cgroup_slice_path("a--b.slice", &p), -EINVAL);
        assert_int_equal(cgroup_slice_path("a.scope", &p), -EINVAL);
        assert_null(p);
}

static void test_events_and_memory_values(void **state) {
        uint64_t v = 0;

        assert_int_equal(cgroup_events_populated("populated 1\nfrozen 0\n"), 1);
        assert_int_equal(cgroup_events_populated("populated 0\nfrozen 0\n"), 0);
        assert_int_equal(cgroup_events_populated("frozen 0\n"), -EINVAL);
        assert_int_equal(cgroup_parse_memory_value("67108864\n", &v), 0);
        assert_int_equal(v, 67108864);
        assert_int_equal(cgroup_parse_memory_value("max\n", &v), 0);
        assert_true(v == UINT64_MAX);
        assert_int_equal(cgroup_parse_memory_value("12x\n", &v), -EINVAL);
        assert_int_equal(cgroup_parse_memory_value("-1", &v), -EINVAL);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_unified_line),
                cmocka_unit_test(test_hybrid_host),
                cmocka_unit_test(test_no_unified_line),
                cmocka_unit_test(test_root_and_no_newline),
                cmocka_unit_test(test_subtree_control_line),
                cmocka_unit_test(test_slice_path),
                cmocka_unit_test(test_events_and_memory_values),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
