/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The floor for a launch through systemd: fork a child that waits, ask PID 1
 * over its private socket for a transient scope holding it (StartTransientUnit,
 * the same few properties every launcher sets), wait for the job, let the
 * child exec the command, wait for it. Nothing else: no isolation, no
 * supervisor, no cleanup beyond what CollectMode does. Written apart from
 * taskscope's own bus code, so that it is a floor and not a copy.
 *
 *   floor-client scope COMMAND [ARG...]    the PID 1 round trip
 *   floor-client fork COMMAND [ARG...]     plain fork + exec + wait
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <systemd/sd-bus.h>
#include <unistd.h>

typedef struct JobWait {
        const char *job;
        char *result;
} JobWait;

static int on_job_removed(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        JobWait *w = userdata;
        const char *path, *unit, *result;
        uint32_t id;

        if (sd_bus_message_read(m, "uoss", &id, &path, &unit, &result) < 0)
                return 0;
        if (w->job && strcmp(path, w->job) == 0)
                w->result = strdup(result);
        return 0;
}

static int start_scope(pid_t pid) {
        sd_bus_error error = SD_BUS_ERROR_NULL;
        sd_bus_message *m = NULL, *reply = NULL;
        sd_bus_slot *slot = NULL;
        sd_bus *bus = NULL;
        JobWait w = {};
        char name[64];
        int r;

        snprintf(name, sizeof(name), "floor-%d.scope", (int) getpid());
        r = sd_bus_new(&bus);
        if (r >= 0)
                r = sd_bus_set_address(bus, "unix:path=/run/systemd/private");
        if (r >= 0)
                r = sd_bus_start(bus);
        if (r < 0)
                goto finish;
        /* On the private socket PID 1 sends every signal: no Subscribe. */
        r = sd_bus_match_signal(bus, &slot, NULL, "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager",
                                "JobRemoved", on_job_removed, &w);
        if (r < 0)
                goto finish;
        r = sd_bus_message_new_method_call(bus, &m, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                                           "org.freedesktop.systemd1.Manager", "StartTransientUnit");
        if (r >= 0)
                r = sd_bus_message_append(m, "ss", name, "fail");
        if (r >= 0)
                r = sd_bus_message_append(m, "a(sv)", 5,
                                          "Description", "s", "floor client",
                                          "Slice", "s", "floor.slice",
                                          "Delegate", "b", 1,
                                          "CollectMode", "s", "inactive-or-failed",
                                          "PIDs", "au", 1, (uint32_t) pid);
        if (r >= 0)
                r = sd_bus_message_append(m, "a(sa(sv))", 0);
        if (r >= 0)
                r = sd_bus_call(bus, m, 0, &error, &reply);
        if (r >= 0)
                r = sd_bus_message_read(reply, "o", &w.job);
        while (r >= 0 && !w.result) {
                r = sd_bus_process(bus, NULL);
                if (r == 0)
                        r = sd_bus_wait(bus, UINT64_MAX);
        }
        if (r >= 0 && strcmp(w.result, "done") != 0)
                r = -EIO;
finish:
        if (r < 0)
                fprintf(stderr, "floor-client: %s: %s\n", name, error.message ?: strerror(-r));
        free(w.result);
        sd_bus_error_free(&error);
        sd_bus_message_unref(reply);
        sd_bus_message_unref(m);
        sd_bus_slot_unref(slot);
        sd_bus_flush_close_unref(bus);
        return r;
}

int main(int argc, char **argv) {
        int release[2], status;
        pid_t pid;
        char go;

        if (argc < 3 || (strcmp(argv[1], "scope") != 0 && strcmp(argv[1], "fork") != 0)) {
                fprintf(stderr, "usage: floor-client scope|fork COMMAND [ARG...]\n");
                return 2;
        }
        if (pipe(release) < 0)
                return 1;
        pid = fork();
        if (pid < 0)
                return 1;
        if (pid == 0) {
                close(release[1]);
                if (read(release[0], &go, 1) != 1)
                        _exit(125);
                execvp(argv[2], argv + 2);
                _exit(127);
        }
        close(release[0]);
        if (strcmp(argv[1], "scope") == 0 && start_scope(pid) < 0) {
                close(release[1]);
                waitpid(pid, NULL, 0);
                return 125;
        }
        if (write(release[1], "x", 1) != 1)
                return 1;
        close(release[1]);
        if (waitpid(pid, &status, 0) < 0)
                return 1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
