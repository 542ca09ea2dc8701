#!/usr/bin/env bash
# `npm test`: every check and every test, against real parts (a migrated SQLite database, then a
# throwaway PostgreSQL server where its binaries are installed, the production build over real HTTP,
# Chromium). Stops at the first failure and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
results=$(mktemp -d)

# The checks and the production build are independent and mostly single-threaded, so they run side
# by side (the whole run must stay under 30 minutes on two cores); each one's output is shown after.
echo "== Type check, lint and format, course content (courses:check), event files (events:check) and the production build, side by side"
pids=()
names=()
side_by_side() {
  local name=$1
  shift
  ("$@" >"$results/${#names[@]}.log" 2>&1) &
  pids+=($!)
  names+=("$name")
}
side_by_side "Type check (tsc)" npx tsc
side_by_side "Lint (eslint)" npx eslint .
side_by_side "Format (prettier)" npx prettier --check --log-level warn .
side_by_side "Course content (courses:check)" npx tsx scripts/courses-check.ts
side_by_side "Event files (events:check)" npx tsx scripts/events-check.ts
side_by_side "Production build" npx remix vite:build
checks_failed=0
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then
    echo "✓ ${names[$i]}"
  else
    echo "✗ ${names[$i]} failed:"
    cat "$results/$i.log"
    checks_failed=1
  fi
done
[ "$checks_failed" = 0 ] || exit 1
echo "== Unit and integration tests (Vitest, real SQLite)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json"
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "== The tests that use the database, again on PostgreSQL (a throwaway server, docs/decisions/0050)"
  mapfile -t database_tests < <(npx tsx scripts/database-tests.ts $(find app server scripts tests -name '*.test.ts' -not -path '*/node_modules/*' | sort))
  PATHWAYS_TEST_DATABASE=postgresql npx vitest run "${database_tests[@]}" --reporter=default --reporter=json --outputFile.json="$results/vitest-postgresql.json"
else
  echo "== PostgreSQL's server is not installed here (Debian: apt-get install postgresql): the tests ran on SQLite only."
  echo '{"numPassedTests":0,"numFailedTests":0}' >"$results/vitest-postgresql.json" "$results/playwright-postgresql.json"
fi
echo "== Browser tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" npx playwright test --reporter=list,json
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "== A browser journey on PostgreSQL (sign in, learn, certificate, verify, revoke)"
  PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright-postgresql.json" npx tsx scripts/with-postgres.ts -- \
    bash -c 'E2E_DATABASE_URL="$DATABASE_URL" npx playwright test tests/e2e/certificates.spec.ts --grep "a teacher earns a certificate" --reporter=list,json'
else
  echo '{"stats":{"expected":0,"unexpected":0,"flaky":0}}' >"$results/playwright-postgresql.json"
fi

node -e '
const fs = require("fs");
const v = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const pg = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const p = JSON.parse(fs.readFileSync(process.argv[2], "utf8")).stats;
const pp = JSON.parse(fs.readFileSync(process.argv[4], "utf8")).stats;
const passed = v.numPassedTests + pg.numPassedTests + p.expected + pp.expected;
const failed = v.numFailedTests + pg.numFailedTests + p.unexpected + p.flaky + pp.unexpected + pp.flaky;
console.log(`\nVitest: ${v.numPassedTests} passed on SQLite, ${pg.numPassedTests} on PostgreSQL; Playwright: ${p.expected} passed, ${pp.expected} on PostgreSQL`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
' "$results/vitest.json" "$results/playwright.json" "$results/vitest-postgresql.json" "$results/playwright-postgresql.json"
