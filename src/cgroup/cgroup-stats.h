/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* A task's resource usage from the cgroup v2 files of its scope: text in,
 * numbers out. Nothing here opens a file (cgroup-read.c does). Every field has
 * a measured bit, set only when its file and its line were there: a cgroup
 * without the memory controller has no memory.* files, and its memory fields
 * stay unmeasured rather than reading as zeros. All values are cumulative or
 * current, as the kernel gives them; rates need two samples. */

typedef enum CgroupStatGroup {
        CGROUP_GROUP_MEMORY,
        CGROUP_GROUP_CPU,
        CGROUP_GROUP_PIDS,
        CGROUP_GROUP_OOM,
        CGROUP_GROUP_IO,
        _CGROUP_GROUP_MAX,
} CgroupStatGroup;

typedef enum CgroupStat {
        CGROUP_STAT_MEMORY_RSS,              /* memory.stat anon, bytes */
        CGROUP_STAT_MEMORY_CACHE,            /* memory.stat file */
        CGROUP_STAT_MEMORY_MAPPED_FILE,      /* memory.stat file_mapped */
        CGROUP_STAT_MEMORY_KERNEL_USAGE,     /* memory.stat kernel, else kernel_stack + slab */
        CGROUP_STAT_MEMORY_USAGE,            /* memory.current */
        CGROUP_STAT_MEMORY_MAX_USAGE,        /* memory.peak (absent before Linux 5.19) */
        CGROUP_STAT_MEMORY_SWAP,             /* memory.swap.current */
        CGROUP_STAT_CPU_USAGE_USEC,          /* cpu.stat usage_usec: on every cgroup */
        CGROUP_STAT_CPU_USER_USEC,           /* cpu.stat user_usec */
        CGROUP_STAT_CPU_SYSTEM_USEC,         /* cpu.stat system_usec */
        CGROUP_STAT_CPU_NR_PERIODS,          /* cpu.stat nr_periods: cpu controller only */
        CGROUP_STAT_CPU_THROTTLED_PERIODS,   /* cpu.stat nr_throttled */
        CGROUP_STAT_CPU_THROTTLED_TIME_USEC, /* cpu.stat throttled_usec */
        CGROUP_STAT_PIDS_COUNT,              /* pids.current */
        CGROUP_STAT_OOM_OOM,                 /* memory.events oom */
        CGROUP_STAT_OOM_KILL,                /* memory.events oom_kill */
        CGROUP_STAT_IO_READ_BYTES,           /* io.stat rbytes, summed over devices */
        CGROUP_STAT_IO_WRITE_BYTES,          /* io.stat wbytes */
        CGROUP_STAT_IO_READ_IOS,             /* io.stat rios */
        CGROUP_STAT_IO_WRITE_IOS,            /* io.stat wios */
        _CGROUP_STAT_MAX,
} CgroupStat;

/* The lines of cpu.pressure, memory.pressure and io.pressure (PSI). */
typedef enum CgroupPressure {
        CGROUP_PRESSURE_CPU_SOME,
        CGROUP_PRESSURE_CPU_FULL,
        CGROUP_PRESSURE_MEMORY_SOME,
        CGROUP_PRESSURE_MEMORY_FULL,
        CGROUP_PRESSURE_IO_SOME,
        CGROUP_PRESSURE_IO_FULL,
        _CGROUP_PRESSURE_MAX,
} CgroupPressure;

typedef struct CgroupPressureLine {
        double avg10, avg60, avg300; /* percent of wall time */
        uint64_t total_usec;
} CgroupPressureLine;

/* The files one sample reads, in the order it reads them. */
typedef enum CgroupStatsFile {
        CGROUP_FILE_CPU_STAT,
        CGROUP_FILE_MEMORY_STAT,
        CGROUP_FILE_MEMORY_CURRENT,
        CGROUP_FILE_MEMORY_PEAK,
        CGROUP_FILE_MEMORY_SWAP_CURRENT,
        CGROUP_FILE_MEMORY_EVENTS,
        CGROUP_FILE_PIDS_CURRENT,
        CGROUP_FILE_IO_STAT,
        CGROUP_FILE_CPU_PRESSURE,
        CGROUP_FILE_MEMORY_PRESSURE,
        CGROUP_FILE_IO_PRESSURE,
        _CGROUP_FILE_MAX,
} CgroupStatsFile;

