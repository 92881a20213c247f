/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* taskscope's benchmark, run inside a bed (see bench/README.md): launch
 * latency and throughput side by side with systemd-run, bubblewrap and two
 * floors, the CPU cost of a stats poll against a bare read loop and D-Bus,
 * the idle supervisor's private memory, teardown, and what a cgroup
 * migration costs beside a process born in its cgroup. Every comparison is a
 * ratio of two things measured in the same run, interleaved. Results: a
 * table on stdout, JSON (json-c) in --out. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <linux/sched.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <systemd/sd-bus.h>
#include <time.h>
#include <unistd.h>

#include "basic/fileio.h"
#include "basic/json-util.h"
#include "basic/macro.h"
#include "basic/proc-util.h"
#include "basic/time-util.h"
#include "cgroup/cgroup-path.h"
#include "cgroup/cgroup-read.h"
#include "task/state.h"

extern char **environ;

typedef struct Options {
        unsigned runs;          /* latency: launches of each kind */
        unsigned tp_tasks;      /* throughput: tasks per concurrency level */
        unsigned stats_polls;   /* stats: polls of one task */
        unsigned stats_tasks;   /* stats and footprint: tasks running */
        unsigned stop_runs;     /* teardown: timed stops */
        unsigned cycles;        /* teardown: launch/stop cycles */
        unsigned moves;         /* migration: samples of each kind */
        const char *sections;
        const char *out;
        const char *root;
        const char *floor;      /* the floor client */
} Options;

static bool want(const Options *o, const char *section) {
        const char *p = strstr(o->sections, section);
        size_t n = strlen(section);

        return strcmp(o->sections, "all") == 0 || (p && (p == o->sections || p[-1] == ',') && (p[n] == ',' || !p[n]));
}

/* --- processes --------------------------------------------------------- */

static int spawn(char *const argv[], int stdout_fd, pid_t *ret) {
        posix_spawn_file_actions_t fa;
        int r;

        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        if (stdout_fd >= 0)
                posix_spawn_file_actions_adddup2(&fa, stdout_fd, 1);
        else
                posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
        r = posix_spawnp(ret, argv[0], &fa, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&fa);
        return -r;
}

static uint64_t pid1_cpu_usec(void) {
        ProcStat st;
        return proc_stat_read(1, &st) < 0 ? 0 : (st.utime + st.stime) * 1000000 / (uint64_t) sysconf(_SC_CLK_TCK);
}

/* The exit code; the CPU time of the process and of the descendants it
 * reaped into *cpu_usec when not NULL. */
