/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/process-stats.h"

int cgroup_procs_next(const char **p, pid_t *ret) {
        const char *s = *p;

        for (;;) {
                uint64_t v = 0;
                const char *start;

                if (*s == '\0') {
                        *p = s;
                        return 0;
                }
                start = s;
                while (*s >= '0' && *s <= '9') {
                        /* Digits past INT_MAX are no pid: stop before they overflow. */
                        if (v > INT_MAX)
                                return -ERANGE;
                        v = v * 10 + (uint64_t) (*s - '0');
                        s++;
                }
                if (s == start || (*s != '\n' && *s != '\0'))
                        return -EINVAL;
                if (v > INT_MAX)
                        return -ERANGE;
                if (*s == '\n')
                        s++;
                if (v == 0)
                        continue;
                *p = s;
                *ret = (pid_t) v;
                return 1;
        }
}

void cgroup_process_list_clear(CgroupProcessList *l) {
        l->n = 0;
        l->monotonic_usec = 0;
}

void cgroup_process_list_done(CgroupProcessList *l) {
        free(l->items);
        *l = CGROUP_PROCESS_LIST_NULL;
}

int cgroup_process_list_add(CgroupProcessList *l, pid_t pid, const ProcStat *st, uint64_t page_size) {
        CgroupProcess *p;

        if (l->n == l->allocated) {
                size_t a = l->allocated ? l->allocated * 2 : 16;
                CgroupProcess *items;

                if (a > SIZE_MAX / sizeof(*items))
                        return -ENOMEM;
                items = realloc(l->items, a * sizeof(*items));
                if (!items)
                        return -ENOMEM;
                l->items = items;
                l->allocated = a;
        }
        p = &l->items[l->n++];
        *p = (CgroupProcess) {
                .pid = pid,
                .starttime = st->starttime,
                .utime = st->utime,
                .stime = st->stime,
                .rss_bytes = st->rss_pages * page_size,
        };
        _Static_assert(sizeof(p->comm) == sizeof(st->comm), "comm as /proc gives it");
        memcpy(p->comm, st->comm, sizeof(p->comm));
        p->comm[sizeof(p->comm) - 1] = '\0';
        return 0;
}

static int process_compare(const void *a, const void *b) {
        const CgroupProcess *x = a, *y = b;

        return (x->pid > y->pid) - (x->pid < y->pid);
}

void cgroup_process_list_finish(CgroupProcessList *l) {
        size_t w = 0;

        if (l->n == 0)
                return;
        qsort(l->items, l->n, sizeof(*l->items), process_compare);
        for (size_t i = 1; i < l->n; i++)
                if (l->items[i].pid != l->items[w].pid)
                        l->items[++w] = l->items[i];
        l->n = w + 1;
}

const CgroupProcess *cgroup_process_list_find(const CgroupProcessList *l, pid_t pid, uint64_t starttime) {
        const CgroupProcess key = { .pid = pid }, *p;

        if (l->n == 0)
                return NULL;
        p = bsearch(&key, l->items, l->n, sizeof(*l->items), process_compare);
        return p && p->starttime == starttime ? p : NULL;
}

void cgroup_process_rates(const CgroupProcessList *prev, CgroupProcessList *cur, uint64_t ticks_per_sec) {
        double wall_ticks;

        for (size_t i = 0; i < cur->n; i++)
                cur->items[i].has_percent = false;
        if (!prev || ticks_per_sec == 0 || cur->monotonic_usec <= prev->monotonic_usec)
                return;
        /* The wall time in clock ticks, so that a delta of ticks over it is a share of one CPU. */
        wall_ticks = (double) (cur->monotonic_usec - prev->monotonic_usec) * (double) ticks_per_sec / 1e6;

        for (size_t i = 0; i < cur->n; i++) {
                CgroupProcess *p = &cur->items[i];
                const CgroupProcess *q = cgroup_process_list_find(prev, p->pid, p->starttime);

                if (!q || p->utime < q->utime || p->stime < q->stime)
                        continue;
                p->user_percent = (double) (p->utime - q->utime) / wall_ticks * 100.0;
                p->system_percent = (double) (p->stime - q->stime) / wall_ticks * 100.0;
                p->total_percent = (double) (p->utime - q->utime + p->stime - q->stime) / wall_ticks * 100.0;
                p->has_percent = true;
        }
}
