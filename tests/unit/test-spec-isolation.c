/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <linux/sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <cmocka.h>

#include "basic/log.h"
#include "spec/isolation-spec.h"

static char logged[1024];

static int apply(IsolationSpec *s, int opt, const char *value) {
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        int r;

        log_set_stream(f);
        r = isolation_spec_apply(s, opt, value);
        log_set_stream(NULL);
        fclose(f);
        snprintf(logged, sizeof(logged), "%s", buf ?: "");
        free(buf);
        return r;
}

static void test_namespace_flags(void **state) {
        IsolationSpec s = {};

        /* No root: nothing of the task's own but what is asked for. */
        assert_int_equal(isolation_namespace_flags(&s), 0);
        assert_false(isolation_pid_private(&s));
        assert_int_equal(apply(&s, ISOLATION_OPT_HOSTNAME, "web"), 0);
        assert_int_equal(isolation_namespace_flags(&s), CLONE_NEWUTS);
        assert_int_equal(apply(&s, ISOLATION_OPT_IPC_MODE, "private"), 0);
        assert_int_equal(isolation_namespace_flags(&s), CLONE_NEWUTS | CLONE_NEWIPC);
        isolation_spec_done(&s);

        /* A root: private mount, pid and ipc by default. */
        assert_int_equal(apply(&s, ISOLATION_OPT_ROOT, "/"), 0);
        assert_int_equal(isolation_namespace_flags(&s), CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC);
        assert_int_equal(apply(&s, ISOLATION_OPT_PID_MODE, "host"), 0);
        assert_int_equal(apply(&s, ISOLATION_OPT_IPC_MODE, "host"), 0);
        assert_int_equal(isolation_namespace_flags(&s), CLONE_NEWNS);
        isolation_spec_done(&s);
}

static void test_mount_options(void **state) {
        IsolationSpec s = {};

        assert_int_equal(apply(&s, ISOLATION_OPT_MOUNT, "/tmp:/data"), 0);
        assert_int_equal(apply(&s, ISOLATION_OPT_MOUNT, "/tmp:/ro:ro,host-to-task"), 0);
        assert_int_equal(apply(&s, ISOLATION_OPT_MOUNT, "/tmp:/both:bidirectional"), 0);
        assert_int_equal(s.n_binds, 3);
        assert_string_equal(s.binds[0].task, "/data");
        assert_false(s.binds[0].read_only);
        assert_int_equal(s.binds[0].propagation, PROPAGATION_PRIVATE);
        assert_true(s.binds[1].read_only);
        assert_int_equal(s.binds[1].propagation, PROPAGATION_HOST_TO_TASK);
        assert_int_equal(s.binds[2].propagation, PROPAGATION_BIDIRECTIONAL);
        isolation_spec_done(&s);
}

static void test_rlimit_and_env(void **state) {
        IsolationSpec s = {};

        assert_int_equal(apply(&s, ISOLATION_OPT_RLIMIT, "nofile=100:200"), 0);
        assert_int_equal(apply(&s, ISOLATION_OPT_RLIMIT, "core=infinity"), 0);
        assert_int_equal(s.n_rlimits, 2);
        assert_int_equal(s.rlimits[0].resource, RLIMIT_NOFILE);
        assert_int_equal(s.rlimits[0].limit.rlim_cur, 100);
        assert_int_equal(s.rlimits[0].limit.rlim_max, 200);
        assert_true(s.rlimits[1].limit.rlim_cur == RLIM_INFINITY);
        assert_true(s.rlimits[1].limit.rlim_max == RLIM_INFINITY);
        assert_int_equal(apply(&s, ISOLATION_OPT_ENV, "A=1"), 0);
        assert_int_equal(apply(&s, ISOLATION_OPT_ENV, "EMPTY="), 0);
        assert_int_equal(s.n_env, 2);
        isolation_spec_done(&s);
}

