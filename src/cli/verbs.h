/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Each verb parses its own arguments (argv[0] is the verb) and returns the
 * process exit code. */
int verb_run(int argc, char **argv);
int verb_update(int argc, char **argv);
int verb_stats(int argc, char **argv);
int verb_signal(int argc, char **argv);
int verb_stop(int argc, char **argv);
int verb_wait(int argc, char **argv);
int verb_exec(int argc, char **argv);
int verb_list(int argc, char **argv);
int verb_status(int argc, char **argv);
