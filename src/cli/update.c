/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <string.h>

#include "basic/log.h"
#include "bus/bus-unit.h"
#include "bus/bus-util.h"
#include "cli/verbs.h"
#include "plan/limits-plan.h"
#include "spec/update-spec.h"
#include "task/exit-status.h"
#include "task/reservation.h"

static int update_task(const UpdateSpec *spec) {
        _cleanup_bus_ sd_bus *bus = NULL;
        _cleanup_bus_error_ sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_free_ char *unit = NULL, *slice = NULL;
        UnitProps props = {};
        bool reserved;
        int is_private, r;

        r = task_unit_name(spec->id, &unit);
        if (r < 0)
                return log_error_errno(r, "cannot name the unit of task '%s'", spec->id);

        /* No swap default here: update changes only what it is told to. */
        r = limits_plan_props(&spec->limits, false, &props);
        if (r < 0) {
                unit_props_done(&props);
                return log_error_errno(r, "cannot plan the properties of %s", unit);
        }
        reserved = unit_props_find(&props, "MemoryLow") != NULL;

        r = bus_connect_systemd(&bus, &is_private);
        if (r >= 0)
                r = bus_get_unit_string(bus, unit, "org.freedesktop.systemd1.Scope", "Slice", &slice, &error);
        if (r >= 0)
                r = bus_set_unit_properties(bus, unit, true, &props, &error);
        unit_props_done(&props);
        if (r == -ENOENT) {
                log_error("no task '%s' is running (no unit %s)", spec->id, unit);
                return r;
        }
        if (r < 0) {
                log_error("cannot update %s: %s", unit, bus_error_message(&error, r));
                return r;
        }

        if (reserved) {
                sd_bus_error_free(&error);
                r = task_slice_reservation_sync(bus, slice, NULL, &error);
                if (r < 0)
                        log_error("updated %s, but not %s's MemoryLow: %s", unit, slice,
                                  bus_error_message(&error, r));
        }
        return 0;
}

int verb_update(int argc, char **argv) {
        UpdateSpec spec;
        int r;

        r = update_spec_parse(argc, argv, &spec);
        if (r != 0)
                return r > 0 ? 0 : EXIT_LAUNCHER;
        r = update_task(&spec);
        update_spec_done(&spec);
        return r < 0 ? EXIT_LAUNCHER : 0;
}
