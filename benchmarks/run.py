"""Benchmarks, reported as ratios against a baseline measured in the same run on the same machine.

1. Report build (issue: fast, incremental):
   - naive loop a user would write: `papermill` CLI then `jupyter nbconvert --to html` CLI, one
     notebook after another, for every notebook and edition (the baseline);
   - cold build (cache cleared) with `taliban-tracker build --force`;
   - no-op rebuild (nothing changed), in process and as the `taliban-tracker build` command
     (wall time including start-up, with and without PYTHONDONTWRITEBYTECODE); rebuild after
     touching one data file, after editing one notebook (and how many reports re-ran); peak
     memory (RSS) of the build process and its kernels.
2. Claims engine at scale: the whole article registry on a synthetic 10^6-row event table.

Prints a table and writes benchmarks/results/<name>.json with the machine's core count.
Usage: python benchmarks/run.py [build|claims|all] [--quick]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "benchmarks"))


class PeakRSS:
    """Samples the RSS of this process and all its children (kernels, workers) every 50 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for p in [me, *me.children(recursive=True)]:
                with contextlib.suppress(
                    psutil.Error
                ):  # a child may exit between listing and reading
                    total += p.memory_info().rss
            self.peak = max(self.peak, total)
            time.sleep(0.05)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()


def timed(fn, into: list | None = None) -> tuple[float, int]:
    with PeakRSS() as mem:
        t0 = time.perf_counter()
        result = fn()
        if into is not None:
            into.append(result)
        return time.perf_counter() - t0, mem.peak


