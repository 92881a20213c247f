/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>

#include "basic/log.h"
#include "cli/task-lookup.h"
#include "spec/task-id.h"

int cli_task_state(const char *id, TaskState *ret) {
        int r;

        if (!task_id_is_valid(id)) {
                log_error("invalid task id '%s'", id);
                return -EINVAL;
        }
        r = task_state_read(id, ret);
        if (r == -ENOENT) {
                log_error("no task '%s' is running", id);
                return r;
        }
        if (r < 0)
                return log_error_errno(r, "cannot read the state of task '%s'", id);
        return 0;
}

int cli_parse_json_args(int argc, char **argv, void (*help)(void), bool want_id, const char **ret_id, bool *ret_json) {
        enum { ARG_JSON = 0x100 };
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "json", no_argument, NULL, ARG_JSON },
                {}
        };
        const char *verb = argv[0];
        bool json = false;
        int c;

        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":h", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        help();
                        return 1;
                case ARG_JSON:
                        json = true;
                        break;
                default:
                        log_error("unknown option '%s' (see 'taskscope %s --help')", argv[optind - 1], verb);
                        return -EINVAL;
                }
        if (!want_id) {
                if (optind < argc) {
                        log_error("unexpected argument '%s': taskscope %s takes no arguments", argv[optind], verb);
                        return -EINVAL;
                }
        } else {
                if (optind >= argc) {
                        log_error("no task id given: taskscope %s ID [--json]", verb);
                        return -EINVAL;
                }
                if (optind + 1 < argc) {
                        log_error("unexpected argument '%s': taskscope %s takes one task id", argv[optind + 1], verb);
                        return -EINVAL;
                }
                if (!task_id_is_valid(argv[optind])) {
                        log_error("invalid task id '%s'", argv[optind]);
                        return -EINVAL;
                }
                *ret_id = argv[optind];
        }
        *ret_json = json;
        return 0;
}
