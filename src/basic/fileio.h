/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>

/* Small whole-file helpers for /proc and cgroupfs files (a few KiB at most). */

/* Read all of dirfd/name (NUL-terminated) into *ret. */
int read_file_at(int dirfd, const char *name, char **ret);

/* Read all of dirfd/name into buf (NUL-terminated), for readers that poll
 * the same files and must not allocate: -EFBIG if it does not fit. Reads to
 * EOF, since a short read from a kernel file is not its end. */
int read_file_into_at(int dirfd, const char *name, char *buf, size_t size);

/* The same from an fd kept open, read again from offset 0 with pread():
 * cgroupfs and /proc regenerate a file's text when it is read from 0, so a
 * poller opens each file once. */
int reread_fd_into(int fd, char *buf, size_t size);

/* reread_fd_into() for a file made whole by each read from offset 0, such as
 * a cgroupfs stats file (one seq_file record): one pread(), and a read
 * shorter than the buffer is the whole text, where reread_fd_into() reads
 * again to see the end. Not for files of many records (mountinfo), whose
 * reads stop short at the kernel's buffer. */
int read_record_fd_into(int fd, char *buf, size_t size);

/* Write s to dirfd/name in one write(): cgroupfs takes one value per write. */
int write_file_at(int dirfd, const char *name, const char *s);

/* open(root + path) where path starts with '/'. */
int open_at_path(const char *root, const char *path, int flags);