static int wait_code_cpu(pid_t pid, uint64_t *cpu_usec) {
        struct rusage ru;
        int status;

        while (wait4(pid, &status, 0, &ru) < 0)
                if (errno != EINTR)
                        return -errno;
        if (cpu_usec)
                *cpu_usec = (uint64_t) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 +
                            (uint64_t) (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int wait_code(pid_t pid) {
        return wait_code_cpu(pid, NULL);
}

/* Run and time one command: its exit code, or a negative errno. With
 * cpu_usec, also the CPU the command used (see wait_code_cpu). */
static int run_timed_cpu(char *const argv[], uint64_t *usec, uint64_t *cpu_usec) {
        uint64_t t0 = now_usec(CLOCK_MONOTONIC);
        pid_t pid;
        int r;

        r = spawn(argv, -1, &pid);
        if (r < 0)
                return r;
        r = wait_code_cpu(pid, cpu_usec);
        *usec = now_usec(CLOCK_MONOTONIC) - t0;
        return r;
}

static int run_timed(char *const argv[], uint64_t *usec) {
        return run_timed_cpu(argv, usec, NULL);
}

/* Run a command, its first line of output into buf. */
static int run_capture(char *const argv[], char *buf, size_t size) {
        int p[2], r;
        pid_t pid;
        ssize_t n;
        size_t len = 0;

        if (pipe2(p, O_CLOEXEC) < 0)
                return -errno;
        r = spawn(argv, p[1], &pid);
        close(p[1]);
        if (r < 0) {
                close(p[0]);
                return r;
        }
        while (len + 1 < size && (n = read(p[0], buf + len, size - 1 - len)) > 0)
                len += (size_t) n;
        close(p[0]);
        buf[len] = '\0';
        buf[strcspn(buf, "\n")] = '\0';
        return wait_code(pid);
}

static int run_quiet(char *const argv[]) {
        uint64_t t;
        return run_timed(argv, &t);
}

/* --- numbers ----------------------------------------------------------- */

static int cmp_u64(const void *a, const void *b) {
        uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;
        return x < y ? -1 : x > y;
}

/* Nearest rank, on a sorted array. */
static double pct(const uint64_t *sorted, size_t n, double p) {
        size_t k;

        if (n == 0)
                return NAN;
        k = (size_t) ceil(p / 100.0 * (double) n);
        return (double) sorted[k ? k - 1 : 0];
}

typedef struct Spread {
        double median, p90, p99;
} Spread;

/* Sorts the samples; their median, p90 and p99, each divided by unit. */
static Spread spread_of(uint64_t *samples, size_t n, double unit) {
        qsort(samples, n, sizeof(uint64_t), cmp_u64);
        return (Spread) {
                .median = pct(samples, n, 50) / unit,
                .p90 = pct(samples, n, 90) / unit,
                .p99 = pct(samples, n, 99) / unit,
        };
}

static json_object *json_num(double v, int decimals) {
        char buf[64];

        if (!isfinite(v))
                return NULL;
        snprintf(buf, sizeof(buf), "%.*f", decimals, v);
        return json_object_new_double_s(v, buf);
}

typedef struct Target {
        const char *name;
        double value, limit;
        bool at_most; /* value <= limit, else value >= limit */
} Target;

static Target targets[16];
static size_t n_targets;

static void target(const char *name, double value, double limit, bool at_most) {
        if (n_targets < ELEMENTSOF(targets))
                targets[n_targets++] = (Target) { name, value, limit, at_most };
}

/* --- 1. launch latency ------------------------------------------------- */

typedef struct Variant {
        const char *name;
        char *argv[24];
        uint64_t *usec;
        uint64_t cpu_usec, pid1_usec; /* summed over the runs */
        unsigned failures;
        Spread ms;
} Variant;

static int make_root(const char *root) {
        char path[4096];
        static const char *const links[] = { "true", "sh", "sleep", "cat" };

        snprintf(path, sizeof(path), "%s/bin", root);
        if (mkdir(root, 0755) < 0 && errno != EEXIST)
                return -errno;
        if (mkdir(path, 0755) < 0 && errno != EEXIST)
                return -errno;
        snprintf(path, sizeof(path), "%s/tmp", root);
        (void) mkdir(path, 01777);
        snprintf(path, sizeof(path), "cp /bin/busybox '%s/bin/busybox'", root);
        if (system(path) != 0)
                return -EIO;
        for (size_t i = 0; i < ELEMENTSOF(links); i++) {
                snprintf(path, sizeof(path), "%s/bin/%s", root, links[i]);
                (void) symlink("busybox", path);
        }
        return 0;
}

static void bench_latency(const Options *o, json_object *out) {
        char *R = (char *) o->root, *F = (char *) o->floor;
        Variant v[] = {
                { "taskscope --root (full isolation)",
                  { "taskscope", "run", "--root", R, "--memory", "64M", "--pids-max", "64", "-q", "--", "/bin/true" } },
                { "systemd-run --scope",
                  { "systemd-run", "--scope", "-q", "-p", "MemoryMax=64M", "-p", "TasksMax=64", "/bin/true" } },
                { "systemd-run --scope bwrap",
                  { "systemd-run", "--scope", "-q", "-p", "MemoryMax=64M", "-p", "TasksMax=64", "bwrap",
                    "--unshare-pid", "--unshare-ipc", "--bind", R, "/", "--dev", "/dev", "--proc", "/proc",
                    "/bin/true" } },
                { "floor: StartTransientUnit client", { F, "scope", "/bin/true" } },
                { "floor: fork+exec", { F, "fork", "/bin/true" } },
        };
        json_object *j = json_object_new_object();
        const size_t base = 1;

        for (size_t i = 0; i < ELEMENTSOF(v); i++)
                v[i].usec = calloc(o->runs, sizeof(uint64_t));
        /* Warm caches once, then A B C D E, A B C D E... */
        for (size_t i = 0; i < ELEMENTSOF(v); i++)
                (void) run_quiet(v[i].argv);
        for (unsigned k = 0; k < o->runs; k++)
                for (size_t i = 0; i < ELEMENTSOF(v); i++) {
                        uint64_t cpu = 0, p1 = pid1_cpu_usec();

                        if (run_timed_cpu(v[i].argv, &v[i].usec[k], &cpu) != 0)
                                v[i].failures++;
                        v[i].cpu_usec += cpu;
                        v[i].pid1_usec += pid1_cpu_usec() - p1;
                }

        printf("\n1. Launch latency of /bin/true, %u runs each, interleaved (ms)\n", o->runs);
        printf("   %-36s %8s %8s %8s %10s %10s %6s %6s %5s\n", "", "median", "p90", "p99", "median/B", "p99/B",
               "cpu", "pid1", "fail");
        for (size_t i = 0; i < ELEMENTSOF(v); i++)
                v[i].ms = spread_of(v[i].usec, o->runs, 1000);
        for (size_t i = 0; i < ELEMENTSOF(v); i++) {
                json_object *e = json_object_new_object();
                double rm = v[i].ms.median / v[base].ms.median, rp = v[i].ms.p99 / v[base].ms.p99;

                double cpu = (double) v[i].cpu_usec / o->runs / 1000, pid1 = (double) v[i].pid1_usec / o->runs / 1000;

                printf("   %-36s %8.2f %8.2f %8.2f %9.2fx %9.2fx %6.2f %6.2f %5u\n", v[i].name, v[i].ms.median,
                       v[i].ms.p90, v[i].ms.p99, rm, rp, cpu, pid1, v[i].failures);
                json_object_object_add(e, "median_ms", json_num(v[i].ms.median, 3));
                json_object_object_add(e, "p90_ms", json_num(v[i].ms.p90, 3));
                json_object_object_add(e, "p99_ms", json_num(v[i].ms.p99, 3));
                json_object_object_add(e, "median_vs_systemd_run", json_num(rm, 3));
                json_object_object_add(e, "p99_vs_systemd_run", json_num(rp, 3));
                json_object_object_add(e, "cpu_ms", json_num(cpu, 3));
                json_object_object_add(e, "pid1_cpu_ms", json_num(pid1, 3));
                json_object_object_add(e, "failures", json_object_new_int((int) v[i].failures));
                json_object_object_add(j, v[i].name, e);
                free(v[i].usec);
        }
        printf("   (B = systemd-run --scope, which isolates nothing; cpu: ms of CPU per launch used by the\n"
               "   command and what it reaped; pid1: ms of PID 1's CPU per launch)\n");
        json_object_object_add(j, "runs", json_object_new_int((int) o->runs));
        json_object_object_add(out, "latency", j);
        target("launch median / systemd-run --scope median", v[0].ms.median / v[1].ms.median, 0.5, true);
        target("launch p99 / systemd-run --scope p99", v[0].ms.p99 / v[1].ms.p99, 0.8, true);
        target("launch median / StartTransientUnit floor median", v[0].ms.median / v[3].ms.median, 1.3, true);
}

/* --- 2. throughput ----------------------------------------------------- */

/* CPU time the whole machine spent busy, all processes and the kernel: in a
 * bed, /proc/stat is the host's. Launches that saturate the CPUs complete
 * at a rate set by this per task, whoever spends it (PID 1, journald, the
 * kernel's cleanup). */
static uint64_t machine_busy_usec(void) {
        unsigned long long user, nice, system, idle, iowait, irq, softirq, steal;
        _cleanup_free_ char *stat = NULL;

        if (read_file_at(AT_FDCWD, "/proc/stat", &stat) < 0 ||
            sscanf(stat, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &system, &idle, &iowait, &irq,
                   &softirq, &steal) != 8)
                return 0;
        return (uint64_t) (user + nice + system + irq + softirq + steal) * 1000000 /
               (uint64_t) sysconf(_SC_CLK_TCK);
}

/* Tasks per second; the machine's busy CPU time added to *busy_usec and the
 * tasks done to *tasks. */
static double throughput(char *const argv[], unsigned total, unsigned in_flight, unsigned *failures,
                         uint64_t *busy_usec, unsigned *tasks) {
        unsigned started = 0, done = 0, running = 0;
        uint64_t t0 = now_usec(CLOCK_MONOTONIC), busy0 = machine_busy_usec();

        while (done < total) {
                int status;
                pid_t pid;

                while (running < in_flight && started < total) {
                        if (spawn(argv, -1, &pid) < 0) {
                                (*failures)++;
                                total--;
                                continue;
                        }
                        started++;
                        running++;
                }
                pid = wait(&status);
                if (pid < 0) {
                        if (errno == EINTR)
                                continue;
                        break;
                }
                running--;
                done++;
                if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                        (*failures)++;
        }
        *busy_usec += machine_busy_usec() - busy0;
        *tasks += done;
        return (double) done / ((double) (now_usec(CLOCK_MONOTONIC) - t0) / 1e6);
}

static void bench_throughput(const Options *o, json_object *out) {
        char *ts[] = { "taskscope", "run", "--root", (char *) o->root, "--memory", "64M", "--pids-max", "64", "-q",
                       "--", "/bin/true", NULL };
        char *fl[] = { (char *) o->floor, "scope", "/bin/true", NULL };
        static const unsigned levels[] = { 1, 16, 64 };
        json_object *j = json_object_new_object();
        double ratio64 = NAN;

        printf("\n2. Throughput, %u tasks per level (tasks/s; machine CPU ms per task, all processes)\n",
               o->tp_tasks);
        printf("   %-10s %12s %12s %8s %9s %9s %9s %5s\n", "in flight", "taskscope", "floor", "ratio", "cpu ts",
               "cpu floor", "cpu f/ts", "fail");
        for (size_t i = 0; i < ELEMENTSOF(levels); i++) {
                unsigned f1 = 0, f2 = 0, n1 = 0, n2 = 0;
                uint64_t c1 = 0, c2 = 0;
                /* Interleaved halves so that drift hits both alike. */
                double a1 = throughput(ts, o->tp_tasks / 2, levels[i], &f1, &c1, &n1);
                double b1 = throughput(fl, o->tp_tasks / 2, levels[i], &f2, &c2, &n2);
                double a2 = throughput(ts, o->tp_tasks / 2, levels[i], &f1, &c1, &n1);
                double b2 = throughput(fl, o->tp_tasks / 2, levels[i], &f2, &c2, &n2);
                double a = (a1 + a2) / 2, b = (b1 + b2) / 2;
                double ca = n1 ? (double) c1 / n1 / 1000 : NAN, cb = n2 ? (double) c2 / n2 / 1000 : NAN;
                json_object *e = json_object_new_object();
                char key[16];

                printf("   %-10u %12.1f %12.1f %7.2fx %9.2f %9.2f %8.2fx %5u\n", levels[i], a, b, a / b, ca, cb,
                       cb / ca, f1 + f2);
                json_object_object_add(e, "taskscope_per_s", json_num(a, 1));
                json_object_object_add(e, "floor_per_s", json_num(b, 1));
                json_object_object_add(e, "ratio", json_num(a / b, 3));
                json_object_object_add(e, "taskscope_machine_cpu_ms", json_num(ca, 3));
                json_object_object_add(e, "floor_machine_cpu_ms", json_num(cb, 3));
                json_object_object_add(e, "failures", json_object_new_int((int) (f1 + f2)));
                snprintf(key, sizeof(key), "%u", levels[i]);
                json_object_object_add(j, key, e);
                if (levels[i] == 64)
                        ratio64 = a / b;
        }
        json_object_object_add(out, "throughput", j);
        target("throughput at 64 in flight / floor", ratio64, 0.8, false);
}

/* --- 3, 4. stats cost and footprint, over running detached tasks -------- */

typedef struct Tasks {
        char (*ids)[64];
        char **cgroups;
        unsigned n;
} Tasks;

static int tasks_start(Tasks *t, unsigned n) {
        t->ids = calloc(n, sizeof(*t->ids));
        t->cgroups = calloc(n, sizeof(char *));
        for (unsigned i = 0; i < n; i++) {
                char *argv[] = { "taskscope", "run", "--detach", "-q", "--", "sleep", "100000", NULL };
                if (run_capture(argv, t->ids[i], sizeof(t->ids[i])) != 0 || !t->ids[i][0])
                        return -EIO;
                if (asprintf(&t->cgroups[i], "/taskscope.slice/taskscope-%s.scope", t->ids[i]) < 0)
                        return -ENOMEM;
                t->n++;
        }
        return 0;
}

static void tasks_stop(Tasks *t) {
        for (unsigned i = 0; i < t->n; i++) {
                char *argv[] = { "taskscope", "stop", t->ids[i], "--grace", "0", NULL };
                (void) run_quiet(argv);
                free(t->cgroups[i]);
        }
        free(t->ids);
        free(t->cgroups);
        *t = (Tasks) {};
}

static uint64_t cpu_usec(clockid_t clock) {
        return now_usec(clock);
}

/* Our reader: the directory and each file kept open (a pread() per file
 * per poll), one buffer, parsed. The first sample, which opens the files,
 * is not timed: a stats stream polls the same reader over and over. NAN if
 * a sample fails (running out of fds would otherwise look cheap). */
static double poll_reader(const Tasks *t, unsigned n, unsigned polls) {
        CgroupReader **r = calloc(n, sizeof(*r));
        CgroupStats s;
        uint64_t t0;
        int failed = 0;

        for (unsigned i = 0; i < n; i++)
                if (cgroup_reader_open(t->cgroups[i], &r[i]) < 0)
                        return NAN;
        for (unsigned i = 0; i < n; i++)
                failed |= cgroup_reader_sample(r[i], &s) < 0;
        t0 = cpu_usec(CLOCK_PROCESS_CPUTIME_ID);
        for (unsigned k = 0; k < polls; k++)
                for (unsigned i = 0; i < n; i++)
                        failed |= cgroup_reader_sample(r[i], &s) < 0;
        t0 = cpu_usec(CLOCK_PROCESS_CPUTIME_ID) - t0;
        for (unsigned i = 0; i < n; i++)
                cgroup_reader_free(r[i]);
        free(r);
        return failed ? NAN : (double) t0 / polls;
}

/* The bare loop: the same files, by path, open/read/close, nothing parsed. */
static double poll_bare(const Tasks *t, unsigned n, unsigned polls) {
        static char buf[65536];
        uint64_t t0;

        t0 = cpu_usec(CLOCK_PROCESS_CPUTIME_ID);
        for (unsigned k = 0; k < polls; k++)
                for (unsigned i = 0; i < n; i++)
                        for (int f = 0; f < _CGROUP_FILE_MAX; f++) {
                                char path[512];
                                int fd;

                                snprintf(path, sizeof(path), CGROUP_ROOT "%s/%s", t->cgroups[i],
                                         cgroup_stats_file_to_string((CgroupStatsFile) f));
                                fd = open(path, O_RDONLY | O_CLOEXEC);
                                if (fd < 0)
                                        continue;
                                while (read(fd, buf, sizeof(buf)) > 0)
                                        ;
                                close(fd);
                        }
        return (double) (cpu_usec(CLOCK_PROCESS_CPUTIME_ID) - t0) / polls;
}

/* The bare loop with the files kept open: a pread() from 0 per file per
 * poll, nothing parsed. What our reader costs beyond the kernel's work. */
static double poll_bare_kept(const Tasks *t, unsigned n, unsigned polls) {
        static char buf[65536];
        int *fds = calloc((size_t) n * _CGROUP_FILE_MAX, sizeof(int));
        uint64_t t0;

        for (unsigned i = 0; i < n; i++)
                for (int f = 0; f < _CGROUP_FILE_MAX; f++) {
                        char path[512];

                        snprintf(path, sizeof(path), CGROUP_ROOT "%s/%s", t->cgroups[i],
                                 cgroup_stats_file_to_string((CgroupStatsFile) f));
                        fds[i * _CGROUP_FILE_MAX + f] = open(path, O_RDONLY | O_CLOEXEC);
                }
        t0 = cpu_usec(CLOCK_PROCESS_CPUTIME_ID);
        for (unsigned k = 0; k < polls; k++)
                for (unsigned i = 0; i < (size_t) n * _CGROUP_FILE_MAX; i++) {
                        off_t off = 0;
                        ssize_t len;

                        if (fds[i] < 0)
                                continue;
                        while ((len = pread(fds[i], buf, sizeof(buf), off)) > 0)
                                off += len;
                }
        t0 = cpu_usec(CLOCK_PROCESS_CPUTIME_ID) - t0;
        for (unsigned i = 0; i < (size_t) n * _CGROUP_FILE_MAX; i++)
                if (fds[i] >= 0)
                        close(fds[i]);
        free(fds);
        return (double) t0 / polls;
}

/* The same figures as unit properties: one GetAll per task per poll. Our
 * CPU and PID 1's. */
static double poll_dbus(const Tasks *t, unsigned n, unsigned polls, double *ret_pid1) {
        sd_bus *bus = NULL;
        char **paths = calloc(n, sizeof(char *));
        uint64_t t0, p0;

        if (sd_bus_new(&bus) < 0 || sd_bus_set_address(bus, "unix:path=/run/systemd/private") < 0 ||
            sd_bus_start(bus) < 0)
                return NAN;
        for (unsigned i = 0; i < n; i++) {
                char unit[128];
                snprintf(unit, sizeof(unit), "taskscope-%s.scope", t->ids[i]);
                if (sd_bus_path_encode("/org/freedesktop/systemd1/unit", unit, &paths[i]) < 0)
                        return NAN;
        }
        t0 = cpu_usec(CLOCK_PROCESS_CPUTIME_ID);
        p0 = pid1_cpu_usec();
        for (unsigned k = 0; k < polls; k++)
                for (unsigned i = 0; i < n; i++) {
                        sd_bus_message *reply = NULL;
                        if (sd_bus_call_method(bus, "org.freedesktop.systemd1", paths[i],
                                               "org.freedesktop.DBus.Properties", "GetAll", NULL, &reply, "s",
                                               "org.freedesktop.systemd1.Scope") >= 0)
                                (void) sd_bus_message_skip(reply, NULL);
                        sd_bus_message_unref(reply);
                }
        t0 = cpu_usec(CLOCK_PROCESS_CPUTIME_ID) - t0;
        *ret_pid1 = (double) (pid1_cpu_usec() - p0) / polls;
        for (unsigned i = 0; i < n; i++)
                free(paths[i]);
        free(paths);
        sd_bus_flush_close_unref(bus);
        return (double) t0 / polls;
}

static void bench_stats(const Options *o, const Tasks *t, json_object *out) {
        json_object *j = json_object_new_object();
        static const unsigned counts[] = { 1, 0 };

        printf("\n3. CPU time per stats poll (us), in-process loops\n");
        printf("   %-8s %10s %10s %10s %12s %8s %8s %9s\n", "tasks", "taskscope", "bare open", "bare kept",
               "D-Bus+PID 1", "vs open", "vs kept", "D-Bus/us");
        for (size_t c = 0; c < ELEMENTSOF(counts); c++) {
                unsigned n = counts[c] ? counts[c] : t->n;
                unsigned polls = n == 1 ? o->stats_polls : (o->stats_polls / n ?: 1);
                double pid1 = 0, ours = 0, bare = 0, kept = 0, dbus = 0;
                json_object *e = json_object_new_object();
                char key[16];

                /* Interleaved twice, then D-Bus. */
                for (int round = 0; round < 2; round++) {
                        ours += poll_reader(t, n, polls) / 2;
                        bare += poll_bare(t, n, polls) / 2;
                        kept += poll_bare_kept(t, n, polls) / 2;
                }
                dbus = poll_dbus(t, n, polls, &pid1);
                printf("   %-8u %10.1f %10.1f %10.1f %12.1f %7.2fx %7.2fx %8.1fx\n", n, ours, bare, kept,
                       dbus + pid1, ours / bare, ours / kept, (dbus + pid1) / ours);
                json_object_object_add(e, "taskscope_us", json_num(ours, 2));
                json_object_object_add(e, "bare_read_us", json_num(bare, 2));
                json_object_object_add(e, "bare_kept_us", json_num(kept, 2));
                json_object_object_add(e, "vs_bare_kept", json_num(ours / kept, 3));
                json_object_object_add(e, "dbus_client_us", json_num(dbus, 2));
                json_object_object_add(e, "dbus_pid1_us", json_num(pid1, 2));
                json_object_object_add(e, "vs_bare", json_num(ours / bare, 3));
                json_object_object_add(e, "dbus_vs_taskscope", json_num((dbus + pid1) / ours, 2));
                json_object_object_add(e, "polls", json_object_new_int((int) polls));
                snprintf(key, sizeof(key), "%u", n);
                json_object_object_add(j, key, e);
                if (n == 1) {
                        target("stats poll of 1 task / bare read loop", ours / bare, 1.2, true);
                        target("D-Bus properties / stats poll of 1 task", (dbus + pid1) / ours, 10, false);
                }
        }
        json_object_object_add(out, "stats", j);
}

/* Private and Pss from smaps_rollup, in KiB. */
static int smaps_private(pid_t pid, uint64_t *priv, uint64_t *pss) {
        char path[64], buf[4096], *p;
        uint64_t clean = 0, dirty = 0;

        snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int) pid);
        if (read_file_into_at(AT_FDCWD, path, buf, sizeof(buf)) < 0)
                return -EIO;
        if ((p = strstr(buf, "\nPss:")))
                *pss = strtoull(p + 5, NULL, 10);
        if ((p = strstr(buf, "\nPrivate_Clean:")))
                clean = strtoull(p + 15, NULL, 10);
        if ((p = strstr(buf, "\nPrivate_Dirty:")))
                dirty = strtoull(p + 15, NULL, 10);
        *priv = clean + dirty;
        return 0;
}

