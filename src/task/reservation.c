/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "basic/fileio.h"
#include "basic/macro.h"
#include "bus/bus-unit.h"
#include "cgroup/cgroup-path.h"
#include "cgroup/cgroup-read.h"
#include "spec/task-id.h"
#include "task/reservation.h"
#include "task/state.h"

static int reservation_lock(const char *slice) {
        char path[PATH_MAX];
        int fd;

        if (mkdir(TASK_STATE_DIR, 0755) < 0 && errno != EEXIST)
                return -errno;
        snprintf(path, sizeof(path), TASK_STATE_DIR "/%s.reservation.lock", slice);
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0)
                return -errno;
        if (flock(fd, LOCK_EX) < 0) {
                safe_close(fd);
                return -errno;
        }
        return fd;
}

static uint64_t slice_reservation_sum(int slice_fd) {
        _cleanup_(closedirp) DIR *d = NULL;
        uint64_t sum = 0;
        int fd = dup(slice_fd);

        if (fd < 0)
                return 0;
        d = fdopendir(fd);
        if (!d) {
                safe_close(fd);
                return 0;
        }
        for (struct dirent *de; (de = readdir(d));) {
                _cleanup_free_ char *low = NULL;
                _cleanup_close_ int scope_fd = -1;
                uint64_t v;
                size_t n = strlen(de->d_name);

                if (de->d_type != DT_DIR || strncmp(de->d_name, TASK_UNIT_PREFIX, strlen(TASK_UNIT_PREFIX)) != 0 ||
                    n < strlen(TASK_UNIT_SUFFIX) || strcmp(de->d_name + n - strlen(TASK_UNIT_SUFFIX), TASK_UNIT_SUFFIX) != 0)
                        continue;
                scope_fd = openat(slice_fd, de->d_name, O_DIRECTORY | O_CLOEXEC);
                if (scope_fd < 0)
                        continue;
                /* An emptied scope is on its way out: its reservation ends with it. */
                if (cgroup_populated_at(scope_fd) != 1)
                        continue;
                if (read_file_at(scope_fd, "memory.low", &low) < 0 || cgroup_parse_memory_value(low, &v) < 0)
                        continue;
                sum = (sum + v < sum) ? UINT64_MAX : sum + v;
        }
        return sum;
}

int task_slice_reservation_sync(sd_bus *bus, const char *slice, uint64_t *ret_sum, sd_bus_error *error) {
        _cleanup_free_ char *path = NULL;
        _cleanup_close_ int lock_fd = -1, slice_fd = -1;
        UnitProps props = {};
        uint64_t sum;
        int r;

        r = cgroup_slice_path(slice, &path);
        if (r < 0)
                return r;
        lock_fd = reservation_lock(slice);
        if (lock_fd < 0)
                return lock_fd;
        slice_fd = open_at_path(CGROUP_ROOT, path, O_DIRECTORY | O_CLOEXEC);
        if (slice_fd < 0)
                return slice_fd;

        sum = slice_reservation_sum(slice_fd);
        r = unit_props_add_u64(&props, "MemoryLow", sum);
        if (r >= 0)
                r = bus_set_unit_properties(bus, slice, true, &props, error);
        unit_props_done(&props);
        if (r >= 0 && ret_sum)
                *ret_sum = sum;
        return r;
}
