/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <string.h>
#include <systemd/sd-bus.h>

#include "basic/macro.h"

/* sd-bus.h defines the *p cleanup helpers; these only name them. */
#define _cleanup_bus_ _cleanup_(sd_bus_flush_close_unrefp)
#define _cleanup_bus_message_ _cleanup_(sd_bus_message_unrefp)
#define _cleanup_bus_slot_ _cleanup_(sd_bus_slot_unrefp)
#define _cleanup_bus_error_ _cleanup_(sd_bus_error_free)

/* What to tell the user about a failed call: systemd's own words if it
 * answered, else the errno. */
static inline const char *bus_error_message(const sd_bus_error *e, int r) {
        return sd_bus_error_is_set(e) ? e->message : strerror(r < 0 ? -r : r);
}

#define SYSTEMD_DEST "org.freedesktop.systemd1"
#define SYSTEMD_PATH "/org/freedesktop/systemd1"
#define SYSTEMD_MANAGER "org.freedesktop.systemd1.Manager"

/* Connect to PID 1: its private socket when we may (root, and the socket
 * exists: no dbus-daemon hop), else the system bus. *ret_private says which,
 * since signals reach private connections without Subscribe(). */
int bus_connect_systemd(sd_bus **ret, int *ret_private);