static void bench_footprint(const Tasks *t, json_object *out) {
        uint64_t *sv = calloc(t->n, sizeof(uint64_t)), *hold = calloc(t->n, sizeof(uint64_t));
        uint64_t *pss = calloc(t->n, sizeof(uint64_t));
        json_object *j = json_object_new_object();
        unsigned n = 0;

        for (unsigned i = 0; i < t->n; i++) {
                _cleanup_free_ char *file = NULL, *text = NULL;
                uint64_t p1 = 0, s1 = 0, p2 = 0, s2 = 0;
                TaskState st;

                if (task_state_read(t->ids[i], &st) < 0)
                        continue;
                if (smaps_private(st.supervisor, &p1, &s1) == 0) {
                        /* The holder: the one process in <scope>/hold. */
                        if (asprintf(&file, CGROUP_ROOT "%s/" CGROUP_HOLD_SUBGROUP "/cgroup.procs", t->cgroups[i]) >= 0 &&
                            read_file_at(AT_FDCWD, file, &text) >= 0)
                                (void) smaps_private((pid_t) atoi(text), &p2, &s2);
                        sv[n] = p1;
                        hold[n] = p2;
                        pss[n] = s1 + s2;
                        n++;
                }
                task_state_done(&st);
        }
        qsort(sv, n, sizeof(uint64_t), cmp_u64);
        qsort(hold, n, sizeof(uint64_t), cmp_u64);
        qsort(pss, n, sizeof(uint64_t), cmp_u64);
        printf("\n4. Idle detached supervisor, per task (KiB, median of %u)\n", n);
        printf("   supervisor private %6.0f   holder private %6.0f   together %6.0f   Pss of both %6.0f\n",
               pct(sv, n, 50), pct(hold, n, 50), pct(sv, n, 50) + pct(hold, n, 50), pct(pss, n, 50));
        json_object_object_add(j, "tasks", json_object_new_int((int) n));
        json_object_object_add(j, "supervisor_private_kib", json_num(pct(sv, n, 50), 0));
        json_object_object_add(j, "holder_private_kib", json_num(pct(hold, n, 50), 0));
        json_object_object_add(j, "pss_kib", json_num(pct(pss, n, 50), 0));
        json_object_object_add(out, "footprint", j);
        target("supervisor + holder private KiB per task", pct(sv, n, 50) + pct(hold, n, 50), 1024, true);
        free(sv);
        free(hold);
        free(pss);
}

