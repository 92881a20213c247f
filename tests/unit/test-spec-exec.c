/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "basic/log.h"
#include "spec/exec-spec.h"

#define ARGS(...) ((char *[]) { "exec", __VA_ARGS__, NULL })
#define NARGS(...) ((int) (sizeof(ARGS(__VA_ARGS__)) / sizeof(char *)) - 1)

static char logbuf[4096];

static int parse(char **argv, int argc, ExecSpec *s) {
        FILE *f = fmemopen(logbuf, sizeof(logbuf), "w");
        int r;

        log_set_stream(f);
        r = exec_spec_parse(argc, argv, s);
        fclose(f);
        log_set_stream(NULL);
        return r;
}

static void test_defaults(void **state) {
        char **a = ARGS("web", "--", "ls", "-l");
        ExecSpec s;

        assert_int_equal(parse(a, NARGS("web", "--", "ls", "-l"), &s), 0);
        assert_string_equal(s.id, "web");
        assert_string_equal(s.argv[0], "ls");
        assert_string_equal(s.argv[1], "-l");
        assert_false(s.tty);
        assert_false(s.interactive);
        assert_false(s.json);
        assert_int_equal(s.timeout_usec, 0);
        assert_int_equal(s.capture_limit, EXEC_DEFAULT_CAPTURE_LIMIT);
        exec_spec_done(&s);
}

static void test_options_after_and_before_the_id(void **state) {
        char **a = ARGS("web", "--timeout", "1s", "--json", "--capture-limit", "1K", "--env", "A=1", "--env",
                        "B_2=x=y", "--user", "nobody", "--", "sh", "-c", "true");
        char **b = ARGS("-i", "web", "cat");
        ExecSpec s;

        assert_int_equal(parse(a, 16, &s), 0);
        assert_string_equal(s.id, "web");
        assert_int_equal(s.timeout_usec, 1000000);
        assert_true(s.json);
        assert_int_equal(s.capture_limit, 1024);
        assert_int_equal(s.n_env, 2);
        assert_string_equal(s.env[1], "B_2=x=y");
        assert_string_equal(s.user, "nobody");
        assert_string_equal(s.argv[0], "sh");
        exec_spec_done(&s);

        assert_int_equal(parse(b, NARGS("-i", "web", "cat"), &s), 0);
        assert_string_equal(s.id, "web");
        assert_true(s.interactive);
        assert_string_equal(s.argv[0], "cat");
        exec_spec_done(&s);
}

static void test_tty_implies_stdin(void **state) {
        char **a = ARGS("web", "-t", "--", "sh");
        ExecSpec s;

        assert_int_equal(parse(a, NARGS("web", "-t", "--", "sh"), &s), 0);
        assert_true(s.tty);
        assert_true(s.interactive);
        exec_spec_done(&s);
}

/* Every refusal: -EINVAL and one line naming the value. */
static void test_refused(void **state) {
        static const struct {
                char *argv[8];
                int argc;
                const char *says;
        } cases[] = {
                { { "exec", NULL }, 1, "no task id given" },
                { { "exec", "--", "ls", NULL }, 3, "no task id given" },
                { { "exec", "web", NULL }, 2, "no command given" },
                { { "exec", "web", "--", NULL }, 3, "no command given" },
                { { "exec", "bad id", "ls", NULL }, 3, "invalid task id 'bad id'" },
                { { "exec", "web", "--timeout", "soon", "ls", NULL }, 5, "invalid value 'soon' for --timeout" },
                { { "exec", "web", "--timeout", "0", "ls", NULL }, 5, "invalid value '0' for --timeout" },
                { { "exec", "web", "--json", "--capture-limit", "0", "ls", NULL }, 6, "invalid value '0' for --capture-limit" },
                { { "exec", "web", "--capture-limit", "1K", "ls", NULL }, 5, "--capture-limit needs --json" },
                { { "exec", "web", "-t", "--json", "sh", NULL }, 5, "-t does not go with --json" },
                { { "exec", "web", "-t", "--timeout", "1s", "sh", NULL }, 6, "-t does not go with --json or --timeout" },
                { { "exec", "web", "--env", "1A=b", "ls", NULL }, 5, "invalid value '1A=b' for --env" },
                { { "exec", "web", "--env", "NOEQUALS", "ls", NULL }, 5, "invalid value 'NOEQUALS' for --env" },
                { { "exec", "web", "--bogus", "ls", NULL }, 4, "unknown option '--bogus'" },
                { { "exec", "web", "--timeout", NULL }, 3, "option '--timeout' needs a value" },
        };

        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                ExecSpec s;
                char *argv[8];

                memcpy(argv, cases[i].argv, sizeof(argv));
                memset(logbuf, 0, sizeof(logbuf));
                assert_int_equal(parse(argv, cases[i].argc, &s), -EINVAL);
                if (!strstr(logbuf, cases[i].says))
                        fail_msg("case %zu: expected '%s', got '%s'", i, cases[i].says, logbuf);
                assert_int_equal(strchr(logbuf, '\n') - logbuf, strlen(logbuf) - 1); /* one line */
        }
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_defaults),
                cmocka_unit_test(test_options_after_and_before_the_id),
                cmocka_unit_test(test_tty_implies_stdin),
                cmocka_unit_test(test_refused),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
