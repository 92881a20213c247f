/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "basic/time-util.h"
#include "bus/bus-query.h"
#include "bus/bus-unit.h"
#include "bus/bus-util.h"

static int bus_append_unit_prop(sd_bus_message *m, const UnitProp *u) {
        const char *sig = unit_prop_type_to_signature(u->type);
        int r;

        if (!sig)
                return -EINVAL;
        r = sd_bus_message_open_container(m, 'r', "sv");
        if (r < 0)
                return r;
        r = sd_bus_message_append(m, "s", u->name);
        if (r < 0)
                return r;
        r = sd_bus_message_open_container(m, 'v', sig);
        if (r < 0)
                return r;
        switch (u->type) {
        case UNIT_PROP_STRING:
                r = sd_bus_message_append(m, "s", u->str);
                break;
        case UNIT_PROP_BOOL:
                r = sd_bus_message_append(m, "b", (int) u->b);
                break;
        case UNIT_PROP_U64:
                r = sd_bus_message_append(m, "t", u->u64);
                break;
        case UNIT_PROP_U32:
                r = sd_bus_message_append(m, "u", u->u32);
                break;
        case UNIT_PROP_I32:
                r = sd_bus_message_append(m, "i", u->i32);
                break;
        case UNIT_PROP_PIDS:
                r = sd_bus_message_append_array(m, 'u', u->pids, u->n_pids * sizeof(uint32_t));
                break;
        case UNIT_PROP_BYTES:
                r = sd_bus_message_append_array(m, 'y', u->bytes, u->n_bytes);
                break;
        case UNIT_PROP_PAIRS:
                r = sd_bus_message_open_container(m, 'a', "(ss)");
                for (size_t i = 0; r >= 0 && i < u->n_pairs; i++)
                        r = sd_bus_message_append(m, "(ss)", u->pairs[2 * i], u->pairs[2 * i + 1]);
                if (r >= 0)
                        r = sd_bus_message_close_container(m);
                break;
        default:
                r = -EINVAL;
        }
        if (r < 0)
                return r;
        r = sd_bus_message_close_container(m);
        if (r < 0)
                return r;
        return sd_bus_message_close_container(m);
}

int bus_append_unit_props(sd_bus_message *m, const UnitProps *props) {
        int r;

        r = sd_bus_message_open_container(m, 'a', "(sv)");
        if (r < 0)
                return r;
        for (size_t i = 0; i < props->n; i++) {
                r = bus_append_unit_prop(m, &props->items[i]);
                if (r < 0)
                        return r;
        }
        return sd_bus_message_close_container(m);
}

typedef struct JobWait {
        const char *path; /* the job we wait for; NULL until the call returns */
        char result[32];  /* "" until its JobRemoved arrives */
} JobWait;

static int on_job_removed(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        JobWait *w = userdata;
        const char *path, *unit, *result;
        uint32_t id;

        if (sd_bus_message_read(m, "uoss", &id, &path, &unit, &result) < 0)
                return 0;
        if (w->path && strcmp(path, w->path) == 0)
                snprintf(w->result, sizeof(w->result), "%s", result);
        return 0;
}

static int bus_call_start(sd_bus *bus, const char *unit, const UnitProps *props,
                          sd_bus_message **ret_reply, sd_bus_error *error) {
        _cleanup_bus_message_ sd_bus_message *m = NULL;
        int r;

        r = sd_bus_message_new_method_call(bus, &m, SYSTEMD_DEST, SYSTEMD_PATH, SYSTEMD_MANAGER,
                                           "StartTransientUnit");
        if (r < 0)
                return r;
        r = sd_bus_message_append(m, "ss", unit, "fail");
        if (r < 0)
                return r;
        r = bus_append_unit_props(m, props);
        if (r < 0)
                return r;
        r = sd_bus_message_append(m, "a(sa(sv))", 0);
        if (r < 0)
                return r;
        return sd_bus_call(bus, m, 0, error, ret_reply);
}

static int bus_reset_failed(sd_bus *bus, const char *unit) {
        return sd_bus_call_method(bus, SYSTEMD_DEST, SYSTEMD_PATH, SYSTEMD_MANAGER, "ResetFailedUnit",
                                  NULL, NULL, "s", unit);
}

