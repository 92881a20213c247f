/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <cmocka.h>

#include "basic/fileio.h"
#include "cgroup/cgroup-path.h"
#include "cgroup/process-read.h"
#include "cgroup/process-stats.h"

#define CGROUP2_SUPER_MAGIC 0x63677270

static void test_procs_next(void **state) {
        const char *p = "1\n22\n0\n333\n4194304\n";
        pid_t pid;

        assert_int_equal(cgroup_procs_next(&p, &pid), 1);
        assert_int_equal(pid, 1);
        assert_int_equal(cgroup_procs_next(&p, &pid), 1);
        assert_int_equal(pid, 22);
        /* 0: a process outside our pid namespace, skipped */
        assert_int_equal(cgroup_procs_next(&p, &pid), 1);
        assert_int_equal(pid, 333);
        assert_int_equal(cgroup_procs_next(&p, &pid), 1);
        assert_int_equal(pid, 4194304);
        assert_int_equal(cgroup_procs_next(&p, &pid), 0);
        assert_int_equal(cgroup_procs_next(&p, &pid), 0);

        p = "";
        assert_int_equal(cgroup_procs_next(&p, &pid), 0);
        p = "0\n";
        assert_int_equal(cgroup_procs_next(&p, &pid), 0);
        /* no final newline */
        p = "17";
        assert_int_equal(cgroup_procs_next(&p, &pid), 1);
        assert_int_equal(pid, 17);
        assert_int_equal(cgroup_procs_next(&p, &pid), 0);
}

static void test_procs_malformed(void **state) {
        static const char *const einval[] = { "12x\n", "\n", "1\n\n2\n", "-1\n", " 1\n", "+1\n", "1 2\n" };
        const char *p;
        pid_t pid;

        for (size_t i = 0; i < sizeof(einval) / sizeof(einval[0]); i++) {
                int r;

                p = einval[i];
                while ((r = cgroup_procs_next(&p, &pid)) > 0)
                        ;
                assert_int_equal(r, -EINVAL);
        }
        p = "2147483648\n";
        assert_int_equal(cgroup_procs_next(&p, &pid), -ERANGE);
        p = "99999999999999999999999\n";
        assert_int_equal(cgroup_procs_next(&p, &pid), -ERANGE);
        p = "2147483647\n";
        assert_int_equal(cgroup_procs_next(&p, &pid), 1);
        assert_int_equal(pid, 2147483647);
}

static ProcStat stat_of(const char *comm, uint64_t starttime, uint64_t utime, uint64_t stime, uint64_t rss_pages) {
        ProcStat s = { .state = 'S', .starttime = starttime, .utime = utime, .stime = stime, .rss_pages = rss_pages };

        snprintf(s.comm, sizeof(s.comm), "%s", comm);
        return s;
}

static void add(CgroupProcessList *l, pid_t pid, const char *comm, uint64_t starttime, uint64_t utime, uint64_t stime) {
        ProcStat s = stat_of(comm, starttime, utime, stime, 3);

        assert_int_equal(cgroup_process_list_add(l, pid, &s, 4096), 0);
}

static void test_list_sorted_unique(void **state) {
        CgroupProcessList l = CGROUP_PROCESS_LIST_NULL;
        size_t allocated;

        add(&l, 30, "c", 300, 0, 0);
        add(&l, 10, "a", 100, 0, 0);
        add(&l, 20, "b", 200, 0, 0);
        /* seen again in a second sub-cgroup while it moved */
        add(&l, 10, "a", 100, 0, 0);
        cgroup_process_list_finish(&l);
        assert_int_equal(l.n, 3);
        assert_int_equal(l.items[0].pid, 10);
        assert_int_equal(l.items[1].pid, 20);
        assert_int_equal(l.items[2].pid, 30);
        assert_string_equal(l.items[1].comm, "b");
        assert_int_equal(l.items[1].rss_bytes, 3 * 4096);
        assert_false(l.items[1].has_percent);

        assert_non_null(cgroup_process_list_find(&l, 20, 200));
        /* the same pid, another process */
        assert_null(cgroup_process_list_find(&l, 20, 201));
        assert_null(cgroup_process_list_find(&l, 25, 200));
        assert_null(cgroup_process_list_find(&l, 31, 300));

        /* cleared, the memory stays for the next sample */
        allocated = l.allocated;
        cgroup_process_list_clear(&l);
        assert_int_equal(l.n, 0);
        assert_int_equal(l.allocated, allocated);
        assert_null(cgroup_process_list_find(&l, 20, 200));
        cgroup_process_list_finish(&l);
        assert_int_equal(l.n, 0);
        cgroup_process_list_done(&l);
        assert_null(l.items);
}

