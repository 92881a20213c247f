/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "spec/isolation-spec.h"
#include "spec/limits.h"
#include "spec/task-id.h"

#define TASK_DEFAULT_SLICE "taskscope.slice"
#define TASK_DEFAULT_GRACE_USEC (5ULL * 1000 * 1000)

/* What `taskscope run` was asked to do, validated, before anything exists. */
typedef struct RunSpec {
        char id[TASK_ID_MAX + 1];
        bool id_generated;
        const char *slice;
        bool quiet;
        int kill_signal;      /* --kill-signal: a graceful stop sends this (default SIGINT) */
        uint64_t grace_usec;  /* --grace: then every process is killed (default 5s) */
        const char *stdout_path, *stderr_path; /* --stdout, --stderr: files or FIFOs */
        bool journal;         /* --journal: stdout and stderr to journald (default with --detach) */
        bool detach;          /* --detach: return once started; a supervisor of its own waits */
        uint64_t stats_interval_usec; /* --stats-interval: 0 = no stats stream */
        const char *stats_out;        /* --stats-out: where the JSON lines go */
        LimitsSpec limits;
        IsolationSpec isolation;
        char **argv; /* points into the caller's argv, NULL-terminated */
} RunSpec;

/* Parse `run [OPTIONS] -- COMMAND [ARG...]` (argv[0] is "run").
 * Returns 0 with *ret filled, 1 when --help was printed, or -EINVAL after
 * logging one line that names the bad value. */
int run_spec_parse(int argc, char **argv, RunSpec *ret);

void run_help(void);
void run_spec_done(RunSpec *s);
