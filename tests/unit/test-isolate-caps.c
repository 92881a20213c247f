/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "basic/macro.h"
#include "isolate/caps.h"
#include "isolate/user.h"

/* The capability and user steps in the order caps.h gives, for real, in a
 * forked child (root only), and what the kernel says after exec: the child
 * execs cat /proc/self/status into a pipe. */

#define BIT(c) (UINT64_C(1) << (c))

typedef struct Status {
        uint64_t inh, prm, eff, bnd, amb;
        unsigned uid[4], gid[4];
        char groups[64];
        int no_new_privs;
} Status;

static void parse_status(char *text, Status *ret) {
        Status s = { .no_new_privs = -1 };

        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
                sscanf(line, "CapInh: %" SCNx64, &s.inh);
                sscanf(line, "CapPrm: %" SCNx64, &s.prm);
                sscanf(line, "CapEff: %" SCNx64, &s.eff);
                sscanf(line, "CapBnd: %" SCNx64, &s.bnd);
                sscanf(line, "CapAmb: %" SCNx64, &s.amb);
                sscanf(line, "Uid: %u %u %u %u", &s.uid[0], &s.uid[1], &s.uid[2], &s.uid[3]);
                sscanf(line, "Gid: %u %u %u %u", &s.gid[0], &s.gid[1], &s.gid[2], &s.gid[3]);
                sscanf(line, "NoNewPrivs: %d", &s.no_new_privs);
                if (strncmp(line, "Groups:", 7) == 0) {
                        size_t len;

                        snprintf(s.groups, sizeof(s.groups), "%s", line + 7 + strspn(line + 7, " \t"));
                        len = strlen(s.groups);
                        while (len > 0 && s.groups[len - 1] == ' ')
                                s.groups[--len] = '\0';
                }
        }
        *ret = s;
}

/* The child: every step, then exec cat. Exit codes name the failing step. */
_noreturn_ static void child(int out_fd, const CapabilitySets *c, uid_t uid, gid_t gid, const gid_t *groups,
                             size_t n_groups) {
        char *argv[] = { "cat", "/proc/self/status", NULL };

        if (isolate_prepare_user_switch() < 0)
                _exit(10);
        if (isolate_drop_bounding(c) < 0)
                _exit(11);
        if (isolate_switch_user(uid, gid, groups, n_groups) < 0)
                _exit(12);
        if (isolate_apply_caps(c) < 0)
                _exit(13);
        if (isolate_set_no_new_privs() < 0)
                _exit(14);
        if (dup2(out_fd, STDOUT_FILENO) < 0)
                _exit(15);
        execv("/bin/cat", argv);
        _exit(16);
}

/* Status after exec, as the user and caps given. */
static void run(const CapabilitySets *c, uid_t uid, gid_t gid, const gid_t *groups, size_t n_groups,
                Status *ret) {
        _cleanup_close_pair_ int p[2] = { -1, -1 };
        char buf[8192];
        size_t len = 0;
        ssize_t n;
        int status;
        pid_t pid;

        if (geteuid() != 0)
                skip();
        assert_int_equal(pipe2(p, O_CLOEXEC), 0);
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
                child(p[1], c, uid, gid, groups, n_groups);
        p[1] = safe_close(p[1]);
        while ((n = read(p[0], buf + len, sizeof(buf) - 1 - len)) > 0)
                len += (size_t) n;
        buf[len] = '\0';
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
        parse_status(buf, ret);
}

static void test_non_root_with_ambient(void **state) {
        const uint64_t set = BIT(CAP_CHOWN) | BIT(CAP_NET_BIND_SERVICE);
        const CapabilitySets c = {
                .bounding = set, .permitted = set, .effective = set, .inheritable = set, .ambient = set,
        };
        const gid_t groups[] = { 65534, 100 };
        Status s;

        run(&c, 65534, 65534, groups, ELEMENTSOF(groups), &s);
        /* After exec a non-root user holds what was ambient. */
        assert_int_equal(s.bnd, set);
        assert_int_equal(s.amb, set);
        assert_int_equal(s.prm, set);
        assert_int_equal(s.eff, set);
        assert_int_equal(s.inh, set);
        for (size_t i = 0; i < 4; i++) {
                assert_int_equal(s.uid[i], 65534);
                assert_int_equal(s.gid[i], 65534);
        }
        assert_string_equal(s.groups, "100 65534");
        assert_int_equal(s.no_new_privs, 1);
}

static void test_non_root_without_caps(void **state) {
        const CapabilitySets c = {};
        Status s;

        run(&c, 1000, 1000, NULL, 0, &s);
        assert_int_equal(s.bnd, 0);
        assert_int_equal(s.prm | s.eff | s.inh | s.amb, 0);
        assert_int_equal(s.uid[0], 1000);
        assert_string_equal(s.groups, "");
}

static void test_root_bounded(void **state) {
        const uint64_t set = BIT(CAP_CHOWN) | BIT(CAP_KILL) | BIT(CAP_SETPCAP);
        const CapabilitySets c = { .bounding = set, .permitted = set, .effective = set };
        const gid_t groups[] = { 0 };
        Status s;

        run(&c, 0, 0, groups, 1, &s);
        /* Root gets its bounding set back as permitted and effective. */
        assert_int_equal(s.bnd, set);
        assert_int_equal(s.prm, set);
        assert_int_equal(s.eff, set);
        assert_int_equal(s.amb, 0);
        assert_int_equal(s.uid[0], 0);
}

static void test_unknown_caps_refused(void **state) {
        /* Refused before any prctl: safe to run here, as anyone. */
        const CapabilitySets c = { .bounding = BIT(63), .ambient = BIT(63) };

        assert_int_equal(isolate_drop_bounding(&c), -EINVAL);
        assert_int_equal(isolate_apply_caps(&c), -EINVAL);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_non_root_with_ambient),
                cmocka_unit_test(test_non_root_without_caps),
                cmocka_unit_test(test_root_bounded),
                cmocka_unit_test(test_unknown_caps_refused),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
