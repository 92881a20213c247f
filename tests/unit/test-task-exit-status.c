/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "child-status.h"

#include "task/exit-status.h"


static void test_exit_codes_pass_through(void **state) {
        assert_int_equal(exit_code_from_wait_status(status_of_child(0, 0)), 0);
        assert_int_equal(exit_code_from_wait_status(status_of_child(3, 0)), 3);
        assert_int_equal(exit_code_from_wait_status(status_of_child(255, 0)), 255);
}

static void test_signals_map_to_128_plus_n(void **state) {
        assert_int_equal(exit_code_from_wait_status(status_of_child(0, SIGKILL)), 128 + 9);
        assert_int_equal(exit_code_from_wait_status(status_of_child(0, SIGTERM)), 128 + 15);
        assert_int_equal(exit_code_from_wait_status(status_of_child(0, SIGSEGV)), 128 + 11);
}

static void test_exec_errors(void **state) {
        assert_int_equal(exit_code_from_exec_errno(ENOENT), EXIT_NOT_FOUND);
        assert_int_equal(exit_code_from_exec_errno(EACCES), EXIT_CANNOT_EXECUTE);
        assert_int_equal(exit_code_from_exec_errno(ENOEXEC), EXIT_CANNOT_EXECUTE);
        assert_int_equal(exit_code_from_exec_errno(EISDIR), EXIT_CANNOT_EXECUTE);
        assert_int_equal(EXIT_LAUNCHER, 125);
        assert_int_equal(EXIT_CANNOT_EXECUTE, 126);
        assert_int_equal(EXIT_NOT_FOUND, 127);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_exit_codes_pass_through),
                cmocka_unit_test(test_signals_map_to_128_plus_n),
                cmocka_unit_test(test_exec_errors),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
