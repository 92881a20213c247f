/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <unistd.h>

#include "basic/time-util.h"

int poll_with_backoff(uint64_t timeout_usec, int (*check)(void *userdata), void *userdata) {
        uint64_t deadline = now_usec(CLOCK_MONOTONIC) + timeout_usec, step = 1000;

        for (;;) {
                uint64_t now;
                int r = check(userdata);

                if (r != 0)
                        return r > 0;
                now = now_usec(CLOCK_MONOTONIC);
                if (now >= deadline)
                        return 0;
                usleep((useconds_t) (deadline - now < step ? deadline - now : step));
                if (step < 4000)
                        step *= 2;
        }
}
