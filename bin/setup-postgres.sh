#!/usr/bin/env bash
# Installs Debian's PostgreSQL if missing, starts it through its service scripts (it refuses to
# run as root, the scripts run it as 'postgres'), and creates the role and database the tests use.
# Tests find it through CONCLAB_TEST_PG_URL (by default this very URL); they fail when it is down.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup-postgres: PostgreSQL is not installed and this is not root; install Debian's 'postgresql' package" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
fi
service postgresql start >/dev/null
for _ in $(seq 1 60); do
  if su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 0.5
done
su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname='conclab'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"create role conclab login password 'conclab'\""
su postgres -c "psql -qtAc \"select 1 from pg_database where datname='conclab'\"" | grep -q 1 \
  || su postgres -c "psql -qc 'create database conclab owner conclab'"
echo "setup-postgres: ready on 127.0.0.1:5432 (database conclab, user conclab)"
