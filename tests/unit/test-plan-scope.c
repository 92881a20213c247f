/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "basic/utf8.h"
#include "plan/scope-plan.h"

static void test_scope_props(void **state) {
        char *argv[] = { "sleep", "5", NULL };
        RunSpec spec = { .id = "web", .slice = "batch.slice", .argv = argv };
        UnitProps p = {};
        const UnitProp *u;

        assert_int_equal(plan_scope_props(&spec, (pid_t[]) { 4242, 4343 }, 2, &p), 0);

        u = unit_props_find(&p, "Delegate");
        assert_non_null(u);
        assert_int_equal(u->type, UNIT_PROP_BOOL);
        assert_true(u->b);

        u = unit_props_find(&p, "Slice");
        assert_non_null(u);
        assert_string_equal(u->str, "batch.slice");

        u = unit_props_find(&p, "CollectMode");
        assert_non_null(u);
        assert_string_equal(u->str, "inactive-or-failed");

        u = unit_props_find(&p, "PIDs");
        assert_non_null(u);
        assert_int_equal(u->type, UNIT_PROP_PIDS);
        assert_int_equal(u->n_pids, 2);
        assert_int_equal(u->pids[0], 4242);
        assert_int_equal(u->pids[1], 4343);
        assert_string_equal(unit_prop_type_to_signature(u->type), "au");

        u = unit_props_find(&p, "Description");
        assert_non_null(u);
        assert_string_equal(u->str, "taskscope web: sleep 5");

        assert_null(unit_props_find(&p, "MemoryMax"));
        unit_props_done(&p);
        assert_int_equal(p.n, 0);
}

static void test_later_property_replaces_earlier(void **state) {
        UnitProps p = {};

        assert_int_equal(unit_props_add_string(&p, "Slice", "a.slice"), 0);
        assert_int_equal(unit_props_add_u64(&p, "TasksMax", 10), 0);
        assert_int_equal(unit_props_add_string(&p, "Slice", "b.slice"), 0);
        assert_int_equal(p.n, 2);
        assert_string_equal(unit_props_find(&p, "Slice")->str, "b.slice");
        assert_int_equal(unit_props_find(&p, "TasksMax")->u64, 10);
        unit_props_done(&p);
}

static void test_bad_pid_rejected(void **state) {
        UnitProps p = {};
        pid_t pid = 0;

        assert_int_equal(unit_props_add_pids(&p, "PIDs", &pid, 1), -EINVAL);
        assert_int_equal(p.n, 0);
        unit_props_done(&p);
}

static void test_description_is_bounded(void **state) {
        char big[1000];
        char *argv[] = { "echo", big, NULL };
        char *d = NULL;

        memset(big, 'x', sizeof(big) - 1);
        big[sizeof(big) - 1] = '\0';
        assert_int_equal(plan_scope_description("t", argv, &d), 0);
        assert_int_equal(strlen(d), SCOPE_DESCRIPTION_MAX);
        assert_string_equal(d + SCOPE_DESCRIPTION_MAX - 3, "...");
        assert_memory_equal(d, "taskscope t: echo xxx", 21);
        free(d);
}

static void test_description_is_utf8(void **state) {
        char *argv[] = { "printf", "caf\xc3\xa9 \xff\xfe", NULL };
        char *d = NULL;

        assert_int_equal(plan_scope_description("t", argv, &d), 0);
        assert_string_equal(d, "taskscope t: printf caf\xc3\xa9 ??");
        free(d);
}

static void test_utf8_truncation_keeps_characters_whole(void **state) {
        /* 6 x "é" (2 bytes each) cut at 10 bytes: 7 bytes left for text before
         * "...", so 3 whole characters (6 bytes), never half of the fourth. */
        char s[] = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9";

        utf8_sanitize_truncate(s, 10);
        assert_string_equal(s, "\xc3\xa9\xc3\xa9\xc3\xa9...");
}

static void test_utf8_sequences(void **state) {
        assert_int_equal(utf8_sequence_len("a"), 1);
        assert_int_equal(utf8_sequence_len("\xc3\xa9"), 2);
        assert_int_equal(utf8_sequence_len("\xe2\x82\xac"), 3);
        assert_int_equal(utf8_sequence_len("\xf0\x9f\x98\x80"), 4);
        assert_int_equal(utf8_sequence_len("\xc0\xaf"), 0);         /* overlong '/' */
        assert_int_equal(utf8_sequence_len("\xed\xa0\x80"), 0);     /* surrogate */
        assert_int_equal(utf8_sequence_len("\xf4\x90\x80\x80"), 0); /* > U+10FFFF */
        assert_int_equal(utf8_sequence_len("\xe2\x82"), 0);         /* cut short */
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_scope_props),
                cmocka_unit_test(test_later_property_replaces_earlier),
                cmocka_unit_test(test_bad_pid_rejected),
                cmocka_unit_test(test_description_is_bounded),
                cmocka_unit_test(test_description_is_utf8),
                cmocka_unit_test(test_utf8_truncation_keeps_characters_whole),
                cmocka_unit_test(test_utf8_sequences),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
