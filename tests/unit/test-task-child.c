/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "task/child.h"
#include "task/exit-status.h"

/* The child protocol with real processes: no systemd needed for this part. */

static void test_release_then_exec(void **state) {
        char *argv[] = { "sh", "-c", "exit 7", NULL };
        TaskChild c = TASK_CHILD_NULL;
        ChildReport rep;
        int status;

        assert_int_equal(task_child_spawn(&(ChildPlan) { .argv = argv }, &c), 0);
        assert_true(c.pid > 0);
        assert_int_equal(task_child_release(&c), 0);
        assert_int_equal(task_child_read_report(&c, &rep), 0);
        assert_int_equal(task_child_wait(&c, &status), 0);
        assert_int_equal(exit_code_from_wait_status(status), 7);
}

static void test_not_found_is_reported(void **state) {
        char *argv[] = { "/nonexistent/taskscope-no-such-command", NULL };
        TaskChild c = TASK_CHILD_NULL;
        ChildReport rep = {};
        int status;

        assert_int_equal(task_child_spawn(&(ChildPlan) { .argv = argv }, &c), 0);
        assert_int_equal(task_child_release(&c), 0);
        assert_int_equal(task_child_read_report(&c, &rep), 1);
        assert_int_equal(rep.step, CHILD_STEP_EXEC);
        assert_int_equal(rep.err, ENOENT);
        assert_int_equal(task_child_wait(&c, &status), 0);
        assert_int_equal(exit_code_from_wait_status(status), EXIT_NOT_FOUND);
}

static int report_for(char *path, int mode, const char *content) {
        char *argv[] = { path, NULL };
        TaskChild c = TASK_CHILD_NULL;
        ChildReport rep = {};
        int fd, status;

        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, content, strlen(content)), (ssize_t) strlen(content));
        close(fd);
        assert_int_equal(chmod(path, mode), 0);

        assert_int_equal(task_child_spawn(&(ChildPlan) { .argv = argv }, &c), 0);
        assert_int_equal(task_child_release(&c), 0);
        assert_int_equal(task_child_read_report(&c, &rep), 1);
        assert_int_equal(rep.step, CHILD_STEP_EXEC);
        assert_int_equal(task_child_wait(&c, &status), 0);
        assert_int_equal(exit_code_from_wait_status(status), EXIT_CANNOT_EXECUTE);
        unlink(path);
        return rep.err;
}

static void test_not_executable_is_reported(void **state) {
        /* no x bit: refused even to root */
        assert_int_equal(report_for("/tmp/taskscope-test-noexec", 0644, "#!/bin/sh\ntouch /tmp/x\n"), EACCES);
}

static void test_garbage_is_not_run_by_sh(void **state) {
        /* x bit but no valid format: execvp() would hand it to /bin/sh */
        assert_int_equal(report_for("/tmp/taskscope-test-garbage", 0755,
                                    "touch /tmp/taskscope-test-garbage-ran\n"), ENOEXEC);
        assert_int_equal(access("/tmp/taskscope-test-garbage-ran", F_OK), -1);
}

static void test_path_search(void **state) {
        char *argv[] = { "taskscope-test-in-path", NULL };
        TaskChild c = TASK_CHILD_NULL;
        ChildReport rep;
        int fd, status;

        mkdir("/tmp/taskscope-test-bin", 0755);
        fd = open("/tmp/taskscope-test-bin/taskscope-test-in-path", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, "#!/bin/sh\nexit 42\n", 19), 19);
        close(fd);
        /* a missing directory first, then the one that has it */
        setenv("PATH", "/nonexistent:/tmp/taskscope-test-bin:/usr/bin:/bin", 1);
        assert_int_equal(task_child_spawn(&(ChildPlan) { .argv = argv }, &c), 0);
        assert_int_equal(task_child_release(&c), 0);
        assert_int_equal(task_child_read_report(&c, &rep), 0);
        assert_int_equal(task_child_wait(&c, &status), 0);
        assert_int_equal(exit_code_from_wait_status(status), 42);
        unlink("/tmp/taskscope-test-bin/taskscope-test-in-path");
        rmdir("/tmp/taskscope-test-bin");
}

static void test_abort_never_execs(void **state) {
        /* If the command ran, it would create this file. */
        char *argv[] = { "sh", "-c", "touch /tmp/taskscope-test-abort-ran", NULL };
        TaskChild c = TASK_CHILD_NULL;
        int status;

        unlink("/tmp/taskscope-test-abort-ran");
        assert_int_equal(task_child_spawn(&(ChildPlan) { .argv = argv }, &c), 0);
        pid_t pid = c.pid;
        task_child_abort(&c);
        assert_int_equal(c.pid, 0);
        assert_int_equal(waitpid(pid, &status, WNOHANG), -1); /* already reaped */
        assert_int_equal(access("/tmp/taskscope-test-abort-ran", F_OK), -1);
}

static void test_signals_reset_for_the_task(void **state) {
        /* The caller ignores SIGTERM and blocks SIGUSR1; the task must see neither. */
        char *argv[] = { "sh", "-c", "grep -E '^Sig(Ign|Blk):' /proc/self/status | grep -v '0000000000000000$'; exit 0", NULL };
        TaskChild c = TASK_CHILD_NULL;
        sigset_t block, old;
        ChildReport rep;
        int status, pipefd[2];
        char buf[256] = "";

        signal(SIGTERM, SIG_IGN);
        sigemptyset(&block);
        sigaddset(&block, SIGUSR1);
        sigprocmask(SIG_BLOCK, &block, &old);
        assert_int_equal(pipe(pipefd), 0);
        int saved = dup(1);
        dup2(pipefd[1], 1);
        assert_int_equal(task_child_spawn(&(ChildPlan) { .argv = argv }, &c), 0);
        dup2(saved, 1);
        close(saved);
        close(pipefd[1]);
        signal(SIGTERM, SIG_DFL);
        sigprocmask(SIG_SETMASK, &old, NULL);

        assert_int_equal(task_child_release(&c), 0);
        assert_int_equal(task_child_read_report(&c, &rep), 0);
        assert_int_equal(task_child_wait(&c, &status), 0);
        assert_true(read(pipefd[0], buf, sizeof(buf) - 1) >= 0);
        close(pipefd[0]);
        /* sh itself ignores nothing here, so any non-zero mask came from us */
        assert_string_equal(buf, "");
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_release_then_exec),
                cmocka_unit_test(test_not_found_is_reported),
                cmocka_unit_test(test_not_executable_is_reported),
                cmocka_unit_test(test_garbage_is_not_run_by_sh),
                cmocka_unit_test(test_path_search),
                cmocka_unit_test(test_abort_never_execs),
                cmocka_unit_test(test_signals_reset_for_the_task),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
