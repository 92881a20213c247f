/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "spec/task-id.h"

static void test_valid_ids(void **state) {
        static const char *good[] = { "a", "web-1", "c3a1f0e2-8b7d-4a55-9f3b-1d2e3f4a5b6c.web",
                                      "job_42:redis", "A.b-C_d", "0" };
        for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
                assert_true(task_id_is_valid(good[i]));
}

static void test_invalid_ids(void **state) {
        static const char *bad[] = { "", ".", "..", ".hidden", "-x", "a/b", "a b", "a@b",
                                     "a\\x2db", "tab\there", "ünïcode", "semi;colon", "$(id)" };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                assert_false(task_id_is_valid(bad[i]));
        assert_false(task_id_is_valid(NULL));
}

static void test_id_length_limit(void **state) {
        char id[TASK_ID_MAX + 2];
        char *unit = NULL;

        memset(id, 'a', TASK_ID_MAX);
        id[TASK_ID_MAX] = '\0';
        assert_true(task_id_is_valid(id));
        assert_int_equal(task_unit_name(id, &unit), 0);
        /* systemd's limit on a unit name is 255 bytes */
        assert_int_equal(strlen(unit), 255);
        free(unit);

        id[TASK_ID_MAX] = 'a';
        id[TASK_ID_MAX + 1] = '\0';
        assert_false(task_id_is_valid(id));
}

static void test_unit_name(void **state) {
        char *unit = NULL;

        assert_int_equal(task_unit_name("web-1", &unit), 0);
        assert_string_equal(unit, "taskscope-web-1.scope");
        free(unit);

        unit = NULL;
        assert_int_equal(task_unit_name("../etc", &unit), -EINVAL);
        assert_null(unit);
}

static void test_generated_ids(void **state) {
        char a[TASK_ID_GENERATED_LEN + 1], b[TASK_ID_GENERATED_LEN + 1];

        assert_int_equal(task_id_generate(a, sizeof(a)), 0);
        assert_int_equal(task_id_generate(b, sizeof(b)), 0);
        assert_int_equal(strlen(a), TASK_ID_GENERATED_LEN);
        assert_true(strspn(a, "0123456789abcdef") == TASK_ID_GENERATED_LEN);
        assert_true(task_id_is_valid(a));
        assert_string_not_equal(a, b);
        assert_int_equal(task_id_generate(a, TASK_ID_GENERATED_LEN), -ENOBUFS);
}

static void test_slice_names(void **state) {
        assert_true(slice_name_is_valid("taskscope.slice"));
        assert_true(slice_name_is_valid("batch-high.slice"));
        assert_false(slice_name_is_valid(".slice"));
        assert_false(slice_name_is_valid("taskscope"));
        assert_false(slice_name_is_valid("taskscope.scope"));
        assert_false(slice_name_is_valid("a--b.slice"));
        assert_false(slice_name_is_valid("a-.slice"));
        assert_false(slice_name_is_valid("-a.slice"));
        assert_false(slice_name_is_valid("a/b.slice"));
        assert_false(slice_name_is_valid("a@b.slice"));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_valid_ids),
                cmocka_unit_test(test_invalid_ids),
                cmocka_unit_test(test_id_length_limit),
                cmocka_unit_test(test_unit_name),
                cmocka_unit_test(test_generated_ids),
                cmocka_unit_test(test_slice_names),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
