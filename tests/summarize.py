#!/usr/bin/env python3
"""Summarise meson test logs per suite, counting TAP subtests, and print the
total last, alone on its line: `N passed, N failed, N skipped`.
Usage: summarize.py SUITE=TESTLOG.json... ; exits 1 if anything failed."""
import json
import re
import sys

TAP = re.compile(r'^(not )?ok\b\s*\d*\s*(?:-\s*)?(.*?)(?:\s+#\s*(SKIP|TODO)\b\s*(.*))?$', re.I)
PLAN_SKIP = re.compile(r'^1\.\.0\s*#\s*SKIP\s*(.*)$', re.I)


def summarize(path):
    passed, failed, skipped = [], [], []
    try:
        lines = [json.loads(l) for l in open(path) if l.strip()]
    except OSError as e:
        return [], [f'(no test log: {e})'], []
    if not lines:
        failed.append('(no test ran)')
    for t in lines:
        name = t['name'].split(' / ')[-1]
        out = t.get('stdout') or ''
        subs = 0
        for line in out.splitlines():
            m = PLAN_SKIP.match(line)
            if m:
                skipped.append((name, m.group(1)))
                subs += 1
                continue
            m = TAP.match(line)
            if not m:
                continue
            subs += 1
            sub = f'{name}: {m.group(2)}'
            if m.group(3) and m.group(3).upper() == 'SKIP':
                skipped.append((sub, m.group(4)))
            elif m.group(1):
                failed.append(sub)
            else:
                passed.append(sub)
        result = t.get('result', '')
        if subs == 0:
            if result == 'OK':
                passed.append(name)
            elif result == 'SKIP':
                skipped.append((name, 'skipped'))
            else:
                failed.append(f'{name} ({result})')
        elif result not in ('OK', 'SKIP') and not any(f.startswith(name + ':') for f in failed):
            # every subtest passed but the run itself did not (bad plan, crash, timeout)
            failed.append(f'{name} ({result}: the suite did not complete)')
    return passed, failed, skipped


def main(args):
    total = [0, 0, 0]
    print()
    for arg in args:
        suite, _, path = arg.partition('=')
        p, f, s = summarize(path)
        print(f'{suite}: {len(p)} passed, {len(f)} failed, {len(s)} skipped')
        for name in f:
            print(f'  FAILED  {name}')
        for name, why in s:
            print(f'  skipped {name}: {why}')
        total[0] += len(p)
        total[1] += len(f)
        total[2] += len(s)
    print(f'{total[0]} passed, {total[1]} failed, {total[2]} skipped')
    return 1 if total[1] else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