/* --- 5. teardown ------------------------------------------------------- */

static unsigned count_leftovers(unsigned *ret_cgroups) {
        char buf[65536];
        char *argv[] = { "sh", "-c",
                         "systemctl list-units --all --no-legend --plain 'taskscope-*.scope' 'taskscope.supervisor-*.scope' | wc -l;"
                         "find /sys/fs/cgroup/taskscope.slice -mindepth 1 -maxdepth 1 -type d -name 'taskscope*' | wc -l",
                         NULL };
        int p[2];
        pid_t pid;
        ssize_t n;
        size_t len = 0;
        unsigned units = 0, cgroups = 0;

        if (pipe2(p, O_CLOEXEC) < 0 || spawn(argv, p[1], &pid) < 0)
                return UINT32_MAX;
        close(p[1]);
        while ((n = read(p[0], buf + len, sizeof(buf) - 1 - len)) > 0)
                len += (size_t) n;
        close(p[0]);
        buf[len] = '\0';
        (void) wait_code(pid);
        if (sscanf(buf, "%u %u", &units, &cgroups) != 2)
                return UINT32_MAX;
        *ret_cgroups = cgroups;
        return units;
}

static void bench_teardown(const Options *o, json_object *out) {
        uint64_t *stop = calloc(o->stop_runs, sizeof(uint64_t));
        json_object *j = json_object_new_object();
        unsigned failures = 0, units, cgroups = 0, runs = 0;
        uint64_t t0;

        for (unsigned k = 0; k < o->stop_runs; k++) {
                char id[64];
                char *start[] = { "taskscope", "run", "--detach", "-q", "--", "sleep", "100000", NULL };
                char *stop_argv[] = { "taskscope", "stop", id, NULL };

                if (run_capture(start, id, sizeof(id)) != 0 || run_timed(stop_argv, &stop[runs]) != 0) {
                        failures++;
                        continue;
                }
                runs++;
        }
        qsort(stop, runs, sizeof(uint64_t), cmp_u64);
        t0 = now_usec(CLOCK_MONOTONIC);
        for (unsigned k = 0; k < o->cycles; k++) {
                char id[64];
                char *start[] = { "taskscope", "run", "--detach", "-q", "--", "sleep", "100000", NULL };
                char *stop_argv[] = { "taskscope", "stop", id, "--grace", "0", NULL };

                if (run_capture(start, id, sizeof(id)) != 0 || run_quiet(stop_argv) != 0)
                        failures++;
        }
        t0 = now_usec(CLOCK_MONOTONIC) - t0;
        units = count_leftovers(&cgroups);
        printf("\n5. Teardown\n");
        printf("   taskscope stop -> unit gone: median %.2f ms, p90 %.2f ms (%u stops)\n", pct(stop, runs, 50) / 1000,
               pct(stop, runs, 90) / 1000, runs);
        printf("   %u launch/stop cycles in %.1f s: %u taskscope units and %u taskscope cgroups left, %u failures\n",
               o->cycles, (double) t0 / 1e6, units, cgroups, failures);
        json_object_object_add(j, "stop_median_ms", json_num(pct(stop, runs, 50) / 1000, 3));
        json_object_object_add(j, "stop_p90_ms", json_num(pct(stop, runs, 90) / 1000, 3));
        json_object_object_add(j, "cycles", json_object_new_int((int) o->cycles));
        json_object_object_add(j, "cycles_seconds", json_num((double) t0 / 1e6, 2));
        json_object_object_add(j, "units_left", json_object_new_int((int) units));
        json_object_object_add(j, "cgroups_left", json_object_new_int((int) cgroups));
        json_object_object_add(j, "failures", json_object_new_int((int) failures));
        json_object_object_add(out, "teardown", j);
        target("units + cgroups left after the cycles", units + cgroups, 0, true);
        free(stop);
}

