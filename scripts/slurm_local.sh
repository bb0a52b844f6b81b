#!/usr/bin/env bash
# A single-node SLURM on this machine, on 127.0.0.1 only, for testing sweeps through a real
# scheduler (tests/test_sweep_slurm.py, docs/sweeps.md "On HPC under SLURM").
#
#   scripts/slurm_local.sh start    install Debian's slurmctld, slurmd, slurm-client and munge
#                                   if missing, write the configuration, start munged,
#                                   slurmctld -D and slurmd -D as background processes with
#                                   pidfiles, wait until the node is idle
#   scripts/slurm_local.sh stop     stop the three daemons (by their pidfiles)
#   scripts/slurm_local.sh status   print whether they run and what sinfo says
#   scripts/slurm_local.sh env      print the line to export so sbatch/squeue find this SLURM
#
# Everything (configuration, munge key and socket, state, spool, logs, pidfiles) lives under
# $SKILLSIM_SLURM_DIR (default /tmp/skillsim-slurm); /etc is not changed. Ports:
# $SKILLSIM_SLURM_CTLD_PORT (default 6817) and $SKILLSIM_SLURM_SLURMD_PORT (default 6818).
# Clients find this SLURM through SLURM_CONF=$SKILLSIM_SLURM_DIR/etc/slurm.conf.
# Safe to run again: "start" installs only what is missing and does nothing if the daemons
# already run. Exit codes: 0 ok, 1 failure, 3 the packages cannot be installed here.
set -euo pipefail

DIR=${SKILLSIM_SLURM_DIR:-/tmp/skillsim-slurm}
CTLD_PORT=${SKILLSIM_SLURM_CTLD_PORT:-6817}
SLURMD_PORT=${SKILLSIM_SLURM_SLURMD_PORT:-6818}
NODE=localhost
PARTITION=debug
CONF=$DIR/etc/slurm.conf
SOCKET=$DIR/munge/munge.socket.2
KEY=$DIR/munge-key/munge.key
PACKAGES=(slurmctld slurmd slurm-client munge)

say() { echo "slurm_local.sh: $*" >&2; }
die() { say "$*"; exit 1; }
now_s() { date +%s.%N; }
elapsed_s() { awk -v a="$1" -v b="$(now_s)" 'BEGIN { printf "%.1f", b - a }'; }

installed() {
    command -v slurmctld >/dev/null 2>&1 && command -v slurmd >/dev/null 2>&1 \
        && command -v sbatch >/dev/null 2>&1 && command -v munged >/dev/null 2>&1
}

install_packages() {
    if installed; then return 0; fi
    local t0; t0=$(now_s)
    if [ "$(id -u)" -ne 0 ]; then
        say "SLURM is not installed and installing it needs root (apt-get install ${PACKAGES[*]})"; exit 3
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        say "SLURM is not installed and there is no apt-get here to install ${PACKAGES[*]}"; exit 3
    fi
    # Debian packages start their services after installing unless policy-rc.d says no; we
    # start our own daemons, so say no for the duration of the install if nobody else does.
    local policy=/usr/sbin/policy-rc.d own_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; own_policy=1
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    local rc=0 log=$DIR/log/apt.log
    mkdir -p "$DIR/log"
    say "installing ${PACKAGES[*]} with apt-get (log: $log)"
    local apt=(apt-get -o DPkg::Lock::Timeout=300 -y --no-install-recommends)
    {
        # Package lists missing or stale (a 404 for an old version): update once and retry.
        if ! apt-cache show "${PACKAGES[@]}" >/dev/null 2>&1; then apt-get -o DPkg::Lock::Timeout=300 update; fi
        DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${PACKAGES[@]}" || {
            apt-get -o DPkg::Lock::Timeout=300 update && DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${PACKAGES[@]}"; }
    } > "$log" 2>&1 || rc=$?
    if [ "$own_policy" -eq 1 ]; then rm -f "$policy"; trap - EXIT; fi
    if [ "$rc" -ne 0 ] || ! installed; then
        tail -5 "$log" >&2
        say "apt-get could not install ${PACKAGES[*]} (exit code $rc)"; exit 3
    fi
    say "installed ${PACKAGES[*]} in $(elapsed_s "$t0") s"
}

# FILE is DIR/run/NAME.managed; alive = that pid runs and is NAME (not a reused pid)
pid_alive() {
    [ -f "$1" ] || return 1
    local pid; pid=$(cat "$1")
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$(basename "$1" .managed)" ]
}

