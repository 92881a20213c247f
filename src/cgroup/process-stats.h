/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "basic/proc-util.h"

/* The processes of a task's cgroup and the CPU each used between two samples,
 * as Nomad's executor reports per pid. Pure: cgroup.procs text and
 * /proc/PID/stat values in, lists and percentages out (process-read.c does
 * the reading). A pid alone may be recycled between two samples: a process is
 * its pid and its starttime, and a pid with another starttime is a new process
 * whose percentages are not available yet, as on the first sample. */

typedef struct CgroupProcess {
        pid_t pid;
        uint64_t starttime;          /* /proc/PID/stat (22), clock ticks after boot */
        char comm[sizeof(((ProcStat *) NULL)->comm)];
        uint64_t utime, stime;       /* clock ticks, cumulative */
        uint64_t rss_bytes;
        char group[32];              /* the sub-cgroup of the scope it is in: "task", "exec-1"... */
        /* Set by cgroup_process_rates(): of one CPU, so two busy threads are 200. */
        bool has_percent;
        double user_percent, system_percent, total_percent;
} CgroupProcess;

typedef struct CgroupProcessList {
        uint64_t monotonic_usec; /* when the listing began (CLOCK_MONOTONIC) */
        CgroupProcess *items;    /* sorted by pid, one per pid, after cgroup_process_list_finish() */
        size_t n, allocated;
} CgroupProcessList;

#define CGROUP_PROCESS_LIST_NULL ((CgroupProcessList) {})

/* The next pid of a cgroup.procs text from *p on, which it advances: 1 and
 * *ret, or 0 at the end. A pid of 0 (a process outside the reader's pid
 * namespace) is skipped. -EINVAL for a line that is not a pid, -ERANGE for
 * one past pid_t. */
int cgroup_procs_next(const char **p, pid_t *ret);

/* Empty the list and keep its memory, so that a sampling loop that swaps two
 * lists allocates only while the task grows. */
void cgroup_process_list_clear(CgroupProcessList *l);
void cgroup_process_list_done(CgroupProcessList *l);

/* Append what /proc/PID/stat said of pid (rss from pages of page_size bytes). */
int cgroup_process_list_add(CgroupProcessList *l, pid_t pid, const ProcStat *st, uint64_t page_size);

/* Sort by pid and keep one entry per pid: a process that moved between two
 * sub-cgroups while they were listed is seen twice. */
void cgroup_process_list_finish(CgroupProcessList *l);

/* The process pid that started at starttime, or NULL. l must be finished. */
const CgroupProcess *cgroup_process_list_find(const CgroupProcessList *l, pid_t pid, uint64_t starttime);

/* Fill the percentages of every process in cur that prev (NULL: the first
 * sample) also holds: its utime/stime delta over the wall time between the
 * two listings, times 100. None when the clock did not move or a counter went
 * back. ticks_per_sec is sysconf(_SC_CLK_TCK); both lists must be finished. */
void cgroup_process_rates(const CgroupProcessList *prev, CgroupProcessList *cur, uint64_t ticks_per_sec);
