#!/usr/bin/env bash
# Generates a migration from the difference between the entities and the committed migrations.
# Usage: npm run migration:generate -- Name
# Without DATABASE_URL it migrates a throwaway embedded database first, so the diff is only the new change.
set -euo pipefail
name="${1:?usage: npm run migration:generate -- Name}"
cli="npx typeorm-ts-node-commonjs"
if [ -z "${DATABASE_URL:-}" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  export PGLITE_DIR="$tmp/db"
fi
$cli migration:run -d src/db/cli-data-source.ts >/dev/null
$cli migration:generate -d src/db/cli-data-source.ts "migrations/$name"
file="$(ls -t migrations/*-"$name".ts | head -n 1)"
# The generated file imports types only; keep it a type import and formatted like the rest of the code.
sed -i '1s/^import { MigrationInterface, QueryRunner }/import type { MigrationInterface, QueryRunner }/' "$file"
npx prettier --write "$file" >/dev/null
echo "Generated $file. Review it and add its class to migrations/index.ts."
