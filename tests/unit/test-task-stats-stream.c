/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "basic/fileio.h"
#include "basic/json-util.h"
#include "basic/time-util.h"
#include "cgroup/cgroup-path.h"
#include "task/stats-stream.h"

#define CGROUP2_SUPER_MAGIC 0x63677270

static void test_bad_arguments(void **state) {
        int p[2];
        pid_t pid = 4242;

        assert_int_equal(pipe2(p, O_CLOEXEC), 0);
        assert_int_equal(task_stats_stream_start("a/b", "/x", 1000, p[1], &pid), -EINVAL);
        assert_int_equal(task_stats_stream_start("a", "x", 1000, p[1], &pid), -EINVAL);
        assert_int_equal(task_stats_stream_start("a", "/x", 0, p[1], &pid), -EINVAL);
        assert_int_equal(task_stats_stream_start("a", "/x", 1000, -1, &pid), -EINVAL);
        assert_int_equal(task_stats_stream_start("a", "/x", 1000, 1000, &pid), -EBADF);
        /* No cgroup: the caller hears it, no process is left. */
        assert_int_equal(task_stats_stream_start("a", "/no-such-cgroup-here", 1000, p[1], &pid), -ENOENT);
        assert_int_equal(pid, 4242);
        assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
        assert_int_equal(errno, ECHILD);
        task_stats_stream_stop(0);
        task_stats_stream_stop(-1);
        close(p[0]);
        close(p[1]);
}

/* Streaming itself needs a cgroup v2 hierarchy at /sys/fs/cgroup: the bed
 * test test-lifecycle-detach.sh (run --stats-out) covers it. */

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_bad_arguments),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
