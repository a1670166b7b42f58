"""Benchmark: is everyone answered quickly while an HR admin does heavy work; weight and start-up. JSON lines.

    .venv/bin/python benchmarks/responsiveness.py [--tree /work/baseline] [--tree .] [--employees 50000]
                                                  [--pg-url postgresql+asyncpg://…] [--seconds 20]

For each code tree given (default: this one) and each database (SQLite, and PostgreSQL with --pg-url or
TEST_DATABASE_URL), the real `python -m bot run` of that tree (its own venv, its own migrations and seeding
through its `benchmarks/summary.py`: units, 50,000 linked employees with assessments and training, an HR
admin) polls the Bot API emulator run here. Printed, one JSON line per tree and database:

* `start_s`: from spawning `python -m bot run` to its first getUpdates (aim < 1 s), and `start_cpu_s`, the CPU
  seconds that start cost the process (on a shared machine the wall time is mostly waiting for a core);
* `idle_rss_mb`: its resident memory three seconds after that, idle (aim < 90 MB); `children_rss_mb`: that
  of the processes it started by then, reported beside it, not hidden (since the offload worker is started by
  the first heavy turn, none at idle; before, the worker and multiprocessing's resource tracker);
* `jp_50ps`: 100 people sending /jp at 50 updates a second: p50/p95/max seconds from send to reply;
* `jp_20ps_busy`: /jp at 20 updates a second while the HR admin asks for `/rekap ekspor` every 2 s and
  creates a broadcast to everyone (/siaran → text → everyone → send): p50/p95/max (aim p95 < 50 ms),
  with how many exports came back and how long the broadcast took to be confirmed (the broadcast is the first
  heavy turn: since the worker starts on demand, that includes its start); `busy_rss_mb`: the bot and each
  process it started, right after that load (the offload worker then, with what the exports loaded).

Run it side by side (same machine, same load) to compare before and after a change; the figures are
wall-clock on a shared machine, so compare within one run, not across runs. `--start-only` measures only
the first two (on an empty migrated database: SQLite, and PostgreSQL with --pg-url), `--repeat` times per
tree, the trees taking turns.

Bytecode: each tree's bot runs with the environment's bytecode settings. Where PYTHONDONTWRITEBYTECODE is set
(as on the shared development machine), every start compiles the project's own ~200 modules from source again,
about a quarter of a second of CPU that a deployed bot (whose .pyc files exist) never pays. `--cached-bytecode`
measures that deployed start: the bots run with a scratch PYTHONPYCACHEPREFIX (the trees themselves are not
written to), filled first by one unmeasured start of each tree on each database (with a prefix, Python looks for
every module's bytecode there, the standard library's and the venv's too).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.simulator import BotApiSimulator  # noqa: E402
from bot.simulator.simulator import DEFAULT_TOKEN  # noqa: E402
from bot.storage.scratch import scratch_database  # noqa: E402

SEED = """
import asyncio, sys
sys.path.insert(0, ".")
from benchmarks.summary import seed
from bot.storage.db import create_engine, create_sessionmaker

async def main(url, employees):
    engine = create_engine(url)
    await seed(create_sessionmaker(engine), employees)
    await engine.dispose()

asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"""
FIRST_TELEGRAM_ID = 10_000_000  # benchmarks/summary.py links employee n to Telegram id 10,000,000 + n
ADMIN_ID = FIRST_TELEGRAM_ID + 1  # employee 1 is the HR admin there
PEOPLE = 100
QUIET_SCHEDULE = "0 8 1 1 *"  # no 20 JP reminder due while measuring (what is measured is the replies)


def run(tree: Path, *args: str, env: dict[str, str]) -> None:
    python = str(tree / ".venv" / "bin" / "python")
    subprocess.run([python, *args], cwd=tree, env=env, check=True, stdout=subprocess.DEVNULL)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds the process has used (its own, not its children's)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 2)


def kind_of(pid: int) -> str:
    """What a child of the bot is: the offload worker, multiprocessing's resource tracker, or its command."""
    command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    if "resource_tracker" in command:
        return "resource_tracker"
    if "multiprocessing" in command:
        return "offload_worker"
    return command[:60]


def family_rss(pid: int) -> dict[str, float]:
    """The bot's resident memory and that of each process it started, by kind."""
    figures = {"bot": rss_mb(pid)}
    for child in descendants(pid):
        try:
            kind = kind_of(child)
            figures[kind] = round(figures.get(kind, 0.0) + rss_mb(child), 1)
        except OSError:  # gone meanwhile
            continue
    return figures


def descendants(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *descendants(child)]
    return found


