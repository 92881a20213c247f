/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cgroup/cgroup-stats.h"

/* Linux 6.1, a scope with the memory controller, a 50 MiB python3 in it. */
static const char memory_stat_6_1[] =
        "anon 53219328\n"
        "file 1200128\n"
        "kernel 1097728\n"
        "kernel_stack 32768\n"
        "pagetables 180224\n"
        "sec_pagetables 0\n"
        "percpu 2880\n"
        "sock 0\n"
        "vmalloc 8192\n"
        "shmem 0\n"
        "zswap 0\n"
        "zswapped 0\n"
        "file_mapped 991232\n"
        "file_dirty 0\n"
        "file_writeback 0\n"
        "swapcached 0\n"
        "anon_thp 0\n"
        "file_thp 0\n"
        "shmem_thp 0\n"
        "inactive_anon 53198848\n"
        "active_anon 20480\n"
        "inactive_file 794624\n"
        "active_file 405504\n"
        "unevictable 0\n"
        "slab_reclaimable 493160\n"
        "slab_unreclaimable 380104\n"
        "slab 873264\n"
        "workingset_refault_anon 0\n"
        "workingset_refault_file 0\n"
        "workingset_activate_anon 0\n"
        "workingset_activate_file 0\n"
        "workingset_restore_anon 0\n"
        "workingset_restore_file 0\n"
        "workingset_nodereclaim 0\n"
        "pgscan 0\n"
        "pgsteal 0\n"
        "pgscan_kswapd 0\n"
        "pgscan_direct 0\n"
        "pgsteal_kswapd 0\n"
        "pgsteal_direct 0\n"
        "pgfault 13543\n"
        "pgmajfault 2\n"
        "pgrefill 0\n"
        "pgactivate 5\n"
        "pgdeactivate 0\n"
        "pglazyfree 0\n"
        "pglazyfreed 0\n"
        "thp_fault_alloc 0\n"
        "thp_collapse_alloc 0\n";

/* Linux 5.10: no "kernel" line yet. */
static const char memory_stat_5_10[] =
        "anon 4096000\n"
        "file 8192\n"
        "kernel_stack 16384\n"
        "percpu 0\n"
        "sock 0\n"
        "shmem 0\n"
        "file_mapped 4096\n"
        "slab_reclaimable 1000\n"
        "slab_unreclaimable 2000\n"
        "slab 3000\n";

static const char cpu_stat_controller[] =
        "usage_usec 2503161\n"
        "user_usec 2401000\n"
        "system_usec 102161\n"
        "core_sched.force_idle_usec 0\n"
        "nr_periods 25\n"
        "nr_throttled 7\n"
        "throttled_usec 350120\n"
        "nr_bursts 0\n"
        "burst_usec 0\n";

/* No cpu controller: cgroup v2 still counts usage on every cgroup. */
static const char cpu_stat_core[] =
        "usage_usec 4832959780\n"
        "user_usec 4299308052\n"
        "system_usec 533651727\n"
        "nice_usec 0\n";

static const char memory_events[] =
        "low 0\n"
        "high 0\n"
        "max 12\n"
        "oom 2\n"
        "oom_kill 1\n"
        "oom_group_kill 0\n";

static const char cpu_pressure[] =
        "some avg10=12.50 avg60=3.07 avg300=0.66 total=581065286\n"
        "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";

static const char io_stat[] =
        "254:0 rbytes=1048576 wbytes=4096 rios=12 wios=1 dbytes=0 dios=0\n"
        "8:16 rbytes=512 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n";

static void test_memory_stat(void **state) {
        CgroupStats s = {};

        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_STAT, memory_stat_6_1), 0);
        assert_true(cgroup_stats_has(&s, CGROUP_STAT_MEMORY_RSS));
        assert_int_equal(s.value[CGROUP_STAT_MEMORY_RSS], 53219328);
        assert_int_equal(s.value[CGROUP_STAT_MEMORY_CACHE], 1200128);
        assert_int_equal(s.value[CGROUP_STAT_MEMORY_MAPPED_FILE], 991232);
        /* "kernel", not kernel_stack + slab, when the kernel has it */
        assert_int_equal(s.value[CGROUP_STAT_MEMORY_KERNEL_USAGE], 1097728);
        /* memory.stat alone says nothing of usage, peak or swap */
        assert_false(cgroup_stats_has(&s, CGROUP_STAT_MEMORY_USAGE));
        assert_false(cgroup_stats_has(&s, CGROUP_STAT_MEMORY_MAX_USAGE));
        assert_false(cgroup_stats_has(&s, CGROUP_STAT_MEMORY_SWAP));
        assert_int_equal(s.pressure_measured, 0);
}

