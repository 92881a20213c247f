/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bus/bus-query.h"
#include "bus/bus-util.h"

void bus_unit_status_free_many(BusUnitStatus *units, size_t n) {
        for (size_t k = 0; units && k < n; k++) {
                free(units[k].name);
                free(units[k].active_state);
                free(units[k].sub_state);
        }
        free(units);
}

int bus_list_units_by_patterns(sd_bus *bus, const char *const *patterns, BusUnitStatus **ret, size_t *ret_n,
                               sd_bus_error *error) {
        _cleanup_bus_message_ sd_bus_message *m = NULL, *reply = NULL;
        BusUnitStatus *units = NULL;
        size_t n = 0;
        const char *name, *active, *sub;
        int r;

        r = sd_bus_message_new_method_call(bus, &m, SYSTEMD_DEST, SYSTEMD_PATH, SYSTEMD_MANAGER,
                                           "ListUnitsByPatterns");
        if (r < 0)
                return r;
        /* No states: units in any state, as long as they are loaded. */
        r = sd_bus_message_append_strv(m, NULL);
        if (r < 0)
                return r;
        r = sd_bus_message_append_strv(m, (char **) patterns);
        if (r < 0)
                return r;
        r = sd_bus_call(bus, m, 0, error, &reply);
        if (r < 0)
                return r;

        r = sd_bus_message_enter_container(reply, 'a', "(ssssssouso)");
        if (r < 0)
                return r;
        while ((r = sd_bus_message_read(reply, "(ssssssouso)", &name, NULL, NULL, &active, &sub, NULL, NULL, NULL,
                                        NULL, NULL)) > 0) {
                BusUnitStatus *grown = realloc(units, (n + 1) * sizeof(*units));

                if (!grown) {
                        r = -ENOMEM;
                        break;
                }
                units = grown;
                units[n] = (BusUnitStatus) { strdup(name), strdup(active), strdup(sub) };
                n++;
                if (!units[n - 1].name || !units[n - 1].active_state || !units[n - 1].sub_state) {
                        r = -ENOMEM;
                        break;
                }
        }
        if (r >= 0)
                r = sd_bus_message_exit_container(reply);
        if (r < 0) {
                bus_unit_status_free_many(units, n);
                return r;
        }
        *ret = units;
        *ret_n = n;
        return 0;
}

int bus_get_unit_path(sd_bus *bus, const char *unit, char **ret_path, sd_bus_error *error) {
        _cleanup_bus_message_ sd_bus_message *reply = NULL;
        const char *path;
        char *p;
        int r;

        /* GetUnit, not a made-up path: it fails for units that are not loaded. */
        r = sd_bus_call_method(bus, SYSTEMD_DEST, SYSTEMD_PATH, SYSTEMD_MANAGER, "GetUnit", error, &reply, "s",
                               unit);
        if (r < 0)
                return sd_bus_error_has_name(error, "org.freedesktop.systemd1.NoSuchUnit") ? -ENOENT : r;
        r = sd_bus_message_read(reply, "o", &path);
        if (r < 0)
                return r;
        p = strdup(path);
        if (!p)
                return -ENOMEM;
        *ret_path = p;
        return 0;
}

int bus_get_property_u64(sd_bus *bus, const char *path, const char *interface, const char *property,
                         uint64_t *ret, sd_bus_error *error) {
        return sd_bus_get_property_trivial(bus, SYSTEMD_DEST, path, interface, property, error, 't', ret);
}

int bus_get_property_bytes(sd_bus *bus, const char *path, const char *interface, const char *property,
                           uint8_t **ret, size_t *ret_n, sd_bus_error *error) {
        _cleanup_bus_message_ sd_bus_message *reply = NULL;
        const void *data;
        size_t n;
        uint8_t *copy = NULL;
        int r;

        r = sd_bus_get_property(bus, SYSTEMD_DEST, path, interface, property, error, &reply, "ay");
        if (r < 0)
                return r;
        r = sd_bus_message_read_array(reply, 'y', &data, &n);
        if (r < 0)
                return r;
        if (n > 0) {
                copy = malloc(n);
                if (!copy)
                        return -ENOMEM;
                memcpy(copy, data, n);
        }
        *ret = copy;
        *ret_n = n;
        return 0;
}
