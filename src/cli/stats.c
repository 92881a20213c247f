/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "basic/time-util.h"
#include "basic/log.h"
#include "basic/parse-util.h"
#include "bus/bus-unit.h"
#include "bus/bus-util.h"
#include "cgroup/cgroup-path.h"
#include "cgroup/cgroup-read.h"
#include "cgroup/cgroup-stats.h"
#include "cli/verbs.h"
#include "spec/task-id.h"
#include "task/exit-status.h"

#define STATS_DEFAULT_INTERVAL_USEC 1000000ULL

typedef struct StatsArgs {
        const char *id;
        bool json;
        uint64_t interval_usec;
        uint64_t count; /* 0: until the task ends */
} StatsArgs;

static void stats_help(void) {
        printf("Usage: taskscope stats ID [OPTIONS]\n"
               "\n"
               "Show the resource usage of the running task ID from its scope's cgroup.\n"
               "CPU percentages need two samples: with the default --count 1 there are none.\n"
               "\n"
               "  -h, --help               show this help\n"
               "      --json               one JSON object per sample and line\n"
               "      --interval DURATION  time between samples (default 1s)\n"
               "      --count N            take N samples (default 1); 0: until the task ends\n");
}

static int stats_parse_args(int argc, char **argv, StatsArgs *ret) {
        enum { ARG_JSON = 0x100, ARG_INTERVAL, ARG_COUNT };
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "json", no_argument, NULL, ARG_JSON },
                { "interval", required_argument, NULL, ARG_INTERVAL },
                { "count", required_argument, NULL, ARG_COUNT },
                {}
        };
        StatsArgs a = { .interval_usec = STATS_DEFAULT_INTERVAL_USEC, .count = 1 };
        int c, r;

        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":h", options, NULL)) >= 0) {
                switch (c) {
                case 'h':
                        stats_help();
                        return 1;
                case ARG_JSON:
                        a.json = true;
                        break;
                case ARG_INTERVAL:
                        r = parse_duration(optarg, &a.interval_usec);
                        if (r < 0 || a.interval_usec == 0) {
                                log_error("invalid interval '%s': a duration above 0 such as 1s or 500ms", optarg);
                                return -EINVAL;
                        }
                        break;
                case ARG_COUNT:
                        if (parse_uint64(optarg, &a.count) < 0) {
                                log_error("invalid count '%s': a number of samples, 0 for until the task ends", optarg);
                                return -EINVAL;
                        }
                        break;
                case ':':
                        log_error("option '%s' needs a value", argv[optind - 1]);
                        return -EINVAL;
                default:
                        if (optopt)
                                log_error("unknown option '-%c' (see 'taskscope stats --help')", optopt);
                        else
                                log_error("unknown option '%s' (see 'taskscope stats --help')", argv[optind - 1]);
                        return -EINVAL;
                }
        }
        if (optind >= argc) {
                log_error("no task id given: taskscope stats ID [OPTIONS]");
                return -EINVAL;
        }
        if (optind + 1 < argc) {
                log_error("unexpected argument '%s': taskscope stats takes one task id", argv[optind + 1]);
                return -EINVAL;
        }
        a.id = argv[optind];
        if (!task_id_is_valid(a.id)) {
                log_error("invalid task id '%s'", a.id);
                return -EINVAL;
        }
        *ret = a;
        return 0;
}

static void json_object_putp(json_object **o) {
        if (*o)
                json_object_put(*o);
}
#define _cleanup_json_ _cleanup_(json_object_putp)

/* Add v (which may be NULL after a failed allocation) to o, owning it either way. */
static int json_add(json_object *o, const char *key, json_object *v) {
        if (!v)
                return -ENOMEM;
        if (json_object_object_add(o, key, v) < 0) {
                json_object_put(v);
                return -ENOMEM;
        }
        return 0;
}

static int json_push(json_object *array, json_object *v) {
        if (!v)
                return -ENOMEM;
        if (json_object_array_add(array, v) < 0) {
                json_object_put(v);
                return -ENOMEM;
        }
        return 0;
}

