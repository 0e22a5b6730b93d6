# Process handling shared by the benchmark scripts (sourced, not run). Only pids the caller names
# (and the direct children of a JVM that is still run.sh's build) are ever signalled; nothing is
# found or stopped by process name.

log() { echo "[$(date +%T)] $*"; }

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# Waits up to $2 seconds for pid $1 to exit; returns 1 if it is still there.
wait_gone() {
  local pid=$1 secs=$2 i
  for ((i = 0; i < secs * 5; i++)); do alive "$pid" || return 0; sleep 0.2; done
  ! alive "$pid"
}

# Postmaster pids of every PostgreSQL cluster under data dir $1 (first line of postmaster.pid),
# plus any postgres process whose command line names that dir.
find_pg_pids() { # dir
  local dir=$1 f pid pids=
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  while IFS= read -r f; do
    pid=$(head -1 "$f" 2>/dev/null || true)
    [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" && pids="$pids $pid"
  done < <(find "$dir" -name postmaster.pid 2>/dev/null)
  pids="$pids $(pgrep -f -- "-D \"?$dir" 2>/dev/null | tr '\n' ' ' || true)"
  echo "$pids" | tr ' ' '\n' | { grep -E '^[0-9]+$' || true; } | sort -un | tr '\n' ' '
}

# Stops server $1: SIGTERM to its JVM $2 (the shutdown hook stops the web server and the embedded
# PostgreSQL), SIGKILL after 60 s; then makes sure the PostgreSQL postmasters $4 and any under data
# dir $3 are gone too (fast shutdown = SIGINT, then SIGQUIT, then SIGKILL).
stop_jvm_and_postgres() { # name, jvm pid, data dir, postmaster pids
  local name=$1 pid=$2 data=$3 pgs p
  pgs="$4 $(find_pg_pids "$data")"
  log "$name: stopping JVM $pid"
  if alive "$pid"; then
    pkill -TERM -P "$pid" 2>/dev/null || true   # a still-running build started by run.sh
    kill -TERM "$pid" 2>/dev/null || true
    wait_gone "$pid" 60 || { log "$name: JVM $pid ignored SIGTERM for 60 s, SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; }
  fi
  wait "$pid" 2>/dev/null || true
  for p in $pgs; do
    alive "$p" || continue
    wait_gone "$p" 20 && continue
    log "$name: PostgreSQL $p still running, fast shutdown"; kill -INT "$p" 2>/dev/null || true
    wait_gone "$p" 20 && continue
    kill -QUIT "$p" 2>/dev/null || true
    wait_gone "$p" 10 && continue
    kill -KILL "$p" 2>/dev/null || true
    wait_gone "$p" 10 || log "$name: WARNING: PostgreSQL $p could not be stopped"
  done
  p=$(find_pg_pids "$data")
  [ -z "${p// /}" ] || log "$name: WARNING: PostgreSQL still running under $data: $p"
  log "$name: stopped"
}

# Fails unless nothing listens on the port, so another server is never measured by mistake.
require_free_port() { # port
  if [ -n "$(ss -ltnH "sport = :$1" 2>/dev/null)" ]; then
    echo "error: port $1 is already in use:" >&2
    ss -ltnp "sport = :$1" >&2 || true
    exit 1
  fi
}

# Waits until a line matching $4 appears in log $3 of server $1 (JVM $2); fails after
# START_TIMEOUT seconds or if the JVM dies, showing the tail of the log.
wait_for_line() { # name, jvm pid, log, regex
  local name=$1 pid=$2 logf=$3 re=$4 t0=$SECONDS
  until grep -qE "$re" "$logf"; do
    if ! alive "$pid"; then
      echo "error: $name exited before printing /$re/; last lines of $logf:" >&2
      tail -n 40 "$logf" >&2; exit 1
    fi
    if ((SECONDS - t0 >= START_TIMEOUT)); then
      echo "error: $name not ready after $START_TIMEOUT s (no /$re/); last lines of $logf:" >&2
      tail -n 40 "$logf" >&2; exit 1
    fi
    sleep 1
  done
  log "$name: ready after $((SECONDS - t0)) s: $(grep -m1 -E "$re" "$logf")"
}
