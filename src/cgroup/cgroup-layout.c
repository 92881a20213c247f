/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "basic/fileio.h"
#include "basic/macro.h"
#include "cgroup/cgroup-layout.h"
#include "cgroup/cgroup-path.h"

int cgroup_enter_task_subgroup(int root_fd, const char *scope_path, CgroupLayoutStep *ret_step) {
        _cleanup_free_ char *controllers = NULL, *line = NULL;
        _cleanup_close_ int scope_fd = -1, task_fd = -1;
        struct statfs sfs;
        int r;

        *ret_step = CGROUP_LAYOUT_FIND;
        if (!scope_path || scope_path[0] != '/')
                return -EINVAL;
        /* Relative to the hierarchy's root opened earlier: by now the
         * caller's / may be the task's. */
        scope_fd = openat(root_fd, scope_path[1] ? scope_path + 1 : ".", O_DIRECTORY | O_CLOEXEC);
        if (scope_fd < 0)
                return -errno;

        *ret_step = CGROUP_LAYOUT_MOVE;
        /* A v1 or hybrid /sys/fs/cgroup has no such layout to make. */
        if (fstatfs(scope_fd, &sfs) < 0)
                return -errno;
        if (sfs.f_type != CGROUP2_SUPER_MAGIC)
                return -ENOMEDIUM;
        if (mkdirat(scope_fd, CGROUP_TASK_SUBGROUP, 0755) < 0 && errno != EEXIST)
                return -errno;
        task_fd = openat(scope_fd, CGROUP_TASK_SUBGROUP, O_DIRECTORY | O_CLOEXEC);
        if (task_fd < 0)
                return -errno;
        r = write_file_at(task_fd, "cgroup.procs", "0");
        if (r < 0)
                return r;

        /* Only now that the scope's root holds no process may controllers be
         * enabled below it (cgroup v2's no-internal-process rule). */
        *ret_step = CGROUP_LAYOUT_ENABLE;
        r = read_file_at(scope_fd, "cgroup.controllers", &controllers);
        if (r < 0)
                return r;
        r = cgroup_subtree_control_line(controllers, &line);
        if (r < 0)
                return r;
        if (line[0] == '\0')
                return 0; /* no controllers (the fast bed): nothing to pass down */
        return write_file_at(scope_fd, "cgroup.subtree_control", line);
}
