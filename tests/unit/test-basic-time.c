/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "basic/time-util.h"

typedef struct Countdown {
        int calls;
        int done_at;  /* the call that answers `answer`; 0: never */
        int answer;
} Countdown;

static int countdown(void *userdata) {
        Countdown *c = userdata;

        c->calls++;
        return c->done_at && c->calls >= c->done_at ? c->answer : 0;
}

static void test_done_at_once_is_not_slept_for(void **state) {
        Countdown c = { .done_at = 1, .answer = 1 };
        uint64_t t0 = now_usec(CLOCK_MONOTONIC);

        assert_int_equal(poll_with_backoff(10 * USEC_PER_SEC, countdown, &c), 1);
        assert_int_equal(c.calls, 1);
        assert_true(now_usec(CLOCK_MONOTONIC) - t0 < USEC_PER_SEC);
}

static void test_waits_until_done(void **state) {
        Countdown c = { .done_at = 4, .answer = 7 };

        /* Any positive answer is success. */
        assert_int_equal(poll_with_backoff(10 * USEC_PER_SEC, countdown, &c), 1);
        assert_int_equal(c.calls, 4);
}

static void test_negative_gives_up_without_waiting(void **state) {
        Countdown c = { .done_at = 2, .answer = -1 };

        assert_int_equal(poll_with_backoff(10 * USEC_PER_SEC, countdown, &c), 0);
        assert_int_equal(c.calls, 2);
}

static void test_deadline(void **state) {
        Countdown c = {};
        uint64_t t0 = now_usec(CLOCK_MONOTONIC), took;

        assert_int_equal(poll_with_backoff(20 * 1000, countdown, &c), 0);
        took = now_usec(CLOCK_MONOTONIC) - t0;
        assert_true(took >= 20 * 1000);
        /* 1 + 2 + 4 + 4 + 4 + 4 + 1 ms: several looks, not one per microsecond. */
        assert_true(c.calls >= 2 && c.calls <= 12);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_done_at_once_is_not_slept_for),
                cmocka_unit_test(test_waits_until_done),
                cmocka_unit_test(test_negative_gives_up_without_waiting),
                cmocka_unit_test(test_deadline),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
