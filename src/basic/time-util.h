/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdint.h>
#include <time.h>

#define USEC_PER_SEC UINT64_C(1000000)

/* Now on clock, in microseconds: CLOCK_MONOTONIC for deadlines and rates,
 * CLOCK_REALTIME for what is shown or stored. */
static inline uint64_t now_usec(clockid_t clock) {
        struct timespec ts;

        clock_gettime(clock, &ts);
        return (uint64_t) ts.tv_sec * USEC_PER_SEC + (uint64_t) ts.tv_nsec / 1000;
}

/* Call check now, then after 1 ms, then twice as long each time up to 4 ms,
 * until it returns non-zero or timeout_usec has passed: 1 when it returned
 * > 0, 0 when it returned < 0 or at the deadline. Something that ends on a
 * signal, or that systemd removes, is seen within a few ms, and a long wait
 * costs little. */
int poll_with_backoff(uint64_t timeout_usec, int (*check)(void *userdata), void *userdata);
