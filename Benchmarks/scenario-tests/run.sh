#!/usr/bin/env bash
# Benchmark: `sonarflow test` on 1,000 cases (each a Get a Customer → Send a Message pair against
# the emulator) in one run, side by side with running each case as its own
# `sonarflow run --emulator` process (timed on a sample of SAMPLE processes and scaled to the same
# number of cases). Goals (issue #18): under 10 s, and at least 50× faster than one process a case.
# Usage: Benchmarks/scenario-tests/run.sh [CASES] [SAMPLE]   (defaults 1000, 20)
# SONARFLOW_BINARY=path uses a binary built elsewhere (default: a release build of the product).
set -euo pipefail
. "$(dirname "$0")/../lib/build.sh"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cases="${1:-1000}"
sample="${2:-20}"
cd "$root"
binary="$(sonarflow_binary)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$cases" <<'PY'
import json, sys
work, cases = sys.argv[1], int(sys.argv[2])
open(f"{work}/pair.yaml", "w").write("""name: pair
trigger: { module: webhook.custom, params: { webhookName: pair } }
flow:
  - { id: 2, module: sonar.getCustomer, map: { phoneNumber: "{{1.phone}}" } }
  - id: 3
    module: sonar.sendMessage
    map: { phoneNumber: "{{2.phone_number}}", text: "Hi {{2.first_name}}, order {{1.order}} has shipped." }
""")
lines = ["tests:"]
for n in range(cases):
    phone = f"+1310555{n % 10000:04d}"
    lines += [
        f"  - name: case {n}",
        f"    trigger: {{ phone: \"{phone}\", order: A-{n} }}",
        f"    world: {{ customers: [{{ phone_number: \"{phone}\", first_name: C{n} }}] }}",
        "    expect:",
        "      status: success",
        f"      messages: [{{ phone_number: \"{phone}\", text: \"Hi C{n}, order A-{n} has shipped.\" }}]",
    ]
open(f"{work}/pair.test.yaml", "w").write("\n".join(lines) + "\n")
json.dump({"customers": [{"phone_number": "+13105550000", "first_name": "C0"}]}, open(f"{work}/world.json", "w"))
json.dump({"phone": "+13105550000", "order": "A-0"}, open(f"{work}/bundle.json", "w"))
PY

python3 - "$binary" "$work" "$cases" "$sample" <<'PY'
import subprocess, sys, time
binary, work, cases, sample = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
start = time.perf_counter()
result = subprocess.run([binary, "test", f"{work}/pair.test.yaml"], capture_output=True, text=True)
in_process = time.perf_counter() - start
if result.returncode != 0 or f"{cases} passed, 0 failed" not in result.stdout:
    sys.exit("sonarflow test did not pass every case:\n" + result.stdout[-2000:] + result.stderr[-2000:])
start = time.perf_counter()
for _ in range(sample):
    run = subprocess.run(
        [binary, "run", f"{work}/pair.yaml", "--emulator", "--emulator-state", f"{work}/world.json",
         "--bundle", f"{work}/bundle.json", "--db", f"{work}/history.sqlite"],
        capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit("sonarflow run failed:\n" + run.stdout[-2000:] + run.stderr[-2000:])
per_process = (time.perf_counter() - start) / sample
processes = per_process * cases
print(f"sonarflow test, {cases} cases in one run:        {in_process:8.2f} s  ({cases / in_process:,.0f} cases/s)   goal < 10 s")
print(f"one `sonarflow run --emulator` per case:  {processes:8.2f} s  ({per_process * 1000:.0f} ms a case, {sample} timed)")
print(f"ratio: {processes / in_process:.1f}× faster in one run   goal >= 50×")
PY
