/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "spec/limits.h"
#include "spec/task-id.h"

/* `taskscope update ID [limit options] [-p NAME=VALUE...]` */
typedef struct UpdateSpec {
        const char *id;
        LimitsSpec limits;
} UpdateSpec;

/* 0 with *ret filled, 1 after --help, or -EINVAL/-ERANGE after logging. */
int update_spec_parse(int argc, char **argv, UpdateSpec *ret);
void update_spec_done(UpdateSpec *s);
void update_help(void);
