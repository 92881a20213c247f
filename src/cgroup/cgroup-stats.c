/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <assert.h>
#include <errno.h>
#include <string.h>

#include "basic/macro.h"
#include "cgroup/cgroup-stats.h"

_Static_assert(_CGROUP_STAT_MAX <= 32, "CgroupStats.measured has 32 bits");

static const char *const stat_names[_CGROUP_STAT_MAX] = {
        [CGROUP_STAT_MEMORY_RSS] = "rss",
        [CGROUP_STAT_MEMORY_CACHE] = "cache",
        [CGROUP_STAT_MEMORY_MAPPED_FILE] = "mapped_file",
        [CGROUP_STAT_MEMORY_KERNEL_USAGE] = "kernel_usage",
        [CGROUP_STAT_MEMORY_USAGE] = "usage",
        [CGROUP_STAT_MEMORY_MAX_USAGE] = "max_usage",
        [CGROUP_STAT_MEMORY_SWAP] = "swap",
        [CGROUP_STAT_CPU_USAGE_USEC] = "usage_usec",
        [CGROUP_STAT_CPU_USER_USEC] = "user_usec",
        [CGROUP_STAT_CPU_SYSTEM_USEC] = "system_usec",
        [CGROUP_STAT_CPU_NR_PERIODS] = "nr_periods",
        [CGROUP_STAT_CPU_THROTTLED_PERIODS] = "throttled_periods",
        [CGROUP_STAT_CPU_THROTTLED_TIME_USEC] = "throttled_time_usec",
        [CGROUP_STAT_PIDS_COUNT] = "count",
        [CGROUP_STAT_OOM_OOM] = "oom",
        [CGROUP_STAT_OOM_KILL] = "oom_kill",
        [CGROUP_STAT_IO_READ_BYTES] = "read_bytes",
        [CGROUP_STAT_IO_WRITE_BYTES] = "write_bytes",
        [CGROUP_STAT_IO_READ_IOS] = "read_ios",
        [CGROUP_STAT_IO_WRITE_IOS] = "write_ios",
};

static const char *const group_names[_CGROUP_GROUP_MAX] = {
        [CGROUP_GROUP_MEMORY] = "memory",
        [CGROUP_GROUP_CPU] = "cpu",
        [CGROUP_GROUP_PIDS] = "pids",
        [CGROUP_GROUP_OOM] = "oom",
        [CGROUP_GROUP_IO] = "io",
};

static const char *const pressure_names[_CGROUP_PRESSURE_MAX] = {
        [CGROUP_PRESSURE_CPU_SOME] = "cpu_some",
        [CGROUP_PRESSURE_CPU_FULL] = "cpu_full",
        [CGROUP_PRESSURE_MEMORY_SOME] = "memory_some",
        [CGROUP_PRESSURE_MEMORY_FULL] = "memory_full",
        [CGROUP_PRESSURE_IO_SOME] = "io_some",
        [CGROUP_PRESSURE_IO_FULL] = "io_full",
};

static const char *const rate_names[_CGROUP_RATE_MAX] = {
        [CGROUP_RATE_USER_PERCENT] = "user_percent",
        [CGROUP_RATE_SYSTEM_PERCENT] = "system_percent",
        [CGROUP_RATE_TOTAL_PERCENT] = "total_percent",
        [CGROUP_RATE_TOTAL_TICKS] = "total_ticks",
        [CGROUP_RATE_THROTTLED_PERIODS] = "throttled_periods_delta",
        [CGROUP_RATE_THROTTLED_TIME_USEC] = "throttled_time_usec_delta",
};

static const char *const file_names[_CGROUP_FILE_MAX] = {
        [CGROUP_FILE_CPU_STAT] = "cpu.stat",
        [CGROUP_FILE_MEMORY_STAT] = "memory.stat",
        [CGROUP_FILE_MEMORY_CURRENT] = "memory.current",
        [CGROUP_FILE_MEMORY_PEAK] = "memory.peak",
        [CGROUP_FILE_MEMORY_SWAP_CURRENT] = "memory.swap.current",
        [CGROUP_FILE_MEMORY_EVENTS] = "memory.events",
        [CGROUP_FILE_PIDS_CURRENT] = "pids.current",
        [CGROUP_FILE_IO_STAT] = "io.stat",
        [CGROUP_FILE_CPU_PRESSURE] = "cpu.pressure",
        [CGROUP_FILE_MEMORY_PRESSURE] = "memory.pressure",
        [CGROUP_FILE_IO_PRESSURE] = "io.pressure",
};

