/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic/log.h"
#include "basic/parse-util.h"
#include "spec/exec-spec.h"
#include "spec/task-id.h"

void exec_help(void) {
        printf("Usage: taskscope exec ID [OPTIONS] -- COMMAND [ARG...]\n"
               "\n"
               "Run COMMAND inside the running task ID: its namespaces, root, cwd,\n"
               "environment, user and capabilities, in a sub-cgroup of its scope\n"
               "(<scope>/exec-N) that counts against its limits and is removed afterwards.\n"
               "\n"
               "Options:\n"
               "  -t, --tty              a terminal of the task's own, relayed to this one\n"
               "  -i, --interactive      forward stdin (always with -t; else stdin is /dev/null)\n"
               "      --timeout DURATION kill every process of the session at the deadline, exit 124\n"
               "      --json             print {exit_code, timed_out, output} instead of the output\n"
               "      --capture-limit BYTES  the last BYTES of output --json keeps (default %d)\n"
               "      --user USER[:GROUP] run as this user instead of the task's\n"
               "      --env NAME=VALUE   set a variable on top of the task's environment\n"
               "  -h, --help             show this help\n"
               "\n"
               "Exit status: COMMAND's, 128+N if signal N killed it; 124 on timeout; 125 if\n"
               "taskscope failed (no such task running...), 126/127 if COMMAND cannot run.\n",
               EXEC_DEFAULT_CAPTURE_LIMIT);
}

static bool env_assignment_is_valid(const char *s) {
        size_t n = strcspn(s, "=");

        if (n == 0 || s[n] != '=')
                return false;
        for (size_t i = 0; i < n; i++)
                if (!(s[i] == '_' || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
                      (i > 0 && s[i] >= '0' && s[i] <= '9')))
                        return false;
        return true;
}

static int exec_spec_check(ExecSpec *s, bool capture_limit_given) {
        if (!task_id_is_valid(s->id)) {
                log_error("invalid task id '%s'", s->id);
                return -EINVAL;
        }
        if (s->tty && (s->json || s->timeout_usec)) {
                log_error("-t does not go with --json or --timeout: an interactive session has no deadline and no capture");
                return -EINVAL;
        }
        if (capture_limit_given && !s->json) {
                log_error("--capture-limit needs --json");
                return -EINVAL;
        }
        return 0;
}

/* Options up to the first non-option or "--" (left at optind): 0, 1
 * after --help, -EINVAL after logging. */
static int exec_parse_options(int argc, char **argv, ExecSpec *s, bool *capture_limit_given) {
        enum { ARG_TIMEOUT = 0x100, ARG_JSON, ARG_CAPTURE_LIMIT, ARG_USER, ARG_ENV };
        static const struct option options[] = {
                { "tty", no_argument, NULL, 't' },
                { "interactive", no_argument, NULL, 'i' },
                { "timeout", required_argument, NULL, ARG_TIMEOUT },
                { "json", no_argument, NULL, ARG_JSON },
                { "capture-limit", required_argument, NULL, ARG_CAPTURE_LIMIT },
                { "user", required_argument, NULL, ARG_USER },
                { "env", required_argument, NULL, ARG_ENV },
                { "help", no_argument, NULL, 'h' },
                {}
        };
        uint64_t n;
        int c;

        while ((c = getopt_long(argc, argv, "+:tih", options, NULL)) >= 0) {
                switch (c) {
                case 't':
                        s->tty = s->interactive = true;
                        break;
                case 'i':
                        s->interactive = true;
                        break;
                case ARG_TIMEOUT:
                        if (parse_duration(optarg, &s->timeout_usec) < 0 || s->timeout_usec == 0) {
                                log_error("invalid value '%s' for --timeout: expected a duration like 10s", optarg);
                                return -EINVAL;
                        }
                        break;
                case ARG_JSON:
                        s->json = true;
                        break;
                case ARG_CAPTURE_LIMIT:
                        if (parse_size(optarg, &n) < 0 || n == 0 || n > EXEC_CAPTURE_LIMIT_MAX) {
                                log_error("invalid value '%s' for --capture-limit: expected 1 to 16M bytes", optarg);
                                return -EINVAL;
                        }
                        s->capture_limit = (size_t) n;
                        *capture_limit_given = true;
                        break;
                case ARG_USER:
                        s->user = optarg;
                        break;
                case ARG_ENV: {
                        char **e;

                        if (!env_assignment_is_valid(optarg)) {
                                log_error("invalid value '%s' for --env: expected NAME=VALUE", optarg);
                                return -EINVAL;
                        }
                        e = realloc(s->env, (s->n_env + 1) * sizeof(char *));
                        if (!e)
                                return log_error_errno(-ENOMEM, "cannot parse --env");
                        s->env = e;
                        s->env[s->n_env++] = optarg;
                        break;
                }
                case 'h':
                        exec_help();
                        return 1;
                case ':':
                        log_error("option '%s' needs a value", argv[optind - 1]);
                        return -EINVAL;
                default:
                        if (optopt)
                                log_error("unknown option '-%c' (see 'taskscope exec --help')", optopt);
                        else
                                log_error("unknown option '%s' (see 'taskscope exec --help')", argv[optind - 1]);
                        return -EINVAL;
                }
        }
        return 0;
}

int exec_spec_parse(int argc, char **argv, ExecSpec *ret) {
        ExecSpec s = { .capture_limit = EXEC_DEFAULT_CAPTURE_LIMIT };
        bool capture_limit_given = false;
        int r;

        /* "exec ID [OPTIONS] -- COMMAND", or the options before the id. */
        optind = 0;
        opterr = 0;
        r = exec_parse_options(argc, argv, &s, &capture_limit_given);
        if (r == 0 && optind < argc && strcmp(argv[optind - 1], "--") != 0) {
                s.id = argv[optind++];
                r = exec_parse_options(argc, argv, &s, &capture_limit_given);
        }
        if (r != 0) {
                exec_spec_done(&s);
                return r > 0 ? 1 : -EINVAL;
        }
        if (!s.id) {
                log_error("no task id given: taskscope exec ID [OPTIONS] -- COMMAND [ARG...]");
                goto fail;
        }
        if (optind >= argc || argv[optind][0] == '\0') {
                log_error("no command given: taskscope exec ID [OPTIONS] -- COMMAND [ARG...]");
                goto fail;
        }
        r = exec_spec_check(&s, capture_limit_given);
        if (r < 0)
                goto fail;
        s.argv = argv + optind;
        *ret = s;
        return 0;
fail:
        exec_spec_done(&s);
        return -EINVAL;
}

void exec_spec_done(ExecSpec *s) {
        free(s->env);
        s->env = NULL;
        s->n_env = 0;
}