def summary(latencies: list[float]) -> dict[str, float | int]:
    if not latencies:
        return {"n": 0}
    ordered = sorted(latencies)
    return {"n": len(ordered), "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1)}


class Clocked:
    """Send times per chat, matched with the bot's messages as they arrive (one reply per /jp)."""

    def __init__(self, sim: BotApiSimulator, users: list[Any]) -> None:
        self.sim = sim
        self.sent: dict[int, deque[float]] = {user.id: deque() for user in users}
        self.latencies: list[float] = []
        self.tasks = [asyncio.create_task(self._read(user)) for user in users]

    async def _read(self, user: Any) -> None:
        async with self.sim.subscribe(user) as feed:
            async for event in feed:
                if event.kind == "message" and self.sent[user.id]:
                    self.latencies.append(time.monotonic() - self.sent[user.id].popleft())

    async def send(self, user: Any, text: str) -> None:
        self.sent[user.id].append(time.monotonic())
        await self.sim.user_sends(user, text)

    def reset(self) -> list[float]:
        taken, self.latencies = self.latencies, []
        return taken

    async def settle(self, timeout: float = 60) -> None:
        await self.sim.wait_until(lambda: not any(self.sent.values()), timeout=timeout, what="every /jp answered")


async def at_rate(clocked: Clocked, users: list[Any], rate: float, seconds: float) -> None:
    start = time.monotonic()
    for n in range(int(rate * seconds)):
        await asyncio.sleep(max(0.0, start + n / rate - time.monotonic()))
        await clocked.send(users[n % len(users)], "/jp")


async def admin_load(sim: BotApiSimulator, admin: Any, seconds: float) -> dict[str, Any]:
    """/siaran to everyone, then /rekap ekspor every 2 s (not waiting for the previous one)."""
    started = time.monotonic()
    confirmed = 0.0
    if os.environ.get("BENCH_ONLY") == "rekap":
        await asyncio.sleep(0)
    else:
        confirmed = await _broadcast(sim, admin, started)
    exports_asked = 0
    while os.environ.get("BENCH_ONLY") != "siaran" and time.monotonic() - started < seconds:
        await sim.user_sends(admin, "/rekap ekspor")
        exports_asked += 1
        await asyncio.sleep(2)
    await sim.wait_until(lambda: len(sim.files_sent(admin)) >= exports_asked, timeout=600, what="every export")
    return {"broadcast_confirmed_s": round(confirmed, 2), "exports": len(sim.files_sent(admin))}


async def _broadcast(sim: BotApiSimulator, admin: Any, started: float) -> float:
    await sim.user_sends(admin, "/siaran")
    await sim.wait_for_reply(admin, timeout=60)
    await sim.user_sends(admin, "<b>Pengumuman</b>: batas asesmen 15 Desember.")
    await sim.wait_for_reply(admin, timeout=60)
    await sim.user_presses(admin, next(b.callback_data for row in sim.buttons(admin) for b in row
                                       if (b.callback_data or "").endswith("|all")) or "")
    await sim.wait_for_reply(admin, timeout=120)
    await sim.user_presses(admin, next(b.callback_data for row in sim.buttons(admin) for b in row
                                       if (b.callback_data or "").endswith("|send")) or "")
    await sim.wait_until(lambda: "#" in sim.last_text(admin), timeout=300, what="the broadcast confirmed")
    return time.monotonic() - started


def tree_env(tree: Path, url: str) -> dict[str, str]:
    """The environment a tree's commands run in: its own code first, and its compiled bytecode when
    `--cached-bytecode` has set BENCH_PYCACHE (see the module's doc)."""
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(tree)}
    cache = os.environ.get("BENCH_PYCACHE")
    if cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(cache) / tree.name)
    return env


