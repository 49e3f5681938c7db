"""``taliban-tracker``: validate the dataset, report its coverage, evaluate claims, build the reports.

Every subcommand exits 0 on success and 1 on a problem it can name (file, row, column), and
prints no traceback for bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from helpers import paths
from helpers.cli_build import _cmd_add_pass, _cmd_build, _cmd_release
from helpers.errors import TrackerError


def _cmd_validate(args: argparse.Namespace) -> int:
    """Errors, then consistency warnings and the claims registries' problems; exit 1 on any error.

    ``--strict`` turns every warning into an error (CI runs it that way).
    """
    from helpers import claims, data

    problems, _, _ = data.validate(args.data_dir)
    if problems:
        for p in problems:
            print(str(p))
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    ds = None
    try:
        ds = data.load(args.data_dir)
        found = data.consistency_problems(ds)
        registry_problems = getattr(claims, "registry_problems", None)
        if registry_problems is not None:
            found += registry_problems(ds.data_dir, ds)
    except TrackerError as exc:
        found = list(exc.problems)
    if args.strict:
        found = data.as_errors(found)
    for p in found:
        print(str(p))
    errors = sum(p.severity == "error" for p in found)
    if errors or ds is None:
        print(f"{errors} problem(s)", file=sys.stderr)
        return 1
    if found:
        print(f"{len(found)} warning(s); --strict refuses them", file=sys.stderr)
    counts = data.row_counts(ds)
    print(f"{ds.name} v{ds.version}: valid (sha256 {ds.sha256})")
    for k, v in counts.items():
        print(f"  {k:13s} {v:6d}")
    return 0


def _load(data_dir: str | None):
    """The dataset, or None after printing each problem as file:row: column: message."""
    from helpers import data

    try:
        return data.load(data_dir)
    except data.DataError as exc:
        for p in exc.problems:
            print(str(p), file=sys.stderr)
        return None


def _cmd_coverage(args: argparse.Namespace) -> int:
    import pandas as pd

    from helpers import coverage

    ds = _load(args.data_dir)
    if ds is None:
        return 1
    print(f"{ds.name} v{ds.version} (sha256 {ds.sha256[:12]})\n")
    print("Rows by year and event type (every status):")
    print(coverage.year_type_table(ds.events).to_string(), end="\n\n")
    print("Trips abroad by year (occurred, since the takeover):")
    print(coverage.trips_by_year(ds.events).to_string(), end="\n\n")
    for year in args.year or []:
        months = pd.Series(coverage.rows_by_month(ds.events, year), name="rows")
        print(f"Rows by month, {year}:")
        print(months.to_frame().T.to_string(index=False), end="\n\n")
    return 0


def _cmd_claims(args: argparse.Namespace) -> int:
    import pandas as pd

    from helpers import claims, params

    ds = _load(args.data_dir)
    if ds is None:
        return 1
    files = (
        [Path(args.source)]
        if args.source
        else sorted((Path(args.data_dir or paths.DATA_DIR) / "claims").glob("*.yaml"))
    )
    status = 0
    out = []
    for f in files:
        try:
            reg = claims.load_registry(f, dataset=ds)
        except claims.RegistryError as exc:
            print(str(exc), file=sys.stderr)
            status = 1
            continue
        for p in reg.problems:
            print(p, file=sys.stderr)
            status = 1
        try:
            when = params.parse_date("--as-of", args.as_of) if args.as_of else None
        except params.ParameterError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        try:
            table = claims.evaluate(ds, reg, when)
        except claims.RegistryError as exc:
            print(str(exc), file=sys.stderr)
            status = 1
            continue
        table.insert(0, "registry", f.name)
        out.append(table)
        if not args.json:
            print(f"\n{f.name}: as of {table['as_of'].iloc[0] if len(table) else reg.as_of}")
            with pd.option_context(
                "display.width", 200, "display.max_colwidth", 60, "display.max_rows", 500
            ):
                print(
                    table[
                        [
                            "claim_id",
                            "reading",
                            "kind",
                            "verdict",
                            "uncertain",
                            "computed",
                            "claimed",
                        ]
                    ].to_string(index=False)
                )
            print(table["verdict"].value_counts().to_string())
    if args.json:
        rows = pd.concat(out).to_dict(orient="records") if out else []
        text = json.dumps(rows, indent=2, ensure_ascii=False, default=str)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    return status


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="taliban-tracker", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser(
        "validate", help="check data/ and print every problem as file:row: column: message"
    )
    v.add_argument("--data-dir", default=None, help="dataset folder (default: data/)")
    v.add_argument(
        "--strict",
        action="store_true",
        help="treat consistency warnings as errors (data/validation-allow.yaml excuses checked ones)",
    )
    v.set_defaults(func=_cmd_validate)

    cv = sub.add_parser(
        "coverage", help="print rows by year and event type, and trips abroad per year"
    )
    cv.add_argument("--year", type=int, action="append", help="also print rows by month of a year")
    cv.add_argument("--data-dir", default=None)
    cv.set_defaults(func=_cmd_coverage)

    c = sub.add_parser("claims", help="evaluate claim registries and print the verdict table")
    c.add_argument(
        "--as-of",
        default=None,
        help="evaluate as of this date (YYYY-MM-DD); default: the text's date",
    )
    c.add_argument(
        "--source", default=None, help="one registry file (default: every data/claims/*.yaml)"
    )
    c.add_argument(
        "--json", default=None, metavar="FILE", help="write the results as JSON ('-' for stdout)"
    )
    c.add_argument("--data-dir", default=None)
    c.set_defaults(func=_cmd_claims)

    b = sub.add_parser("build", help="run the notebooks with papermill and render HTML reports")
    b.add_argument(
        "notebooks", nargs="*", help="notebook names (e.g. 02_trip_counts); default: all"
    )
    b.add_argument("--edition", action="append", help="edition name (repeatable); default: all")
    b.add_argument("--force", action="store_true", help="re-run even if up to date")
    b.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="parallel notebooks, at least 1 (default: CPU count + 1)",
    )
    b.add_argument("--out", default=None, help="output folder (default: reports/)")
    b.add_argument("--data-dir", default=None, help="dataset folder (default: data/)")
    b.add_argument(
        "--allow-any-date",
        action="store_true",
        help="allow as-of dates in the future or before the takeover",
    )
    b.add_argument("--no-progress", action="store_true")
    b.add_argument("--wait", type=float, default=0, help="seconds to wait for another build's lock")
    b.add_argument(
        "--name", default=None, help="build a one-off edition NAME into <out>/NAME/ (a slug)"
    )
    b.add_argument("--as-of", default=None, metavar="DATE", help="with --name: as-of date")
    b.add_argument("--start", default=None, metavar="DATE", help="with --name: window start")
    b.add_argument("--end", default=None, metavar="DATE", help="with --name: window end")
    b.set_defaults(func=_cmd_build)

    r = sub.add_parser(
        "release", help="freeze the current reports under reports/releases/v<dataset version>/"
    )
    r.add_argument("--out", default=None, help="reports folder (default: reports/)")
    r.add_argument("--data-dir", default=None, help="dataset folder (default: data/)")
    r.set_defaults(func=_cmd_release)

    a = sub.add_parser(
        "add-pass", help="add a sourcing pass's staging files to the dataset (validated first)"
    )
    a.add_argument("staging", help="folder with X_events.csv, X_sources.csv, X_persons.csv")
    a.add_argument("--data-dir", default=None, help="dataset folder (default: data/)")
    a.add_argument("--drop", default=None, metavar="FILE", help="file of tmp ids to leave out")
    a.add_argument("--yes", action="store_true", help="add even if likely duplicates are listed")
    a.add_argument("--dry-run", action="store_true", help="show what would be added; write nothing")
    a.set_defaults(func=_cmd_add_pass)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