/* A double printed with a fixed number of decimals: json-c's default %.17g
 * would show 12.5 as 12.5 but 0.1 as 0.10000000000000001. */
static json_object *json_fixed(double v, int decimals) {
        char buf[64];

        snprintf(buf, sizeof(buf), "%.*f", decimals, v);
        return json_object_new_double_s(v, buf);
}

/* The fields to come in o are named in a "measured" array added first, so
 * that it leads; *ret_measured is o's, not the caller's. */
static json_object *json_group_new(json_object **ret_measured) {
        _cleanup_json_ json_object *o = json_object_new_object();
        json_object *measured;

        if (!o)
                return NULL;
        measured = json_object_new_array();
        if (json_add(o, "measured", measured) < 0)
                return NULL;
        *ret_measured = measured;
        return TAKE_PTR(o);
}

static int json_measure(json_object *o, json_object *measured, const char *key, json_object *v) {
        int r;

        r = json_add(o, key, v);
        if (r < 0)
                return r;
        return json_push(measured, json_object_new_string(key));
}

static json_object *json_stat_group(const CgroupStats *s, CgroupStatGroup g, const CgroupCpuRates *rates) {
        _cleanup_json_ json_object *o = NULL;
        json_object *measured;

        o = json_group_new(&measured);
        if (!o)
                return NULL;
        for (CgroupStat f = 0; f < _CGROUP_STAT_MAX; f++)
                if (cgroup_stat_group(f) == g && cgroup_stats_has(s, f) &&
                    json_measure(o, measured, cgroup_stat_to_string(f), json_object_new_uint64(s->value[f])) < 0)
                        return NULL;
        if (g != CGROUP_GROUP_CPU)
                return TAKE_PTR(o);

        for (CgroupCpuRate k = 0; k < _CGROUP_RATE_MAX; k++) {
                json_object *v;

                if (!cgroup_cpu_rates_has(rates, k))
                        continue;
                switch (k) {
                case CGROUP_RATE_USER_PERCENT:
                        v = json_fixed(rates->user_percent, 2);
                        break;
                case CGROUP_RATE_SYSTEM_PERCENT:
                        v = json_fixed(rates->system_percent, 2);
                        break;
                case CGROUP_RATE_TOTAL_PERCENT:
                        v = json_fixed(rates->total_percent, 2);
                        break;
                case CGROUP_RATE_TOTAL_TICKS:
                        v = json_fixed(rates->total_ticks, 2);
                        break;
                case CGROUP_RATE_THROTTLED_PERIODS:
                        v = json_object_new_uint64(rates->throttled_periods);
                        break;
                case CGROUP_RATE_THROTTLED_TIME_USEC:
                        v = json_object_new_uint64(rates->throttled_time_usec);
                        break;
                default:
                        continue;
                }
                if (json_measure(o, measured, cgroup_cpu_rate_to_string(k), v) < 0)
                        return NULL;
        }
        return TAKE_PTR(o);
}

static json_object *json_pressure(const CgroupStats *s) {
        _cleanup_json_ json_object *o = NULL;
        json_object *measured;

        o = json_group_new(&measured);
        if (!o)
                return NULL;
        for (CgroupPressure p = 0; p < _CGROUP_PRESSURE_MAX; p++) {
                const CgroupPressureLine *l = &s->pressure[p];
                json_object *line;

                if (!cgroup_stats_has_pressure(s, p))
                        continue;
                line = json_object_new_object();
                if (json_measure(o, measured, cgroup_pressure_to_string(p), line) < 0 ||
                    json_add(line, "avg10", json_fixed(l->avg10, 2)) < 0 ||
                    json_add(line, "avg60", json_fixed(l->avg60, 2)) < 0 ||
                    json_add(line, "avg300", json_fixed(l->avg300, 2)) < 0 ||
                    json_add(line, "total_usec", json_object_new_uint64(l->total_usec)) < 0)
                        return NULL;
        }
        return TAKE_PTR(o);
}

