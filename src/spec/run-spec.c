/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "basic/log.h"
#include "basic/parse-util.h"
#include "spec/run-spec.h"

void run_help(void) {
        printf("Usage: taskscope run [OPTIONS] -- COMMAND [ARG...]\n"
               "\n"
               "Run COMMAND in a new transient scope taskscope-ID.scope, delegated to it,\n"
               "wait for it and exit with its status.\n"
               "\n"
               "Options:\n"
               "      --id ID         task id (default: 12 random hex digits); letters,\n"
               "                      digits, '_', '-', '.', ':'; not starting with '.' or '-'\n"
               "      --slice SLICE   slice to place the scope in (default: %s)\n"
               "  -q, --quiet         do not print the unit name\n"
               "      --kill-signal SIG  what a graceful stop sends the task (default SIGINT)\n"
               "      --grace DURATION   how long it has before all of it is killed (default 5s)\n"
               "      --stdout PATH      the task's stdout to this file or FIFO (appended)\n"
               "      --stderr PATH      the task's stderr to this file or FIFO (appended)\n"
               "      --journal          the task's stdout and stderr to journald, under its unit\n"
               "  -d, --detach        return once the task has started and print its id; a\n"
               "                      supervisor of its own (taskscope.supervisor-ID.scope)\n"
               "                      waits for it; output goes to the journal unless\n"
               "                      --stdout/--stderr say otherwise, stdin is /dev/null\n"
               "      --stats-interval DURATION  write a stats sample (JSON line) this often\n"
               "      --stats-out PATH   where the samples go (appended; needs --stats-interval)\n"
               "  -h, --help          show this help\n"
               "\n" LIMIT_HELP "\n" ISOLATION_HELP "\n"
               "Exit status: the task's, 128+N if a signal N killed it; 125 if taskscope\n"
               "itself failed, 126 if COMMAND could not be executed, 127 if it was not found.\n",
               TASK_DEFAULT_SLICE);
}

/* What can only be judged once every option is read. */
static int run_spec_check(RunSpec *s, const char *id, int argc, char **argv) {
        int r;

        if (optind >= argc) {
                log_error("no command given: taskscope run [OPTIONS] -- COMMAND [ARG...]");
                return -EINVAL;
        }
        if (argv[optind][0] == '\0') {
                log_error("the command is an empty string");
                return -EINVAL;
        }

        if (id) {
                if (!task_id_is_valid(id)) {
                        log_error("invalid task id '%s': use 1 to %zu of [A-Za-z0-9_.:-], not starting with '.' or '-'",
                                  id, TASK_ID_MAX);
                        return -EINVAL;
                }
                strcpy(s->id, id);
        } else {
                r = task_id_generate(s->id, sizeof(s->id));
                if (r < 0)
                        return log_error_errno(r, "cannot generate a task id");
                s->id_generated = true;
        }

        if (!slice_name_is_valid(s->slice)) {
                log_error("invalid slice '%s': expected a unit name ending in '.slice'", s->slice);
                return -EINVAL;
        }
        if (s->journal && (s->stdout_path || s->stderr_path)) {
                log_error("--journal and --stdout/--stderr both say where the output goes: give one");
                return -EINVAL;
        }
        if (s->detach && strlen(s->id) > TASK_ID_DETACHED_MAX) {
                log_error("task id '%s' is too long for --detach: at most %zu characters (its supervisor's unit name must fit too)",
                          s->id, (size_t) TASK_ID_DETACHED_MAX);
                return -EINVAL;
        }
        if (s->detach && s->isolation.pty) {
                log_error("--detach and --pty do not go together: a detached task has no terminal to relay to");
                return -EINVAL;
        }
        /* Detached, the caller's terminal and pipes must not be held by the
         * task: output the journal keeps, unless told otherwise. */
        if (s->detach && !s->stdout_path && !s->stderr_path)
                s->journal = true;
        if (!!s->stats_interval_usec != !!s->stats_out) {
                log_error("--stats-interval and --stats-out go together: give both");
                return -EINVAL;
        }
        r = limits_spec_validate(&s->limits);
        if (r < 0)
                return r;
        return isolation_spec_validate(&s->isolation);
}

