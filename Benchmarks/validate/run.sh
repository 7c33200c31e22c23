#!/usr/bin/env bash
# Benchmark: `sonarflow validate` throughput against yamllint on the same 1,000 files, in one run,
# and the wall time of one `sonarflow validate` process on one file.
# Usage: Benchmarks/validate/run.sh [FILES]   (default 1000)
set -euo pipefail
. "$(dirname "$0")/../lib/build.sh"
root="$(cd "$(dirname "$0")/../.." && pwd)"
count="${1:-1000}"
cd "$root"

command -v yamllint >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check yamllint
binary="$(sonarflow_binary)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 Benchmarks/validate/generate.py "$work/scenarios" "$count"
lines=$(cat "$work"/scenarios/*.yaml | wc -l)
"$binary" validate "$work/scenarios" >/dev/null 2>&1 || { echo "generated files must be valid"; "$binary" validate "$work/scenarios" | head; exit 1; }

python3 - "$binary" "$work/scenarios" "$count" "$lines" "$root/scenarios/welcome-new-customer.yaml" <<'PY'
import statistics, subprocess, sys, time
binary, folder, count, lines, one = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]

def timed(command, runs=3):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best

sonar = timed([binary, "validate", folder])
yamllint = timed(["yamllint", "-d", "relaxed", folder])
single = []
for _ in range(30):
    start = time.perf_counter()
    subprocess.run([binary, "validate", one], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    single.append(time.perf_counter() - start)

print(f"{count} generated scenario files, {lines / count:.0f} lines each (best of 3 runs)")
print(f"{'tool':<28}{'seconds':>10}{'files/s':>12}")
print(f"{'sonarflow validate':<28}{sonar:>10.3f}{count / sonar:>12.0f}")
print(f"{'yamllint -d relaxed':<28}{yamllint:>10.3f}{count / yamllint:>12.0f}")
print(f"ratio sonarflow / yamllint: {yamllint / sonar:.1f}x  (goal >= 10x)")
print(f"one file, one process: median {statistics.median(single) * 1000:.1f} ms, "
      f"min {min(single) * 1000:.1f} ms over {len(single)} runs  (goal < 30 ms)")
PY
