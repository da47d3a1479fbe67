"""The benchmark: four figures, each measured beside a baseline in the same run.

    python bench/run.py            # full run (several minutes: the 100k-clause corpus is slow)
    python bench/run.py --quick    # smoke run: fewer repeats, smaller synthetic corpora

Prints a table and writes it as JSON to bench/results/latest.json (atomically).

1. cold-ask   wall time of `licensing-assistant ask "..."` (a fresh process each run), median,
              against `python -c "import pydantic, rank_bm25"`, runs interleaved.
2. latency    every turn of every transcript (transcripts/*.yaml; a built-in question list
              if there are none), one fresh conversation per transcript on one warm
              Assistant, in process; p50 and p99 over all turns of several passes.
3. chat       spawn -> the chat input has focus (headless), median, against
              `python -c "import textual.app"`, runs interleaved.
4. scale      seeded folders of Markdown notes (Zipf-like words, 40-80 words a paragraph),
              loaded through the API with each backend, one process per load: rank-bm25
              (built at every start), the sparse index's first load (parse, index, write
              the cache) and second (read the cache); query p50/p99, peak RSS, cache size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
DEFAULT_OUT = BENCH_DIR / "results" / "latest.json"
sys.path.insert(0, str(BENCH_DIR))

from scale import percentile  # noqa: E402

QUESTION = "2 servers x 5 CALs, how many users?"
COLD_BASELINE = "import pydantic, rank_bm25"
CHAT_BASELINE = "import textual.app; print('ready', flush=True)"
INTERACTIVE_MS = 100.0  # a search slower than this (p99) is no longer interactive

TARGETS = {
    "cold_ask_ratio": 1.25,
    "turn_p99_ms": 5.0,
    "chat_startup_ratio": 1.6,
}


# --- helpers ---------------------------------------------------------------------------------


def _wall(cmd: Sequence[str], timeout: float = 120.0) -> float:
    """Wall time of one process run, in seconds; raises if it fails."""
    t = time.perf_counter()
    proc = subprocess.run(
        list(cmd),
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=timeout,
    )
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"{' '.join(cmd[:4])}... exited {proc.returncode}: {err[-1] if err else ''}")
    return elapsed


def _time_to_ready(cmd: Sequence[str], timeout: float = 120.0) -> tuple[float, list[str], int]:
    """Seconds from spawning `cmd` until it prints the line `ready`; also its other lines and exit code.

    The command runs on a pseudo-terminal (the chat refuses to start without one), so the
    process sees what it would see in a real terminal."""
    import pty
    import select

    master, slave = pty.openpty()
    t = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=REPO, stdin=slave, stdout=slave, stderr=subprocess.PIPE, close_fds=True)
    os.close(slave)
    ready_at: float | None = None
    buffer = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            readable, _, _ = select.select([master], [], [], 0.5)
            if not readable:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            buffer += chunk
            if ready_at is None and any(line.strip() == b"ready" for line in buffer.split(b"\n")[:-1]):
                ready_at = time.perf_counter() - t
        else:
            proc.kill()
        _, err = proc.communicate(timeout=timeout)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    lines = [x.strip() for x in buffer.decode("utf-8", "replace").splitlines() if x.strip()]
    if ready_at is None:
        tail = err.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError("; ".join(lines + tail[-1:]) or f"exited {proc.returncode} without 'ready'")
    return ready_at, [x for x in lines if x != "ready"], proc.returncode


def _interleaved(commands: dict[str, Any], runs: int) -> dict[str, list[float]]:
    """Time every command `runs` times, rotating the order each round so drift hits all alike.
    One uncounted warm-up run each first (file cache, .pyc files)."""
    for measure in commands.values():
        measure()
    samples: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for r in range(runs):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            samples[name].append(commands[name]())
    return samples


def _ratios(samples: dict[str, list[float]], name: str) -> dict[str, float]:
    """Besides the ratio of medians (the reported figure): the median of the per-round ratios
    (each round runs both commands back to back, so a burst of load on the machine hits both)
    and the ratio of the minimums (the closest to an idle machine)."""
    pairs = [a / b for a, b in zip(samples[name], samples["baseline"], strict=True)]
    return {
        "paired_ratio": round(statistics.median(pairs), 3),
        "min_ratio": round(min(samples[name]) / min(samples["baseline"]), 3),
    }


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def installed_script() -> Path | None:
    """The console script of this interpreter's environment (the venv's bin/ or Scripts/)."""
    name = "licensing-assistant" + (".exe" if os.name == "nt" else "")
    candidate = Path(sys.executable).with_name(name)
    if candidate.exists():
        return candidate
    found = shutil.which("licensing-assistant")
    return Path(found) if found else None


# --- 1. cold one-shot answer ------------------------------------------------------------------


def bench_cold(runs: int) -> dict[str, Any]:
    script = installed_script()
    commands: dict[str, Any] = {
        "baseline": lambda: _wall([sys.executable, "-c", COLD_BASELINE]),
        "module": lambda: _wall([sys.executable, "-m", "assistant", "ask", QUESTION]),
    }
    if script is not None:
        commands["script"] = lambda: _wall([str(script), "ask", QUESTION])
    samples = _interleaved(commands, runs)
    base = statistics.median(samples["baseline"])
    out: dict[str, Any] = {
        "runs": runs,
        "question": QUESTION,
        "baseline_cmd": f'python -c "{COLD_BASELINE}"',
        "baseline_median_ms": _ms(base),
        "module_cmd": f'python -m assistant ask "{QUESTION}"',
        "module_median_ms": _ms(statistics.median(samples["module"])),
        "module_ratio": round(statistics.median(samples["module"]) / base, 3),
        "module_ratios": _ratios(samples, "module"),
        "script_cmd": str(script) if script else None,
    }
    if script is not None:
        med = statistics.median(samples["script"])
        out.update(
            script_median_ms=_ms(med), script_ratio=round(med / base, 3), script_ratios=_ratios(samples, "script")
        )
    # The figure reported against the target: the installed command when there is one.
    out["reported"] = "script" if script is not None else "module"
    out["ratio"] = out[f"{out['reported']}_ratio"]
    out["samples_ms"] = {k: [_ms(v) for v in vals] for k, vals in samples.items()}
    return out


# --- 2. answer latency in process ----------------------------------------------------------


def _user_turns(data: Any) -> list[str]:
    """The `user` text of each turn, whatever else a transcript holds (read without its API)."""
    turns = data.get("turns") if isinstance(data, dict) else data
    if not isinstance(turns, list):
        return []
    return [t["user"] for t in turns if isinstance(t, dict) and isinstance(t.get("user"), str)]


def load_conversations(folder: Path) -> tuple[list[list[str]], str, list[str]]:
    """(conversations, where they came from, problems). Falls back to the built-in questions."""
    import yaml

    conversations: list[list[str]] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            turns = _user_turns(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            problems.append(f"{path.name}: {type(exc).__name__}")
            continue
        if turns:
            conversations.append(turns)
        else:
            problems.append(f"{path.name}: no turns with a 'user' field")
    if conversations:
        return conversations, f"{len(conversations)} transcripts in {folder.relative_to(REPO)}/", problems
    from questions import FALLBACK_CONVERSATIONS

    return FALLBACK_CONVERSATIONS, "built-in question list (transcripts/ has no turns yet)", problems


def bench_latency(passes: int) -> dict[str, Any]:
    from assistant.api import Assistant

    conversations, origin, problems = load_conversations(REPO / "transcripts")
    assistant = Assistant.load()

    def one_pass() -> list[tuple[float, str]]:
        timed: list[tuple[float, str]] = []
        for turns in conversations:
            chat = assistant.conversation()
            for turn in turns:
                t = time.perf_counter()
                chat.ask(turn)
                timed.append(((time.perf_counter() - t) * 1000, turn))
        return timed

    one_pass()  # warm: the index, caches and first-call paths, uncounted
    timed = [pair for _ in range(passes) for pair in one_pass()]
    samples = [ms for ms, _ in timed]
    slowest_ms, slowest_turn = max(timed)
    return {
        "source": origin,
        "problems": problems,
        "conversations": len(conversations),
        "turns": sum(len(t) for t in conversations),
        "passes": passes,
        "p50_ms": round(percentile(samples, 50), 3),
        "p99_ms": round(percentile(samples, 99), 3),
        "max_ms": round(slowest_ms, 3),
        "slowest_turn": slowest_turn[:120],
    }


# --- 3. chat start-up ---------------------------------------------------------------------------


def bench_chat(runs: int) -> dict[str, Any]:
    driver = [sys.executable, str(BENCH_DIR / "chat_startup.py")]
    try:
        _time_to_ready(driver)  # a probe: is there a chat to start?
    except RuntimeError as exc:
        return {"available": False, "reason": str(exc)[:300]}
    keys: list[str] = []

    def chat_run() -> float:
        seconds, lines, _ = _time_to_ready(driver)
        keys.extend(lines)
        return seconds

    commands = {
        "baseline": lambda: _time_to_ready([sys.executable, "-c", CHAT_BASELINE])[0],
        "chat": chat_run,
    }
    samples = _interleaved(commands, runs)
    base = statistics.median(samples["baseline"])
    med = statistics.median(samples["chat"])
    return {
        "available": True,
        "runs": runs,
        "command": "python bench/chat_startup.py (the `chat` command, headless, until an input has focus)",
        "baseline_cmd": 'python -c "import textual.app"',
        "baseline_median_ms": _ms(base),
        "median_ms": _ms(med),
        "ratio": round(med / base, 3),
        **_ratios(samples, "chat"),
        "input_took_keys": all(line == "keys-ok" for line in keys if line.startswith("keys")) and "keys-ok" in keys,
        "samples_ms": {k: [_ms(v) for v in vals] for k, vals in samples.items()},
    }


# --- 4. retrieval at scale ------------------------------------------------------------------


def _folder_scale(*args: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(BENCH_DIR / "folder_scale.py"), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()
        raise RuntimeError(tail[-1] if tail else f"exit {proc.returncode}")
    return json.loads(proc.stdout) if proc.stdout.strip() else {}


def bench_scale(sizes: Sequence[int], queries: int) -> dict[str, Any]:
    """Per size, a seeded folder of Markdown notes loaded through the API with each backend,
    each load in its own process: rank-bm25 (built in memory at every start, as before the
    cache), and the sparse index on its first load (parse, index, write the cache) and its
    second (read the cache)."""
    import tempfile

    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="la-bench-") as tmp:
            notes, cache = Path(tmp) / "notes", Path(tmp) / "cache"
            row: dict[str, Any] = {"size": size, "queries": queries}
            try:
                _folder_scale("write", "--size", str(size), "--folder", str(notes))
                common = ["load", "--folder", str(notes), "--cache", str(cache), "--queries", str(queries)]
                row["rank_bm25"] = _folder_scale(*common, "--index", "rank-bm25")
                row["sparse_first"] = _folder_scale(*common, "--index", "sparse")
                row["sparse_second"] = _folder_scale(*common, "--index", "sparse")
            except RuntimeError as exc:
                row["error"] = str(exc)
            else:
                row["build_s"] = row["sparse_first"]["load_s"]
                row["peak_rss_mb"] = max(row[k]["peak_rss_mb"] for k in ("rank_bm25", "sparse_first", "sparse_second"))
            rows.append(row)
        print(f"[bench] scale {size:,} clauses done", file=sys.stderr, flush=True)
    ok = [r for r in rows if "error" not in r]
    memory = [{"size": r["size"], **r["rank_bm25"]} for r in ok]
    sparse = [{"size": r["size"], **r["sparse_second"]} for r in ok]
    return {
        "queries_per_size": queries,
        "rows": rows,
        "limit_all_queries": _limit(memory, "query_p99_ms"),
        "limit_known_words": _limit(memory, "known_words_p99_ms"),
        "sparse_limit_all_queries": _limit(sparse, "query_p99_ms"),
    }


def _limit(rows: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """Where p99 crosses INTERACTIVE_MS: the first measured size over it, and a least-squares line
    p99 = a + b * clauses through the measurements, solved for the limit (BM25 is linear in clauses)."""
    points = [(r["size"], r[key]) for r in rows if r.get(key) is not None]
    first_over = next((n for n, ms in points if ms > INTERACTIVE_MS), None)
    estimate = None
    if len(points) >= 2:
        mean_n = statistics.fmean(n for n, _ in points)
        mean_ms = statistics.fmean(ms for _, ms in points)
        var = sum((n - mean_n) ** 2 for n, _ in points)
        slope = sum((n - mean_n) * (ms - mean_ms) for n, ms in points) / var if var else 0.0
        if slope > 0:
            estimate = max(0, round((INTERACTIVE_MS - (mean_ms - slope * mean_n)) / slope, -2))
    return {"p99_over_ms": INTERACTIVE_MS, "first_size_over": first_over, "estimated_clauses": estimate}


# --- report -----------------------------------------------------------------------------------


def _status(value: float | None, target: float) -> str:
    if value is None:
        return "n/a"
    return "met" if value <= target else "MISSED"


def _also(ratios: dict[str, Any] | None) -> str:
    if not ratios or "paired_ratio" not in ratios:
        return ""
    return f"; paired ratio {ratios['paired_ratio']}, ratio of minimums {ratios['min_ratio']}"


def summarise(results: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per headline figure: value, baseline, target, status."""
    figures: list[dict[str, Any]] = []
    cold = results.get("cold_ask")
    if cold:
        figures.append(
            {
                "figure": f"1. cold ask ({cold['reported']}), median of {cold['runs']}",
                "value": f"{cold[cold['reported'] + '_median_ms']} ms",
                "baseline": f"{cold['baseline_median_ms']} ms (import pydantic, rank_bm25)"
                + _also(cold.get(cold["reported"] + "_ratios")),
                "ratio": cold["ratio"],
                "target": f"ratio <= {TARGETS['cold_ask_ratio']}",
                "status": _status(cold["ratio"], TARGETS["cold_ask_ratio"]),
            }
        )
        if cold["reported"] == "script":
            figures.append(
                {
                    "figure": f"   cold ask (python -m assistant), median of {cold['runs']}",
                    "value": f"{cold['module_median_ms']} ms",
                    "baseline": "same" + _also(cold.get("module_ratios")),
                    "ratio": cold["module_ratio"],
                    "target": f"ratio <= {TARGETS['cold_ask_ratio']}",
                    "status": _status(cold["module_ratio"], TARGETS["cold_ask_ratio"]),
                }
            )
    lat = results.get("latency")
    if lat:
        figures.append(
            {
                "figure": f"2. turn latency p99, {lat['turns']} turns x {lat['passes']}",
                "value": f"{lat['p99_ms']} ms (p50 {lat['p50_ms']} ms)",
                "baseline": lat["source"],
                "ratio": None,
                "target": f"p99 <= {TARGETS['turn_p99_ms']} ms",
                "status": _status(lat["p99_ms"], TARGETS["turn_p99_ms"]),
            }
        )
    chat = results.get("chat")
    if chat:
        if chat["available"]:
            figures.append(
                {
                    "figure": f"3. chat start-up, median of {chat['runs']}",
                    "value": f"{chat['median_ms']} ms" + ("" if chat["input_took_keys"] else " (input ignored a key!)"),
                    "baseline": f"{chat['baseline_median_ms']} ms (import textual.app)" + _also(chat),
                    "ratio": chat["ratio"],
                    "target": f"ratio <= {TARGETS['chat_startup_ratio']}",
                    "status": _status(chat["ratio"], TARGETS["chat_startup_ratio"]),
                }
            )
        else:
            figures.append(
                {
                    "figure": "3. chat start-up",
                    "value": "not available",
                    "baseline": chat["reason"],
                    "ratio": None,
                    "target": f"ratio <= {TARGETS['chat_startup_ratio']}",
                    "status": "n/a",
                }
            )
    scale = results.get("scale")
    if scale:
        everything, known = scale["limit_all_queries"], scale["limit_known_words"]
        sparse = scale["sparse_limit_all_queries"]
        figures.append(
            {
                "figure": "4. retrieval: clauses until query p99 > 100 ms",
                "value": f"rank-bm25 ~{_count(everything['estimated_clauses'])} (known words only: "
                f"~{_count(known['estimated_clauses'])}); sparse index ~{_count(sparse['estimated_clauses'])}",
                "baseline": "synthetic corpora of " + ", ".join(f"{r['size']:,}" for r in scale["rows"]) + " clauses",
                "ratio": None,
                "target": "a stated limit",
                "status": "",
            }
        )
    return figures


