/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "basic/macro.h"
#include "task/pty-relay.h"

static int write_all(int fd, const char *buf, size_t n) {
        while (n > 0) {
                ssize_t w = write(fd, buf, n);
                if (w < 0) {
                        if (errno == EINTR)
                                continue;
                        if (errno == EAGAIN) {
                                struct pollfd p = { .fd = fd, .events = POLLOUT };
                                (void) poll(&p, 1, -1);
                                continue;
                        }
                        return -errno;
                }
                buf += w;
                n -= (size_t) w;
        }
        return 0;
}

static void copy_window_size(int master) {
        struct winsize ws;

        if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
                (void) ioctl(master, TIOCSWINSZ, &ws);
}

/* Read what is there; 0 when the other side is gone (EIO on a master whose
 * slaves are all closed), 1 when something was copied or nothing was ready. */
static int pump(int from, int to) {
        char buf[16384];
        ssize_t n = read(from, buf, sizeof(buf));

        if (n < 0)
                return errno == EINTR || errno == EAGAIN ? 1 : 0;
        if (n == 0)
                return 0;
        (void) write_all(to, buf, (size_t) n);
        return 1;
}

int pty_relay_run(int master, pid_t pid, int *ret_status) {
        _cleanup_close_ int sfd = -1, m = master;
        struct termios saved, raw;
        bool restore = false, stdin_open = true, master_open = true, exited = false;
        sigset_t mask, old;
        int status = 0;

        sigemptyset(&mask);
        sigaddset(&mask, SIGCHLD);
        sigaddset(&mask, SIGWINCH);
        sigaddset(&mask, SIGINT);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGHUP);
        if (sigprocmask(SIG_BLOCK, &mask, &old) < 0)
                return -errno;
        sfd = signalfd(-1, &mask, SFD_CLOEXEC);
        if (sfd < 0) {
                int r = -errno;
                sigprocmask(SIG_SETMASK, &old, NULL);
                return r;
        }

        if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0) {
                raw = saved;
                cfmakeraw(&raw);
                restore = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
        }
        copy_window_size(m);

        /* Until the task has ended and its terminal has nothing more to say. */
        while (!exited || master_open) {
                struct pollfd p[3] = {
                        { .fd = sfd, .events = POLLIN },
                        { .fd = master_open ? m : -1, .events = POLLIN },
                        { .fd = stdin_open && master_open ? STDIN_FILENO : -1, .events = POLLIN },
                };
                /* Once the task is gone, only drain what is already buffered. */
                int r = poll(p, 3, exited ? 100 : -1);

                if (r < 0 && errno != EINTR)
                        break;
                if (r == 0 && exited)
                        break;
                if (p[0].revents & POLLIN) {
                        struct signalfd_siginfo si;

                        if (read(sfd, &si, sizeof(si)) == sizeof(si)) {
                                if (si.ssi_signo == SIGWINCH)
                                        copy_window_size(m);
                                else if (si.ssi_signo != SIGCHLD)
                                        (void) kill(pid, (int) si.ssi_signo);
                        }
                        if (!exited && waitpid(pid, &status, WNOHANG) == pid)
                                exited = true;
                }
                if (p[1].revents & (POLLIN | POLLHUP | POLLERR))
                        master_open = pump(m, STDOUT_FILENO) > 0;
                if (p[2].revents & (POLLIN | POLLHUP | POLLERR)) {
                        if (pump(STDIN_FILENO, m) == 0) {
                                stdin_open = false;
                                /* A pipe ended: tell the task's terminal, as ^D at a line start. */
                                if (!restore)
                                        (void) write_all(m, "\004", 1);
                        }
                }
        }

        if (restore)
                (void) tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        if (!exited) {
                pid_t w;
                do
                        w = waitpid(pid, &status, 0);
                while (w < 0 && errno == EINTR);
        }
        sigprocmask(SIG_SETMASK, &old, NULL);
        *ret_status = status;
        return 0;
}
