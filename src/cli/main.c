/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>

#include "basic/log.h"
#include "cli/verbs.h"
#include "config.h"
#include "task/exit-status.h"

static const struct {
        const char *name;
        int (*fn)(int argc, char **argv);
        const char *summary;
} verbs[] = {
        { "run", verb_run, "run a command in a new transient scope and wait for it" },
        { "update", verb_update, "change the limits of a running task" },
        { "stats", verb_stats, "show the resource usage of a running task" },
        { "signal", verb_signal, "send a signal to a running task" },
        { "stop", verb_stop, "stop a task: its kill signal, a grace period, then kill it all" },
        { "wait", verb_wait, "wait for a task to end and exit with its code" },
        { "exec", verb_exec, "run a command inside a running task" },
        { "list", verb_list, "list the running tasks" },
        { "status", verb_status, "show everything known about a task, running or ended" },
};

static void help(void) {
        printf("Usage: taskscope [--help|--version] VERB [OPTIONS] [ARGS]\n"
               "\n"
               "Launch tasks as transient systemd scopes with delegated cgroups.\n"
               "\n"
               "Verbs:\n");
        for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
                printf("  %-8s %s\n", verbs[i].name, verbs[i].summary);
        printf("\nSee 'taskscope VERB --help' and taskscope(1).\n");
}

int main(int argc, char **argv) {
        if (argc < 2) {
                log_error("no verb given (see 'taskscope --help')");
                return EXIT_LAUNCHER;
        }
        if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
                help();
                return 0;
        }
        if (strcmp(argv[1], "--version") == 0) {
                printf("taskscope %s\n", PACKAGE_VERSION);
                return 0;
        }
        for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
                if (strcmp(argv[1], verbs[i].name) == 0)
                        return verbs[i].fn(argc - 1, argv + 1);

        log_error("unknown verb '%s' (see 'taskscope --help')", argv[1]);
        return EXIT_LAUNCHER;
}