const char *cgroup_stat_to_string(CgroupStat s) {
        return s >= 0 && s < _CGROUP_STAT_MAX ? stat_names[s] : NULL;
}

const char *cgroup_stat_group_to_string(CgroupStatGroup g) {
        return g >= 0 && g < _CGROUP_GROUP_MAX ? group_names[g] : NULL;
}

const char *cgroup_pressure_to_string(CgroupPressure p) {
        return p >= 0 && p < _CGROUP_PRESSURE_MAX ? pressure_names[p] : NULL;
}

const char *cgroup_cpu_rate_to_string(CgroupCpuRate r) {
        return r >= 0 && r < _CGROUP_RATE_MAX ? rate_names[r] : NULL;
}

const char *cgroup_stats_file_to_string(CgroupStatsFile f) {
        return f >= 0 && f < _CGROUP_FILE_MAX ? file_names[f] : NULL;
}

CgroupStatGroup cgroup_stat_group(CgroupStat s) {
        if (s <= CGROUP_STAT_MEMORY_SWAP)
                return CGROUP_GROUP_MEMORY;
        if (s <= CGROUP_STAT_CPU_THROTTLED_TIME_USEC)
                return CGROUP_GROUP_CPU;
        if (s == CGROUP_STAT_PIDS_COUNT)
                return CGROUP_GROUP_PIDS;
        if (s <= CGROUP_STAT_OOM_KILL)
                return CGROUP_GROUP_OOM;
        return CGROUP_GROUP_IO;
}

static void stat_set(CgroupStats *s, CgroupStat f, uint64_t v) {
        s->value[f] = v;
        s->measured |= UINT32_C(1) << f;
}

/* Decimal digits only, as the kernel prints counters. */
static int u64_from_span(const char *s, size_t n, uint64_t *ret) {
        uint64_t v = 0;

        if (n == 0)
                return -EINVAL;
        for (size_t i = 0; i < n; i++)
                if (s[i] < '0' || s[i] > '9')
                        return -EINVAL;
        for (size_t i = 0; i < n; i++)
                if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, (uint64_t) (s[i] - '0'), &v))
                        return -ERANGE;
        *ret = v;
        return 0;
}

/* "12.34" or "12": the PSI averages and cpuinfo's MHz. No sign, no exponent. */
static int decimal_from_span(const char *s, size_t n, double *ret) {
        const char *dot = memchr(s, '.', n);
        uint64_t whole, frac = 0;
        double scale = 1;
        int r;

        r = u64_from_span(s, dot ? (size_t) (dot - s) : n, &whole);
        if (r < 0)
                return r;
        if (dot) {
                size_t nf = n - (size_t) (dot - s) - 1;

                /* More than 19 fraction digits would overflow; no kernel prints that many. */
                if (nf > 19)
                        return -EINVAL;
                r = u64_from_span(dot + 1, nf, &frac);
                if (r < 0)
                        return r;
                for (size_t i = 0; i < nf; i++)
                        scale *= 10;
        }
        *ret = (double) whole + (double) frac / scale;
        return 0;
}

/* The next line of text at *p (without its '\n'); false at the end. */
static bool next_line(const char **p, const char **ret_line, size_t *ret_len) {
        const char *s = *p, *eol;

        if (!*s)
                return false;
        eol = strchrnul(s, '\n');
        *ret_line = s;
        *ret_len = (size_t) (eol - s);
        *p = *eol ? eol + 1 : eol;
        return true;
}

/* The next space-separated word of line[0..len) from *pos; false at the end. */
static bool next_word(const char *line, size_t len, size_t *pos, const char **ret_word, size_t *ret_len) {
        size_t i = *pos, start;

        while (i < len && line[i] == ' ')
                i++;
        if (i >= len)
                return false;
        start = i;
        while (i < len && line[i] != ' ')
                i++;
        *ret_word = line + start;
        *ret_len = i - start;
        *pos = i;
        return true;
}

static bool word_is(const char *w, size_t n, const char *s) {
        return strlen(s) == n && memcmp(w, s, n) == 0;
}

typedef struct KeyedField {
        const char *key;
        CgroupStat stat;
} KeyedField;

/* The values of keys[0..n) in a flat keyed file ("key value" lines), in one
 * pass that ends once all are found: bit i of the result is set when keys[i]
 * was, < 0 when a wanted value is malformed. The first line wins. */
