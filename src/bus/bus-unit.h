/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <systemd/sd-bus.h>

#include "plan/unit-props.h"

#define BUS_ERROR_UNIT_EXISTS "org.freedesktop.systemd1.UnitExists"
/* Our own names, so the caller can tell these apart in one sd_bus_error. */
#define BUS_ERROR_JOB_FAILED "io.taskscope.JobFailed"
#define BUS_ERROR_JOB_TIMEOUT "io.taskscope.JobTimeout"

#define BUS_JOB_TIMEOUT_USEC (60ULL * 1000 * 1000)

/* Append props as the a(sv) array StartTransientUnit and SetUnitProperties
 * take. Pure message building: testable on an unconnected bus. */
int bus_append_unit_props(sd_bus_message *m, const UnitProps *props);

/* Start a transient unit and wait until systemd has finished its job.
 * Listens for JobRemoved before asking, so the job's end cannot be missed.
 * A failed leftover unit of the same name is reset and the start retried
 * once. accepted (if not NULL) is called once systemd has taken the unit
 * (the name is the caller's), while its job still runs. Returns 0 when the
 * job ended "done"; -EEXIST when a unit of that name exists and is not
 * failed; any other negative errno with *error describing what systemd said
 * (or BUS_ERROR_JOB_FAILED / BUS_ERROR_JOB_TIMEOUT). */
int bus_start_transient_unit(sd_bus *bus, bool is_private, const char *unit, const UnitProps *props,
                             void (*accepted)(void *userdata), void *userdata, sd_bus_error *error);

/* SetUnitProperties(unit, runtime, props): change a loaded unit. -ENOENT when
 * there is no such unit; else *error holds systemd's own words. */
int bus_set_unit_properties(sd_bus *bus, const char *unit, bool runtime, const UnitProps *props,
                            sd_bus_error *error);

/* A string property of a loaded unit, by its unit name. -ENOENT if there is
 * no such unit loaded. */
int bus_get_unit_string(sd_bus *bus, const char *unit, const char *interface, const char *property,
                        char **ret, sd_bus_error *error);
