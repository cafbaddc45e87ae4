"""Benchmark JournalStorage against TinyDB's JSONStorage on a 10-year journal.

Run: ``uv run python bench/save.py [--saves 15] [--opens 9] [--years 10]``.

The journal has a morning and an evening entry for every day: 7,300 entries for 10 years.

Measures, side by side in one run:

(a) saving one entry: ``TinyDB(path, storage=S).table("entries").insert(entry)``, repeated;
(b) opening the journal and listing every entry in a fresh process (timed inside the child from
    just before ``TinyDB(...)`` to after ``table.all()``; the child's wall time is shown too);
and the floors: serialise (orjson) + write + fsync of the whole file (for saves) and read +
parse (orjson) of the whole file (for opening).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import orjson  # noqa: E402
from tinydb import TinyDB  # noqa: E402
from tinydb.storages import JSONStorage, Storage  # noqa: E402

from bench.journal_fixture import build_entries  # noqa: E402
from ritual.storage import JournalStorage, clear_read_cache  # noqa: E402

KINDS: dict[str, type[Storage]] = {"ours": JournalStorage, "plain": JSONStorage}
SAVE_TARGET = 0.2
OPEN_TARGET = 0.8


def child(kind: str, path: str) -> None:
    """Open the journal and list every entry; print the in-process time as JSON."""
    storage = KINDS[kind]
    cpu = time.process_time()
    start = time.perf_counter()
    database = TinyDB(path, storage=storage)
    entries = database.table("entries").all()
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    database.close()
    print(json.dumps({"seconds": elapsed, "cpu": cpu, "count": len(entries)}))


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(function: Callable[[], Any], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def new_entry(number: int) -> dict[str, Any]:
    entry = build_entries(years=1, seed=1000 + number)[-1]
    entry["id"] = f"bench-{number}"
    return entry


def fsynced_write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def measure_floors(path: Path, saves: int, opens: int) -> tuple[dict[str, float], float, float]:
    """Time json vs orjson, and the save and open floors, on the journal at ``path``."""
    blob = path.read_bytes()
    tree = orjson.loads(blob)
    text = blob.decode()
    candidates: dict[str, Callable[[], Any]] = {
        "json.loads": lambda: json.loads(text),
        "orjson.loads": lambda: orjson.loads(blob),
        "json.dumps": lambda: json.dumps(tree),
        "orjson.dumps": lambda: orjson.dumps(tree),
    }
    parse = {}
    for name, function in candidates.items():
        parse[name] = median_ms(timed(function, 5))
        gc.disable()
        try:
            parse[f"{name} (gc paused)"] = median_ms(timed(function, 5))
        finally:
            gc.enable()
    scratch = path.with_name("floor.json")
    save_floor = median_ms(timed(lambda: fsynced_write(scratch, orjson.dumps(tree)), saves))
    scratch.unlink()

    def read_parse() -> None:
        data = path.read_bytes()
        gc.disable()
        try:
            orjson.loads(data)
        finally:
            gc.enable()

    return parse, save_floor, median_ms(timed(read_parse, opens))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=15)
    parser.add_argument("--opens", type=int, default=9)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    entries = build_entries(years=args.years, every_day=True)
    with tempfile.TemporaryDirectory(prefix="ritual-bench-") as tmp:
        paths = {kind: Path(tmp, kind, "journal.json") for kind in KINDS}
        for kind, path in paths.items():
            path.parent.mkdir()
            database = TinyDB(path, storage=KINDS[kind])
            database.table("entries").insert_multiple(entries)
            database.close()
        size = {kind: path.stat().st_size for kind, path in paths.items()}
        print(
            f"journal: {len(entries):,} entries over {args.years} years "
            "(every day, morning and evening); "
            f"file {size['ours'] / 1e6:.2f} MB (ours) / {size['plain'] / 1e6:.2f} MB (plain)"
        )
        print(
            f"python {sys.version.split()[0]}, orjson {orjson.__version__}, "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
        )

        parse, save_floor, open_floor = measure_floors(paths["ours"], args.saves, args.opens)
        print("\nparsers on the whole journal, median ms (gc on / gc paused):")
        for name in ("json.loads", "orjson.loads", "json.dumps", "orjson.dumps"):
            print(f"  {name:<13} {parse[name]:6.1f} / {parse[f'{name} (gc paused)']:6.1f}")

        # ---- (a) saves, interleaved so both see the same machine state
        clear_read_cache()  # the first save is then a cold one (as in a new process)
        saves: dict[str, list[float]] = {kind: [] for kind in KINDS}
        save_cpu: dict[str, list[float]] = {kind: [] for kind in KINDS}
        for number in range(args.saves):
            for kind in KINDS:
                entry = new_entry(number)
                cpu = time.process_time()
                start = time.perf_counter()
                database = TinyDB(paths[kind], storage=KINDS[kind])
                database.table("entries").insert(entry)
                saves[kind].append(time.perf_counter() - start)
                save_cpu[kind].append(time.process_time() - cpu)
                database.close()
        first_save_ours = saves["ours"][0] * 1000

        # ---- cached re-read in an open database (not a target; for the journal layer)
        reread: dict[str, float] = {}
        for kind in KINDS:
            database = TinyDB(paths[kind], storage=KINDS[kind])
            table = database.table("entries")
            table.all()
            reread[kind] = median_ms(timed(table.all, 9))
            database.close()

        # ---- (b) open + list in a fresh process
        inner: dict[str, list[float]] = {kind: [] for kind in KINDS}
        inner_cpu: dict[str, list[float]] = {kind: [] for kind in KINDS}
        wall: dict[str, list[float]] = {kind: [] for kind in KINDS}
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for _ in range(args.opens):
            for kind in KINDS:
                start = time.perf_counter()
                result = subprocess.run(
                    [sys.executable, __file__, "--child", kind, str(paths[kind])],
                    capture_output=True,
                    text=True,
                    check=True,
                    env=env,
                )
                wall[kind].append(time.perf_counter() - start)
                report = json.loads(result.stdout)
                assert report["count"] == len(entries) + args.saves, report
                inner[kind].append(report["seconds"])
                inner_cpu[kind].append(report["cpu"])

    save_ms = {kind: median_ms(samples) for kind, samples in saves.items()}
    save_cpu_ms = {kind: median_ms(samples) for kind, samples in save_cpu.items()}
    open_ms = {kind: median_ms(samples) for kind, samples in inner.items()}
    wall_ms = {kind: median_ms(samples) for kind, samples in wall.items()}
    cpu_ms = {kind: median_ms(samples) for kind, samples in inner_cpu.items()}
    save_ratio = save_ms["ours"] / save_ms["plain"]
    open_ratio = open_ms["ours"] / open_ms["plain"]
    wall_ratio = wall_ms["ours"] / wall_ms["plain"]

    def verdict(ratio: float, target: float) -> str:
        return f"{'PASS' if ratio <= target else 'FAIL'} (target <= {target})"

    print("\nmedian ms                         ours     plain   ours/plain")
    print(
        f"(a) save one entry ({args.saves}x)      {save_ms['ours']:7.1f}  {save_ms['plain']:8.1f}"
        f"   {save_ratio:.3f}  {verdict(save_ratio, SAVE_TARGET)}"
    )
    print(
        f"    same, CPU time of the process {save_cpu_ms['ours']:7.1f}  "
        f"{save_cpu_ms['plain']:8.1f}   {save_cpu_ms['ours'] / save_cpu_ms['plain']:.3f}"
    )
    print(
        f"(b) open + list, in child ({args.opens}x)  "
        f"{open_ms['ours']:7.1f}  {open_ms['plain']:8.1f}"
        f"   {open_ratio:.3f}  {verdict(open_ratio, OPEN_TARGET)}"
    )
    print(
        f"    same, CPU time in the child   {cpu_ms['ours']:7.1f}  {cpu_ms['plain']:8.1f}"
        f"   {cpu_ms['ours'] / cpu_ms['plain']:.3f}"
    )
    print(
        f"    child process wall time       {wall_ms['ours']:7.1f}  {wall_ms['plain']:8.1f}"
        f"   {wall_ratio:.3f}"
    )
    print(
        f"    re-list in an open database   {reread['ours']:7.1f}  {reread['plain']:8.1f}"
        f"   {reread['ours'] / reread['plain']:.3f}"
    )
    print(f"    first save in a process (ours, cold cache): {first_save_ours:.1f} ms")
    print("\nfloors")
    print(
        f"  save floor: orjson.dumps + write + fsync of the whole file: {save_floor:.1f} ms; "
        f"ours is {save_ms['ours'] - save_floor:+.1f} ms ({save_ms['ours'] / save_floor:.2f}x)"
    )
    print(
        f"  open floor: read + orjson.loads of the whole file: {open_floor:.1f} ms; "
        f"ours is {open_ms['ours'] - open_floor:+.1f} ms ({open_ms['ours'] / open_floor:.2f}x)"
    )


if __name__ == "__main__":
    main()
