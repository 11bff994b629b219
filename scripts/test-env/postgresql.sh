#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the lab tests (issue 20), sourced by scripts/test.sh:
#   . scripts/test-env/postgresql.sh && pg_test_env_start
# Installs Debian's postgresql when its server binaries are missing (as root, quietly), runs the
# cluster as an unprivileged user (nobody) on 127.0.0.1 at a free port with its data directory under
# a mktemp directory, and exports EVIDENCEPIPE_TEST_PG as the path of a 0600 file holding the
# superuser connection string (so the password is never on a command line or in the environment).
# pg_test_env_start appends pg_test_env_stop to the caller's EXIT trap; the stop removes everything.
# Run directly (bash scripts/test-env/postgresql.sh) it starts a cluster, prints the file and waits.

pg_test_env_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

pg_test_env_start() {
  local bin
  if ! bin="$(pg_test_env_bin)"; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "installing postgresql (lab store tests)"
      export DEBIAN_FRONTEND=noninteractive
      { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql; } >/dev/null 2>&1 \
        || echo "warning: postgresql could not be installed; the lab store tests will fail under CI" >&2
    fi
    bin="$(pg_test_env_bin)" || { echo "warning: no PostgreSQL server binaries; lab store tests cannot run" >&2; return 0; }
  fi

  local user=nobody run_as=()
  if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv >/dev/null 2>&1; then
      run_as=(setpriv --reuid="$(id -u $user)" --regid="$(id -g $user)" --clear-groups --)
    else
      run_as=(runuser -u "$user" --)
    fi
  fi

  PG_TEST_ENV_DIR="$(mktemp -d /tmp/evidencepipe-pg.XXXXXX)"
  chmod 0755 "$PG_TEST_ENV_DIR"
  local data="$PG_TEST_ENV_DIR/data" pwfile="$PG_TEST_ENV_DIR/pw" password port
  mkdir -m 0700 "$data"
  password="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
  ( umask 077; printf '%s\n' "$password" >"$pwfile" )
  if [ "$(id -u)" -eq 0 ]; then chown "$user" "$data" "$pwfile" "$PG_TEST_ENV_DIR"; fi

  # A free loopback port: ask the kernel for one (bound and released), as PostgreSQL takes a number.
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"

  if ! "${run_as[@]}" "$bin/initdb" -D "$data" -U postgres --pwfile="$pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_TEST_ENV_DIR/initdb.log" 2>&1; then
    echo "warning: initdb failed (see $PG_TEST_ENV_DIR/initdb.log)" >&2; return 0
  fi
  rm -f "$pwfile"
  if ! "${run_as[@]}" "$bin/pg_ctl" -D "$data" -l "$PG_TEST_ENV_DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$PG_TEST_ENV_DIR -c fsync=off -c max_connections=100" start >/dev/null; then
    echo "warning: PostgreSQL did not start (see $PG_TEST_ENV_DIR/server.log)" >&2; return 0
  fi

  local conn="$PG_TEST_ENV_DIR/connection"
  ( umask 077; printf 'Host=127.0.0.1;Port=%s;Username=postgres;Password=%s;Database=postgres\n' "$port" "$password" >"$conn" )
  export EVIDENCEPIPE_TEST_PG="$conn"
  PG_TEST_ENV_BIN="$bin"
  PG_TEST_ENV_RUN_AS="${run_as[*]}"
  echo "postgresql: test cluster on 127.0.0.1:$port (data under $PG_TEST_ENV_DIR)"

  local previous
  previous="$(trap -p EXIT | sed -e "s/^trap -- '//" -e "s/' EXIT\$//")"
  # shellcheck disable=SC2064
  trap "${previous:+$previous; }pg_test_env_stop" EXIT
}

pg_test_env_stop() {
  [ -n "${PG_TEST_ENV_DIR:-}" ] && [ -d "$PG_TEST_ENV_DIR" ] || return 0
  if [ -f "$PG_TEST_ENV_DIR/data/postmaster.pid" ]; then
    # shellcheck disable=SC2086
    $PG_TEST_ENV_RUN_AS "$PG_TEST_ENV_BIN/pg_ctl" -D "$PG_TEST_ENV_DIR/data" -m immediate -w stop >/dev/null 2>&1
  fi
  rm -rf "$PG_TEST_ENV_DIR"
  unset EVIDENCEPIPE_TEST_PG PG_TEST_ENV_DIR
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -u
  # Set before the start, so a signal during initdb still removes what was made.
  trap '[ -n "${!:-}" ] && kill "$!" 2>/dev/null; pg_test_env_stop; exit 0' INT TERM
  pg_test_env_start
  echo "EVIDENCEPIPE_TEST_PG=$EVIDENCEPIPE_TEST_PG (Ctrl-C stops and removes the cluster)"
  while :; do sleep 3600 & wait $!; done
fi