static int keyed_values(const char *text, const char *const *keys, size_t n, uint64_t *values) {
        const uint32_t all = (UINT32_C(1) << n) - 1;
        const char *p = text, *line;
        uint32_t found = 0;
        size_t len;

        assert(n < 32);
        while (found != all && next_line(&p, &line, &len)) {
                const char *sp = memchr(line, ' ', len);

                if (!sp)
                        continue;
                for (size_t i = 0; i < n; i++) {
                        int r;

                        if ((found & (UINT32_C(1) << i)) || !word_is(line, (size_t) (sp - line), keys[i]))
                                continue;
                        r = u64_from_span(sp + 1, len - (size_t) (sp - line) - 1, &values[i]);
                        if (r < 0)
                                return r;
                        found |= UINT32_C(1) << i;
                        break;
                }
        }
        return (int) found;
}

static int parse_keyed(CgroupStats *s, const KeyedField *fields, size_t n, const char *text) {
        const char *keys[8];
        uint64_t values[ELEMENTSOF(keys)];
        int found;

        assert(n <= ELEMENTSOF(keys));
        for (size_t i = 0; i < n; i++)
                keys[i] = fields[i].key;
        found = keyed_values(text, keys, n, values);
        if (found < 0)
                return found;
        for (size_t i = 0; i < n; i++)
                if (found & (1 << i))
                        stat_set(s, fields[i].stat, values[i]);
        return 0;
}

static int parse_memory_stat(CgroupStats *s, const char *text) {
        static const KeyedField fields[] = {
                { "anon", CGROUP_STAT_MEMORY_RSS },
                { "file", CGROUP_STAT_MEMORY_CACHE },
                { "file_mapped", CGROUP_STAT_MEMORY_MAPPED_FILE },
                { "kernel", CGROUP_STAT_MEMORY_KERNEL_USAGE },
        };
        static const char *const kernel_parts[] = { "kernel_stack", "slab" };
        uint64_t part[ELEMENTSOF(kernel_parts)];
        int r;

        r = parse_keyed(s, fields, ELEMENTSOF(fields), text);
        if (r < 0 || cgroup_stats_has(s, CGROUP_STAT_MEMORY_KERNEL_USAGE))
                return r;
        /* Kernels before "kernel" was added: its two largest parts. */
        r = keyed_values(text, kernel_parts, ELEMENTSOF(kernel_parts), part);
        if (r < 0)
                return r;
        if (r == 3) {
                if (__builtin_add_overflow(part[0], part[1], &part[0]))
                        return -ERANGE;
                stat_set(s, CGROUP_STAT_MEMORY_KERNEL_USAGE, part[0]);
        }
        return 0;
}

/* A one-number file: "123\n". */
static int parse_single(CgroupStats *s, CgroupStat f, const char *text) {
        size_t n = strlen(text);
        uint64_t v;
        int r;

        if (n > 0 && text[n - 1] == '\n')
                n--;
        r = u64_from_span(text, n, &v);
        if (r < 0)
                return r;
        stat_set(s, f, v);
        return 0;
}

/* "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0" per device. */
static int parse_io_stat(CgroupStats *s, const char *text) {
        static const struct {
                const char *key;
                CgroupStat stat;
        } keys[] = {
                { "rbytes", CGROUP_STAT_IO_READ_BYTES },
                { "wbytes", CGROUP_STAT_IO_WRITE_BYTES },
                { "rios", CGROUP_STAT_IO_READ_IOS },
                { "wios", CGROUP_STAT_IO_WRITE_IOS },
        };
        uint64_t sum[ELEMENTSOF(keys)] = {};
        const char *p = text, *line;
        size_t len;

        while (next_line(&p, &line, &len)) {
                const char *w, *colon;
                size_t pos = 0, wn;
                uint64_t dev;

                if (!next_word(line, len, &pos, &w, &wn))
                        continue;
                colon = memchr(w, ':', wn);
                if (!colon || u64_from_span(w, (size_t) (colon - w), &dev) < 0 ||
                    u64_from_span(colon + 1, wn - (size_t) (colon - w) - 1, &dev) < 0)
                        return -EINVAL;
                while (next_word(line, len, &pos, &w, &wn)) {
                        const char *eq = memchr(w, '=', wn);

                        if (!eq)
                                return -EINVAL;
                        for (size_t i = 0; i < ELEMENTSOF(keys); i++) {
                                uint64_t v;
                                int r;

                                if (!word_is(w, (size_t) (eq - w), keys[i].key))
                                        continue;
                                r = u64_from_span(eq + 1, wn - (size_t) (eq - w) - 1, &v);
                                if (r < 0)
                                        return r;
                                if (__builtin_add_overflow(sum[i], v, &sum[i]))
                                        return -ERANGE;
                        }
                }
        }
        /* A device shows up only once it has done I/O: no line is 0, not unknown. */
        for (size_t i = 0; i < ELEMENTSOF(keys); i++)
                stat_set(s, keys[i].stat, sum[i]);
        return 0;
}

