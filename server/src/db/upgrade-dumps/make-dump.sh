#!/bin/sh
# Makes the upgrade dump of a release: its own code (a git worktree of the tag), its migrations and demo data on a
# scratch PostgreSQL database, fill.mjs for the tables the demo leaves empty, then a plain-SQL pg_dump.
# Usage, from the repository's top:  server/src/db/upgrade-dumps/make-dump.sh v1.0.0
# ADMIN_URL names a PostgreSQL server to work on (default postgres://postgres@127.0.0.1:5432/postgres).
set -eu
tag=$1
admin=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
port=${DUMP_PORT:-3999}
here=$(cd "$(dirname "$0")" && pwd)
top=$(pwd)
work=$(mktemp -d)
tree="$work/rectify-$tag"
db="rectify_dump_$(echo "$tag" | tr -c 'a-z0-9\n' '_')"
url="$(echo "$admin" | sed 's#/[^/]*$##')/$db"
pid=
cleanup() {
  cd "$top"
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  git worktree remove --force "$tree" 2>/dev/null || true
  psql -q "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT

git worktree add --detach "$tree" "$tag"
(cd "$tree" && pnpm install --frozen-lockfile --prefer-offline --ignore-scripts)
psql -q "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"

# The release starts as an operator would run it: migrations, demo data, the scheduler's first tick. The channel
# points at a documentation address (allowed here) that never answers, so its deliveries fail and are logged.
cd "$tree/server"
DATABASE_URL="$url" PORT="$port" DATA_DIR="$work/data" JWT_SECRET="upgrade-dump-secret-long-enough-0123456789" SCHEDULER=true OUTBOUND_ALLOW=192.0.2.1 \
  node --import tsx src/server.ts >"$work/server.log" 2>&1 &
pid=$!
i=0
until curl -sf "http://127.0.0.1:$port/api/health" >/dev/null; do
  i=$((i + 1))
  [ "$i" -gt 120 ] && { tail -30 "$work/server.log"; exit 1; }
  sleep 1
done
node "$here/fill.mjs" "http://127.0.0.1:$port"
# The delivery worker tries the channel every 15 seconds: wait for its first (failed) attempt to be logged.
i=0
until [ "$(psql -At "$url" -c 'SELECT count(*) FROM delivery_attempts')" != 0 ]; do
  i=$((i + 1))
  [ "$i" -gt 90 ] && break
  sleep 1
done
kill "$pid"
wait "$pid" || true
pid=

# Column-named INSERTs rather than COPY, so that PGlite can run the file too; pg_dump's \restrict lines are psql's.
pg_dump --column-inserts --no-owner --no-privileges --no-comments "$url" | grep -v '^\\' | gzip -9 >"$here/$tag.sql.gz"
for table in $(psql -At "$url" -c "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"); do
  [ "$(psql -At "$url" -c "SELECT count(*) FROM \"$table\"")" = 0 ] && echo "empty table: $table"
done
echo "wrote $here/$tag.sql.gz"