def command_seconds(args: list[str], env: dict, runs: int = 3) -> float:
    """Best wall time of a command over a few runs (start-up included)."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env)
        best = min(best, time.perf_counter() - t0)
    return best


def project_copy(tmp: Path) -> Path:
    root = tmp / "proj"
    shutil.copytree(
        ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    shutil.copytree(ROOT / "data", root / "data")
    for f in ("pyproject.toml", "uv.lock"):
        shutil.copy(ROOT / f, root / f)
    return root


def naive_loop(root: Path, out: Path, editions: dict[str, dict]) -> None:
    """What a user would write: the two CLIs, one notebook after another."""
    for ed, params in editions.items():
        for nb in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
            executed = out / ed / f"{nb.stem}.ipynb"
            executed.parent.mkdir(parents=True, exist_ok=True)
            cmd = [
                str(BIN / "papermill"),
                str(nb),
                str(executed),
                "-k",
                "taliban-tracker",
                "--no-progress-bar",
                "--cwd",
                str(root / "notebooks"),
            ]
            for k, v in params.items():
                cmd += ["-r", k, str(v)]
            subprocess.run(cmd, check=True, capture_output=True)
            subprocess.run(
                [str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)],
                check=True,
                capture_output=True,
            )


def bench_build(quick: bool) -> dict:
    from helpers import build, paths

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        root = project_copy(tmp)
        data = root / "data"
        os.environ["TRACKER_ROOT"] = str(root)
        # as if started with TRACKER_ROOT: the copy's data folder is the default one, so the
        # in-process builds and the no-op command compute the same keys
        paths.ROOT, paths.DATA_DIR = root, data
        # resolve editions exactly as the build does (with the newest event for "latest")
        _, _, ctx = build.plan(
            root=root,
            out_dir=tmp / "probe",
            selected=None,
            editions=None,
            force=True,
            data_dir=data,
        )
        editions = {ed: {**p, "data_dir": str(data)} for ed, p in ctx["editions"].items()}
        out = tmp / "reports"
        args = dict(root=root, out_dir=out, data_dir=data, progress=False)
        rows = {}
        if not quick:
            rows["naive loop (papermill CLI + nbconvert CLI)"] = timed(
                lambda: naive_loop(root, tmp / "naive", editions)
            )
        shutil.rmtree(out, ignore_errors=True)
        rows["cold build"] = timed(lambda: build.build(force=True, **args))
        rows["no-op rebuild"] = timed(lambda: build.build(**args))
        cmd = [str(BIN / "taliban-tracker"), "build", "--out", str(out), "--no-progress"]
        env = dict(os.environ, TRACKER_ROOT=str(root))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        rows["no-op `taliban-tracker build` command"] = (command_seconds(cmd, env), 0)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        rows["no-op command with PYTHONDONTWRITEBYTECODE=1"] = (command_seconds(cmd, env), 0)
        # what a worker and a kernel import, with the bytecode compiled at setup, and without it
        # (an empty PYTHONPYCACHEPREFIX hides it): the cost every process pays where
        # PYTHONDONTWRITEBYTECODE is set and nothing was precompiled
        imports = [sys.executable, "-c", "import pandas, matplotlib.pyplot, seaborn, papermill"]
        rows["imports of a worker, bytecode precompiled"] = (command_seconds(imports, env, 2), 0)
        (tmp / "empty-pycache").mkdir()
        bare = dict(env, PYTHONPYCACHEPREFIX=str(tmp / "empty-pycache"))
        rows["imports of a worker, no bytecode"] = (command_seconds(imports, bare, 2), 0)
        ev = data / "events.csv"
        ev.write_text(
            ev.read_text(encoding="utf-8").replace("day-long visit", "one-day visit", 1),
            encoding="utf-8",
        )
        rows["rebuild after touching one data file"] = timed(lambda: build.build(**args))
        nbp = root / "notebooks" / "04_milestones.ipynb"
        nb = json.loads(nbp.read_text(encoding="utf-8"))
        nb["cells"][-1]["source"] = [*nb["cells"][-1]["source"], "\n# edited"]
        nbp.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")
        summaries: list = []
        rows["rebuild after editing one notebook"] = timed(lambda: build.build(**args), summaries)
        rebuilt_after_edit = sorted(f"{o.job.edition}/{o.job.notebook}" for o in summaries[0].built)
    cold = rows["cold build"][0]
    result = {
        "reports": 2 * len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))),
        "rows": {
            k: {"seconds": round(s, 2), "peak_rss_mb": round(m / 2**20, 1)}
            for k, (s, m) in rows.items()
        },
        "ratios": {
            "naive loop / cold build": round(
                rows["naive loop (papermill CLI + nbconvert CLI)"][0] / cold, 2
            )
            if not quick
            else None,
            "no-op rebuild / cold build": round(rows["no-op rebuild"][0] / cold, 3),
        },
        "reports re-run after editing 04_milestones": rebuilt_after_edit,
        "targets": {
            "naive / cold >= 5": None,
            "no-op command < 1 s": rows["no-op `taliban-tracker build` command"][0] < 1,
            "editing one notebook re-runs only its reports": rebuilt_after_edit
            == ["article/04_milestones", "current/04_milestones"],
        },
    }
    if not quick:
        result["targets"]["naive / cold >= 5"] = result["ratios"]["naive loop / cold build"] >= 5
    return result


def bench_claims() -> dict:
    from synthetic import synthetic_dataset

    from helpers import claims, data

    t0 = time.perf_counter()
    big = synthetic_dataset(1_000_000)
    gen = time.perf_counter() - t0
    reg = claims.load_registry(ROOT / "data" / "claims" / "diplomat-2025-07-travel-diplomacy.yaml")
    real = data.load()
    base_s, _ = timed(lambda: claims.evaluate(real, reg))
    big_s, peak = timed(lambda: claims.evaluate(big, reg))
    return {
        "events": len(big.events),
        "readings": int(len(claims.evaluate(real, reg))),
        "rows": {
            f"real dataset ({len(real.events)} events)": {"seconds": round(base_s, 3)},
            "synthetic 10^6 events": {
                "seconds": round(big_s, 2),
                "peak_rss_mb": round(peak / 2**20, 1),
            },
            "synthetic table generation (not timed in the target)": {"seconds": round(gen, 2)},
        },
        "ratios": {"synthetic / real": round(big_s / base_s, 1)},
        "targets": {"registry on 10^6 rows < 5 s": big_s < 5},
    }


def open_seconds(pages: list[Path], runs: int = 3) -> list[float | None]:
    """Seconds from navigation start to the end of the load event of each built page, in Debian's
    Chromium (headless, offline; every script of the page, the table library included, has run
    by then); the best of ``runs`` loads. ``None`` where Chromium or Playwright is missing."""
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [None] * len(pages)
    if not chromium.exists():
        return [None] * len(pages)
    out: list[float | None] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        for path in pages:
            best = None
            for _ in range(runs):
                ctx = browser.new_context()
                page = ctx.new_page()
                page.goto(path.as_uri(), wait_until="load")
                ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
                best = ms if best is None else min(best, ms)
                ctx.close()
            out.append(round(best / 1000, 2) if best is not None else None)
        browser.close()
    return out


def bench_scale(factor: int) -> dict:
    """Report 02 (current edition) at today's size and at ``factor`` times the events and
    sources (benchmarks/synthetic.py): build time, the reader page's size, and the time the
    whole nbconvert page takes to open in Chromium (targets: under 5 MB, under 2 s)."""
    from synthetic import synthetic_folder

    from helpers import build

    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        big = synthetic_folder(tmp / "data", factor)
        for label, data in (("today's data", ROOT / "data"), (f"{factor}x data", big)):
            out = tmp / f"out-{label[:5]}"
            args = dict(
                out_dir=out, data_dir=data, selected=["02_trip_counts"], editions=["current"]
            )
            s, peak = timed(lambda args=args: build.build(force=True, jobs=1, **args))
            page = out / "current" / "02_trip_counts.html"
            (opened,) = open_seconds([page]) if page.exists() else (None,)
            rows[f"report 02, {label}"] = {
                "seconds": round(s, 1),
                "peak_rss_mb": round(peak / 2**20, 1),
                "page_mb": round(page.stat().st_size / 2**20, 2) if page.exists() else None,
                "open_seconds": opened,
            }
    big_row = rows[f"report 02, {factor}x data"]
    return {
        "rows": rows,
        "ratios": {
            f"{factor}x / today": round(
                rows[f"report 02, {factor}x data"]["seconds"]
                / rows["report 02, today's data"]["seconds"],
                1,
            )
        },
        "targets": {
            f"report 02 page at {factor}x data under 5 MB": (big_row["page_mb"] or 99) < 5,
            f"report 02 page at {factor}x data opens in under 2 s": (
                big_row["open_seconds"] is not None and big_row["open_seconds"] < 2
            ),
        },
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", nargs="?", default="all", choices=["build", "claims", "scale", "all"])
    ap.add_argument("--factor", type=int, default=100, help="scale benchmark: data multiple")
    ap.add_argument("--quick", action="store_true", help="skip the slow naive-loop baseline")
    a = ap.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    machine = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    # build first: the claims benchmark holds a 10^6-row table that would inflate the build's RSS
    for name, fn in (
        ("build", lambda: bench_build(a.quick)),
        ("claims", bench_claims),
        ("scale", lambda: bench_scale(a.factor)),
    ):
        if a.what not in (name, "all"):
            continue
        res = {"machine": machine, **fn()}
        (RESULTS / f"{name}.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
        print(f"\n== {name} ({machine['cores']} cores)")
        for k, v in res["rows"].items():
            print(
                f"  {k:55s} {v['seconds']:8.2f} s"
                + (f"   peak {v['peak_rss_mb']:.0f} MB" if v.get("peak_rss_mb") else "")
                + (f"   page {v['page_mb']} MB" if v.get("page_mb") else "")
                + (f"   opens in {v['open_seconds']} s" if v.get("open_seconds") else "")
            )
        for k, v in res.items():
            if k.startswith("reports re-run"):
                print(f"  {k}: {', '.join(v)}")
        for k, v in res["ratios"].items():
            print(f"  ratio {k:49s} {v}")
        for k, v in res["targets"].items():
            print(
                f"  target {k:48s} {'met' if v else ('not measured' if v is None else 'NOT met')}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