static void test_list_grows(void **state) {
        CgroupProcessList l = CGROUP_PROCESS_LIST_NULL;

        for (pid_t pid = 5000; pid > 0; pid--)
                add(&l, pid, "many", (uint64_t) pid, 0, 0);
        cgroup_process_list_finish(&l);
        assert_int_equal(l.n, 5000);
        for (size_t i = 0; i < l.n; i++)
                assert_int_equal(l.items[i].pid, (pid_t) i + 1);
        assert_non_null(cgroup_process_list_find(&l, 4321, 4321));
        cgroup_process_list_done(&l);
}

static void test_rates(void **state) {
        CgroupProcessList prev = CGROUP_PROCESS_LIST_NULL, cur = CGROUP_PROCESS_LIST_NULL;
        const CgroupProcess *p;

        prev.monotonic_usec = 1000000;
        add(&prev, 10, "busy", 100, 100, 50);
        add(&prev, 20, "old", 200, 5, 5);
        add(&prev, 30, "odd", 300, 50, 50);
        cgroup_process_list_finish(&prev);

        /* 2 s later, at 100 ticks a second: 200 ticks of wall time */
        cur.monotonic_usec = 3000000;
        add(&cur, 10, "busy", 100, 200, 70);
        add(&cur, 20, "new", 999, 1, 1);   /* pid 20 recycled */
        add(&cur, 30, "odd", 300, 40, 60); /* utime went back: no rate */
        add(&cur, 40, "born", 400, 7, 0);  /* not there before */
        cgroup_process_list_finish(&cur);

        cgroup_process_rates(&prev, &cur, 100);
        p = cgroup_process_list_find(&cur, 10, 100);
        assert_non_null(p);
        assert_true(p->has_percent);
        assert_float_equal(p->user_percent, 50.0, 1e-9);
        assert_float_equal(p->system_percent, 10.0, 1e-9);
        assert_float_equal(p->total_percent, 60.0, 1e-9);
        assert_false(cgroup_process_list_find(&cur, 20, 999)->has_percent);
        assert_false(cgroup_process_list_find(&cur, 30, 300)->has_percent);
        assert_false(cgroup_process_list_find(&cur, 40, 400)->has_percent);

        /* The first sample has none, nor has a clock that did not move, nor unknown ticks. */
        cgroup_process_rates(NULL, &cur, 100);
        assert_false(cgroup_process_list_find(&cur, 10, 100)->has_percent);
        cur.monotonic_usec = prev.monotonic_usec;
        cgroup_process_rates(&prev, &cur, 100);
        assert_false(cgroup_process_list_find(&cur, 10, 100)->has_percent);
        cur.monotonic_usec = 3000000;
        cgroup_process_rates(&prev, &cur, 0);
        assert_false(cgroup_process_list_find(&cur, 10, 100)->has_percent);

        /* Two threads busy for the whole interval: 200%. */
        cur.items[0].utime = 100 + 400;
        cur.items[0].stime = 50;
        cgroup_process_rates(&prev, &cur, 100);
        assert_float_equal(cur.items[0].user_percent, 200.0, 1e-9);
        assert_float_equal(cur.items[0].total_percent, 200.0, 1e-9);

        cgroup_process_list_done(&prev);
        cgroup_process_list_done(&cur);
}

/* Reading a real cgroup needs cgroup v2 at /sys/fs/cgroup: the bed test
 * test-stats.sh (stats --processes) covers it. */

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_procs_next),
                cmocka_unit_test(test_procs_malformed),
                cmocka_unit_test(test_list_sorted_unique),
                cmocka_unit_test(test_list_grows),
                cmocka_unit_test(test_rates),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
