/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "basic/fileio.h"
#include "basic/macro.h"

#define READ_FILE_MAX (1024 * 1024)

/* Read fd into buf from *len on until EOF (1) or until buf is full (0),
 * at the file offset *len: pread() so that an fd kept open reads the file
 * again from its start. */
static int read_fd_fill(int fd, char *buf, size_t size, size_t *len) {
        while (*len + 1 < size) {
                ssize_t n = pread(fd, buf + *len, size - 1 - *len, (off_t) *len);

                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (n == 0) {
                        buf[*len] = '\0';
                        return 1;
                }
                *len += (size_t) n;
        }
        return 0;
}

int read_file_at(int dirfd, const char *name, char **ret) {
        _cleanup_close_ int fd = -1;
        _cleanup_free_ char *buf = NULL;
        size_t size = 4096, len = 0;
        int r;

        fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return -errno;
        buf = malloc(size);
        if (!buf)
                return -ENOMEM;
        while ((r = read_fd_fill(fd, buf, size, &len)) == 0) {
                char *nb;

                if (size >= READ_FILE_MAX)
                        return -EFBIG;
                nb = realloc(buf, size * 2);
                if (!nb)
                        return -ENOMEM;
                buf = nb;
                size *= 2;
        }
        if (r < 0)
                return r;
        *ret = TAKE_PTR(buf);
        return 0;
}

int read_file_into_at(int dirfd, const char *name, char *buf, size_t size) {
        _cleanup_close_ int fd = -1;

        fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return -errno;
        return reread_fd_into(fd, buf, size);
}

int reread_fd_into(int fd, char *buf, size_t size) {
        size_t len = 0;
        int r = read_fd_fill(fd, buf, size, &len);

        if (r == 0)
                return -EFBIG;
        return r < 0 ? r : 0;
}

int read_record_fd_into(int fd, char *buf, size_t size) {
        ssize_t n;

        if (size < 2)
                return -EFBIG;
        do
                n = pread(fd, buf, size - 1, 0);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        /* A full buffer may be less than the file: read on to its end. */
        if ((size_t) n == size - 1)
                return reread_fd_into(fd, buf, size);
        buf[n] = '\0';
        return 0;
}

int write_file_at(int dirfd, const char *name, const char *s) {
        _cleanup_close_ int fd = -1;
        size_t len = strlen(s);
        ssize_t n;

        fd = openat(dirfd, name, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return -errno;
        do
                n = write(fd, s, len);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        return (size_t) n == len ? 0 : -EIO;
}

int open_at_path(const char *root, const char *path, int flags) {
        char buf[PATH_MAX];
        int fd;

        if (snprintf(buf, sizeof(buf), "%s%s", root, path) >= (int) sizeof(buf))
                return -ENAMETOOLONG;
        fd = open(buf, flags);
        return fd < 0 ? -errno : fd;
}
