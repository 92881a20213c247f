/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "basic/json-util.h"
#include "basic/time-util.h"
#include "basic/log.h"
#include "basic/parse-util.h"
#include "bus/bus-unit.h"
#include "bus/bus-util.h"
#include "cgroup/cgroup-path.h"
#include "cgroup/cgroup-read.h"
#include "cgroup/cgroup-stats.h"
#include "cgroup/process-read.h"
#include "cgroup/process-stats.h"
#include "cli/verbs.h"
#include "spec/task-id.h"
#include "task/exit-status.h"
#include "task/stats-json.h"
#include "task/task-info.h"

#define STATS_DEFAULT_INTERVAL_USEC 1000000ULL

typedef struct StatsArgs {
        const char *id;
        bool json;
        bool processes;
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
               "      --processes          also each process of the task: pid, command,\n"
               "                           RSS and CPU percentages (from the second sample)\n"
               "      --interval DURATION  time between samples (default 1s)\n"
               "      --count N            take N samples (default 1); 0: until the task ends\n");
}

static int stats_parse_args(int argc, char **argv, StatsArgs *ret) {
        enum { ARG_JSON = 0x100, ARG_INTERVAL, ARG_COUNT, ARG_PROCESSES };
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "json", no_argument, NULL, ARG_JSON },
                { "interval", required_argument, NULL, ARG_INTERVAL },
                { "count", required_argument, NULL, ARG_COUNT },
                { "processes", no_argument, NULL, ARG_PROCESSES },
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
                case ARG_PROCESSES:
                        a.processes = true;
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

static int print_json(const TaskStatsSample *sample) {
        _cleanup_json_ json_object *o = NULL;
        const char *line;
        int r;

        r = task_stats_json_build(sample, &o);
        if (r < 0)
                return r;
        line = task_stats_json_line(o);
        if (!line)
                return -ENOMEM;
        puts(line);
        return 0;
}

/* "-" marks what was not measured (or, for rates, not yet computable). */
static const char *format_stat_bytes(char *buf, size_t n, const CgroupStats *s, CgroupStat f) {
        if (!cgroup_stats_has(s, f))
                return "-";
        return format_bytes(buf, n, s->value[f]);
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
               format_stat_bytes(mem, sizeof(mem), s, CGROUP_STAT_MEMORY_USAGE),
               format_stat_bytes(peak, sizeof(peak), s, CGROUP_STAT_MEMORY_MAX_USAGE),
               format_stat_bytes(swap, sizeof(swap), s, CGROUP_STAT_MEMORY_SWAP),
               format_count(pids, sizeof(pids), s, CGROUP_STAT_PIDS_COUNT),
               format_count(kills, sizeof(kills), s, CGROUP_STAT_OOM_KILL),
               format_stat_bytes(rd, sizeof(rd), s, CGROUP_STAT_IO_READ_BYTES),
               format_stat_bytes(wr, sizeof(wr), s, CGROUP_STAT_IO_WRITE_BYTES));
}

#define PROCESS_FORMAT "  %7s %-8s %6s %6s %6s %7s  %s\n"

