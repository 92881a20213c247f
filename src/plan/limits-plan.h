/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "plan/unit-props.h"
#include "spec/limits.h"

/* Append the unit properties for l to props: the options first, then the -p
 * properties in order, so -p has the last word.
 *   --memory M            MemoryMax=M
 *   --memory M --memory-max X   MemoryLow=M, MemoryMax=X
 *   swap                  MemorySwapMax=0 unless --memory-swap (with_swap_default)
 *   --cpu-shares N        CPUWeight=cpu_shares_to_weight(N)
 *   --device ...          DevicePolicy=closed, one DeviceAllow= each */
int limits_plan_props(const LimitsSpec *l, int with_swap_default, UnitProps *props);

/* Copy every property of src into dst (a(ss) lists are appended to). */
int unit_props_merge(UnitProps *dst, const UnitProps *src);
