/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "basic/log.h"
#include "spec/update-spec.h"

void update_help(void) {
        printf("Usage: taskscope update ID [OPTIONS]\n"
               "\n"
               "Change the limits of the running task ID (SetUnitProperties, at runtime).\n"
               "Only resource-control settings and Description can change on a running scope.\n"
               "\n"
               "  -h, --help          show this help\n"
               "\n" LIMIT_HELP);
}

void update_spec_done(UpdateSpec *s) {
        limits_spec_done(&s->limits);
}

static int update_fail(UpdateSpec *s, int r) {
        update_spec_done(s);
        return r;
}

int update_spec_parse(int argc, char **argv, UpdateSpec *ret) {
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                LIMIT_LONG_OPTIONS,
                {}
        };
        UpdateSpec s = {};
        bool any = false;
        int c, r;

        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":hp:", options, NULL)) >= 0) {
                switch (c) {
                case 'h':
                        update_help();
                        return update_fail(&s, 1);
                case 'p':
                        c = LIMIT_OPT_PROPERTY;
                        _fallthrough_;
                case LIMIT_OPT_BASE ... _LIMIT_OPT_END - 1:
                        r = limits_spec_apply(&s.limits, c, optarg, 1);
                        if (r < 0)
                                return update_fail(&s, r);
                        any = true;
                        break;
                case ':':
                        log_error("option '%s' needs a value", argv[optind - 1]);
                        return update_fail(&s, -EINVAL);
                default:
                        if (optopt)
                                log_error("unknown option '-%c' (see 'taskscope update --help')", optopt);
                        else
                                log_error("unknown option '%s' (see 'taskscope update --help')", argv[optind - 1]);
                        return update_fail(&s, -EINVAL);
                }
        }
        if (optind >= argc) {
                log_error("no task id given: taskscope update ID [OPTIONS]");
                return update_fail(&s, -EINVAL);
        }
        if (optind + 1 < argc) {
                log_error("unexpected argument '%s': taskscope update takes one task id", argv[optind + 1]);
                return update_fail(&s, -EINVAL);
        }
        s.id = argv[optind];
        if (!task_id_is_valid(s.id)) {
                log_error("invalid task id '%s'", s.id);
                return update_fail(&s, -EINVAL);
        }
        if (!any) {
                log_error("nothing to update: give at least one limit option or -p NAME=VALUE");
                return update_fail(&s, -EINVAL);
        }
        r = limits_spec_validate(&s.limits);
        if (r < 0)
                return update_fail(&s, r);
        *ret = s;
        return 0;
}