int run_spec_parse(int argc, char **argv, RunSpec *ret) {
        enum { ARG_ID = 0x100, ARG_SLICE, ARG_KILL_SIGNAL, ARG_GRACE, ARG_STDOUT, ARG_STDERR, ARG_JOURNAL,
               ARG_STATS_INTERVAL, ARG_STATS_OUT };
        static const struct option options[] = {
                { "id", required_argument, NULL, ARG_ID },
                { "slice", required_argument, NULL, ARG_SLICE },
                { "quiet", no_argument, NULL, 'q' },
                { "kill-signal", required_argument, NULL, ARG_KILL_SIGNAL },
                { "grace", required_argument, NULL, ARG_GRACE },
                { "stdout", required_argument, NULL, ARG_STDOUT },
                { "stderr", required_argument, NULL, ARG_STDERR },
                { "journal", no_argument, NULL, ARG_JOURNAL },
                { "detach", no_argument, NULL, 'd' },
                { "stats-interval", required_argument, NULL, ARG_STATS_INTERVAL },
                { "stats-out", required_argument, NULL, ARG_STATS_OUT },
                { "help", no_argument, NULL, 'h' },
                LIMIT_LONG_OPTIONS,
                ISOLATION_LONG_OPTIONS,
                {}
        };
        RunSpec s = { .slice = TASK_DEFAULT_SLICE, .kill_signal = SIGINT, .grace_usec = TASK_DEFAULT_GRACE_USEC };
        const char *id = NULL;
        int c, r;

        /* "+": stop at the first non-option, which is the command. ':' first
         * so a missing argument is told apart from an unknown option. */
        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, "+:qdhp:t", options, NULL)) >= 0) {
                switch (c) {
                case ARG_ID:
                        id = optarg;
                        break;
                case ARG_SLICE:
                        s.slice = optarg;
                        break;
                case 'q':
                        s.quiet = true;
                        break;
                case ARG_KILL_SIGNAL:
                        if (parse_signal(optarg, &s.kill_signal) < 0) {
                                log_error("invalid value '%s' for --kill-signal: expected a signal name like SIGTERM or a number",
                                          optarg);
                                run_spec_done(&s);
                                return -EINVAL;
                        }
                        break;
                case ARG_STDOUT:
                        s.stdout_path = optarg;
                        break;
                case ARG_STDERR:
                        s.stderr_path = optarg;
                        break;
                case ARG_JOURNAL:
                        s.journal = true;
                        break;
                case 'd':
                        s.detach = true;
                        break;
                case ARG_STATS_INTERVAL:
                        if (parse_duration(optarg, &s.stats_interval_usec) < 0 || s.stats_interval_usec < 10000) {
                                log_error("invalid value '%s' for --stats-interval: expected a duration of at least 10ms, like 1s",
                                          optarg);
                                run_spec_done(&s);
                                return -EINVAL;
                        }
                        break;
                case ARG_STATS_OUT:
                        s.stats_out = optarg;
                        break;
                case ARG_GRACE:
                        if (parse_duration(optarg, &s.grace_usec) < 0) {
                                log_error("invalid value '%s' for --grace: expected a duration like 10s or 1min", optarg);
                                run_spec_done(&s);
                                return -EINVAL;
                        }
                        break;
                case 'h':
                        run_help();
                        run_spec_done(&s);
                        return 1;
                case 't':
                        c = ISOLATION_OPT_PTY;
                        goto isolation;
                case 'p':
                        c = LIMIT_OPT_PROPERTY;
                        _fallthrough_;
                case LIMIT_OPT_BASE ... _LIMIT_OPT_END - 1:
                        r = limits_spec_apply(&s.limits, c, optarg, 0);
                        if (r < 0) {
                                run_spec_done(&s);
                                return r;
                        }
                        break;
                case ISOLATION_OPT_BASE ... _ISOLATION_OPT_END - 1:
                isolation:
                        r = isolation_spec_apply(&s.isolation, c, optarg);
                        if (r < 0) {
                                run_spec_done(&s);
                                return r;
                        }
                        break;
                case ':':
                        log_error("option '%s' needs a value", argv[optind - 1]);
                        run_spec_done(&s);
                        return -EINVAL;
                default:
                        if (optopt)
                                log_error("unknown option '-%c' (see 'taskscope run --help')", optopt);
                        else
                                log_error("unknown option '%s' (see 'taskscope run --help')", argv[optind - 1]);
                        run_spec_done(&s);
                        return -EINVAL;
                }
        }

        r = run_spec_check(&s, id, argc, argv);
        if (r < 0) {
                run_spec_done(&s);
                return r;
        }
        s.argv = argv + optind;
        *ret = s;
        return 0;
}

void run_spec_done(RunSpec *s) {
        limits_spec_done(&s->limits);
        isolation_spec_done(&s->isolation);
}