static void test_memory_stat_old_kernel(void **state) {
        CgroupStats s = {};

        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_STAT, memory_stat_5_10), 0);
        assert_int_equal(s.value[CGROUP_STAT_MEMORY_KERNEL_USAGE], 16384 + 3000);
        assert_int_equal(s.value[CGROUP_STAT_MEMORY_RSS], 4096000);

        /* without kernel, and with only one of its two parts: unmeasured */
        memset(&s, 0, sizeof(s));
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_STAT, "anon 1\nslab 3000\n"), 0);
        assert_false(cgroup_stats_has(&s, CGROUP_STAT_MEMORY_KERNEL_USAGE));
        assert_true(cgroup_stats_has(&s, CGROUP_STAT_MEMORY_RSS));
        assert_false(cgroup_stats_has(&s, CGROUP_STAT_MEMORY_CACHE));
}

/* Keys match whole words, in any order; the first of two lines wins, and a
 * later malformed duplicate is not read. */
static void test_keyed_lines(void **state) {
        CgroupStats s = {};

        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_STAT,
                                            "file_mapped 5\nfiles 9\nfile 7\nanon 1\nkernel 4\nanon 2\nfile x\n"), 0);
        assert_int_equal(s.value[CGROUP_STAT_MEMORY_MAPPED_FILE], 5);
        assert_int_equal(s.value[CGROUP_STAT_MEMORY_CACHE], 7);
        assert_int_equal(s.value[CGROUP_STAT_MEMORY_RSS], 1);
        assert_int_equal(s.value[CGROUP_STAT_MEMORY_KERNEL_USAGE], 4);
        memset(&s, 0, sizeof(s));
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_CPU_STAT, "no_space\nthrottled_usec 3\nusage_usec 8\n"), 0);
        assert_int_equal(s.value[CGROUP_STAT_CPU_THROTTLED_TIME_USEC], 3);
        assert_int_equal(s.value[CGROUP_STAT_CPU_USAGE_USEC], 8);
        assert_false(cgroup_stats_has(&s, CGROUP_STAT_CPU_USER_USEC));
}

static void test_memory_single_files(void **state) {
        CgroupStats s = {};

        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_CURRENT, "55336960\n"), 0);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_PEAK, "57008128\n"), 0);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_SWAP_CURRENT, "0\n"), 0);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_PIDS_CURRENT, "3"), 0);
        assert_int_equal(s.value[CGROUP_STAT_MEMORY_USAGE], 55336960);
        assert_int_equal(s.value[CGROUP_STAT_MEMORY_MAX_USAGE], 57008128);
        assert_true(cgroup_stats_has(&s, CGROUP_STAT_MEMORY_SWAP));
        assert_int_equal(s.value[CGROUP_STAT_MEMORY_SWAP], 0);
        assert_int_equal(s.value[CGROUP_STAT_PIDS_COUNT], 3);
        assert_int_equal(s.measured,
                         (1u << CGROUP_STAT_MEMORY_USAGE) | (1u << CGROUP_STAT_MEMORY_MAX_USAGE) |
                                 (1u << CGROUP_STAT_MEMORY_SWAP) | (1u << CGROUP_STAT_PIDS_COUNT));
}