/* --- 6. cgroup migration ---------------------------------------------- */

/* fork(), or with cgroup_fd >= 0, clone3() straight into that cgroup. */
static pid_t fork_into(int cgroup_fd) {
        struct clone_args args = { .flags = CLONE_INTO_CGROUP, .exit_signal = SIGCHLD, .cgroup = (uint64_t) cgroup_fd };

        return cgroup_fd >= 0 ? (pid_t) syscall(SYS_clone3, &args, sizeof(args)) : fork();
}

/* A process that exits at once, made with fork_into(cgroup_fd); the time
 * until it is reaped. */
static int time_birth(int cgroup_fd, uint64_t *ret) {
        uint64_t t0 = now_usec(CLOCK_MONOTONIC);
        pid_t pid = fork_into(cgroup_fd);

        if (pid < 0)
                return -errno;
        if (pid == 0)
                _exit(0);
        if (wait_code(pid) != 0)
                return -EIO;
        *ret = now_usec(CLOCK_MONOTONIC) - t0;
        return 0;
}

/* One write of pid to a cgroup.procs: what systemd's PIDs= placement and
 * the child's own move into task/ each cost. The writer takes the
 * threadgroup lock for writing, and unless another writer had it a moment
 * ago, that waits for an RCU grace period. */
static int time_move(int procs_fd, pid_t pid, uint64_t *ret) {
        char buf[32];
        int n = snprintf(buf, sizeof(buf), "%d", (int) pid);
        uint64_t t0 = now_usec(CLOCK_MONOTONIC);

        if (pwrite(procs_fd, buf, (size_t) n, 0) != n)
                return -errno;
        *ret = now_usec(CLOCK_MONOTONIC) - t0;
        return 0;
}

