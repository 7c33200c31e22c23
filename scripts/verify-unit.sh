#!/usr/bin/env bash
# Checks deploy/sonarflow.service with `systemd-analyze verify`, which also wants every Exec*=
# program to exist and be executable: the unit is verified inside a throwaway root holding the
# system's units, the unit, and an empty executable at each Exec*= path, so no release build (and
# nothing installed on this machine) is needed. Any warning fails the check, as does an error, and
# so does an exposure level above 2.0 by `systemd-analyze security` (the unit scores 1.1).
# Usage: scripts/verify-unit.sh [UNIT]   (needs systemd-analyze: apt-get install -y systemd)
set -euo pipefail
unit="${1:-$(dirname "$0")/../deploy/sonarflow.service}"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/etc/systemd/system" "$root/usr/lib/systemd"
cp -r /usr/lib/systemd/system "$root/usr/lib/systemd/"
cp "$unit" "$root/etc/systemd/system/"
for program in $(sed -n 's/^Exec[A-Za-z]*=[-@:+!]*\([^ ]*\).*/\1/p' "$unit"); do
  mkdir -p "$root$(dirname "$program")"
  printf '#!/bin/sh\n' > "$root$program"
  chmod +x "$root$program"
done
output="$(systemd-analyze verify --root="$root" "$(basename "$unit")" 2>&1)" || { echo "$output"; exit 1; }
if [ -n "$output" ]; then echo "$output"; exit 1; fi
name="$(basename "$unit")"
exposure="$(systemd-analyze security --offline=true --root="$root" --threshold=20 "$name" 2>&1)" \
  || { echo "$exposure" | grep -F '✗'; echo "$exposure" | tail -1; exit 1; }
echo "$name: systemd-analyze verify found nothing to report; $(echo "$exposure" | tail -1 | sed 's/^→ //')"