static void test_cpu_stat(void **state) {
        CgroupStats s = {};

        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_CPU_STAT, cpu_stat_controller), 0);
        assert_int_equal(s.value[CGROUP_STAT_CPU_USAGE_USEC], 2503161);
        assert_int_equal(s.value[CGROUP_STAT_CPU_USER_USEC], 2401000);
        assert_int_equal(s.value[CGROUP_STAT_CPU_SYSTEM_USEC], 102161);
        assert_int_equal(s.value[CGROUP_STAT_CPU_NR_PERIODS], 25);
        assert_int_equal(s.value[CGROUP_STAT_CPU_THROTTLED_PERIODS], 7);
        assert_int_equal(s.value[CGROUP_STAT_CPU_THROTTLED_TIME_USEC], 350120);

        /* No cpu controller: usage yes, throttling no. */
        memset(&s, 0, sizeof(s));
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_CPU_STAT, cpu_stat_core), 0);
        assert_int_equal(s.value[CGROUP_STAT_CPU_USAGE_USEC], 4832959780);
        assert_true(cgroup_stats_has(&s, CGROUP_STAT_CPU_SYSTEM_USEC));
        assert_false(cgroup_stats_has(&s, CGROUP_STAT_CPU_NR_PERIODS));
        assert_false(cgroup_stats_has(&s, CGROUP_STAT_CPU_THROTTLED_PERIODS));
        assert_false(cgroup_stats_has(&s, CGROUP_STAT_CPU_THROTTLED_TIME_USEC));
}

static void test_memory_events(void **state) {
        CgroupStats s = {};

        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_EVENTS, memory_events), 0);
        assert_int_equal(s.value[CGROUP_STAT_OOM_OOM], 2);
        /* "oom_kill", not the "oom_group_kill" that follows nor "oom" before */
        assert_int_equal(s.value[CGROUP_STAT_OOM_KILL], 1);
        assert_int_equal(s.measured, (1u << CGROUP_STAT_OOM_OOM) | (1u << CGROUP_STAT_OOM_KILL));
}

static void test_pressure(void **state) {
        CgroupStats s = {};
        const CgroupPressureLine *l = &s.pressure[CGROUP_PRESSURE_CPU_SOME];

        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_CPU_PRESSURE, cpu_pressure), 0);
        assert_true(cgroup_stats_has_pressure(&s, CGROUP_PRESSURE_CPU_SOME));
        assert_true(cgroup_stats_has_pressure(&s, CGROUP_PRESSURE_CPU_FULL));
        assert_false(cgroup_stats_has_pressure(&s, CGROUP_PRESSURE_MEMORY_SOME));
        assert_float_equal(l->avg10, 12.50, 1e-6);
        assert_float_equal(l->avg60, 3.07, 1e-6);
        assert_float_equal(l->avg300, 0.66, 1e-6);
        assert_int_equal(l->total_usec, 581065286);
        assert_int_equal(s.pressure[CGROUP_PRESSURE_CPU_FULL].total_usec, 0);
        assert_int_equal(s.measured, 0);

        /* Kernels before 5.13 have no "full" line for cpu. */
        memset(&s, 0, sizeof(s));
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_IO_PRESSURE,
                                            "some avg10=100.00 avg60=0.00 avg300=0.00 total=5\n"), 0);
        assert_int_equal(s.pressure_measured, 1u << CGROUP_PRESSURE_IO_SOME);
        assert_float_equal(s.pressure[CGROUP_PRESSURE_IO_SOME].avg10, 100.0, 1e-6);

        memset(&s, 0, sizeof(s));
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_PRESSURE,
                                            "full avg10=1.00 avg60=2.00 avg300=3.00 total=4\n"), 0);
        assert_int_equal(s.pressure_measured, 1u << CGROUP_PRESSURE_MEMORY_FULL);
}

static void test_io_stat(void **state) {
        CgroupStats s = {};

        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_IO_STAT, io_stat), 0);
        assert_int_equal(s.value[CGROUP_STAT_IO_READ_BYTES], 1048576 + 512);
        assert_int_equal(s.value[CGROUP_STAT_IO_WRITE_BYTES], 4096 + 8192);
        assert_int_equal(s.value[CGROUP_STAT_IO_READ_IOS], 13);
        assert_int_equal(s.value[CGROUP_STAT_IO_WRITE_IOS], 3);

        /* io.cost adds keys of its own; they are skipped */
        memset(&s, 0, sizeof(s));
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_IO_STAT,
                                            "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0 "
                                            "cost.vrate=100.00 cost.usage=5 cost.wait=0 cost.indebt=0\n"), 0);
        assert_int_equal(s.value[CGROUP_STAT_IO_READ_BYTES], 1);
        assert_int_equal(s.value[CGROUP_STAT_IO_WRITE_IOS], 4);

        /* An io controller but no I/O yet: an empty file, zeros that are measured */
        memset(&s, 0, sizeof(s));
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_IO_STAT, ""), 0);
        assert_true(cgroup_stats_has(&s, CGROUP_STAT_IO_READ_BYTES));
        assert_true(cgroup_stats_has(&s, CGROUP_STAT_IO_WRITE_IOS));
        assert_int_equal(s.value[CGROUP_STAT_IO_WRITE_BYTES], 0);
}