static int print_json(const char *id, const CgroupStats *s, const CgroupCpuRates *rates, bool first) {
        _cleanup_json_ json_object *o = json_object_new_object();

        if (!o ||
            json_add(o, "id", json_object_new_string(id)) < 0 ||
            json_add(o, "time", json_fixed((double) s->realtime_usec / 1e6, 6)) < 0 ||
            json_add(o, "memory", json_stat_group(s, CGROUP_GROUP_MEMORY, rates)) < 0 ||
            json_add(o, "cpu", json_stat_group(s, CGROUP_GROUP_CPU, rates)) < 0 ||
            json_add(o, "pids", json_stat_group(s, CGROUP_GROUP_PIDS, rates)) < 0 ||
            json_add(o, "oom", json_stat_group(s, CGROUP_GROUP_OOM, rates)) < 0 ||
            json_add(o, "pressure", json_pressure(s)) < 0 ||
            json_add(o, "io", json_stat_group(s, CGROUP_GROUP_IO, rates)) < 0 ||
            json_add(o, "first_sample", json_object_new_boolean(first)) < 0)
                return -ENOMEM;
        puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
        return 0;
}

/* "-" marks what was not measured (or, for rates, not yet computable). */
static const char *format_bytes(char *buf, size_t n, const CgroupStats *s, CgroupStat f) {
        static const char units[] = "KMGTPE";
        double v;
        size_t u = 0;

        if (!cgroup_stats_has(s, f))
                return "-";
        if (s->value[f] < 1024) {
                snprintf(buf, n, "%" PRIu64 "B", s->value[f]);
                return buf;
        }
        v = (double) s->value[f] / 1024;
        while (v >= 1024 && u + 1 < sizeof(units) - 1) {
                v /= 1024;
                u++;
        }
        snprintf(buf, n, "%.1f%c", v, units[u]);
        return buf;
}

static const char *format_count(char *buf, size_t n, const CgroupStats *s, CgroupStat f) {
        if (!cgroup_stats_has(s, f))
                return "-";
        snprintf(buf, n, "%" PRIu64, s->value[f]);
        return buf;
}

static const char *format_percent(char *buf, size_t n, const CgroupCpuRates *r, CgroupCpuRate k, double v) {
        if (!cgroup_cpu_rates_has(r, k))
                return "-";
        snprintf(buf, n, "%.1f", v);
        return buf;
}

#define ROW_FORMAT "%-8s %6s %6s %6s %7s %7s %7s %5s %7s %7s %7s\n"

static void print_header(void) {
        printf(ROW_FORMAT, "TIME", "CPU%", "USER%", "SYS%", "MEM", "PEAK", "SWAP", "PIDS", "OOMKILL", "READ",
               "WRITE");
}

static void print_row(const CgroupStats *s, const CgroupCpuRates *r) {
        char t[16], cpu[32], user[32], sys[32], mem[32], peak[32], swap[32], pids[32], kills[32], rd[32], wr[32];
        time_t sec = (time_t) (s->realtime_usec / 1000000);
        struct tm tm;

        if (!localtime_r(&sec, &tm) || strftime(t, sizeof(t), "%H:%M:%S", &tm) == 0)
                strcpy(t, "?");
        printf(ROW_FORMAT, t,
               format_percent(cpu, sizeof(cpu), r, CGROUP_RATE_TOTAL_PERCENT, r->total_percent),
               format_percent(user, sizeof(user), r, CGROUP_RATE_USER_PERCENT, r->user_percent),
               format_percent(sys, sizeof(sys), r, CGROUP_RATE_SYSTEM_PERCENT, r->system_percent),
               format_bytes(mem, sizeof(mem), s, CGROUP_STAT_MEMORY_USAGE),
               format_bytes(peak, sizeof(peak), s, CGROUP_STAT_MEMORY_MAX_USAGE),
               format_bytes(swap, sizeof(swap), s, CGROUP_STAT_MEMORY_SWAP),
               format_count(pids, sizeof(pids), s, CGROUP_STAT_PIDS_COUNT),
               format_count(kills, sizeof(kills), s, CGROUP_STAT_OOM_KILL),
               format_bytes(rd, sizeof(rd), s, CGROUP_STAT_IO_READ_BYTES),
               format_bytes(wr, sizeof(wr), s, CGROUP_STAT_IO_WRITE_BYTES));
}

