#!/bin/bash
# beds: fast
# The benchmark still works: every part once, with tiny counts. Not a timed
# assertion (bench/README.md has the numbers): only that each part measured
# something, nothing failed, and the launch/stop cycles left nothing behind.
. ./lib.sh
bench=/usr/local/libexec/taskscope-bench
[ -x "$bench/taskscope-bench" ] || skip "the benchmark is not installed (meson setup -Dbench=true)"
command -v bwrap >/dev/null || skip "no bwrap in the $BED bed"
out=/tmp/bench.$$.json
"$bench/taskscope-bench" --floor "$bench/floor-client" --root /var/tmp/bench-root.$$ --out "$out" \
	--runs 3 --throughput-tasks 4 --stats-polls 20 --stats-tasks 2 --stop-runs 2 --cycles 5 --moves 3 >/tmp/bench.$$.txt 2>&1 ||
	fail "taskscope-bench failed: $(cat /tmp/bench.$$.txt)"
for section in '"latency"' '"throughput"' '"stats"' '"footprint"' '"teardown"' '"migration"' '"targets"'; do
	grep -q "$section" "$out" || fail "no $section in the results: $(cat "$out")"
done
# No launch of any kind failed, and nothing was left.
[ "$(grep -c '"failures":0' "$out")" = 10 ] || fail "failures in the results: $(grep failures "$out")"
grep -q '"units_left":0' "$out" && grep -q '"cgroups_left":0' "$out" || fail "the cycles left units or cgroups: $(cat "$out")"
grep -q '"supervisor_private_kib":[1-9]' "$out" || fail "no supervisor footprint measured: $(cat "$out")"
grep -q '"taskscope_us":[0-9]' "$out" || fail "no stats cost measured: $(cat "$out")"
grep -A1 '"move_cold_us"' "$out" | grep -q '"median":[0-9]' || fail "no migration cost measured: $(cat "$out")"
# The machine's CPU per task was read: at some level, some was spent.
for key in taskscope_machine_cpu_ms floor_machine_cpu_ms; do
	grep -Eq "\"$key\":([1-9]|0\.[0-9]*[1-9])" "$out" ||
		fail "no machine CPU per task in the throughput: $(grep -A8 '"throughput"' "$out")"
done
no_taskscope_units || fail "units left: $(taskscope_units)"
rm -rf "$out" /tmp/bench.$$.txt /var/tmp/bench-root.$$
exit 0