typedef struct Sample {
        const char *name, *key;
        uint64_t *usec;
        Spread us;
} Sample;

/* In two groups of a detached task's scope (its delegated subtree, with
 * every controller the scope has): a process moved back and forth between
 * them, against processes born and reaped with fork() and with clone3()
 * straight into a group, interleaved. */
static void bench_migration(const Options *o, json_object *out) {
        char id[64] = "", *start[] = { "taskscope", "run", "--detach", "-q", "--", "sleep", "100000", NULL };
        _cleanup_free_ char *scope = NULL;
        _cleanup_close_ int scope_fd = -1, a = -1, b = -1, procs_a = -1, procs_b = -1;
        Sample v[] = {
                { "fork + exit + wait", "fork_us" },
                { "clone3 into the cgroup + exit + wait", "clone_into_cgroup_us" },
                { "move, none for 20 ms before (as in a launch)", "move_cold_us" },
                { "move, right after another", "move_warm_us" },
        };
        json_object *j = json_object_new_object();
        unsigned failures = 0;
        int pipe_fd[2] = { -1, -1 };
        pid_t mover = -1;

        if (run_capture(start, id, sizeof(id)) != 0 || !id[0] ||
            asprintf(&scope, "/taskscope.slice/taskscope-%s.scope", id) < 0 ||
            (scope_fd = open_at_path(CGROUP_ROOT, scope, O_DIRECTORY | O_CLOEXEC)) < 0 ||
            (mkdirat(scope_fd, "bench-a", 0755) < 0 && errno != EEXIST) ||
            (mkdirat(scope_fd, "bench-b", 0755) < 0 && errno != EEXIST) ||
            (a = openat(scope_fd, "bench-a", O_DIRECTORY | O_CLOEXEC)) < 0 ||
            (b = openat(scope_fd, "bench-b", O_DIRECTORY | O_CLOEXEC)) < 0 ||
            (procs_a = openat(a, "cgroup.procs", O_WRONLY | O_CLOEXEC)) < 0 ||
            (procs_b = openat(b, "cgroup.procs", O_WRONLY | O_CLOEXEC)) < 0 || pipe2(pipe_fd, O_CLOEXEC) < 0) {
                fprintf(stderr, "taskscope-bench: cannot set up the migration groups in a task's scope\n");
                goto done;
        }
        /* The process to move: born in bench-a, waits for EOF. */
        mover = fork_into(a);
        if (mover == 0) {
                char c;

                close(pipe_fd[1]);
                (void) read(pipe_fd[0], &c, 1);
                _exit(0);
        }
        close(pipe_fd[0]);
        if (mover < 0)
                goto done;

        for (size_t i = 0; i < ELEMENTSOF(v); i++)
                v[i].usec = calloc(o->moves, sizeof(uint64_t));
        for (unsigned k = 0; k < o->moves; k++) {
                /* In turns, so that neither always comes first. */
                failures += time_birth(k % 2 ? a : -1, &v[k % 2].usec[k]) < 0;
                failures += time_birth(k % 2 ? -1 : a, &v[!(k % 2)].usec[k]) < 0;
                /* There and back, each one migration. The first after a
                 * pause pays for the RCU grace period that a writer of the
                 * threadgroup lock waits for; one right after it does not. */
                usleep(20000);
                failures += time_move(procs_b, mover, &v[2].usec[k]) < 0;
                failures += time_move(procs_a, mover, &v[3].usec[k]) < 0;
        }

        printf("\n6. Cgroup migration, in a task's scope, %u samples each, interleaved (us)\n", o->moves);
        printf("   %-46s %8s %8s %8s %12s\n", "", "median", "p90", "p99", "median/fork");
        for (size_t i = 0; i < ELEMENTSOF(v); i++)
                v[i].us = spread_of(v[i].usec, o->moves, 1);
        for (size_t i = 0; i < ELEMENTSOF(v); i++) {
                json_object *e = json_object_new_object();

                printf("   %-46s %8.1f %8.1f %8.1f %11.2fx\n", v[i].name, v[i].us.median, v[i].us.p90, v[i].us.p99,
                       v[i].us.median / v[0].us.median);
                json_object_object_add(e, "median", json_num(v[i].us.median, 1));
                json_object_object_add(e, "p90", json_num(v[i].us.p90, 1));
                json_object_object_add(e, "p99", json_num(v[i].us.p99, 1));
                json_object_object_add(e, "vs_fork", json_num(v[i].us.median / v[0].us.median, 3));
                json_object_object_add(j, v[i].key, e);
                free(v[i].usec);
        }
        printf("   (a launch has two migrations, systemd's PIDs= placement and the child's move into task/,\n"
               "   a few ms apart; the holder is born in hold/ with clone3 and costs none)\n");
done:
        json_object_object_add(j, "samples", json_object_new_int((int) o->moves));
        json_object_object_add(j, "failures", json_object_new_int((int) (failures + (mover < 0))));
        json_object_object_add(out, "migration", j);
        if (pipe_fd[1] >= 0)
                close(pipe_fd[1]);
        if (mover > 0)
                (void) wait_code(mover);
        if (a >= 0)
                (void) unlinkat(scope_fd, "bench-a", AT_REMOVEDIR);
        if (b >= 0)
                (void) unlinkat(scope_fd, "bench-b", AT_REMOVEDIR);
        if (id[0]) {
                char *stop_argv[] = { "taskscope", "stop", id, "--grace", "0", NULL };
                (void) run_quiet(stop_argv);
        }
}