def _count(n: float | None) -> str:
    return "not reached" if n is None else f"{n:,.0f} clauses"


# (header, which load, its field, format): rank-bm25's load, then the sparse index's two.
SCALE_COLUMNS = (
    ("rank-bm25 load s", "rank_bm25", "load_s", "{:.1f}"),
    ("p50 ms", "rank_bm25", "query_p50_ms", "{:.1f}"),
    ("p99 ms", "rank_bm25", "query_p99_ms", "{:.1f}"),
    ("peak MB", "rank_bm25", "peak_rss_mb", "{:.0f}"),
    ("| sparse 1st load s", "sparse_first", "load_s", "| {:.1f}"),
    ("peak MB", "sparse_first", "peak_rss_mb", "{:.0f}"),
    ("2nd load s", "sparse_second", "load_s", "{:.2f}"),
    ("p50 ms", "sparse_second", "query_p50_ms", "{:.1f}"),
    ("p99 ms", "sparse_second", "query_p99_ms", "{:.1f}"),
    ("peak MB", "sparse_second", "peak_rss_mb", "{:.0f}"),
    ("cache MB", "sparse_second", "cache_mb", "{:.0f}"),
)


def scale_rows(scale: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    header = ["clauses"] + [c[0] for c in SCALE_COLUMNS]
    rows = []
    for row in scale["rows"]:
        if "error" in row:
            rows.append([f"{row['size']:,}", f"error: {row['error']}"])
        else:
            rows.append([f"{row['size']:,}"] + [fmt.format(row[load][key]) for _, load, key, fmt in SCALE_COLUMNS])
    return header, rows


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max([len(h)] + [len(r[i]) for r in rows if i < len(r)]) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=False)).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])