static void test_missing_fields(void **state) {
        CgroupStats s = {};

        /* A file without our lines measures nothing, and is no error. */
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_STAT, "pgfault 12\n"), 0);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_CPU_STAT, ""), 0);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_EVENTS, "low 0\nhigh 0\n"), 0);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_CPU_PRESSURE, "\n"), 0);
        assert_int_equal(s.measured, 0);
        assert_int_equal(s.pressure_measured, 0);

        /* Lines we do not use may say anything. */
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_CPU_STAT, "garbage here\nusage_usec 5\n\n??\n"), 0);
        assert_int_equal(s.measured, 1u << CGROUP_STAT_CPU_USAGE_USEC);
        assert_int_equal(s.value[CGROUP_STAT_CPU_USAGE_USEC], 5);

        /* A key must be whole: "anonymous" is not "anon". */
        memset(&s, 0, sizeof(s));
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_STAT, "anonymous 5\nanon_thp 7\n"), 0);
        assert_false(cgroup_stats_has(&s, CGROUP_STAT_MEMORY_RSS));
}

static void test_garbage(void **state) {
        CgroupStats s = {}, before;

        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_CPU_STAT, cpu_stat_core), 0);
        before = s;

        /* Malformed values of lines we use: -EINVAL, and s is unchanged. */
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_STAT, "anon 12x\n"), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_STAT, "file 1\nanon -1\n"), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_STAT, "anon \n"), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_STAT, "anon  1\n"), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_CPU_STAT, "usage_usec 0x10\n"), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_CURRENT, ""), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_CURRENT, "max\n"), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_CURRENT, "12 \n"), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_CURRENT, "12\n\n"), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_PIDS_CURRENT, "18446744073709551616\n"), -ERANGE);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_MEMORY_EVENTS, "oom_kill many\n"), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_IO_STAT, "sda rbytes=1\n"), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_IO_STAT, "8:0 rbytes\n"), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_IO_STAT, "8:0 rbytes=1.5\n"), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_IO_STAT,
                                            "8:0 rbytes=18446744073709551615\n8:1 rbytes=1\n"), -ERANGE);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_CPU_PRESSURE, "some avg10=1.00 avg60=2.00\n"),
                         -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_CPU_PRESSURE,
                                            "some avg10=abc avg60=0.00 avg300=0.00 total=0\n"), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_CPU_PRESSURE,
                                            "some avg10=1. avg60=0.00 avg300=0.00 total=0\n"), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_CPU_PRESSURE,
                                            "some avg10=-1.00 avg60=0.00 avg300=0.00 total=0\n"), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_CPU_PRESSURE,
                                            "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\nsome x\n"), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, _CGROUP_FILE_MAX, "1\n"), -EINVAL);
        assert_int_equal(cgroup_stats_parse(&s, CGROUP_FILE_CPU_STAT, NULL), -EINVAL);
        assert_memory_equal(&s, &before, sizeof(s));
}