static void test_bad_options_name_the_value(void **state) {
        static const struct {
                int opt;
                const char *value, *message;
        } cases[] = {
                { ISOLATION_OPT_ROOT, "relative/dir", "invalid value 'relative/dir' for --root" },
                { ISOLATION_OPT_ROOT, "/a/../b", "invalid value '/a/../b' for --root" },
                { ISOLATION_OPT_ROOT, "/taskscope-no-such-dir", "invalid value '/taskscope-no-such-dir' for --root: No such file" },
                { ISOLATION_OPT_ROOT, "/etc/hostname", "invalid value '/etc/hostname' for --root: expected a directory" },
                { ISOLATION_OPT_PID_MODE, "shared", "invalid value 'shared' for --pid-mode: expected private or host" },
                { ISOLATION_OPT_IPC_MODE, "", "invalid value '' for --ipc-mode" },
                { ISOLATION_OPT_NETNS, "/run/netns/taskscope-none", "invalid value '/run/netns/taskscope-none' for --netns" },
                { ISOLATION_OPT_HOSTNAME, "-bad", "invalid value '-bad' for --hostname" },
                { ISOLATION_OPT_HOSTNAME, "a b", "invalid value 'a b' for --hostname" },
                { ISOLATION_OPT_MOUNT, "/tmp", "invalid value '/tmp' for --mount: expected HOST:TASK[:OPTS]" },
                { ISOLATION_OPT_MOUNT, "tmp:/x", "invalid value 'tmp:/x' for --mount" },
                { ISOLATION_OPT_MOUNT, "/tmp:/x/../y", "invalid value '/tmp:/x/../y' for --mount" },
                { ISOLATION_OPT_MOUNT, "/tmp:/", "invalid value '/tmp:/' for --mount" },
                { ISOLATION_OPT_MOUNT, "/tmp:/x:rw", "invalid value '/tmp:/x:rw' for --mount" },
                { ISOLATION_OPT_MOUNT, "/tmp:/x:private,host-to-task", "invalid value '/tmp:/x:private,host-to-task'" },
                { ISOLATION_OPT_MOUNT, "/taskscope-none:/x", "invalid value '/taskscope-none:/x' for --mount: /taskscope-none: No such file" },
                { ISOLATION_OPT_USER, ":grp", "invalid value ':grp' for --user" },
                { ISOLATION_OPT_ENV, "NOEQUALS", "invalid value 'NOEQUALS' for --env: expected NAME=VALUE" },
                { ISOLATION_OPT_ENV, "=x", "invalid value '=x' for --env" },
                { ISOLATION_OPT_CWD, "data", "invalid value 'data' for --cwd" },
                { ISOLATION_OPT_CAP_ADD, "net_bogus", "invalid value 'net_bogus' for --cap-add" },
                { ISOLATION_OPT_CAP_DROP, "", "invalid value '' for --cap-drop" },
                { ISOLATION_OPT_RLIMIT, "nofile", "invalid value 'nofile' for --rlimit: expected NAME=SOFT[:HARD]" },
                { ISOLATION_OPT_RLIMIT, "files=10", "invalid value 'files=10' for --rlimit" },
                { ISOLATION_OPT_RLIMIT, "nofile=20:10", "invalid value 'nofile=20:10' for --rlimit: expected SOFT no higher than HARD" },
                { ISOLATION_OPT_RLIMIT, "nofile=lots", "invalid value 'nofile=lots' for --rlimit" },
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                IsolationSpec s = {};

                assert_int_equal(apply(&s, cases[i].opt, cases[i].value), -EINVAL);
                if (!strstr(logged, cases[i].message))
                        fail_msg("'%s' logged '%s', expected '%s'", cases[i].value, logged, cases[i].message);
                isolation_spec_done(&s);
        }
}

static void test_cross_checks(void **state) {
        IsolationSpec s = {};

        assert_int_equal(apply(&s, ISOLATION_OPT_NO_PIVOT_ROOT, NULL), 0);
        assert_int_equal(isolation_spec_validate(&s), -EINVAL);
        isolation_spec_done(&s);
        assert_int_equal(apply(&s, ISOLATION_OPT_MOUNT, "/tmp:/x"), 0);
        assert_int_equal(isolation_spec_validate(&s), -EINVAL);
        isolation_spec_done(&s);
        assert_int_equal(apply(&s, ISOLATION_OPT_PID_MODE, "private"), 0);
        assert_int_equal(isolation_spec_validate(&s), -EINVAL);
        assert_int_equal(apply(&s, ISOLATION_OPT_ROOT, "/"), 0);
        assert_int_equal(isolation_spec_validate(&s), 0);
        isolation_spec_done(&s);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_namespace_flags),
                cmocka_unit_test(test_mount_options),
                cmocka_unit_test(test_rlimit_and_env),
                cmocka_unit_test(test_bad_options_name_the_value),
                cmocka_unit_test(test_cross_checks),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
