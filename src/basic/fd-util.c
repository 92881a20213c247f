/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/macro.h"

int stdio_to_null(unsigned mask) {
        int null, r = 0;

        null = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null < 0)
                return -errno;
        for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
                if ((mask & (1u << fd)) && fd != null && dup2(null, fd) < 0)
                        r = -errno;
        if (null > STDERR_FILENO)
                safe_close(null);
        return r;
}
