/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <unistd.h>

#include "bus/bus-util.h"

#define SYSTEMD_PRIVATE_SOCKET "/run/systemd/private"

static int bus_connect_private(sd_bus **ret) {
        sd_bus *bus = NULL;
        int r;

        r = sd_bus_new(&bus);
        if (r < 0)
                return r;
        r = sd_bus_set_address(bus, "unix:path=" SYSTEMD_PRIVATE_SOCKET);
        if (r >= 0)
                r = sd_bus_start(bus);
        if (r < 0) {
                sd_bus_unref(bus);
                return r;
        }
        *ret = bus;
        return 0;
}

int bus_connect_systemd(sd_bus **ret, int *ret_private) {
        sd_bus *bus = NULL;
        int r;

        if (geteuid() == 0 && access(SYSTEMD_PRIVATE_SOCKET, F_OK) == 0) {
                r = bus_connect_private(&bus);
                if (r >= 0) {
                        *ret = bus;
                        *ret_private = 1;
                        return 0;
                }
        }
        r = sd_bus_open_system(&bus);
        if (r < 0)
                return r;
        *ret = bus;
        *ret_private = 0;
        return 0;
}
