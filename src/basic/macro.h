/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#define ELEMENTSOF(x) (sizeof(x) / sizeof((x)[0]))

#define _cleanup_(f) __attribute__((cleanup(f)))
#define _unused_ __attribute__((unused))
#define _noreturn_ __attribute__((noreturn))
#define _printf_(a, b) __attribute__((format(printf, a, b)))
#define _fallthrough_ __attribute__((fallthrough))

/* Hand a pointer or fd out of a cleanup scope. */
#define TAKE_PTR(p)                                 \
        ({                                          \
                __typeof__(p) _p_ = (p);            \
                (p) = NULL;                         \
                _p_;                                \
        })
#define TAKE_FD(fd)                                 \
        ({                                          \
                int _fd_ = (fd);                    \
                (fd) = -1;                          \
                _fd_;                               \
        })

static inline void freep(void *p) {
        free(*(void **) p);
}
#define _cleanup_free_ _cleanup_(freep)

/* A NULL-terminated array of strings and its strings. */
static inline void strv_free(char **v) {
        for (char **p = v; p && *p; p++)
                free(*p);
        free(v);
}
static inline void strv_freep(char ***v) {
        strv_free(*v);
}
#define _cleanup_strv_free_ _cleanup_(strv_freep)

/* close() that keeps errno, for cleanup paths. */
static inline int safe_close(int fd) {
        if (fd >= 0) {
                int saved = errno;
                close(fd);
                errno = saved;
        }
        return -1;
}
static inline void closep(int *fd) {
        safe_close(*fd);
}
#define _cleanup_close_ _cleanup_(closep)

static inline void closedirp(DIR **d) {
        if (*d)
                closedir(*d);
}

static inline void close_pairp(int (*p)[2]) {
        safe_close((*p)[0]);
        safe_close((*p)[1]);
}
#define _cleanup_close_pair_ _cleanup_(close_pairp)

/* Negative errno from a libc call that sets errno, never 0 by accident. */
static inline int negative_errno(void) {
        return errno > 0 ? -errno : -EIO;
}
