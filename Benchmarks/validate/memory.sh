#!/usr/bin/env bash
# Benchmark: time and peak memory (max RSS) of one `sonarflow validate` process on large files:
# 8,000 chained modules (each maps the one before) and 20,000 unknown modules. The goal for 8,000
# modules is < 3 s and < 150 MB; before the fix they took 336 MB and 1.7 GB (issue #17).
# Usage: Benchmarks/validate/memory.sh [CHAINED] [UNKNOWN]   (default 8000 20000)
# BASELINE_BINARY=path/to/older/sonarflow runs the same files with it, side by side.
set -euo pipefail
. "$(dirname "$0")/../lib/build.sh"
root="$(cd "$(dirname "$0")/../.." && pwd)"
chained="${1:-8000}"
unknown="${2:-20000}"
cd "$root"
binary="$(sonarflow_binary)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$binary" "${BASELINE_BINARY:-}" "$work" "$chained" "$unknown" <<'PY'
import os, subprocess, sys, time
binary, baseline, work, chained, unknown = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
header = "trigger: { module: webhook.custom, params: { webhookName: bench } }\nflow:\n"

def write(name, body):
    path = os.path.join(work, name)
    with open(path, "w") as f:
        f.write(body)
    return path

chain = write("chained.yaml", f"name: {chained} chained modules\n" + header + "".join(
    f"  - {{ id: {i}, module: util.setVariable, map: {{ name: v{i}, value: \"{{{{{i - 1}.v{i - 1}}}}}\" }} }}\n"
    for i in range(2, chained + 2)))
unknowns = write("unknown.yaml", f"name: {unknown} unknown modules\n" + header + "".join(
    f"  - {{ id: {i}, module: util.nothing{i % 7}, map: {{ a: b }} }}\n" for i in range(2, unknown + 2)))

def measure(program, path, runs=3):
    """Best wall time and the largest max RSS over `runs` processes, read with wait4."""
    best, peak = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen([program, "validate", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(child.pid, 0)
        best = min(best, time.perf_counter() - start)
        peak = max(peak, usage.ru_maxrss)  # kilobytes on Linux
    return best, peak / 1024

goal = {"chained.yaml": "< 3 s, < 150 MB", "unknown.yaml": "linear (was 1.7 GB)"}
print(f"{'file':<16}{'binary':<10}{'seconds':>9}{'peak MB':>10}  goal")
for path in (chain, unknowns):
    name = os.path.basename(path)
    seconds, megabytes = measure(binary, path)
    print(f"{name:<16}{'this':<10}{seconds:>9.2f}{megabytes:>10.1f}  {goal[name]}")
    if baseline:
        old_seconds, old_megabytes = measure(baseline, path, runs=1)
        print(f"{name:<16}{'baseline':<10}{old_seconds:>9.2f}{old_megabytes:>10.1f}  "
              f"ratio {old_seconds / seconds:.1f}x time, {old_megabytes / megabytes:.1f}x memory")
PY
