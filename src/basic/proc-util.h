/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdint.h>
#include <sys/types.h>

/* The fields of /proc/PID/stat taskscope uses (proc(5) numbering). */
typedef struct ProcStat {
        char comm[16];       /* (2), without the parentheses, truncated as the kernel does */
        char state;          /* (3) */
        pid_t ppid;          /* (4) */
        uint64_t utime;      /* (14) clock ticks */
        uint64_t stime;      /* (15) clock ticks */
        uint64_t starttime;  /* (22) clock ticks after boot: with the pid, names one process */
        uint64_t rss_pages;  /* (24) */
} ProcStat;

/* Parse the text of /proc/PID/stat. comm may hold spaces and ')': the
 * fields after it are found from its last ')'. -EBADMSG if malformed. */
int proc_stat_parse(const char *text, ProcStat *ret);

/* Read and parse /proc/PID/stat. -ENOENT/-ESRCH when there is no such process. */
int proc_stat_read(pid_t pid, ProcStat *ret);
