/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "basic/fd-util.h"
#include "basic/json-util.h"
#include "basic/log.h"
#include "basic/macro.h"
#include "basic/time-util.h"
#include "cgroup/cgroup-path.h"
#include "cgroup/cgroup-read.h"
#include "spec/task-id.h"
#include "task/stats-json.h"
#include "task/stats-stream.h"

#define STREAM_STOP_TIMEOUT_MSEC 2000
/* Where the child keeps out_fd once it has closed what it did not open. */
#define STREAM_OUT_FD 3

typedef struct StreamArgs {
        const char *id;
        const char *task_cgroup;
        uint64_t interval_usec;
        int out_fd;
        double cpu_mhz;
        pid_t parent;
} StreamArgs;

typedef struct Stream {
        const StreamArgs *args;
        CgroupReader *reader;
        CgroupStats prev;
        uint64_t n;
} Stream;

/* line and its newline in one writev(), so that a line appended to a file
 * other writers append to is never split by theirs. */
static int write_line(int fd, const char *line) {
        struct iovec iov[2] = {
                { .iov_base = (char *) line, .iov_len = strlen(line) },
                { .iov_base = (char *) "\n", .iov_len = 1 },
        };
        struct iovec *v = iov;
        int left = 2;

        while (left > 0) {
                ssize_t n = writev(fd, v, left);
                size_t k;

                if (n < 0) {
                        struct pollfd p = { .fd = fd, .events = POLLOUT };

                        if (errno == EINTR)
                                continue;
                        /* A FIFO opened O_NONBLOCK, its reader behind: wait for room. */
                        if (errno == EAGAIN && poll(&p, 1, -1) >= 0)
                                continue;
                        return -errno;
                }
                for (k = (size_t) n; left > 0 && k >= v->iov_len; v++, left--)
                        k -= v->iov_len;
                if (left > 0) {
                        v->iov_base = (char *) v->iov_base + k;
                        v->iov_len -= k;
                }
        }
        return 0;
}

/* One sample to out_fd: 1 written, 0 the cgroup is gone, or -errno. */
static int stream_sample(Stream *s) {
        _cleanup_json_ json_object *o = NULL;
        CgroupStats cur;
        CgroupCpuRates rates;
        const char *line;
        int r;

        r = cgroup_reader_sample(s->reader, &cur);
        if (r == -ENODEV)
                return 0;
        if (r < 0)
                return r;
        cgroup_cpu_rates(s->n > 0 ? &s->prev : NULL, &cur, s->args->cpu_mhz, &rates);
        r = task_stats_json_build(&(TaskStatsSample) {
                .id = s->args->id,
                .stats = &cur,
                .rates = &rates,
                .first = s->n == 0,
        }, &o);
        if (r < 0)
                return r;
        line = task_stats_json_line(o);
        if (!line)
                return -ENOMEM;
        r = write_line(STREAM_OUT_FD, line);
        if (r < 0)
                return r;
        s->prev = cur;
        s->n++;
        return 1;
}

/* Nothing of the parent's handlers may run here: they would act on the
 * parent's pipes and state. A terminal's SIGINT, SIGHUP and SIGQUIT go to the
 * whole process group; the supervisor decides what they mean, and the
 * streamer goes on until it is told to stop. */
static void stream_reset_signals(const sigset_t *term) {
        static const int ignored[] = { SIGINT, SIGHUP, SIGQUIT, SIGPIPE };

        for (int sig = 1; sig < NSIG; sig++)
                if (sig != SIGKILL && sig != SIGSTOP)
                        (void) signal(sig, SIG_DFL);
        for (size_t i = 0; i < ELEMENTSOF(ignored); i++)
                (void) signal(ignored[i], SIG_IGN);
        (void) sigprocmask(SIG_SETMASK, term, NULL);
}

/* Keep out_fd (as STREAM_OUT_FD) and stderr, for the one error it may log;
 * stdin and stdout become /dev/null and every other fd is closed. They are
 * the child's copies: the parent's stay open. */
static int stream_keep_fds(int out_fd) {
        if (out_fd != STREAM_OUT_FD && dup3(out_fd, STREAM_OUT_FD, O_CLOEXEC) < 0)
                return -errno;
        if (close_range(STREAM_OUT_FD + 1, ~0U, 0) < 0)
                return -errno;
        return stdio_to_null(STDIO_IN | STDIO_OUT);
}

