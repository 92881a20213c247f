/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basic/fileio.h"
#include "basic/proc-util.h"

int proc_stat_parse(const char *text, ProcStat *ret) {
        const char *open_paren = strchr(text, '('), *close_paren = strrchr(text, ')');
        const char *p;
        ProcStat s = {};
        size_t n;
        int field;

        if (!open_paren || !close_paren || close_paren < open_paren)
                return -EBADMSG;
        n = (size_t) (close_paren - open_paren - 1);
        if (n >= sizeof(s.comm))
                n = sizeof(s.comm) - 1;
        memcpy(s.comm, open_paren + 1, n);

        /* Fields from (3) on are separated by single spaces. */
        p = close_paren + 1;
        for (field = 3; field <= 24; field++) {
                unsigned long long v;
                char *end;

                if (*p != ' ')
                        return -EBADMSG;
                p++;
                if (field == 3) {
                        if (*p == '\0' || *p == ' ')
                                return -EBADMSG;
                        s.state = *p++;
                        continue;
                }
                errno = 0;
                v = strtoull(p, &end, 10);
                /* strtoull takes the negative ones (priority, nice) too:
                 * those are skipped. */
                if (end == p || errno == ERANGE)
                        return -EBADMSG;
                p = end;
                switch (field) {
                case 4:  s.ppid = (pid_t) v; break;
                case 14: s.utime = v; break;
                case 15: s.stime = v; break;
                case 22: s.starttime = v; break;
                case 24: s.rss_pages = v; break;
                }
        }
        *ret = s;
        return 0;
}

int proc_stat_read(pid_t pid, ProcStat *ret) {
        char path[64], buf[1024];
        int r;

        snprintf(path, sizeof(path), "/proc/%d/stat", (int) pid);
        r = read_file_into_at(AT_FDCWD, path, buf, sizeof(buf));
        if (r < 0)
                return r;
        return proc_stat_parse(buf, ret);
}
