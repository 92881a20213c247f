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
#include "spec/task-id.h"
#include "task/exit-status.h"
#include "task/task-info.h"
#include "task/task-inspect.h"

static void status_help(void) {
        printf("Usage: taskscope status ID [--json]\n"
               "\n"
               "Show everything known about task ID: its unit and state, main pid, command,\n"
               "uptime, memory, supervisor, cgroup, user, namespaces, kill signal and grace,\n"
               "and the limits systemd has on its scope now. Once the task has ended, how it\n"
               "ended, from its exit record.\n"
               "\n"
               "  -h, --help     show this help\n"
               "      --json     one JSON object, null for what is not known\n");
}


static int status_print(const TaskInfo *i, bool json) {
        uint64_t now = now_usec(CLOCK_REALTIME);
        int r;

        if (json) {
                _cleanup_json_ json_object *o = NULL;

                r = task_info_to_json(i, now, &o);
                if (r < 0)
                        return r;
                puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
        } else {
                r = task_info_status_print(stdout, i, now);
                if (r < 0)
                        return r;
        }
        return fflush(stdout) != 0 ? -errno : 0;
}

int verb_status(int argc, char **argv) {
        _cleanup_bus_ sd_bus *bus = NULL;
        _cleanup_bus_error_ sd_bus_error error = SD_BUS_ERROR_NULL;
        TaskInfo info = TASK_INFO_NULL;
        const char *id;
        bool json;
        int is_private, r;

        r = cli_parse_json_args(argc, argv, status_help, true, &id, &json);
        if (r != 0)
                return r > 0 ? 0 : EXIT_LAUNCHER;

        r = bus_connect_systemd(&bus, &is_private);
        if (r < 0) {
                log_error_errno(r, "cannot connect to systemd");
                return EXIT_LAUNCHER;
        }
        r = task_inspect_one(bus, id, &info, &error);
        if (r < 0) {
                log_error("cannot get the status of task '%s': %s", id, bus_error_message(&error, r));
                return EXIT_LAUNCHER;
        }
        if (task_info_is_unknown(&info)) {
                log_error("no task '%s' (no unit %s, no state)", id, info.unit);
                task_info_done(&info);
                return EXIT_LAUNCHER;
        }
        r = status_print(&info, json);
        task_info_done(&info);
        if (r < 0) {
                log_error_errno(r, "cannot print the status of task '%s'", id);
                return EXIT_LAUNCHER;
        }
        return 0;
}
