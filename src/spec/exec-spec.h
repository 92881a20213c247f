/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXEC_DEFAULT_CAPTURE_LIMIT 4096 /* the seed's check buffer */
#define EXEC_CAPTURE_LIMIT_MAX (16u << 20)

/* What `taskscope exec` was asked to do, validated. */
typedef struct ExecSpec {
        const char *id;
        bool tty;               /* -t: a pty of the task's, relayed to this terminal */
        bool interactive;       /* -i: forward stdin (always with -t) */
        bool json;              /* --json: {exit_code, timed_out, output} */
        uint64_t timeout_usec;  /* --timeout: 0 = none */
        size_t capture_limit;   /* --capture-limit: bytes of output --json keeps (the last ones) */
        const char *user;       /* --user: else the task's */
        char **env;             /* --env NAME=VALUE, pointers into argv */
        size_t n_env;
        char **argv;            /* the command, pointing into the caller's argv */
} ExecSpec;

/* Parse `exec ID [OPTIONS] -- COMMAND [ARG...]` (argv[0] is "exec").
 * 0 with *ret filled, 1 after --help, -EINVAL after one line naming the bad
 * value. */
int exec_spec_parse(int argc, char **argv, ExecSpec *ret);
void exec_spec_done(ExecSpec *s);
void exec_help(void);
