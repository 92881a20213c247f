/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "basic/macro.h"
#include "isolate/init.h"

/* The init with real processes. Outside a pid namespace a child subreaper
 * stands in for PID 1: orphans are reparented to it all the same. */

#define INIT_FAILED 200     /* isolate_init_run returned an error */
#define INIT_LEFT_CHILD 201 /* something was still there to reap */

/* A task: writes one byte to ready_fd when it is ready for signals. */
typedef int (*TaskFn)(int ready_fd);

static void sleep_ms(long ms) {
        struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                ;
}

/* Fork an init that runs task() as its task, as src/task/child.c does.
 * Returns once the task says it is ready: the init has blocked its signals
 * by then, so what the test sends reaches its queue, not a default action. */
static pid_t start_init(TaskFn task) {
        _cleanup_close_pair_ int ready[2] = { -1, -1 };
        pid_t init;
        char c;

        assert_int_equal(pipe2(ready, O_CLOEXEC), 0);
        init = fork();
        assert_true(init >= 0);
        if (init == 0) {
                sigset_t none;
                pid_t pid;
                int code;

                safe_close(ready[0]);
                if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0 || isolate_init_block_signals() < 0)
                        _exit(INIT_FAILED);
                pid = fork();
                if (pid < 0)
                        _exit(INIT_FAILED);
                if (pid == 0) {
                        sigemptyset(&none);
                        sigprocmask(SIG_SETMASK, &none, NULL);
                        _exit(task(ready[1]));
                }
                safe_close(ready[1]);

                code = isolate_init_run(pid, NULL);
                if (code < 0)
                        _exit(INIT_FAILED);
                /* Nothing left behind: no zombie, no child at all. */
                if (waitpid(-1, NULL, WNOHANG) >= 0 || errno != ECHILD)
                        _exit(INIT_LEFT_CHILD);
                _exit(code);
        }
        safe_close(ready[1]);
        assert_int_equal(read(ready[0], &c, 1), 1);
        return init;
}

/* What the init exited with. */
static int wait_init(pid_t init) {
        int status;

        assert_int_equal(waitpid(init, &status, 0), init);
        assert_true(WIFEXITED(status));
        return WEXITSTATUS(status);
}

static void say_ready(int fd) {
        assert_int_equal(write(fd, "x", 1), 1);
        safe_close(fd);
}

static int task_exit_3(int ready_fd) {
        say_ready(ready_fd);
        return 3;
}

static void test_exit_code(void **state) {
        assert_int_equal(wait_init(start_init(task_exit_3)), 3);
}

static int task_pause(int ready_fd) {
        say_ready(ready_fd);
        for (;;)
                pause();
        return 1; /* not reached: only a signal ends it */
}

static void test_forwarded_sigterm(void **state) {
        pid_t init = start_init(task_pause);

        /* The task, with the default handler, dies of it: 128 + 15. */
        assert_int_equal(kill(init, SIGTERM), 0);
        assert_int_equal(wait_init(init), 143);
}

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig) {
        got_usr1 = 1;
}

static int task_exit_on_usr1(int ready_fd) {
        struct sigaction sa = { .sa_handler = on_usr1 };

        sigemptyset(&sa.sa_mask);
        if (sigaction(SIGUSR1, &sa, NULL) < 0)
                return 1;
        say_ready(ready_fd);
        while (!got_usr1)
                pause();
        return 42;
}

static void test_forwarded_handled(void **state) {
        pid_t init = start_init(task_exit_on_usr1);

        /* The task ends by its handler only: default SIGUSR1 would be 138. */
        assert_int_equal(kill(init, SIGUSR1), 0);
        assert_int_equal(wait_init(init), 42);
}

static void test_ignores_ttin(void **state) {
        pid_t init = start_init(task_exit_on_usr1);

        /* Neither forwarded (the task would stop) nor stopping the init. */
        assert_int_equal(kill(init, SIGTTIN), 0);
        assert_int_equal(kill(init, SIGTTOU), 0);
        sleep_ms(50);
        assert_int_equal(kill(init, SIGUSR1), 0);
        assert_int_equal(wait_init(init), 42);
}

static int task_self_killed(int ready_fd) {
        say_ready(ready_fd);
        raise(SIGKILL);
        return 0;
}

static void test_killed_task(void **state) {
        assert_int_equal(wait_init(start_init(task_self_killed)), 137);
}

/* The task makes an orphan: a grandchild whose parent exits, so it is
 * reparented to the init. It exits while the task still runs; the task
 * checks that the init adopted it and reaped it (a zombie still answers
 * kill(pid, 0)). */
static int task_with_orphan(int ready_fd) {
        _cleanup_close_pair_ int p[2] = { -1, -1 };
        pid_t middle, info[2];
        int status;

        say_ready(ready_fd);
        if (pipe2(p, O_CLOEXEC) < 0)
                return 10;
        middle = fork();
        if (middle < 0)
                return 11;
        if (middle == 0) {
                pid_t self = getpid(), orphan = fork();

                if (orphan < 0)
                        _exit(1);
                if (orphan == 0) {
                        pid_t me[2];

                        while (getppid() == self) /* until the middle has exited */
                                sleep_ms(1);
                        me[0] = getpid();
                        me[1] = getppid();
                        _exit(write(p[1], me, sizeof(me)) == sizeof(me) ? 0 : 1);
                }
                _exit(0);
        }
        safe_close(p[1]);
        p[1] = -1;
        if (waitpid(middle, &status, 0) != middle || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
                return 12;
        if (read(p[0], info, sizeof(info)) != sizeof(info))
                return 13;
        if (info[1] != getppid()) /* adopted by the init, our parent */
                return 14;
        for (int i = 0; kill(info[0], 0) == 0; i++) {
                if (i > 5000)
                        return 15; /* still a zombie after 5 s */
                sleep_ms(1);
        }
        return errno == ESRCH ? 0 : 16;
}

static void test_reaps_orphans(void **state) {
        assert_int_equal(wait_init(start_init(task_with_orphan)), 0);
}

static void test_not_a_child(void **state) {
        pid_t pid = fork();

        assert_true(pid >= 0);
        if (pid == 0)
                _exit(isolate_init_run(getppid(), NULL) == -ECHILD ? 0 : 1);
        assert_int_equal(wait_init(pid), 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_exit_code),
                cmocka_unit_test(test_forwarded_sigterm),
                cmocka_unit_test(test_forwarded_handled),
                cmocka_unit_test(test_ignores_ttin),
                cmocka_unit_test(test_killed_task),
                cmocka_unit_test(test_reaps_orphans),
                cmocka_unit_test(test_not_a_child),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