write_config() {
    mkdir -p "$DIR"/{etc,munge,munge-key,state,spool,log,run}
    chmod 755 "$DIR"
    chmod 755 "$DIR/munge"  # the socket's folder: clients (jobs) must reach it
    chmod 700 "$DIR/munge-key"
    if [ ! -s "$KEY" ]; then
        dd if=/dev/urandom of="$KEY" bs=1024 count=1 status=none
        chmod 600 "$KEY"
    fi
    # The node as slurmd sees it (CPUs, sockets, cores, threads, memory), under our node name.
    local hw
    hw=$(slurmd -C | head -1 | sed -E 's/^NodeName=[^ ]+ //; s/ *UpTime=.*//')
    cat > "$CONF.new" <<EOF
# Written by scripts/slurm_local.sh: a single-node SLURM on 127.0.0.1.
ClusterName=skillsim
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCKET
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
# No systemd, no cgroups in a container: track job processes through /proc.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
KillWait=5
MinJobAge=60
InactiveLimit=0
# Listen on 127.0.0.1 only (the default is every address of the machine).
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
NodeName=$NODE NodeAddr=127.0.0.1 NodeHostname=$NODE $hw State=UNKNOWN
PartitionName=$PARTITION Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
    mv "$CONF.new" "$CONF"
}

start_daemon() {  # name pidfile command...
    local name=$1 pidfile=$2; shift 2
    if pid_alive "$pidfile"; then return 0; fi
    setsid "$@" >> "$DIR/log/$name.out" 2>&1 < /dev/null &
    echo $! > "$pidfile"
}

wait_for() {  # description timeout_s command...
    local what=$1 timeout_s=$2; shift 2
    local end=$((SECONDS + timeout_s))
    until "$@" >/dev/null 2>&1; do
        if [ "$SECONDS" -ge "$end" ]; then
            say "$what not ready after $timeout_s s; last log lines:"
            tail -n 5 "$DIR"/log/*.log "$DIR"/log/*.out 2>/dev/null >&2 || true
            return 1
        fi
        sleep 0.2
    done
}

node_idle() { sinfo -h -n "$NODE" -o %T 2>/dev/null | grep -Eq '^(idle|mixed|allocated)$'; }

all_running() {
    pid_alive "$DIR/run/munged.managed" && pid_alive "$DIR/run/slurmctld.managed" && pid_alive "$DIR/run/slurmd.managed"
}

cmd_start() {
    local t0; t0=$(now_s)
    install_packages
    export SLURM_CONF=$CONF
    if all_running && node_idle; then
        say "already running (SLURM_CONF=$CONF); checked in $(elapsed_s "$t0") s"; return 0
    fi
    local t1; t1=$(now_s)
    mkdir -p "$DIR/run"
    if ! pid_alive "$DIR/run/munged.managed"; then write_config; fi
    [ -f "$CONF" ] || write_config
    start_daemon munged "$DIR/run/munged.managed" munged --foreground --force \
        --socket="$SOCKET" --key-file="$KEY" --pid-file="$DIR/run/munged.pid" \
        --log-file="$DIR/log/munged.log" --seed-file="$DIR/munge-key/munged.seed"
    wait_for "munged" 20 munge -S "$SOCKET" -n || exit 1
    # -c: start without the jobs of an earlier run (their processes are gone anyway).
    start_daemon slurmctld "$DIR/run/slurmctld.managed" slurmctld -D -c -f "$CONF"
    wait_for "slurmctld" 30 scontrol ping || exit 1
    start_daemon slurmd "$DIR/run/slurmd.managed" slurmd -D -N "$NODE" -f "$CONF"
    wait_for "slurmd (node $NODE idle)" 60 node_idle || exit 1
    say "started munged, slurmctld, slurmd in $(elapsed_s "$t1") s (total with install check $(elapsed_s "$t0") s); export SLURM_CONF=$CONF"
}

stop_one() {  # name
    local pidfile=$DIR/run/$1.managed
    if ! pid_alive "$pidfile"; then rm -f "$pidfile"; return 0; fi
    local pid; pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    rm -f "$pidfile"
}

cmd_stop() {
    export SLURM_CONF=$CONF
    if pid_alive "$DIR/run/slurmctld.managed" && command -v scancel >/dev/null 2>&1; then
        scancel --full --user="$(id -un)" --quiet 2>/dev/null || true  # jobs of this SLURM only
        for _ in $(seq 1 75); do [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break; sleep 0.2; done
    fi
    stop_one slurmd
    stop_one slurmctld
    stop_one munged
    say "stopped"
}

cmd_status() {
    local name
    for name in munged slurmctld slurmd; do
        if pid_alive "$DIR/run/$name.managed"; then echo "$name: running (pid $(cat "$DIR/run/$name.managed"))"
        else echo "$name: not running"; fi
    done
    if installed && all_running; then SLURM_CONF=$CONF sinfo; fi
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    env) echo "export SLURM_CONF=$CONF" ;;
    *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
