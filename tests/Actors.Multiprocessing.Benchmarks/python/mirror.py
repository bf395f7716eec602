"""The benchmark scenarios in CPython, for the side-by-side run (`-- --python`).

Same scenario names, work and units as the C# harness and ../shared/bench/python_reference.py.
Usage: python3 mirror.py [--methods spawn,fork,forkserver] [scenario ...]
Prints one JSON line per scenario and start method.
"""
import json
import multiprocessing as mp
import sys
import time


def noop():
    pass


def identity(x):
    return x


def square(x):
    return x * x


def consume(q, n):
    for _ in range(n):
        q.get()


def stream_consumer(q, n, ready):
    ready.set()
    for _ in range(n):
        q.get()


def bytes_sink(conn, n, size):
    buf = bytearray(size)
    for _ in range(n):
        conn.recv_bytes_into(buf)


def echo(conn, n):
    for _ in range(n):
        conn.send(conn.recv())


def bump(value, n):
    for _ in range(n):
        with value.get_lock():
            value.value += 1


def idle(seconds):
    time.sleep(seconds)


def emit(scenario, value, unit, method):
    print(json.dumps({"scenario": scenario, "value": round(value, 3), "unit": unit, "method": method}), flush=True)


def process_start_join(ctx, method):
    n = 20
    started = time.perf_counter()
    for _ in range(n):
        p = ctx.Process(target=noop)
        p.start()
        p.join()
    emit("process_start_join", (time.perf_counter() - started) / n * 1000, "ms/process", method)


def pool_scenarios(ctx, method, wanted):
    with ctx.Pool(2) as pool:
        pool.map(identity, range(100))
        if "pool_apply_async" in wanted:
            n = 20000
            started = time.perf_counter()
            pending = [pool.apply_async(square, (i,)) for i in range(n)]
            sum(r.get() for r in pending)
            emit("pool_apply_async", n / (time.perf_counter() - started), "tasks/s", method)
        if "pool_map" in wanted:
            n = 200000
            started = time.perf_counter()
            sum(pool.map(square, range(n)))
            emit("pool_map", n / (time.perf_counter() - started), "items/s", method)


def queue_put_get(ctx, method):
    q = ctx.Queue()
    n = 100000
    consumer = ctx.Process(target=consume, args=(q, n))
    consumer.start()
    started = time.perf_counter()
    for i in range(n):
        q.put(i)
    consumer.join()
    emit("queue_put_get", n / (time.perf_counter() - started), "items/s", method)


def pipe_round_trip(ctx, method):
    a, b = ctx.Pipe()
    n = 20000
    child = ctx.Process(target=echo, args=(b, n))
    child.start()
    a.send(0)
    a.recv()
    started = time.perf_counter()
    for i in range(n - 1):
        a.send(i)
        a.recv()
    emit("pipe_round_trip", (time.perf_counter() - started) / (n - 1) * 1e6, "us/round-trip", method)
    child.join()


def queue_stream(ctx, method):
    q = ctx.Queue()
    n = 1000000
    ready = ctx.Event()
    consumer = ctx.Process(target=stream_consumer, args=(q, n, ready))
    consumer.start()
    ready.wait()
    started = time.perf_counter()
    for i in range(n):
        q.put(i)
    consumer.join()
    emit("queue_stream", n / (time.perf_counter() - started), "items/s", method)


def pipe_bytes(ctx, method):
    a, b = ctx.Pipe()
    n = 4096
    size = 65536
    block = b"x" * size
    child = ctx.Process(target=bytes_sink, args=(b, n, size))
    child.start()
    started = time.perf_counter()
    for _ in range(n):
        a.send_bytes(block)
    child.join()
    emit("pipe_bytes", n * size / 1e6 / (time.perf_counter() - started), "MB/s", method)


def value_locked_increment(ctx, method):
    value = ctx.Value("i", 0)
    n = 20000
    workers = [ctx.Process(target=bump, args=(value, n)) for _ in range(2)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if value.value != 2 * n:
        raise AssertionError(f"value_locked_increment ended at {value.value}")
    emit("value_locked_increment", 2 * n / (time.perf_counter() - started), "ops/s", method)


def proc_mb(pid, field):
    """A /proc figure in MB: VmRSS from status, or Pss (shared pages divided among sharers) from smaps_rollup."""
    path = f"/proc/{pid}/status" if field == "VmRSS:" else f"/proc/{pid}/smaps_rollup"
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return float("nan")


def child_rss(ctx, method):
    child = ctx.Process(target=idle, args=(3,))
    child.start()
    time.sleep(1.5)
    emit("child_rss", proc_mb(child.pid, "VmRSS:"), "MB", method)
    child.join()


def process_burst(ctx, method):
    """8 no-op children started together, then joined."""
    started = time.perf_counter()
    children = [ctx.Process(target=noop) for _ in range(8)]
    for c in children:
        c.start()
    for c in children:
        c.join()
    emit("process_burst", (time.perf_counter() - started) * 1000, "ms/burst of 8", method)


def children_50(ctx, method):
    """50 children at once, each sleeping 3 s: their total PSS 2 s after the first start, wall time to join all."""
    started = time.perf_counter()
    children = [ctx.Process(target=idle, args=(3,)) for _ in range(50)]
    for c in children:
        c.start()
    time.sleep(max(0.0, 2.0 - (time.perf_counter() - started)))
    total = sum(proc_mb(c.pid, "Pss:") for c in children if c.is_alive())
    for c in children:
        c.join()
    emit("children_50_pss", total, "MB", method)
    emit("children_50_wall", time.perf_counter() - started, "s", method)


def manager_dict_ops(ctx, method):
    """Set and get through a manager's dict proxy (the manager is another process): ops/s."""
    with ctx.Manager() as manager:
        d = manager.dict()
        n = 10000
        started = time.perf_counter()
        for i in range(n):
            d[i % 100] = i
            d[i % 100]
        emit("manager_dict_ops", 2 * n / (time.perf_counter() - started), "ops/s", method)


SCENARIOS = ["process_start_join", "pool_apply_async", "pool_map", "queue_put_get",
             "pipe_round_trip", "queue_stream", "pipe_bytes", "value_locked_increment", "child_rss",
             "process_burst", "children_50_pss", "children_50_wall", "manager_dict_ops"]

# Scenarios measured by one function under another name: asking for any of them runs it once.
RUN_BY = {"children_50_pss": "children_50", "children_50_wall": "children_50"}


def main(argv):
    methods = ["spawn", "fork", "forkserver"]
    wanted = []
    i = 0
    while i < len(argv):
        if argv[i] == "--methods":
            methods = argv[i + 1].split(",")
            i += 2
            continue
        wanted.append(argv[i])
        i += 1
    wanted = [s for s in SCENARIOS if s in wanted] if wanted else SCENARIOS
    for method in methods:
        ctx = mp.get_context(method)
        pool_done = False
        done = set()
        for scenario in wanted:
            if scenario.startswith("pool_"):
                if not pool_done:
                    pool_scenarios(ctx, method, wanted)
                    pool_done = True
                continue
            run = RUN_BY.get(scenario, scenario)
            if run not in done:
                done.add(run)
                globals()[run](ctx, method)


if __name__ == "__main__":
    main(sys.argv[1:])
