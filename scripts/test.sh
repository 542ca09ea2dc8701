#!/usr/bin/env bash
# `npm test`: every check and every test, against real parts (a migrated SQLite database, the
# production build over real HTTP, Chromium). Stops at the first failure and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
results=$(mktemp -d)

echo "== Type check"
npx tsc
echo "== Lint and format"
npx eslint .
npx prettier --check . >/dev/null
echo "== Course content (courses:check)"
npx tsx scripts/courses-check.ts
echo "== Unit and integration tests (Vitest, real SQLite)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json"
echo "== Production build"
npx remix vite:build >/dev/null
echo "== Browser tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" npx playwright test --reporter=list,json

node -e '
const fs = require("fs");
const v = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const p = JSON.parse(fs.readFileSync(process.argv[2], "utf8")).stats;
const passed = v.numPassedTests + p.expected;
const failed = v.numFailedTests + p.unexpected + p.flaky;
console.log(`\nVitest: ${v.numPassedTests} passed; Playwright: ${p.expected} passed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
' "$results/vitest.json" "$results/playwright.json"
