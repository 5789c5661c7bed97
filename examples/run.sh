#!/usr/bin/env bash
# Runs the example clients against a live server: builds the server, starts it on a free port with a fresh
# embedded database, sets up data through the API, generates the typed documents (GraphQL Code Generator)
# and the Relay artifacts (relay-compiler), typechecks the examples and runs the Apollo Client, urql and
# Relay examples. Exits non-zero on any failure. `bash examples/run.sh` from anywhere; `npm ci` in examples/
# first. SKIP_BUILD=1 reuses an existing dist/.
set -euo pipefail

EXAMPLES="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$EXAMPLES/.." && pwd)"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/praxis-examples.XXXXXX")"
SERVER_PID=""

cleanup() {
  local rc=$?
  set +e
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null
  fi
  if [[ $rc -ne 0 && -f "$TMP/server.log" ]]; then
    echo '--- last lines of the server log ---'
    tail -n 30 "$TMP/server.log"
  fi
  rm -rf "$TMP"
  if [[ $rc -eq 0 ]]; then echo 'examples: all passed'; else echo "examples: FAILED (exit $rc)"; fi
  exit "$rc"
}
trap cleanup EXIT

step() { printf '\n-- %s\n' "$*"; }

[[ -d "$EXAMPLES/node_modules" ]] || { echo "run 'npm ci' in examples/ first" >&2; exit 1; }

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  step 'build the server (npm run build)'
  (cd "$ROOT" && npm run -s build)
fi

# Typed documents and Relay artifacts first: the setup script uses the typed documents too.
cd "$EXAMPLES"
step 'GraphQL Code Generator (typed documents, persisted-documents.json)'
npx graphql-codegen --config codegen.ts --silent
# The trusted-documents manifest: one entry per operation, keyed "sha256:<hex of the document text>".
node -e '
  const manifest = require("./gql/persisted-documents.json");
  const entries = Object.entries(manifest);
  const wrong = entries.filter(([key, doc]) => key !== "sha256:" + require("crypto").createHash("sha256").update(doc).digest("hex"));
  if (entries.length < 10 || wrong.length) { console.error("gql/persisted-documents.json is wrong:", entries.length, wrong); process.exit(1); }
  console.log("  ok  gql/persisted-documents.json: " + entries.length + " documents, each keyed by its sha256");
'
step 'relay-compiler'
npx relay-compiler
step 'typecheck the examples (tsc --noEmit)'
npx tsc -p tsconfig.json --noEmit

PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
export PRAXIS_URL="http://127.0.0.1:$PORT/graphql"
export ADMIN_EMAIL='admin@examples.praxis.example'
ADMIN_PASSWORD="examples-$(node -e 'console.log(require("crypto").randomBytes(12).toString("base64url"))')"
export ADMIN_PASSWORD
export EXAMPLES_STATE="$TMP/state.json"
# Without SMTP_URL the server writes messages as .eml files here; the setup reads its confirmation link.
export MAIL_DIR="$TMP/mail"

JWT_SECRET="$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')"
ready() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://127.0.0.1:$PORT/readyz"; }

# Starts the server in the background (extra VAR=value arguments are added to its environment) and waits
# until it is ready.
start_server() {
  (
    cd "$ROOT"
    exec env -u DATABASE_URL -u DATABASE_REPLICA_URLS -u REDIS_URL -u METRICS_PORT -u TRUSTED_DOCUMENTS \
      NODE_ENV=development HOST=127.0.0.1 PORT="$PORT" PGLITE_DIR="$TMP/pglite" MAIL_DIR="$MAIL_DIR" SEED_DEMO=false \
      JWT_SECRET="$JWT_SECRET" LOG_LEVEL=warn "$@" node dist/src/main.js
  ) >>"$TMP/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    if ready; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo 'the server exited' >&2; exit 1; }
    sleep 0.5
  done
  echo 'the server did not become ready in 60 s' >&2
  exit 1
}

stop_server() {
  kill -TERM "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

step "start the server on port $PORT (embedded PGlite in $TMP/pglite)"
start_server

step 'set up data through the API'
npx tsx setup/main.ts

for example in apollo urql relay; do
  step "example: $example"
  npx tsx "$example/main.ts"
done

step 'example: trusted documents (the server restarted with TRUSTED_DOCUMENTS=gql/persisted-documents.json)'
stop_server
start_server TRUSTED_DOCUMENTS="$EXAMPLES/gql/persisted-documents.json"
npx tsx trusted/main.ts
