#!/usr/bin/env bash
# The examples' tour: the seed's programs, in the seed's order, each printing what the seed printed.
set -euo pipefail
cd "$(dirname "$0")"

run() {
  echo "== $*"
  dotnet run --project "$@"
}

run m2                # two children start together: two pids, then two 1s together
run m2 -- --join      # p.Join(5 s) between the starts: the second pid comes ~5 s after the first
run m4                # a pool of 3 runs startWork(0..4): three start, each "end" frees a worker for the next
run m4-queue          # CPython's manual: a child puts [42, None, 'hello'] on a queue, the parent prints it
run m2-queue          # the parent puts 0-9, nine children each get one and print it
run m4-pipe           # [42, None, 'hello'] through a pipe
run m5                # a producer fills a queue every 5 s until the parent sets a shared flag after 20 s
run m6                # a producer in three bursts, eight consumers printing "time : pid : item"
run counter           # 4 processes add to a shared counter: exact under GetLock(), updates lost without
run manager           # CPython's Manager example: a child fills a shared dict and reverses a shared list
# CPython's remote manager: a server shares a queue on 127.0.0.1:50123; two other programs put and get.
echo "== remote-manager"
dotnet build remote-manager > /dev/null
remote=remote-manager/bin/Debug/net10.0/remote-manager.dll
coproc SERVER { dotnet "$remote" server --port 50123 --key abracadabra; }
read -r serving <&"${SERVER[0]}" && echo "$serving"                         # serving on 127.0.0.1:50123
dotnet "$remote" put --port 50123 --key abracadabra hello
dotnet "$remote" get --port 50123 --key abracadabra                           # hello
eval "exec ${SERVER[1]}>&-"                                                    # the server ends with its stdin
wait "$SERVER_PID"
run actor-workers     # Akka: process-isolated workers; a crashed process restarts in a new pid, a throw in the same
# A worker fleet on Akka.Cluster, three terminals in one: two nodes with two workers each, a driver mapping
# x*x over 0..199 on them (ports 4153 and 4154 on 127.0.0.1, a certificate in a temporary directory). A node
# runs until its stdin closes; here stdin is a fifo the tour holds open.
echo "== cluster-pool"
dotnet build cluster-pool > /dev/null
cluster=$PWD/cluster-pool/bin/Debug/net10.0/cluster-pool.dll
fleet=$(mktemp -d)
dotnet "$cluster" make-cert --out "$fleet/cluster.pfx"
node() {  # name port [seed]
  mkfifo "$fleet/$1.in"
  dotnet "$cluster" node --port "$2" ${3:+--seed "$3"} --cert "$fleet/cluster.pfx" --processes 2 < "$fleet/$1.in" > "$fleet/$1.log" 2>&1 &
  exec {fd}> "$fleet/$1.in"
  eval "$1_in=$fd"
  until grep -q "node up at" "$fleet/$1.log"; do sleep 0.2; done
  grep "node up at" "$fleet/$1.log"
}
node seed 4153                                                                 # node up at ...:4153 with 2 worker processes
node second 4154 127.0.0.1:4153                                                # node up at ...:4154 with 2 worker processes
dotnet "$cluster" map --seed 127.0.0.1:4153 --cert "$fleet/cluster.pfx" --items 200 --nodes 2 | tail -1   # items=200 sum=2646700 failed=0 nodes=2 workers=4
exec {second_in}>&- {seed_in}>&-                                               # the nodes leave
wait
rm -rf "$fleet"