static int bus_wait_job(sd_bus *bus, JobWait *w, const char *unit, sd_bus_error *error) {
        uint64_t deadline = now_usec(CLOCK_MONOTONIC) + BUS_JOB_TIMEOUT_USEC;
        int r;

        while (w->result[0] == '\0') {
                uint64_t now;

                r = sd_bus_process(bus, NULL);
                if (r < 0)
                        return r;
                if (r > 0)
                        continue;
                now = now_usec(CLOCK_MONOTONIC);
                if (now >= deadline) {
                        sd_bus_error_setf(error, BUS_ERROR_JOB_TIMEOUT,
                                          "systemd did not finish starting %s within %llus", unit,
                                          (unsigned long long) (BUS_JOB_TIMEOUT_USEC / 1000000));
                        return -ETIMEDOUT;
                }
                r = sd_bus_wait(bus, deadline - now);
                if (r < 0)
                        return r;
        }
        if (strcmp(w->result, "done") != 0) {
                sd_bus_error_setf(error, BUS_ERROR_JOB_FAILED, "the job starting %s ended with result '%s'",
                                  unit, w->result);
                return -EIO;
        }
        return 0;
}

int bus_start_transient_unit(sd_bus *bus, bool is_private, const char *unit, const UnitProps *props,
                             void (*accepted)(void *userdata), void *userdata, sd_bus_error *error) {
        _cleanup_bus_slot_ sd_bus_slot *slot = NULL;
        _cleanup_bus_message_ sd_bus_message *reply = NULL;
        JobWait w = {};
        int r;

        /* Before the call: the job may end before its reply is read. */
        r = sd_bus_match_signal(bus, &slot, SYSTEMD_DEST, SYSTEMD_PATH, SYSTEMD_MANAGER, "JobRemoved",
                                on_job_removed, &w);
        if (r < 0)
                return r;
        /* PID 1 sends every signal to its private connections; on the bus
         * it only emits job signals once some client has subscribed. */
        if (!is_private) {
                r = sd_bus_call_method(bus, SYSTEMD_DEST, SYSTEMD_PATH, SYSTEMD_MANAGER, "Subscribe",
                                       error, NULL, NULL);
                if (r < 0)
                        return r;
        }

        r = bus_call_start(bus, unit, props, &reply, error);
        if (r < 0 && sd_bus_error_has_name(error, BUS_ERROR_UNIT_EXISTS)) {
                /* A failed unit of that name stays loaded until reset. Reset
                 * it and try once more; an active one stays untouched. */
                (void) bus_reset_failed(bus, unit);
                sd_bus_error_free(error);
                r = bus_call_start(bus, unit, props, &reply, error);
                if (r < 0 && sd_bus_error_has_name(error, BUS_ERROR_UNIT_EXISTS))
                        return -EEXIST;
        }
        if (r < 0)
                return r;

        r = sd_bus_message_read(reply, "o", &w.path);
        if (r < 0)
                return r;
        /* The name is ours; systemd still has the job to run (about a
         * third of the round trip): work that needs the name, done now, is
         * off the caller's path. */
        if (accepted)
                accepted(userdata);
        return bus_wait_job(bus, &w, unit, error);
}

int bus_set_unit_properties(sd_bus *bus, const char *unit, bool runtime, const UnitProps *props,
                            sd_bus_error *error) {
        _cleanup_bus_message_ sd_bus_message *m = NULL;
        int r;

        r = sd_bus_message_new_method_call(bus, &m, SYSTEMD_DEST, SYSTEMD_PATH, SYSTEMD_MANAGER,
                                           "SetUnitProperties");
        if (r < 0)
                return r;
        r = sd_bus_message_append(m, "sb", unit, (int) runtime);
        if (r < 0)
                return r;
        r = bus_append_unit_props(m, props);
        if (r < 0)
                return r;
        r = sd_bus_call(bus, m, 0, error, NULL);
        if (r < 0 && (sd_bus_error_has_name(error, "org.freedesktop.systemd1.NoSuchUnit") ||
                      sd_bus_error_has_name(error, "org.freedesktop.systemd1.LoadFailed")))
                return -ENOENT;
        return r;
}

int bus_get_unit_string(sd_bus *bus, const char *unit, const char *interface, const char *property,
                        char **ret, sd_bus_error *error) {
        _cleanup_free_ char *path = NULL;
        int r;

        r = bus_get_unit_path(bus, unit, &path, error);
        if (r < 0)
                return r;
        return sd_bus_get_property_string(bus, SYSTEMD_DEST, path, interface, property, error, ret);
}