_noreturn_ static void stream_main(const StreamArgs *a) {
        _cleanup_cgroup_reader_ CgroupReader *reader = NULL;
        struct itimerspec its = {};
        Stream s = { .args = a };
        bool stopping;
        sigset_t term;
        int sfd, tfd, r;

        (void) prctl(PR_SET_NAME, "taskscope-stats", 0, 0, 0);
        sigemptyset(&term);
        sigaddset(&term, SIGTERM);
        stream_reset_signals(&term);
        /* A supervisor that dies without stopping it gets its last sample too. */
        if (prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0) < 0)
                _exit(1);
        /* out_fd may be 0..2: it is moved before they are replaced. */
        if (a->out_fd <= STDOUT_FILENO) {
                int fd = fcntl(a->out_fd, F_DUPFD_CLOEXEC, STREAM_OUT_FD + 1);

                if (fd < 0 || dup3(fd, STREAM_OUT_FD, O_CLOEXEC) < 0)
                        _exit(1);
        }
        if (stream_keep_fds(a->out_fd <= STDOUT_FILENO ? STREAM_OUT_FD : a->out_fd) < 0)
                _exit(1);
        sfd = signalfd(-1, &term, SFD_CLOEXEC);
        tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
        if (sfd < 0 || tfd < 0)
                _exit(1);
        /* The parent may have died before PR_SET_PDEATHSIG was set. */
        stopping = getppid() != a->parent;

        /* Reopened here, as every fd the parent had was closed above; the
         * parent checked that it exists a moment ago. */
        r = cgroup_reader_open(a->task_cgroup, &reader);
        if (r == -ENOENT)
                _exit(0);
        if (r < 0) {
                log_error_errno(r, "stats of task '%s': cannot open the cgroup %s%s", a->id, CGROUP_ROOT,
                                a->task_cgroup);
                _exit(1);
        }
        s.reader = reader;

        /* A fixed schedule: overruns are counted by the timer, not caught up on. */
        its.it_value.tv_sec = its.it_interval.tv_sec = (time_t) (a->interval_usec / USEC_PER_SEC);
        its.it_value.tv_nsec = its.it_interval.tv_nsec = (long) (a->interval_usec % USEC_PER_SEC) * 1000;
        if (timerfd_settime(tfd, 0, &its, NULL) < 0)
                _exit(1);

        for (;;) {
                struct pollfd p[2] = { { .fd = sfd, .events = POLLIN }, { .fd = tfd, .events = POLLIN } };

                r = stream_sample(&s);
                if (r <= 0 || stopping)
                        _exit(r < 0 ? 1 : 0);

                while (poll(p, ELEMENTSOF(p), -1) < 0)
                        if (errno != EINTR)
                                _exit(1);
                if (p[0].revents & POLLIN) {
                        struct signalfd_siginfo si;

                        (void) read(sfd, &si, sizeof(si));
                        stopping = true;
                } else if (p[1].revents & POLLIN) {
                        uint64_t expirations;

                        (void) read(tfd, &expirations, sizeof(expirations));
                }
        }
}

int task_stats_stream_start(const char *id, const char *task_cgroup, uint64_t interval_usec, int out_fd,
                            pid_t *ret_pid) {
        CgroupReader *check = NULL;
        StreamArgs a;
        sigset_t all, saved;
        double mhz;
        pid_t pid;
        int r;

        if (!id || !task_id_is_valid(id) || !task_cgroup || task_cgroup[0] != '/' || interval_usec == 0 ||
            out_fd < 0 || !ret_pid)
                return -EINVAL;
        if (fcntl(out_fd, F_GETFL) < 0)
                return -EBADF;
        /* Here, so that the caller hears of a cgroup that is not there. */
        r = cgroup_reader_open(task_cgroup, &check);
        if (r < 0)
                return r;
        cgroup_reader_free(check);
        /* Only total_ticks needs it: without it that field is left out, as in `stats`. */
        if (cgroup_read_cpu_mhz(&mhz) < 0)
                mhz = 0;
        a = (StreamArgs) {
                .id = id,
                .task_cgroup = task_cgroup,
                .interval_usec = interval_usec,
                .out_fd = out_fd,
                .cpu_mhz = mhz,
                .parent = getpid(),
        };

        /* No signal until the child has its own handlers and mask: a SIGTERM
         * right after the fork must still find its signalfd. */
        sigfillset(&all);
        if (sigprocmask(SIG_SETMASK, &all, &saved) < 0)
                return negative_errno();
        pid = fork();
        if (pid == 0)
                stream_main(&a);
        r = pid < 0 ? negative_errno() : 0;
        (void) sigprocmask(SIG_SETMASK, &saved, NULL);
        if (r < 0)
                return r;
        *ret_pid = pid;
        return 0;
}

/* true once pid has exited (not reaped yet), false after timeout_msec. */
static bool exited_within(pid_t pid, int timeout_msec) {
        _cleanup_close_ int pidfd = pidfd_open(pid, 0);
        uint64_t deadline = now_usec(CLOCK_MONOTONIC) + (uint64_t) timeout_msec * 1000;

        for (;;) {
                uint64_t now = now_usec(CLOCK_MONOTONIC);
                siginfo_t si = {};
                int n;

                if (waitid(P_PID, (id_t) pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
                        return true; /* ECHILD: reaped already, nothing to wait for */
                if (si.si_pid == pid)
                        return true;
                if (now >= deadline)
                        return false;
                if (pidfd >= 0) {
                        struct pollfd p = { .fd = pidfd, .events = POLLIN };

                        n = poll(&p, 1, (int) ((deadline - now + 999) / 1000));
                        if (n < 0 && errno != EINTR)
                                pidfd = safe_close(pidfd);
                } else {
                        /* No pidfd (before Linux 5.3): look again in 10 ms. */
                        struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

                        (void) nanosleep(&ts, NULL);
                }
        }
}

void task_stats_stream_stop(pid_t pid) {
        if (pid <= 0)
                return;
        (void) kill(pid, SIGTERM);
        if (!exited_within(pid, STREAM_STOP_TIMEOUT_MSEC))
                (void) kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
                ;
}