/* --- main -------------------------------------------------------------- */

static void machine(json_object *out) {
        json_object *j = json_object_new_object();
        struct utsname u;
        char sd[128] = "";
        char *argv[] = { "sh", "-c", "systemctl --version | head -1", NULL };

        uname(&u);
        (void) run_capture(argv, sd, sizeof(sd));
        json_object_object_add(j, "kernel", json_object_new_string(u.release));
        json_object_object_add(j, "cpus", json_object_new_int((int) sysconf(_SC_NPROCESSORS_ONLN)));
        json_object_object_add(j, "systemd", json_object_new_string(sd));
        json_object_object_add(out, "machine", j);
        printf("taskscope bench: kernel %s, %ld CPUs, %s\n", u.release, sysconf(_SC_NPROCESSORS_ONLN), sd);
}

static int report_targets(json_object *out) {
        json_object *a = json_object_new_array();
        unsigned missed = 0;

        printf("\nTargets\n");
        for (size_t i = 0; i < n_targets; i++) {
                const Target *t = &targets[i];
                bool met = isfinite(t->value) && (t->at_most ? t->value <= t->limit : t->value >= t->limit);
                json_object *e = json_object_new_object();

                printf("   %-50s %10.2f %s %-8.2f %s\n", t->name, t->value, t->at_most ? "<=" : ">=", t->limit,
                       met ? "met" : "NOT MET");
                json_object_object_add(e, "name", json_object_new_string(t->name));
                json_object_object_add(e, "value", json_num(t->value, 3));
                json_object_object_add(e, "limit", json_num(t->limit, 3));
                json_object_object_add(e, "at_most", json_object_new_boolean(t->at_most));
                json_object_object_add(e, "met", json_object_new_boolean(met));
                json_object_array_add(a, e);
                missed += !met;
        }
        json_object_object_add(out, "targets", a);
        return (int) missed;
}

