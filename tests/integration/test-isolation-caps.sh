#!/bin/bash
# beds: fast
# Capabilities: the default allowlist for root and for other users (who get
# it as ambient caps too), --cap-add / --cap-drop, and no_new_privs.
. ./lib.sh
root=$(mktemp -d /var/tmp/taskroot.XXXXXX)
trap 'rm -rf "$root"; stop_own_units' EXIT
make_task_root "$root"

caps() { taskscope run -q --root "$root" "$@" -- grep -E '^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs):' /proc/self/status | tr -s '\t ' ' ' | tr '\n' ' '; }
def=00000000a80405fb
got=$(caps)
[ "$got" = "CapInh: 0000000000000000 CapPrm: $def CapEff: $def CapBnd: $def CapAmb: 0000000000000000 NoNewPrivs: 1 " ] ||
	fail "root defaults: $got"
got=$(caps --user nobody)
[ "$got" = "CapInh: $def CapPrm: $def CapEff: $def CapBnd: $def CapAmb: $def NoNewPrivs: 1 " ] ||
	fail "nobody defaults: $got"
raw=00000000a80425fb
got=$(caps --user nobody --cap-add net_raw)
[ "$got" = "CapInh: $raw CapPrm: $raw CapEff: $raw CapBnd: $raw CapAmb: $raw NoNewPrivs: 1 " ] ||
	fail "nobody +net_raw: $got"
zero=0000000000000000
got=$(caps --cap-drop all)
[ "$got" = "CapInh: $zero CapPrm: $zero CapEff: $zero CapBnd: $zero CapAmb: $zero NoNewPrivs: 1 " ] ||
	fail "root --cap-drop all: $got"
got=$(caps --cap-drop all --cap-add net_raw)
want=0000000000002000
[ "$got" = "CapInh: $zero CapPrm: $want CapEff: $want CapBnd: $want CapAmb: $zero NoNewPrivs: 1 " ] ||
	fail "root --cap-drop all --cap-add net_raw: $got"
# "all" is what this bed can give: its own bounding set.
bed=$(sed -n 's/^CapBnd:\t//p' /proc/self/status)
got=$(caps --cap-add all --allow-new-privileges)
[ "$got" = "CapInh: $zero CapPrm: $bed CapEff: $bed CapBnd: $bed CapAmb: $zero NoNewPrivs: 0 " ] ||
	fail "root --cap-add all: $got (bed CapBnd $bed)"
expect_launcher_error "invalid value 'net_bogus' for --cap-add" taskscope run --root "$root" --cap-add net_bogus -- true