static void sleep_until(uint64_t usec) {
        struct timespec ts = { .tv_sec = (time_t) (usec / 1000000), .tv_nsec = (long) (usec % 1000000) * 1000 };

        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
                ;
}

static int not_running(const char *id) {
        log_error("no task '%s' is running", id);
        return -ENOENT;
}

/* The cgroup of the running task's scope, opened. */
static int open_task_cgroup(const char *id, const char *unit, CgroupReader **ret) {
        _cleanup_bus_ sd_bus *bus = NULL;
        _cleanup_bus_error_ sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_free_ char *cgroup = NULL;
        int is_private, r;

        r = bus_connect_systemd(&bus, &is_private);
        if (r < 0)
                return log_error_errno(r, "cannot connect to systemd");
        r = bus_get_unit_string(bus, unit, "org.freedesktop.systemd1.Scope", "ControlGroup", &cgroup, &error);
        /* A unit still loaded but stopped has no cgroup any more. */
        if (r == -ENOENT || (r >= 0 && cgroup[0] == '\0'))
                return not_running(id);
        if (r < 0) {
                log_error("cannot get the cgroup of %s: %s", unit, bus_error_message(&error, r));
                return r;
        }
        r = cgroup_reader_open(cgroup, ret);
        if (r == -ENOENT)
                return not_running(id);
        if (r < 0)
                return log_error_errno(r, "cannot open the cgroup %s%s", CGROUP_ROOT, cgroup);
        return 0;
}

static int stats_task(const StatsArgs *a) {
        _cleanup_cgroup_reader_ CgroupReader *reader = NULL;
        _cleanup_free_ char *unit = NULL;
        CgroupStats prev = {}, cur;
        double mhz;
        uint64_t deadline = 0;
        int r;

        r = task_unit_name(a->id, &unit);
        if (r < 0)
                return log_error_errno(r, "cannot name the unit of task '%s'", a->id);
        r = open_task_cgroup(a->id, unit, &reader);
        if (r < 0)
                return r;
        /* Only total_ticks needs it: without it that field is left out. */
        if (cgroup_read_cpu_mhz(&mhz) < 0)
                mhz = 0;

        if (!a->json)
                print_header();
        for (uint64_t i = 0; a->count == 0 || i < a->count; i++) {
                CgroupCpuRates rates;

                if (i > 0) {
                        /* A fixed schedule, without a burst to catch up if one sample ran late. */
                        uint64_t now = now_usec(CLOCK_MONOTONIC);

                        deadline = deadline + a->interval_usec < deadline ? UINT64_MAX : deadline + a->interval_usec;
                        if (deadline < now)
                                deadline = now;
                        sleep_until(deadline);
                } else
                        deadline = now_usec(CLOCK_MONOTONIC);

                r = cgroup_reader_sample(reader, &cur);
                if (r == -ENODEV) {
                        if (i == 0)
                                return not_running(a->id);
                        /* Streaming until the end: the end is no error. */
                        if (a->count == 0)
                                return 0;
                        log_error("task '%s' ended after %" PRIu64 " of %" PRIu64 " samples", a->id, i, a->count);
                        return r;
                }
                if (r < 0)
                        return log_error_errno(r, "cannot read %s of %s", cgroup_reader_failed_file(reader) ?: "a stats file",
                                                 unit);

                cgroup_cpu_rates(i > 0 ? &prev : NULL, &cur, mhz, &rates);
                if (a->json) {
                        r = print_json(a->id, &cur, &rates, i == 0);
                        if (r < 0)
                                return log_error_errno(r, "cannot build the JSON of a sample");
                } else
                        print_row(&cur, &rates);
                if (fflush(stdout) != 0)
                        return log_error_errno(-errno, "cannot write the stats");
                prev = cur;
        }
        return 0;
}

int verb_stats(int argc, char **argv) {
        StatsArgs a;
        int r;

        r = stats_parse_args(argc, argv, &a);
        if (r != 0)
                return r > 0 ? 0 : EXIT_LAUNCHER;
        return stats_task(&a) < 0 ? EXIT_LAUNCHER : 0;
}
