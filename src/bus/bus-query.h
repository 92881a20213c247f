/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <systemd/sd-bus.h>

#define SYSTEMD_UNIT_INTERFACE "org.freedesktop.systemd1.Unit"
#define SYSTEMD_SCOPE_INTERFACE "org.freedesktop.systemd1.Scope"

/* Read-only questions to systemd about units, for `list` and `status`. */

typedef struct BusUnitStatus {
        char *name;
        char *active_state;
        char *sub_state;
} BusUnitStatus;

void bus_unit_status_free_many(BusUnitStatus *units, size_t n);

/* ListUnitsByPatterns(states = [], patterns): every loaded unit whose name
 * matches one of the NULL-terminated patterns (fnmatch globs). */
int bus_list_units_by_patterns(sd_bus *bus, const char *const *patterns, BusUnitStatus **ret, size_t *ret_n,
                               sd_bus_error *error);

/* The object path of a loaded unit (GetUnit). -ENOENT if it is not loaded. */
int bus_get_unit_path(sd_bus *bus, const char *unit, char **ret_path, sd_bus_error *error);

/* One property of the object at path, by its D-Bus type: "t" and "ay". */
int bus_get_property_u64(sd_bus *bus, const char *path, const char *interface, const char *property,
                         uint64_t *ret, sd_bus_error *error);
int bus_get_property_bytes(sd_bus *bus, const char *path, const char *interface, const char *property,
                           uint8_t **ret, size_t *ret_n, sd_bus_error *error);
