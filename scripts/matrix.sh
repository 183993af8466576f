#!/usr/bin/env bash
# The swap matrix: the system e2e suite (tests/e2e) on every profile of components/profiles.yaml
# but "default" (which `make test` runs in full), one fresh topology per profile. Prints and
# writes the time per profile to tests/.artifacts/matrix.md; fails if any profile fails.
set -uo pipefail
cd "$(dirname "$0")/.."
say() { printf '[matrix] %s\n' "$*"; }
mkdir -p tests/.artifacts
report=tests/.artifacts/matrix.md
profiles=$(node --import tsx -e 'import("./scripts/profile.ts").then((m) => console.log(Object.keys(m.profiles()).filter((p) => p !== "default").join(" ")))')
printf '| profile | state | broker | result | time |\n|---|---|---|---|---|\n' > "$report"
failed=()
for profile in $profiles; do
  say "$profile: e2e suite on a fresh topology (log: tests/.artifacts/matrix-$profile.log)"
  started=$(date +%s)
  if PROFILE=$profile STATE= PUBSUB= STATE_FOR= vitest run --project system tests/e2e > "tests/.artifacts/matrix-$profile.log" 2>&1; then result=passed; else result=FAILED; failed+=("$profile"); fi
  took=$(( $(date +%s) - started ))
  # Each profile's process logs stay apart (the next profile's cluster reuses the folder).
  rm -rf "tests/.artifacts/logs/matrix-$profile" && mv tests/.artifacts/logs/cluster-1 "tests/.artifacts/logs/matrix-$profile" 2>/dev/null
  summary=$(grep -E '^\s*(\S+\s+)?Tests ' "tests/.artifacts/matrix-$profile.log" | tail -1 | sed 's/\x1b\[[0-9;]*m//g' | tr -s ' ')
  parts=$(PROFILE=$profile node --import tsx -e 'import("./scripts/profile.ts").then((m) => { const p = m.resolveProfile(process.env); console.log(`${p.state}${Object.entries(p.stateFor).map(([a, b]) => `, ${a} on ${b}`).join("")} | ${p.pubsub}`); })')
  printf '| %s | %s | %s | %ss |\n' "$profile" "$parts" "$result" "$took" >> "$report"
  say "$profile: $result in ${took}s —${summary}"
  # On failure: which tests failed and why (the whole log is in tests/.artifacts).
  [ "$result" = passed ] || sed 's/\x1b\[[0-9;]*m//g' "tests/.artifacts/matrix-$profile.log" | grep -E '(FAIL|×|Error|expected|Caused by)' | head -40 | sed 's/^/    /'
done
cat "$report"
if [ ${#failed[@]} -gt 0 ]; then say "failed: ${failed[*]}"; exit 1; fi
say "every profile passed"
