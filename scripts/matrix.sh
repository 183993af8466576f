#!/usr/bin/env bash
# The swap matrix: the system e2e suite (tests/e2e) on every profile of components/profiles.yaml
# but "default" (which `make test` runs in full), and once more on "default" with every other
# implementation of scripts/topology.ts (IMPL=shipping=go): one fresh topology per run. Prints and
# writes the time per run to tests/.artifacts/matrix.md; fails if any run fails.
set -uo pipefail
cd "$(dirname "$0")/.."
say() { printf '[matrix] %s\n' "$*"; }
mkdir -p tests/.artifacts
report=tests/.artifacts/matrix.md
# Runs: "<profile>" or "<profile>:<app>=<implementation>".
runs=$(node --import tsx -e '
  Promise.all([import("./scripts/profile.ts"), import("./scripts/topology.ts")]).then(([p, t]) => console.log([
    ...Object.keys(p.profiles()).filter((name) => name !== "default"),
    ...Object.entries(t.IMPLEMENTATIONS).flatMap(([app, impls]) => Object.keys(impls).map((impl) => `default:${app}=${impl}`)),
  ].join(" ")))')
printf '| run | state | broker | result | time |\n|---|---|---|---|---|\n' > "$report"
failed=()
for run in $runs; do
  profile=${run%%:*}
  impl=$([ "$profile" = "$run" ] || echo "${run#*:}")
  name=${profile}${impl:+-${impl//=/-}}
  say "$run: e2e suite on a fresh topology (log: tests/.artifacts/matrix-$name.log)"
  started=$(date +%s)
  if PROFILE=$profile IMPL=$impl SCALE= STATE= PUBSUB= STATE_FOR= vitest run --project system tests/e2e > "tests/.artifacts/matrix-$name.log" 2>&1; then result=passed; else result=FAILED; failed+=("$run"); fi
  took=$(( $(date +%s) - started ))
  # Each profile's process logs stay apart (the next profile's cluster reuses the folder).
  rm -rf "tests/.artifacts/logs/matrix-$name" && mv tests/.artifacts/logs/cluster-1 "tests/.artifacts/logs/matrix-$name" 2>/dev/null
  summary=$(grep -E '^\s*(\S+\s+)?Tests ' "tests/.artifacts/matrix-$name.log" | tail -1 | sed 's/\x1b\[[0-9;]*m//g' | tr -s ' ')
  parts=$(PROFILE=$profile node --import tsx -e 'import("./scripts/profile.ts").then((m) => { const p = m.resolveProfile(process.env); console.log(`${p.state}${Object.entries(p.stateFor).map(([a, b]) => `, ${a} on ${b}`).join("")} | ${p.pubsub}`); })')
  printf '| %s | %s | %s | %ss |\n' "$run" "$parts" "$result" "$took" >> "$report"
  say "$run: $result in ${took}s —${summary}"
  # On failure: which tests failed and why (the whole log is in tests/.artifacts).
  [ "$result" = passed ] || sed 's/\x1b\[[0-9;]*m//g' "tests/.artifacts/matrix-$name.log" | grep -E '(FAIL|×|Error|expected|Caused by)' | head -40 | sed 's/^/    /'
done
cat "$report"
if [ ${#failed[@]} -gt 0 ]; then say "failed: ${failed[*]}"; exit 1; fi
say "every run passed"
