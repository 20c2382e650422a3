#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for trying `helen grid slurm` and for its integration test.
#
#   scripts/slurm-local.sh start [DIR]   starts munged (as the munge user, with a key generated in DIR),
#                                        slurmctld and slurmd (as root); prints `export SLURM_CONF=...`
#   scripts/slurm-local.sh stop [DIR]    stops the three daemons by their pid files in DIR
#
# DIR (default $HELEN_SLURM_DIR or /tmp/helen-slurm) holds everything: key, socket, slurm.conf, state, spool,
# logs and pid files; nothing under /etc or /run is touched, so a system Slurm or munge is left alone.
# No systemd and no cgroups: proctrack/linuxproc and task/none. Needs root and Debian's slurm-wlm and munge
# (apt-get install slurm-wlm munge). Clients find the cluster through SLURM_CONF=DIR/slurm.conf.
set -euo pipefail

cmd=${1:-}
dir=$(realpath -m "${2:-${HELEN_SLURM_DIR:-/tmp/helen-slurm}}")

die() { echo "slurm-local: $*" >&2; exit 1; }

stop_pid() { # stop_pid NAME PIDFILE: TERM, then KILL after 10 s
  local name=$1 file=$2 pid
  [[ -s $file ]] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; echo "slurm-local: $name ($pid) killed" >&2; fi
  fi
  rm -f "$file"
}

case $cmd in
start)
  [[ $(id -u) == 0 ]] || die "needs root (slurmd runs jobs as their user; munged as munge)"
  for b in munged mungekey slurmctld slurmd sbatch; do
    command -v "$b" >/dev/null || die "$b not found: apt-get install slurm-wlm munge"
  done
  id munge >/dev/null 2>&1 || die "no munge user: apt-get install munge"
  [[ ${#dir} -lt 80 ]] || die "$dir: too long a path for munge's socket (under 80 characters)"
  if [[ -s $dir/slurmctld.pid ]] && kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null; then
    die "already running in $dir (scripts/slurm-local.sh stop $dir first)"
  fi
  mkdir -p "$dir"/{munge,munge-socket,state,spool,log}
  chmod 0755 "$dir"
  # munged insists on a key directory owned by its user and closed to others, and a socket directory
  # that everyone may traverse but only it may write
  chown munge:munge "$dir/munge" "$dir/munge-socket"
  chmod 0700 "$dir/munge"
  chmod 0755 "$dir/munge-socket"
  [[ -s $dir/munge/munge.key ]] || runuser -u munge -- mungekey --create --keyfile="$dir/munge/munge.key"
  host=$(hostname -s)
  cpus=$(nproc)
  mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
  cat > "$dir/slurm.conf" <<EOF
# written by scripts/slurm-local.sh: a one-node cluster on $host for helen's grid tests
ClusterName=helen-local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge-socket/munge.socket.2
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=${HELEN_SLURMCTLD_PORT:-6817}
SlurmdPort=${HELEN_SLURMD_PORT:-6818}
MaxArraySize=100001
# a job that does not ask for memory gets its CPUs' share, not the whole node (which would run one task at a time)
DefMemPerCPU=$((mem / cpus))
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$dir/slurm.conf
  runuser -u munge -- munged --key-file="$dir/munge/munge.key" --socket="$dir/munge-socket/munge.socket.2" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"
  cp "$dir/munge/munged.pid" "$dir/munged.pid"
  slurmctld -f "$dir/slurm.conf"
  slurmd -f "$dir/slurm.conf"
  # up when the node is idle: a few seconds
  for _ in $(seq 300); do
    state=$(sinfo -h -n "$host" -o %T 2>/dev/null || true)
    [[ $state == idle ]] && break
    sleep 0.1
  done
  [[ ${state:-} == idle ]] || { "$0" stop "$dir"; die "node $host not idle after 30 s (state '${state:-}'; see $dir/log/)"; }
  echo "export SLURM_CONF=$dir/slurm.conf"
  ;;
stop)
  stop_pid slurmd "$dir/slurmd.pid"
  stop_pid slurmctld "$dir/slurmctld.pid"
  # munged's own pid file lives in its closed directory; start copies it beside the others
  stop_pid munged "$dir/munged.pid"
  rm -f "$dir/munge/munged.pid"
  ;;
*)
  die "usage: scripts/slurm-local.sh start|stop [DIR]"
  ;;
esac