FIGURE_COLUMNS = ("figure", "value", "ratio", "target", "status", "baseline")


def figure_rows(figures: list[dict[str, Any]]) -> list[list[str]]:
    return [[("" if f.get(c) is None else str(f.get(c))) for c in FIGURE_COLUMNS] for f in figures]


def write_json(path: Path, data: dict[str, Any]) -> None:
    from assistant.store import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(s.replace("_", "")) for s in text.split(",") if s.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated clause counts, got {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


SECTIONS = ("cold", "latency", "chat", "scale")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="smoke run: few repeats, corpora of 1k and 5k clauses")
    p.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma-separated sections (default: {','.join(SECTIONS)})"
    )
    p.add_argument("--runs", type=int, help="process runs for cold ask (default 15, quick 3)")
    p.add_argument("--chat-runs", type=int, help="process runs for chat start-up (default 7, quick 2)")
    p.add_argument("--passes", type=int, help="passes over all transcript turns (default 20, quick 2)")
    p.add_argument("--sizes", type=_sizes, help="synthetic corpus sizes (default 1000,10000,100000; quick 1000,5000)")
    p.add_argument("--queries", type=int, help="timed queries per size (default 200, quick 50)")
    p.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"JSON results (default {DEFAULT_OUT.relative_to(REPO)})"
    )
    args = p.parse_args(argv)
    quick = args.quick
    args.runs = args.runs or (3 if quick else 15)
    args.chat_runs = args.chat_runs or (2 if quick else 7)
    args.passes = args.passes or (2 if quick else 20)
    args.sizes = args.sizes or ([1000, 5000] if quick else [1000, 10000, 100000])
    args.queries = args.queries or (50 if quick else 200)
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(args.only) - set(SECTIONS)
    if unknown:
        p.error(f"unknown section(s) {sorted(unknown)}; choose from {', '.join(SECTIONS)}")
    if min(args.runs, args.chat_runs, args.passes, args.queries) < 1:
        p.error("counts must be at least 1")
    return args