typedef struct CgroupStats {
        uint64_t realtime_usec;  /* when it was read (CLOCK_REALTIME), to show */
        uint64_t monotonic_usec; /* the same moment (CLOCK_MONOTONIC), for rates */
        uint64_t value[_CGROUP_STAT_MAX];
        CgroupPressureLine pressure[_CGROUP_PRESSURE_MAX];
        uint32_t measured;          /* bit 1 << CgroupStat */
        uint32_t pressure_measured; /* bit 1 << CgroupPressure */
} CgroupStats;

/* What two samples tell that one cannot. Percentages are of one CPU: a task
 * keeping two CPUs busy is at 200. */
typedef enum CgroupCpuRate {
        CGROUP_RATE_USER_PERCENT,
        CGROUP_RATE_SYSTEM_PERCENT,
        CGROUP_RATE_TOTAL_PERCENT,
        CGROUP_RATE_TOTAL_TICKS,          /* total_percent / 100 * MHz of one core */
        CGROUP_RATE_THROTTLED_PERIODS,    /* nr_throttled since the previous sample */
        CGROUP_RATE_THROTTLED_TIME_USEC,  /* throttled_usec since the previous sample */
        _CGROUP_RATE_MAX,
} CgroupCpuRate;

typedef struct CgroupCpuRates {
        double user_percent, system_percent, total_percent, total_ticks;
        uint64_t throttled_periods, throttled_time_usec;
        uint32_t available; /* bit 1 << CgroupCpuRate */
} CgroupCpuRates;

/* Names as the JSON output spells them: "rss", "usage_usec", "cpu_some"... */
const char *cgroup_stat_to_string(CgroupStat s);
const char *cgroup_stat_group_to_string(CgroupStatGroup g);
const char *cgroup_pressure_to_string(CgroupPressure p);
const char *cgroup_cpu_rate_to_string(CgroupCpuRate r);
/* "memory.stat"... */
const char *cgroup_stats_file_to_string(CgroupStatsFile f);
CgroupStatGroup cgroup_stat_group(CgroupStat s);

static inline bool cgroup_stats_has(const CgroupStats *s, CgroupStat f) {
        return s->measured & (UINT32_C(1) << f);
}
static inline bool cgroup_stats_has_pressure(const CgroupStats *s, CgroupPressure p) {
        return s->pressure_measured & (UINT32_C(1) << p);
}
static inline bool cgroup_cpu_rates_has(const CgroupCpuRates *r, CgroupCpuRate f) {
        return r->available & (UINT32_C(1) << f);
}

/* Add what the text of file f holds to *s and set its measured bits. A file
 * that lacks a line leaves that field unmeasured; lines we do not use are
 * skipped. -EINVAL (-ERANGE for numbers past 2^64) when a line we use is
 * malformed; *s is then unchanged. */
int cgroup_stats_parse(CgroupStats *s, CgroupStatsFile f, const char *text);

/* The first "cpu MHz" of a /proc/cpuinfo text; -ENODATA when there is none
 * (some virtual machines and architectures), -EINVAL when it is malformed. */
int cgroup_parse_cpu_mhz(const char *cpuinfo, double *ret);

/* Rates between two samples of the same cgroup: delta usec over delta wall
 * usec * 100. prev NULL (the first sample) gives none. A rate is available
 * only when both samples measured its counters, the wall clock moved and no
 * counter went back. total_ticks needs cpu_mhz > 0 (0: unknown). */
void cgroup_cpu_rates(const CgroupStats *prev, const CgroupStats *cur, double cpu_mhz, CgroupCpuRates *ret);