int main(int argc, char **argv) {
        static const struct option options[] = {
                { "runs", required_argument, NULL, 'r' },
                { "throughput-tasks", required_argument, NULL, 'T' },
                { "stats-polls", required_argument, NULL, 'p' },
                { "stats-tasks", required_argument, NULL, 'n' },
                { "stop-runs", required_argument, NULL, 's' },
                { "cycles", required_argument, NULL, 'c' },
                { "moves", required_argument, NULL, 'm' },
                { "sections", required_argument, NULL, 'S' },
                { "out", required_argument, NULL, 'o' },
                { "root", required_argument, NULL, 'R' },
                { "floor", required_argument, NULL, 'f' },
                {}
        };
        Options o = {
                .runs = 300, .tp_tasks = 1024, .stats_polls = 2000, .stats_tasks = 100, .stop_runs = 50,
                .cycles = 1000, .moves = 300, .sections = "all", .out = NULL, .root = "/var/tmp/bench-root",
                .floor = "floor-client",
        };
        _cleanup_json_ json_object *out = json_object_new_object();
        Tasks tasks = {};
        struct rlimit nofile;
        int c;

        while ((c = getopt_long(argc, argv, "", options, NULL)) >= 0)
                switch (c) {
                case 'r': o.runs = (unsigned) atoi(optarg); break;
                case 'T': o.tp_tasks = (unsigned) atoi(optarg); break;
                case 'p': o.stats_polls = (unsigned) atoi(optarg); break;
                case 'n': o.stats_tasks = (unsigned) atoi(optarg); break;
                case 's': o.stop_runs = (unsigned) atoi(optarg); break;
                case 'c': o.cycles = (unsigned) atoi(optarg); break;
                case 'm': o.moves = (unsigned) atoi(optarg); break;
                case 'S': o.sections = optarg; break;
                case 'o': o.out = optarg; break;
                case 'R': o.root = optarg; break;
                case 'f': o.floor = optarg; break;
                default:
                        fprintf(stderr, "usage: taskscope-bench [--runs N] [--throughput-tasks N] [--stats-polls N]\n"
                                        "  [--stats-tasks N] [--stop-runs N] [--cycles N] [--moves N] [--sections LIST|all]\n"
                                        "  [--out FILE] [--root DIR] [--floor PATH]\n");
                        return 2;
                }
        if (o.runs == 0 || o.tp_tasks < 2 || o.stats_polls == 0 || o.stats_tasks == 0 || o.moves == 0) {
                fprintf(stderr, "taskscope-bench: counts must be positive\n");
                return 2;
        }
        setvbuf(stdout, NULL, _IOLBF, 0);
        /* Eleven files kept open per task, for 100 tasks, twice over. */
        if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
                nofile.rlim_cur = nofile.rlim_max;
                (void) setrlimit(RLIMIT_NOFILE, &nofile);
        }
        if (make_root(o.root) < 0) {
                fprintf(stderr, "taskscope-bench: cannot make the task root %s\n", o.root);
                return 1;
        }
        machine(out);
        if (want(&o, "latency"))
                bench_latency(&o, out);
        if (want(&o, "throughput"))
                bench_throughput(&o, out);
        if (want(&o, "stats") || want(&o, "footprint")) {
                if (tasks_start(&tasks, o.stats_tasks) < 0)
                        fprintf(stderr, "taskscope-bench: cannot start %u detached tasks\n", o.stats_tasks);
                else {
                        if (want(&o, "footprint"))
                                bench_footprint(&tasks, out);
                        if (want(&o, "stats"))
                                bench_stats(&o, &tasks, out);
                }
                tasks_stop(&tasks);
        }
        if (want(&o, "teardown"))
                bench_teardown(&o, out);
        if (want(&o, "migration"))
                bench_migration(&o, out);
        (void) report_targets(out);
        if (o.out && json_object_to_file_ext(o.out, out, JSON_C_TO_STRING_PRETTY) < 0) {
                fprintf(stderr, "taskscope-bench: cannot write %s\n", o.out);
                return 1;
        }
        return 0;
}
