/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "basic/log.h"
#include "spec/run-spec.h"

/* Parse argv and capture what was logged. */
static char logged[1024];

static int parse(RunSpec *spec, char **argv) {
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        int argc = 0, r;

        while (argv[argc])
                argc++;
        log_set_stream(f);
        r = run_spec_parse(argc, argv, spec);
        log_set_stream(NULL);
        fclose(f);
        snprintf(logged, sizeof(logged), "%s", buf ? buf : "");
        free(buf);
        return r;
}

static void test_command_after_dashdash(void **state) {
        char *argv[] = { "run", "--id", "web", "-q", "--", "sleep", "5", NULL };
        RunSpec s;

        assert_int_equal(parse(&s, argv), 0);
        assert_string_equal(s.id, "web");
        assert_false(s.id_generated);
        assert_true(s.quiet);
        assert_string_equal(s.slice, TASK_DEFAULT_SLICE);
        assert_string_equal(s.argv[0], "sleep");
        assert_string_equal(s.argv[1], "5");
        assert_null(s.argv[2]);
        assert_string_equal(logged, "");
}

static void test_options_after_command_belong_to_it(void **state) {
        char *argv[] = { "run", "--slice=batch.slice", "ls", "-q", "--id", "x", NULL };
        RunSpec s;

        assert_int_equal(parse(&s, argv), 0);
        assert_string_equal(s.slice, "batch.slice");
        assert_false(s.quiet);
        assert_true(s.id_generated);
        assert_int_equal(strlen(s.id), TASK_ID_GENERATED_LEN);
        assert_string_equal(s.argv[0], "ls");
        assert_string_equal(s.argv[1], "-q");
}

static void test_missing_command(void **state) {
        char *argv[] = { "run", "--id", "web", "--", NULL };
        RunSpec s;

        assert_int_equal(parse(&s, argv), -EINVAL);
        assert_non_null(strstr(logged, "no command given"));
}

static void test_empty_command(void **state) {
        char *argv[] = { "run", "--", "", NULL };
        RunSpec s;

        assert_int_equal(parse(&s, argv), -EINVAL);
        assert_non_null(strstr(logged, "empty"));
}

static void test_invalid_id_is_named(void **state) {
        char *argv[] = { "run", "--id", "../../etc", "--", "true", NULL };
        RunSpec s;

        assert_int_equal(parse(&s, argv), -EINVAL);
        assert_non_null(strstr(logged, "invalid task id '../../etc'"));
        /* one line */
        assert_ptr_equal(strchr(logged, '\n'), logged + strlen(logged) - 1);
}

static void test_invalid_slice_is_named(void **state) {
        char *argv[] = { "run", "--slice", "system", "--", "true", NULL };
        RunSpec s;

        assert_int_equal(parse(&s, argv), -EINVAL);
        assert_non_null(strstr(logged, "invalid slice 'system'"));
}

static void test_unknown_long_option(void **state) {
        char *argv[] = { "run", "--frobnicate", "--", "true", NULL };
        RunSpec s;

        assert_int_equal(parse(&s, argv), -EINVAL);
        assert_non_null(strstr(logged, "unknown option '--frobnicate'"));
}

static void test_unknown_short_option(void **state) {
        char *argv[] = { "run", "-z", "--", "true", NULL };
        RunSpec s;

        assert_int_equal(parse(&s, argv), -EINVAL);
        assert_non_null(strstr(logged, "unknown option '-z'"));
}

static void test_missing_value(void **state) {
        char *argv[] = { "run", "--id", NULL };
        RunSpec s;

        assert_int_equal(parse(&s, argv), -EINVAL);
        assert_non_null(strstr(logged, "option '--id' needs a value"));
}

static void test_repeated_parse_resets_state(void **state) {
        char *bad[] = { "run", "-z", "--", "true", NULL };
        char *good[] = { "run", "--id", "again", "--", "true", NULL };
        RunSpec s;

        assert_int_equal(parse(&s, bad), -EINVAL);
        assert_int_equal(parse(&s, good), 0);
        assert_string_equal(s.id, "again");
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_command_after_dashdash),
                cmocka_unit_test(test_options_after_command_belong_to_it),
                cmocka_unit_test(test_missing_command),
                cmocka_unit_test(test_empty_command),
                cmocka_unit_test(test_invalid_id_is_named),
                cmocka_unit_test(test_invalid_slice_is_named),
                cmocka_unit_test(test_unknown_long_option),
                cmocka_unit_test(test_unknown_short_option),
                cmocka_unit_test(test_missing_value),
                cmocka_unit_test(test_repeated_parse_resets_state),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