async def measure(tree: Path, url: str, seconds: float, log: Path | None, *,
                  start_only: bool = False) -> dict[str, Any]:
    env = {**tree_env(tree, url), "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN, "PTB_TIMEDELTA": "1",
           "REMINDER_SCHEDULE": QUIET_SCHEDULE}
    async with BotApiSimulator() as sim:
        env["TELEGRAM_API_BASE_URL"] = sim.base_url
        spawned = time.monotonic()
        err = log.open("ab") if log else subprocess.DEVNULL
        bot = subprocess.Popen([str(tree / ".venv" / "bin" / "python"), "-m", "bot", "run"], cwd=tree, env=env,
                               stdout=subprocess.DEVNULL, stderr=err)
        try:
            # The journal records a call when it is answered, and the first long poll is answered only after
            # its timeout: its start is when the call before it (deleteWebhook, made just before) was answered.
            await sim.wait_until(lambda: bool(sim.calls("getUpdates")), timeout=60, what="the first getUpdates")
            calls = sim.api_calls
            first = next(i for i, call in enumerate(calls) if call.method == "getUpdates")
            start_s = calls[first - 1].at - spawned
            start_cpu = cpu_s(bot.pid)  # idle since (a long poll): the CPU its start cost, whatever the load
            await asyncio.sleep(3)
            idle = rss_mb(bot.pid)
            children = round(sum(rss_mb(pid) for pid in descendants(bot.pid)), 1)
            if start_only:
                return {"start_s": round(start_s, 2), "start_cpu_s": start_cpu, "idle_rss_mb": idle,
                        "children_rss_mb": children}
            users = [sim.add_user(f"P{n}", user_id=FIRST_TELEGRAM_ID + 2 + n) for n in range(PEOPLE)]
            admin = sim.add_user("Admin", user_id=ADMIN_ID)
            clocked = Clocked(sim, users)
            await at_rate(clocked, users, 20, PEOPLE / 20)  # warm-up: everyone once
            await clocked.settle()
            clocked.reset()
            await at_rate(clocked, users, 50, seconds / 2)
            await clocked.settle()
            plain = summary(clocked.reset())
            load = asyncio.create_task(admin_load(sim, admin, seconds))
            await at_rate(clocked, users, 20, seconds)
            await clocked.settle(timeout=300)
            busy = summary(clocked.reset())
            admin_figures = await load
            busy_rss = family_rss(bot.pid)
            for task in clocked.tasks:
                task.cancel()
        finally:
            bot.send_signal(signal.SIGINT)
            try:
                bot.wait(60)
            except subprocess.TimeoutExpired:
                bot.kill()
    return {"start_s": round(start_s, 2), "start_cpu_s": start_cpu, "idle_rss_mb": idle, "children_rss_mb": children,
            "jp_50ps": plain,
            "jp_20ps_busy": {**busy, **admin_figures}, "busy_rss_mb": busy_rss}


def bench(tree: Path, url: str, employees: int, seconds: float, log: Path | None) -> dict[str, Any]:
    env = tree_env(tree, url)
    run(tree, "-m", "bot", "db", "upgrade", env=env)
    run(tree, "-c", SEED, url, str(employees), env=env)
    return asyncio.run(measure(tree, url, seconds, log))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tree", type=Path, action="append", help="a checkout with its .venv (repeatable)")
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL") or None)
    parser.add_argument("--bot-log", type=Path, help="append the bots' stderr here (default: discarded)")
    parser.add_argument("--start-only", action="store_true", help="only start-up time and idle memory")
    parser.add_argument("--repeat", type=int, default=3, help="with --start-only: starts per tree")
    parser.add_argument("--cached-bytecode", action="store_true",
                        help="compile each tree first and run with that bytecode, as a deployed bot (see above)")
    args = parser.parse_args()
    with open("/proc/loadavg") as load:
        print(json.dumps({"loadavg": load.read().split()[:3],
                          "bytecode": "cached" if args.cached_bytecode else "environment's",
                          "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE")}), flush=True)
    trees = [t.resolve() for t in args.tree or [ROOT]]
    with tempfile.TemporaryDirectory() as pycache:
        if args.cached_bytecode:
            os.environ["BENCH_PYCACHE"] = pycache
            print(json.dumps({"warm-up": "one unmeasured start of each tree on each database"}), flush=True)
            start_only(trees, argparse.Namespace(**{**vars(args), "repeat": 1}), show=False)
        if args.start_only:
            start_only(trees, args)
        else:
            full(trees, args)


def start_only(trees: list[Path], args: argparse.Namespace, show: bool = True) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        for n in range(args.repeat):
            for tree in trees:  # taking turns, so both see the same load
                url = f"sqlite+aiosqlite:///{Path(scratch) / f'{tree.name}-{n}.db'}"
                run(tree, "-m", "bot", "db", "upgrade", env=tree_env(tree, url))
                figures = asyncio.run(measure(tree, url, args.seconds, args.bot_log, start_only=True))
                if show:
                    print(json.dumps({"tree": str(tree), "db": "sqlite", **figures}), flush=True)
                if args.pg_url:
                    with scratch_database(args.pg_url, prefix="ipasn_bench") as pg:
                        run(tree, "-m", "bot", "db", "upgrade", env=tree_env(tree, pg))
                        figures = asyncio.run(measure(tree, pg, args.seconds, args.bot_log, start_only=True))
                    if show:
                        print(json.dumps({"tree": str(tree), "db": "postgresql", **figures}), flush=True)


def full(trees: list[Path], args: argparse.Namespace) -> None:
    for tree in trees:
        with tempfile.TemporaryDirectory() as scratch:
            url = f"sqlite+aiosqlite:///{Path(scratch) / 'bench.db'}"
            figures = bench(tree, url, args.employees, args.seconds, args.bot_log)
            print(json.dumps({"tree": str(tree), "db": "sqlite", **figures}), flush=True)
        if args.pg_url:
            with scratch_database(args.pg_url, prefix="ipasn_bench") as url:
                print(json.dumps({"tree": str(tree), "db": "postgresql",
                                  **bench(tree, url, args.employees, args.seconds, args.bot_log)}), flush=True)


if __name__ == "__main__":
    main()