/* "some avg10=0.12 avg60=0.05 avg300=0.00 total=123456" and a "full" line. */
static int parse_pressure(CgroupStats *s, CgroupPressure some, const char *text) {
        static const char *const keys[] = { "avg10", "avg60", "avg300", "total" };
        const char *p = text, *line;
        size_t len;

        while (next_line(&p, &line, &len)) {
                CgroupPressureLine pl = {};
                double *avg[] = { &pl.avg10, &pl.avg60, &pl.avg300 };
                CgroupPressure which;
                const char *w;
                size_t pos = 0, wn;
                unsigned seen = 0;

                if (!next_word(line, len, &pos, &w, &wn))
                        continue;
                if (word_is(w, wn, "some"))
                        which = some;
                else if (word_is(w, wn, "full"))
                        which = some + 1;
                else
                        continue;
                while (next_word(line, len, &pos, &w, &wn)) {
                        const char *eq = memchr(w, '=', wn);
                        size_t kn, vn;

                        if (!eq)
                                return -EINVAL;
                        kn = (size_t) (eq - w);
                        vn = wn - kn - 1;
                        for (size_t i = 0; i < ELEMENTSOF(keys); i++) {
                                int r;

                                if (!word_is(w, kn, keys[i]))
                                        continue;
                                r = i < ELEMENTSOF(avg) ? decimal_from_span(eq + 1, vn, avg[i])
                                                        : u64_from_span(eq + 1, vn, &pl.total_usec);
                                if (r < 0)
                                        return r;
                                seen |= 1u << i;
                        }
                }
                /* A line without all four is not what the kernel writes. */
                if (seen != (1u << ELEMENTSOF(keys)) - 1)
                        return -EINVAL;
                s->pressure[which] = pl;
                s->pressure_measured |= UINT32_C(1) << which;
        }
        return 0;
}

int cgroup_stats_parse(CgroupStats *s, CgroupStatsFile f, const char *text) {
        static const KeyedField cpu_fields[] = {
                { "usage_usec", CGROUP_STAT_CPU_USAGE_USEC },
                { "user_usec", CGROUP_STAT_CPU_USER_USEC },
                { "system_usec", CGROUP_STAT_CPU_SYSTEM_USEC },
                { "nr_periods", CGROUP_STAT_CPU_NR_PERIODS },
                { "nr_throttled", CGROUP_STAT_CPU_THROTTLED_PERIODS },
                { "throttled_usec", CGROUP_STAT_CPU_THROTTLED_TIME_USEC },
        };
        static const KeyedField event_fields[] = {
                { "oom", CGROUP_STAT_OOM_OOM },
                { "oom_kill", CGROUP_STAT_OOM_KILL },
        };
        CgroupStats t = *s;
        int r;

        if (!text)
                return -EINVAL;
        switch (f) {
        case CGROUP_FILE_CPU_STAT:
                r = parse_keyed(&t, cpu_fields, ELEMENTSOF(cpu_fields), text);
                break;
        case CGROUP_FILE_MEMORY_STAT:
                r = parse_memory_stat(&t, text);
                break;
        case CGROUP_FILE_MEMORY_CURRENT:
                r = parse_single(&t, CGROUP_STAT_MEMORY_USAGE, text);
                break;
        case CGROUP_FILE_MEMORY_PEAK:
                r = parse_single(&t, CGROUP_STAT_MEMORY_MAX_USAGE, text);
                break;
        case CGROUP_FILE_MEMORY_SWAP_CURRENT:
                r = parse_single(&t, CGROUP_STAT_MEMORY_SWAP, text);
                break;
        case CGROUP_FILE_MEMORY_EVENTS:
                r = parse_keyed(&t, event_fields, ELEMENTSOF(event_fields), text);
                break;
        case CGROUP_FILE_PIDS_CURRENT:
                r = parse_single(&t, CGROUP_STAT_PIDS_COUNT, text);
                break;
        case CGROUP_FILE_IO_STAT:
                r = parse_io_stat(&t, text);
                break;
        case CGROUP_FILE_CPU_PRESSURE:
                r = parse_pressure(&t, CGROUP_PRESSURE_CPU_SOME, text);
                break;
        case CGROUP_FILE_MEMORY_PRESSURE:
                r = parse_pressure(&t, CGROUP_PRESSURE_MEMORY_SOME, text);
                break;
        case CGROUP_FILE_IO_PRESSURE:
                r = parse_pressure(&t, CGROUP_PRESSURE_IO_SOME, text);
                break;
        default:
                return -EINVAL;
        }
        if (r < 0)
                return r;
        *s = t;
        return 0;
}