static void test_names(void **state) {
        assert_string_equal(cgroup_stat_to_string(CGROUP_STAT_MEMORY_RSS), "rss");
        assert_string_equal(cgroup_stat_to_string(CGROUP_STAT_CPU_THROTTLED_TIME_USEC), "throttled_time_usec");
        assert_string_equal(cgroup_stat_to_string(CGROUP_STAT_PIDS_COUNT), "count");
        assert_null(cgroup_stat_to_string(_CGROUP_STAT_MAX));
        assert_string_equal(cgroup_pressure_to_string(CGROUP_PRESSURE_IO_FULL), "io_full");
        assert_string_equal(cgroup_cpu_rate_to_string(CGROUP_RATE_TOTAL_PERCENT), "total_percent");
        assert_string_equal(cgroup_stats_file_to_string(CGROUP_FILE_MEMORY_SWAP_CURRENT), "memory.swap.current");

        /* every stat, in enum order, falls in its group, and each name is set */
        assert_int_equal(cgroup_stat_group(CGROUP_STAT_MEMORY_SWAP), CGROUP_GROUP_MEMORY);
        assert_int_equal(cgroup_stat_group(CGROUP_STAT_CPU_USAGE_USEC), CGROUP_GROUP_CPU);
        assert_int_equal(cgroup_stat_group(CGROUP_STAT_CPU_THROTTLED_TIME_USEC), CGROUP_GROUP_CPU);
        assert_int_equal(cgroup_stat_group(CGROUP_STAT_PIDS_COUNT), CGROUP_GROUP_PIDS);
        assert_int_equal(cgroup_stat_group(CGROUP_STAT_OOM_OOM), CGROUP_GROUP_OOM);
        assert_int_equal(cgroup_stat_group(CGROUP_STAT_OOM_KILL), CGROUP_GROUP_OOM);
        assert_int_equal(cgroup_stat_group(CGROUP_STAT_IO_READ_BYTES), CGROUP_GROUP_IO);
        for (CgroupStat f = 0; f < _CGROUP_STAT_MAX; f++)
                assert_non_null(cgroup_stat_to_string(f));
        for (CgroupStatsFile f = 0; f < _CGROUP_FILE_MAX; f++)
                assert_non_null(cgroup_stats_file_to_string(f));
        for (CgroupCpuRate r = 0; r < _CGROUP_RATE_MAX; r++)
                assert_non_null(cgroup_cpu_rate_to_string(r));
}

static void sample(CgroupStats *s, uint64_t mono, uint64_t usage, uint64_t user, uint64_t sys) {
        char text[256];

        memset(s, 0, sizeof(*s));
        s->monotonic_usec = mono;
        snprintf(text, sizeof(text), "usage_usec %ju\nuser_usec %ju\nsystem_usec %ju\n", (uintmax_t) usage,
                 (uintmax_t) user, (uintmax_t) sys);
        assert_int_equal(cgroup_stats_parse(s, CGROUP_FILE_CPU_STAT, text), 0);
}

static void test_rates(void **state) {
        CgroupStats a, b;
        CgroupCpuRates r;

        sample(&a, 10000000, 5000000, 4000000, 1000000);
        /* 2 s later: 3 s of CPU, 2.5 user and 0.5 system, so 150% of one CPU */
        sample(&b, 12000000, 8000000, 6500000, 1500000);

        cgroup_cpu_rates(NULL, &a, 2000.0, &r);
        assert_int_equal(r.available, 0);

        cgroup_cpu_rates(&a, &b, 2000.0, &r);
        assert_true(cgroup_cpu_rates_has(&r, CGROUP_RATE_TOTAL_PERCENT));
        assert_float_equal(r.total_percent, 150.0, 1e-6);
        assert_float_equal(r.user_percent, 125.0, 1e-6);
        assert_float_equal(r.system_percent, 25.0, 1e-6);
        /* ticks: 1.5 cores of a 2000 MHz core */
        assert_true(cgroup_cpu_rates_has(&r, CGROUP_RATE_TOTAL_TICKS));
        assert_float_equal(r.total_ticks, 3000.0, 1e-3);
        /* no throttling counters without the cpu controller */
        assert_false(cgroup_cpu_rates_has(&r, CGROUP_RATE_THROTTLED_PERIODS));
        assert_false(cgroup_cpu_rates_has(&r, CGROUP_RATE_THROTTLED_TIME_USEC));

        /* unknown MHz: percentages, no ticks */
        cgroup_cpu_rates(&a, &b, 0, &r);
        assert_true(cgroup_cpu_rates_has(&r, CGROUP_RATE_TOTAL_PERCENT));
        assert_false(cgroup_cpu_rates_has(&r, CGROUP_RATE_TOTAL_TICKS));

        /* no wall time between the two, or the wrong order: nothing */
        cgroup_cpu_rates(&a, &a, 2000.0, &r);
        assert_int_equal(r.available, 0);
        cgroup_cpu_rates(&b, &a, 2000.0, &r);
        assert_int_equal(r.available, 0);

        /* a counter that went back is another cgroup: not that rate */
        sample(&b, 12000000, 8000000, 3000000, 1500000);
        cgroup_cpu_rates(&a, &b, 2000.0, &r);
        assert_true(cgroup_cpu_rates_has(&r, CGROUP_RATE_TOTAL_PERCENT));
        assert_false(cgroup_cpu_rates_has(&r, CGROUP_RATE_USER_PERCENT));
        assert_true(cgroup_cpu_rates_has(&r, CGROUP_RATE_SYSTEM_PERCENT));

        /* measured in one sample only: not available */
        b = a;
        b.monotonic_usec += 1000000;
        b.measured &= ~(1u << CGROUP_STAT_CPU_USAGE_USEC);
        cgroup_cpu_rates(&a, &b, 2000.0, &r);
        assert_false(cgroup_cpu_rates_has(&r, CGROUP_RATE_TOTAL_PERCENT));
        assert_false(cgroup_cpu_rates_has(&r, CGROUP_RATE_TOTAL_TICKS));
        assert_true(cgroup_cpu_rates_has(&r, CGROUP_RATE_USER_PERCENT));
        assert_float_equal(r.user_percent, 0.0, 1e-9);
}