/* A block below the sample's row: one line per process, by pid. */
static void print_processes(const CgroupProcessList *l) {
        printf(PROCESS_FORMAT, "PID", "GROUP", "CPU%", "USER%", "SYS%", "RSS", "COMMAND");
        for (size_t i = 0; i < l->n; i++) {
                const CgroupProcess *p = &l->items[i];
                char pid[16], cpu[32], user[32], sys[32], rss[32], comm[sizeof(p->comm)];

                snprintf(pid, sizeof(pid), "%d", (int) p->pid);
                if (p->has_percent) {
                        snprintf(cpu, sizeof(cpu), "%.1f", p->total_percent);
                        snprintf(user, sizeof(user), "%.1f", p->user_percent);
                        snprintf(sys, sizeof(sys), "%.1f", p->system_percent);
                } else {
                        strcpy(cpu, "-");
                        strcpy(user, "-");
                        strcpy(sys, "-");
                }
                /* The process chose its comm: no control characters to the terminal. */
                memcpy(comm, p->comm, sizeof(comm));
                comm[sizeof(comm) - 1] = '\0';
                for (char *c = comm; *c; c++)
                        if ((unsigned char) *c < 0x20 || *c == 0x7f)
                                *c = '?';
                printf(PROCESS_FORMAT, pid, p->group, cpu, user, sys, format_bytes(rss, sizeof(rss), p->rss_bytes), comm);
        }
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

/* The cgroup of the running task's scope, opened; with ret_processes, also
 * its task/ sub-cgroup, where the task's processes are (exec sessions beside
 * it are not the task's). */
static int open_task_cgroup(const char *id, const char *unit, CgroupReader **ret,
                            CgroupProcessReader **ret_processes) {
        _cleanup_cgroup_reader_ CgroupReader *reader = NULL;
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
        r = cgroup_reader_open(cgroup, &reader);
        if (r == -ENOENT)
                return not_running(id);
        if (r < 0)
                return log_error_errno(r, "cannot open the cgroup %s%s", CGROUP_ROOT, cgroup);
        if (ret_processes) {
                /* The task's own and its exec sessions' processes, each
                 * with its group; not the holder's. */
                r = cgroup_process_reader_open(cgroup, ret_processes);
                /* Removed with the scope since its cgroup was opened. */
                if (r == -ENOENT)
                        return not_running(id);
                if (r < 0)
                        return log_error_errno(r, "cannot open the cgroup %s%s", CGROUP_ROOT, cgroup);
        }
        *ret = TAKE_PTR(reader);
        return 0;
}

static void process_lists_done(CgroupProcessList (*l)[2]) {
        cgroup_process_list_done(&(*l)[0]);
        cgroup_process_list_done(&(*l)[1]);
}

static int stats_task(const StatsArgs *a) {
        _cleanup_cgroup_reader_ CgroupReader *reader = NULL;
        _cleanup_cgroup_process_reader_ CgroupProcessReader *process_reader = NULL;
        _cleanup_(process_lists_done) CgroupProcessList procs[2] = { CGROUP_PROCESS_LIST_NULL, CGROUP_PROCESS_LIST_NULL };
        _cleanup_free_ char *unit = NULL;
        CgroupStats prev = {}, cur;
        long ticks_per_sec = 0;
        double mhz;
        uint64_t deadline = 0;
        int r;

        r = task_unit_name(a->id, &unit);
        if (r < 0)
                return log_error_errno(r, "cannot name the unit of task '%s'", a->id);
        r = open_task_cgroup(a->id, unit, &reader, a->processes ? &process_reader : NULL);
        if (r < 0)
                return r;
        if (a->processes) {
                ticks_per_sec = sysconf(_SC_CLK_TCK);
                if (ticks_per_sec <= 0)
                        return log_error_errno(-EINVAL, "cannot get the clock ticks per second");
        }
        /* Only total_ticks needs it: without it that field is left out. */
        if (cgroup_read_cpu_mhz(&mhz) < 0)
                mhz = 0;

        if (!a->json && !a->processes)
                print_header();
        for (uint64_t i = 0; a->count == 0 || i < a->count; i++) {
                CgroupProcessList *pcur = &procs[i % 2], *pprev = &procs[(i + 1) % 2];
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
                if (r >= 0 && process_reader) {
                        r = cgroup_process_reader_sample(process_reader, pcur);
                        if (r < 0 && r != -ENODEV)
                                return log_error_errno(r, "cannot list the processes of %s", unit);
                }
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
                if (process_reader)
                        cgroup_process_rates(i > 0 ? pprev : NULL, pcur, (uint64_t) ticks_per_sec);
                if (a->json) {
                        r = print_json(&(TaskStatsSample) {
                                .id = a->id,
                                .stats = &cur,
                                .rates = &rates,
                                .first = i == 0,
                                .processes = process_reader ? pcur : NULL,
                        });
                        if (r < 0)
                                return log_error_errno(r, "cannot build the JSON of a sample");
                } else if (process_reader) {
                        /* Each sample with a header of its own, as blocks come between the rows. */
                        if (i > 0)
                                putchar('\n');
                        print_header();
                        print_row(&cur, &rates);
                        print_processes(pcur);
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
