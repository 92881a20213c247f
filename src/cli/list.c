/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "basic/json-util.h"
#include "basic/log.h"
#include "basic/time-util.h"
#include "bus/bus-util.h"
#include "cli/task-lookup.h"
#include "cli/verbs.h"
#include "task/exit-status.h"
#include "task/task-info.h"
#include "task/task-inspect.h"

static void list_help(void) {
        printf("Usage: taskscope list [--json]\n"
               "\n"
               "List the running tasks: every taskscope-ID.scope systemd has loaded, with\n"
               "its state, main pid, uptime, memory and command from the task's state.\n"
               "\n"
               "  -h, --help     show this help\n"
               "      --json     one JSON array of objects, null for what is not known\n");
}


int verb_list(int argc, char **argv) {
        _cleanup_bus_ sd_bus *bus = NULL;
        _cleanup_bus_error_ sd_bus_error error = SD_BUS_ERROR_NULL;
        TaskInfo *infos = NULL;
        size_t n = 0;
        bool json;
        int is_private, r;

        r = cli_parse_json_args(argc, argv, list_help, false, NULL, &json);
        if (r != 0)
                return r > 0 ? 0 : EXIT_LAUNCHER;

        r = bus_connect_systemd(&bus, &is_private);
        if (r < 0) {
                log_error_errno(r, "cannot connect to systemd");
                return EXIT_LAUNCHER;
        }
        r = task_inspect_list(bus, &infos, &n, &error);
        if (r < 0) {
                log_error("cannot list the task scopes: %s", bus_error_message(&error, r));
                return EXIT_LAUNCHER;
        }

        if (json) {
                _cleanup_json_ json_object *a = NULL;

                r = task_info_list_to_json(infos, n, now_usec(CLOCK_REALTIME), &a);
                if (r >= 0)
                        puts(json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN |
                                                                       JSON_C_TO_STRING_NOSLASHESCAPE));
        } else
                r = task_info_list_print(stdout, infos, n, now_usec(CLOCK_REALTIME));
        task_info_free_many(infos, n);
        if (r < 0) {
                log_error_errno(r, "cannot format the list");
                return EXIT_LAUNCHER;
        }
        if (fflush(stdout) != 0) {
                log_error_errno(-errno, "cannot write the list");
                return EXIT_LAUNCHER;
        }
        return 0;
}