static void test_throttle_deltas(void **state) {
        CgroupStats a = {}, b = {};
        CgroupCpuRates r;

        a.monotonic_usec = 1000000;
        b.monotonic_usec = 2000000;
        assert_int_equal(cgroup_stats_parse(&a, CGROUP_FILE_CPU_STAT, cpu_stat_controller), 0);
        assert_int_equal(cgroup_stats_parse(&b, CGROUP_FILE_CPU_STAT,
                                            "usage_usec 3003161\nuser_usec 2801000\nsystem_usec 202161\n"
                                            "nr_periods 35\nnr_throttled 12\nthrottled_usec 850120\n"), 0);
        cgroup_cpu_rates(&a, &b, 0, &r);
        assert_float_equal(r.total_percent, 50.0, 1e-6);
        assert_true(cgroup_cpu_rates_has(&r, CGROUP_RATE_THROTTLED_PERIODS));
        assert_int_equal(r.throttled_periods, 5);
        assert_int_equal(r.throttled_time_usec, 500000);
}

static void test_cpu_mhz(void **state) {
        static const char cpuinfo[] =
                "processor\t: 0\n"
                "vendor_id\t: AuthenticAMD\n"
                "cpu family\t: 25\n"
                "model name\t: AMD EPYC\n"
                "stepping\t: 1\n"
                "cpu MHz\t\t: 1996.249\n"
                "cache size\t: 512 KB\n"
                "\n"
                "processor\t: 1\n"
                "cpu MHz\t\t: 2400.000\n";
        double mhz = 0;

        assert_int_equal(cgroup_parse_cpu_mhz(cpuinfo, &mhz), 0);
        assert_float_equal(mhz, 1996.249, 1e-3);
        /* aarch64 and some VMs do not say */
        assert_int_equal(cgroup_parse_cpu_mhz("processor\t: 0\nBogoMIPS\t: 50.00\n", &mhz), -ENODATA);
        assert_int_equal(cgroup_parse_cpu_mhz("", &mhz), -ENODATA);
        assert_int_equal(cgroup_parse_cpu_mhz("cpu MHz\t\t: fast\n", &mhz), -EINVAL);
        assert_int_equal(cgroup_parse_cpu_mhz("cpu MHz\t\t: 0.000\n", &mhz), -EINVAL);
        assert_float_equal(mhz, 1996.249, 1e-3);
        assert_int_equal(cgroup_parse_cpu_mhz("cpu MHz: 800\n", &mhz), 0);
        assert_float_equal(mhz, 800.0, 1e-6);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_memory_stat),
                cmocka_unit_test(test_memory_stat_old_kernel),
                cmocka_unit_test(test_keyed_lines),
                cmocka_unit_test(test_memory_single_files),
                cmocka_unit_test(test_cpu_stat),
                cmocka_unit_test(test_memory_events),
                cmocka_unit_test(test_pressure),
                cmocka_unit_test(test_io_stat),
                cmocka_unit_test(test_missing_fields),
                cmocka_unit_test(test_garbage),
                cmocka_unit_test(test_names),
                cmocka_unit_test(test_rates),
                cmocka_unit_test(test_throttle_deltas),
                cmocka_unit_test(test_cpu_mhz),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
