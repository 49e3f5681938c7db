"""The command-line handlers that write: ``build``, ``release`` and ``add-pass``.

Kept apart from ``helpers.cli`` (the parser and the read-only commands) so each module stays one
job; like the rest of the command line, these alone print and pick exit codes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers import paths
from helpers.errors import TrackerError


def _print_error(exc: Exception) -> int:
    """Print a TrackerError's problems (file:row: column: message), one per line; exit status 1."""
    problems = getattr(exc, "problems", None) or []
    lines = [str(p) if p.file else p.message for p in problems] or [str(exc)]
    if len(lines) > 1:
        for line in lines:
            print(line, file=sys.stderr)
        print(f"error: {len(lines)} problem(s); nothing was written", file=sys.stderr)
    else:
        print(f"error: {lines[0]}", file=sys.stderr)
    return 1


def _build_progress(enabled: bool):
    """A progress callback for the build: a bar on stderr, or nothing."""
    if not enabled:
        return None
    state: dict = {}

    def report(event) -> None:
        if event.kind == "planned" and event.total:
            from tqdm import tqdm

            state["bar"] = tqdm(total=event.total, unit="report", file=sys.stderr)
        elif event.kind == "finished" and "bar" in state:
            state["bar"].set_postfix_str(f"{event.job.edition}/{event.job.notebook}")
            state["bar"].update()
            if state["bar"].n >= state["bar"].total:
                state["bar"].close()

    return report


def _cmd_build(args: argparse.Namespace) -> int:
    from helpers import build

    try:
        summary = build.build(
            selected=args.notebooks or None,
            editions=args.edition or None,
            force=args.force,
            jobs=args.jobs,
            out_dir=Path(args.out) if args.out else None,
            allow_any_date=args.allow_any_date,
            progress=_build_progress(not args.no_progress),
            lock_timeout=args.wait,
            data_dir=Path(args.data_dir) if args.data_dir else None,
            adhoc=(
                {"name": args.name, "as_of": args.as_of, "start": args.start, "end": args.end}
                if args.name or args.as_of or args.start or args.end
                else None
            ),
        )
    except TrackerError as exc:
        return _print_error(exc)
    if summary.interrupted:
        print("interrupted: the reports finished so far are kept", file=sys.stderr)
        return 130
    print(
        f"built {len(summary.built)}, up to date {len(summary.fresh)}, "
        f"failed {len(summary.failed)} -> {summary.out_dir}/index.html"
    )
    for o in summary.failed:
        print(f"FAILED {o.job.notebook} [{o.job.edition}] {o.error}", file=sys.stderr)
    return summary.status


def _cmd_release(args: argparse.Namespace) -> int:
    from helpers.build.run import release

    try:
        rel = release(
            out_dir=Path(args.out) if args.out else None,
            data_dir=Path(args.data_dir) if args.data_dir else None,
        )
    except TrackerError as exc:
        return _print_error(exc)
    what = "released" if rel.created else "already released (identical)"
    print(f"{what} v{rel.version}: {len(rel.files)} files -> {rel.path}")
    return 0


def _cmd_add_pass(args: argparse.Namespace) -> int:
    from helpers import addpass

    data_dir = Path(args.data_dir or paths.DATA_DIR)
    drop = set(Path(args.drop).read_text(encoding="utf-8").split()) if args.drop else set()
    try:
        p = addpass.prepare(Path(args.staging), data_dir, drop)
        for note in p.notes:
            print(note, file=sys.stderr)
        ids = [e["event_id"] for e in p.events]
        print(
            f"{len(p.events)} events ({ids[0] if ids else '-'}-{ids[-1] if ids else '-'}), "
            f"{p.trips} trips, {len(p.sources)} sources, {len(p.persons)} persons, "
            f"{len(p.roles)} roles"
        )
        if p.duplicates:
            print("likely duplicates of events already in the dataset (check before adding):")
            for d in p.duplicates:
                print(f"  {d}")
        if args.dry_run:
            return 0
        if p.duplicates and not args.yes:
            print(
                "error: nothing written; drop the duplicates (--drop) or confirm with --yes",
                file=sys.stderr,
            )
            return 1
        addpass.write(p, data_dir)
    except TrackerError as exc:
        return _print_error(exc)
    print(f"added to {data_dir}")
    return 0