int cgroup_parse_cpu_mhz(const char *cpuinfo, double *ret) {
        static const char key[] = "cpu MHz";
        const char *p = cpuinfo, *line;
        size_t len;

        /* "cpu MHz\t\t: 1996.249" */
        while (next_line(&p, &line, &len)) {
                size_t i = sizeof(key) - 1;
                double mhz;
                int r;

                if (len < i || memcmp(line, key, i) != 0)
                        continue;
                while (i < len && (line[i] == ' ' || line[i] == '\t'))
                        i++;
                if (i >= len || line[i] != ':')
                        continue;
                i++;
                while (i < len && line[i] == ' ')
                        i++;
                r = decimal_from_span(line + i, len - i, &mhz);
                if (r < 0)
                        return r;
                if (mhz <= 0)
                        return -EINVAL;
                *ret = mhz;
                return 0;
        }
        return -ENODATA;
}

/* cur - prev of a counter both samples measured; false if it went back
 * (not the same cgroup any more). */
static bool counter_delta(const CgroupStats *prev, const CgroupStats *cur, CgroupStat f, uint64_t *ret) {
        if (!cgroup_stats_has(prev, f) || !cgroup_stats_has(cur, f) || cur->value[f] < prev->value[f])
                return false;
        *ret = cur->value[f] - prev->value[f];
        return true;
}

void cgroup_cpu_rates(const CgroupStats *prev, const CgroupStats *cur, double cpu_mhz, CgroupCpuRates *ret) {
        static const struct {
                CgroupStat stat;
                CgroupCpuRate rate;
        } percents[] = {
                { CGROUP_STAT_CPU_USER_USEC, CGROUP_RATE_USER_PERCENT },
                { CGROUP_STAT_CPU_SYSTEM_USEC, CGROUP_RATE_SYSTEM_PERCENT },
                { CGROUP_STAT_CPU_USAGE_USEC, CGROUP_RATE_TOTAL_PERCENT },
        };
        CgroupCpuRates r = {};
        double *dst[] = { &r.user_percent, &r.system_percent, &r.total_percent };
        uint64_t wall, d;

        _Static_assert(ELEMENTSOF(percents) == ELEMENTSOF(dst), "one destination per percentage");
        if (!prev || cur->monotonic_usec <= prev->monotonic_usec) {
                *ret = r;
                return;
        }
        wall = cur->monotonic_usec - prev->monotonic_usec;
        for (size_t i = 0; i < ELEMENTSOF(percents); i++)
                if (counter_delta(prev, cur, percents[i].stat, &d)) {
                        *dst[i] = (double) d / (double) wall * 100.0;
                        r.available |= UINT32_C(1) << percents[i].rate;
                }
        /* As the reference computes ticks: the share of one core's clock. */
        if (cgroup_cpu_rates_has(&r, CGROUP_RATE_TOTAL_PERCENT) && cpu_mhz > 0) {
                r.total_ticks = r.total_percent / 100.0 * cpu_mhz;
                r.available |= UINT32_C(1) << CGROUP_RATE_TOTAL_TICKS;
        }
        if (counter_delta(prev, cur, CGROUP_STAT_CPU_THROTTLED_PERIODS, &d)) {
                r.throttled_periods = d;
                r.available |= UINT32_C(1) << CGROUP_RATE_THROTTLED_PERIODS;
        }
        if (counter_delta(prev, cur, CGROUP_STAT_CPU_THROTTLED_TIME_USEC, &d)) {
                r.throttled_time_usec = d;
                r.available |= UINT32_C(1) << CGROUP_RATE_THROTTLED_TIME_USEC;
        }
        *ret = r;
}
