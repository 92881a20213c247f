/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "basic/log.h"
#include "basic/parse-util.h"
#include "cli/task-lookup.h"
#include "cli/verbs.h"
#include "task/control.h"
#include "task/exit-status.h"

static void signal_help(void) {
        printf("Usage: taskscope signal ID SIGNAL [--all]\n"
               "\n"
               "Send SIGNAL (a name like SIGTERM or TERM, or a number) to the task's main\n"
               "process, through a pidfd (never a recycled pid).\n"
               "\n"
               "      --all      every process in the task's cgroup instead\n"
               "  -h, --help     show this help\n");
}

int verb_signal(int argc, char **argv) {
        static const struct option options[] = {
                { "all", no_argument, NULL, 'a' },
                { "help", no_argument, NULL, 'h' },
                {}
        };
        TaskState st;
        bool all = false;
        int c, sig, r;

        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":h", options, NULL)) >= 0)
                switch (c) {
                case 'a':
                        all = true;
                        break;
                case 'h':
                        signal_help();
                        return 0;
                default:
                        log_error("unknown option '%s' (see 'taskscope signal --help')", argv[optind - 1]);
                        return EXIT_LAUNCHER;
                }
        if (argc - optind != 2) {
                log_error("expected a task id and a signal: taskscope signal ID SIGNAL [--all]");
                return EXIT_LAUNCHER;
        }
        if (parse_signal(argv[optind + 1], &sig) < 0) {
                log_error("invalid signal '%s': expected a name like SIGTERM or a number", argv[optind + 1]);
                return EXIT_LAUNCHER;
        }
        if (cli_task_state(argv[optind], &st) < 0)
                return EXIT_LAUNCHER;

        r = all ? task_signal_all(&st, sig) : task_signal_main(&st, sig);
        if (r == -ESRCH)
                log_error("task '%s' has no process left to signal", st.id);
        else if (r < 0)
                log_error_errno(r, "cannot signal task '%s'", st.id);
        task_state_done(&st);
        return r < 0 ? EXIT_LAUNCHER : 0;
}
