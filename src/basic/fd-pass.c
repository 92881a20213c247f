/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "basic/fd-pass.h"

typedef union {
        struct cmsghdr hdr;
        char buf[CMSG_SPACE(sizeof(int))];
} FdControl;

ssize_t fd_pass_send(int sock, const void *buf, size_t n, int fd) {
        FdControl control = {};
        struct iovec iov = { .iov_base = (void *) buf, .iov_len = n };
        struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
        ssize_t r;

        if (fd >= 0) {
                struct cmsghdr *cm;

                msg.msg_control = &control;
                msg.msg_controllen = sizeof(control);
                cm = CMSG_FIRSTHDR(&msg);
                cm->cmsg_level = SOL_SOCKET;
                cm->cmsg_type = SCM_RIGHTS;
                cm->cmsg_len = CMSG_LEN(sizeof(int));
                memcpy(CMSG_DATA(cm), &fd, sizeof(int));
        }
        do
                r = sendmsg(sock, &msg, MSG_NOSIGNAL);
        while (r < 0 && errno == EINTR);
        return r < 0 ? -errno : r;
}

ssize_t fd_pass_recv(int sock, void *buf, size_t n, int *ret_fd) {
        FdControl control = {};
        struct iovec iov = { .iov_base = buf, .iov_len = n };
        struct msghdr msg = {
                .msg_iov = &iov,
                .msg_iovlen = 1,
                .msg_control = &control,
                .msg_controllen = sizeof(control),
        };
        ssize_t r;

        *ret_fd = -1;
        do
                r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
        while (r < 0 && errno == EINTR);
        if (r < 0)
                return -errno;
        for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
                if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
                        memcpy(ret_fd, CMSG_DATA(cm), sizeof(int));
        return r;
}
