/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Small whole-file helpers for /proc and cgroupfs files (a few KiB at most). */

/* Read all of dirfd/name (NUL-terminated) into *ret. */
int read_file_at(int dirfd, const char *name, char **ret);

/* Write s to dirfd/name in one write(): cgroupfs takes one value per write. */
int write_file_at(int dirfd, const char *name, const char *s);

/* open(root + path) where path starts with '/'. */
int open_at_path(const char *root, const char *path, int flags);
