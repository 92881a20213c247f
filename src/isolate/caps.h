/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "plan/isolation-plan.h"

/* Capabilities and the user switch, in the child after the mounts and before
 * exec. The order matters, and is the caller's:
 *
 *   1. isolate_prepare_user_switch()  PR_SET_KEEPCAPS=1: setresuid() away
 *                                     from uid 0 then keeps the permitted set
 *                                     (it still clears the effective one).
 *   2. isolate_drop_bounding(c)       needs CAP_SETPCAP in the effective set:
 *                                     before the uid switch clears it.
 *   3. isolate_switch_user(...)       setgroups, setresgid, setresuid (user.h).
 *   4. isolate_apply_caps(c)          permitted, effective and inheritable
 *                                     (capset can only lower permitted, so the
 *                                     sets must not exceed what was kept), then
 *                                     ambient, which the kernel only lets in
 *                                     when in both permitted and inheritable;
 *                                     it must come after the uid switch, which
 *                                     would clear it.
 *   5. isolate_set_no_new_privs()     PR_SET_NO_NEW_PRIVS=1, last.
 *   then execve(). KEEPCAPS is reset by execve.
 *
 * Hence two functions rather than one: the bounding set must be dropped
 * while still privileged, the other sets set once the user is final.
 * Caps at or above cap_max_bits() (not known to the running kernel) in any
 * mask are -EINVAL. Each returns 0 or a negative errno and never logs. */

int isolate_prepare_user_switch(void);

/* Drop from the bounding set every cap not in c->bounding (the ones still
 * there: nothing to drop needs no privilege). */
int isolate_drop_bounding(const CapabilitySets *c);

/* Set permitted, effective and inheritable to c's, clear the ambient set and
 * raise c->ambient in it. */
int isolate_apply_caps(const CapabilitySets *c);

int isolate_set_no_new_privs(void);
