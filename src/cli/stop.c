/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "basic/json-util.h"
#include "basic/log.h"
#include "basic/time-util.h"
#include "basic/parse-util.h"
#include "cli/task-lookup.h"
#include "cli/verbs.h"
#include "task/control.h"
#include "task/exit-status.h"

#define STOP_SCOPE_GONE_USEC (15ULL * 1000 * 1000)

static void stop_help(void) {
        printf("Usage: taskscope stop ID [--signal SIG] [--grace DURATION]\n"
               "\n"
               "Stop the task: send it SIG (default: its --kill-signal), wait up to the grace\n"
               "period (default: its --grace), then kill every process of the task at once\n"
               "through cgroup.kill, and wait (at most 15s) until its scope is gone.\n"
               "\n"
               "      --signal SIG       the signal to send first\n"
               "      --grace DURATION   how long the task has to end by itself\n"
               "  -h, --help             show this help\n");
}

int verb_stop(int argc, char **argv) {
        static const struct option options[] = {
                { "signal", required_argument, NULL, 's' },
                { "grace", required_argument, NULL, 'g' },
                { "help", no_argument, NULL, 'h' },
                {}
        };
        const char *sig_arg = NULL, *grace_arg = NULL;
        TaskState st;
        uint64_t grace;
        int c, sig, r, ended;

        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":h", options, NULL)) >= 0)
                switch (c) {
                case 's':
                        sig_arg = optarg;
                        break;
                case 'g':
                        grace_arg = optarg;
                        break;
                case 'h':
                        stop_help();
                        return 0;
                case ':':
                        log_error("option '%s' needs a value", argv[optind - 1]);
                        return EXIT_LAUNCHER;
                default:
                        log_error("unknown option '%s' (see 'taskscope stop --help')", argv[optind - 1]);
                        return EXIT_LAUNCHER;
                }
        if (argc - optind != 1) {
                log_error("expected one task id: taskscope stop ID [--signal SIG] [--grace DURATION]");
                return EXIT_LAUNCHER;
        }
        if (sig_arg && parse_signal(sig_arg, &sig) < 0) {
                log_error("invalid value '%s' for --signal: expected a name like SIGTERM or a number", sig_arg);
                return EXIT_LAUNCHER;
        }
        if (grace_arg && parse_duration(grace_arg, &grace) < 0) {
                log_error("invalid value '%s' for --grace: expected a duration like 10s", grace_arg);
                return EXIT_LAUNCHER;
        }
        if (cli_task_state(argv[optind], &st) < 0)
                return EXIT_LAUNCHER;
        if (!sig_arg)
                sig = st.kill_signal;
        if (!grace_arg)
                grace = st.grace_usec;

        /* For the exit record: who stopped it. */
        {
                _cleanup_json_ json_object *marker = json_object_new_object();

                if (marker) {
                        json_object_object_add(marker, "signal", json_object_new_int(sig));
                        json_object_object_add(marker, "requested_usec",
                                               json_object_new_uint64(now_usec(CLOCK_REALTIME)));
                        (void) task_state_write_json(st.id, TASK_STOP_MARKER, marker);
                }
        }
        r = task_signal_main(&st, sig);
        ended = r == -ESRCH || task_wait_empty(st.cgroup, grace) > 0;
        if (!ended) {
                /* Nomad signals the leader only; the whole tree goes here. */
                r = task_kill_all(&st);
                if (r < 0 && r != -ESRCH) {
                        log_error_errno(r, "cannot kill task '%s'", st.id);
                        task_state_done(&st);
                        return EXIT_LAUNCHER;
                }
        }
        if (task_wait_scope_gone(st.cgroup, STOP_SCOPE_GONE_USEC) <= 0) {
                log_error("task '%s' was %s, but %s is still there after 15s", st.id,
                          ended ? "stopped" : "killed", st.unit);
                task_state_done(&st);
                return EXIT_LAUNCHER;
        }
        printf("%s\n", ended ? "exited within the grace period" : "killed after the grace period");
        task_state_done(&st);
        return 0;
}
