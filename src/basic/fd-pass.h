/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* One message on a unix socket, with at most one fd riding along
 * (SCM_RIGHTS). send: fd < 0 sends none. recv: *ret_fd is -1 when none came;
 * the received fd is close-on-exec. Both return the byte count or -errno. */
ssize_t fd_pass_send(int sock, const void *buf, size_t n, int fd);
ssize_t fd_pass_recv(int sock, void *buf, size_t n, int *ret_fd);