def _load() -> list[float] | None:
    """1, 5 and 15-minute load averages: a busy machine makes every figure noisier."""
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def compile_package() -> bool:
    """Byte-compile the package, as `pip install .` does at install time.

    A development checkout run with PYTHONDONTWRITEBYTECODE=1 (set on these machines)
    would otherwise recompile every module from source in every cold run, which no
    installed copy does; the site-packages of the baseline are byte-compiled already.
    """
    import compileall

    return compileall.compile_dir(str(REPO / "assistant"), quiet=1)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.time()
    compiled = compile_package()
    load_at_start = _load()
    results: dict[str, Any] = {}
    steps = {
        "cold": ("cold_ask", lambda: bench_cold(args.runs)),
        "latency": ("latency", lambda: bench_latency(args.passes)),
        "chat": ("chat", lambda: bench_chat(args.chat_runs)),
        "scale": ("scale", lambda: bench_scale(args.sizes, args.queries)),
    }
    failed = False
    for name in SECTIONS:
        if name not in args.only:
            continue
        key, run = steps[name]
        print(f"[bench] {name}...", file=sys.stderr, flush=True)
        try:
            results[key] = run()
        except Exception as exc:  # a broken section is reported, the others still run
            failed = True
            results[key + "_error"] = f"{type(exc).__name__}: {exc}"
            print(f"[bench] {name} failed: {exc}", file=sys.stderr, flush=True)
    figures = summarise(results)
    report = {
        "quick": args.quick,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_at_start": load_at_start,
            "load_average_at_end": _load(),
        },
        "package_byte_compiled": compiled,
        "started_unix": round(started),
        "duration_s": round(time.time() - started, 1),
        "targets": TARGETS,
        "figures": figures,
        **results,
    }
    print(format_table(FIGURE_COLUMNS, figure_rows(figures)))
    if "scale" in results:
        print(f"\n4. retrieval at scale ({args.queries} queries a size and backend; 1 in 5 has a misspelt word):")
        print(format_table(*scale_rows(results["scale"])))
    for key in (k for k in results if k.endswith("_error")):
        print(f"{key}: {results[key]}")
    write_json(args.out, report)
    print(f"\nwrote {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
