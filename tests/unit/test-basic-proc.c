/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "basic/proc-util.h"

/* A real line from a 6.1 kernel, with a comm that holds ") (" and spaces. */
static const char tricky[] =
        "4242 (we) (ird ) S 1 4242 4242 0 -1 4194560 1234 0 3 0 17 23 0 0 20 0 1 0 98765 1000000 321 "
        "18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

static void test_fields_after_last_paren(void **state) {
        ProcStat s;

        assert_int_equal(proc_stat_parse(tricky, &s), 0);
        assert_string_equal(s.comm, "we) (ird ");
        assert_int_equal(s.state, 'S');
        assert_int_equal(s.ppid, 1);
        assert_int_equal(s.utime, 17);
        assert_int_equal(s.stime, 23);
        assert_int_equal(s.starttime, 98765);
        assert_int_equal(s.rss_pages, 321);
}

static void test_malformed(void **state) {
        ProcStat s;

        assert_int_equal(proc_stat_parse("", &s), -EBADMSG);
        assert_int_equal(proc_stat_parse("12 (sh", &s), -EBADMSG);
        assert_int_equal(proc_stat_parse("12 (sh) S 1 2 3", &s), -EBADMSG); /* cut short */
        assert_int_equal(proc_stat_parse("12 (sh) S x 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22", &s),
                         -EBADMSG);
}

static void test_long_comm_truncated(void **state) {
        ProcStat s;
        char line[512];

        snprintf(line, sizeof(line), "7 (%s) R 0 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5 6 7 0\n",
                 "a-command-name-that-is-far-too-long");
        assert_int_equal(proc_stat_parse(line, &s), 0);
        assert_int_equal(strlen(s.comm), sizeof(s.comm) - 1);
        assert_int_equal(s.starttime, 5);
        assert_int_equal(s.rss_pages, 7);
}

static void test_read_self(void **state) {
        ProcStat a, b;

        assert_int_equal(proc_stat_read(getpid(), &a), 0);
        assert_int_equal(a.ppid, getppid());
        assert_true(a.starttime > 0);
        /* starttime names this process: it does not change between reads. */
        assert_int_equal(proc_stat_read(getpid(), &b), 0);
        assert_int_equal(a.starttime, b.starttime);
        assert_int_equal(proc_stat_read(0x7ffffff0, &b), -ENOENT);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_fields_after_last_paren),
                cmocka_unit_test(test_malformed),
                cmocka_unit_test(test_long_comm_truncated),
                cmocka_unit_test(test_read_self),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
