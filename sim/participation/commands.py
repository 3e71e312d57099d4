"""`python -m sim participation ...`: check the database, export and import ratings, retention, moderator password."""

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path
from typing import Any

from sim.errors import InputError

EXIT_OK = 0
EXAMPLES = """examples:
  python -m sim participation check
  IKZ_PARTICIPATION_DATABASE_URL=postgresql+psycopg://ikz@db/ikz python -m sim participation check
  python -m sim participation validate data/participation/lemgo_kalletal.yaml
  python -m sim participation export --out ratings.csv --comparison lemgo_kalletal
  python -m sim participation import ratings.csv --database-url postgresql+psycopg://ikz@db/ikz
  python -m sim participation purge            # deletes what each comparison's retention_days allows
  python -m sim participation delete --comparison lemgo_kalletal --yes
  python -m sim participation delete --rating 12 --yes   # one rating, e.g. on a resident's request
  python -m sim participation hash-password < password.txt
"""


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2027-03-01, got '{text}'") from None


def register(commands: Any) -> dict[str, Any]:
    """Add `participation` with its actions to the subcommands of `python -m sim`; return its handler."""
    formatter = argparse.ArgumentDefaultsHelpFormatter
    parser = commands.add_parser(
        "participation", help="the residents' ratings: database, export, retention, moderator password",
        description="The residents' ratings of published comparisons (participation mode, docs/PARTICIPATION.md): "
        "check the database, validate published files, export and import all ratings as CSV, delete what the "
        "retention allows, and hash the moderator password.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    actions = parser.add_subparsers(dest="action", required=True, help="what to do (each has its own --help)")
    url_help = "database URL (default: IKZ_PARTICIPATION_DATABASE_URL, else the SQLite file in the data folder)"
    check = actions.add_parser("check", help="open the database (creating its tables) and count the ratings",
                               formatter_class=formatter)  # fmt: skip
    validate = actions.add_parser("validate", help="check published comparison files", formatter_class=formatter)
    validate.add_argument("files", type=Path, nargs="+")
    export = actions.add_parser("export", help="write all ratings as CSV", formatter_class=formatter)
    export.add_argument("--out", type=Path, required=True, help="a new CSV file")
    export.add_argument("--comparison", help="only this comparison (default: all)")
    load = actions.add_parser("import", help="add the ratings of an exported CSV file", formatter_class=formatter)
    load.add_argument("csv_file", type=Path)
    purge = actions.add_parser("purge", help="delete ratings older than each comparison's retention allows",
                               formatter_class=formatter)  # fmt: skip
    purge.add_argument("--today", type=_day, default=date.today(), help="the day to count from")
    delete = actions.add_parser("delete", help="delete every rating of one comparison, or one rating",
                                formatter_class=formatter)  # fmt: skip
    which = delete.add_mutually_exclusive_group(required=True)
    which.add_argument("--comparison", help="every rating of this comparison")
    which.add_argument("--rating", type=int, help="one rating, by the number the moderation view shows (#12)")
    delete.add_argument("--yes", action="store_true", help="really delete")
    actions.add_parser("hash-password", help="read the moderator password from stdin, print its hash line",
                       formatter_class=formatter)  # fmt: skip
    for action in (check, export, load, purge, delete):
        action.add_argument("--database-url", help=url_help)
    return {"participation": command_participation}


def _store(args: argparse.Namespace) -> Any:
    from sim.participation.database import database_url
    from sim.participation.publication import data_folder
    from sim.participation.store import RatingStore

    return RatingStore.open(args.database_url or database_url(data_folder()))


def _check(args: argparse.Namespace) -> int:
    store = _store(args)
    print(f"OK {store.backend}: {store.count():,} ratings")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from sim.participation.publication import load_publication

    for path in args.files:
        publication = load_publication(path)
        print(f"OK {path} ({len(publication.scenarios)} scenarios, {len(publication.spec.criteria)} criteria)")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from sim.participation.export import ratings_csv

    if args.out.exists():
        raise InputError(args.out, "--out", "exists already; name a new file (an export never overwrites)")
    store = _store(args)
    stored = store.ratings(args.comparison)
    temporary = args.out.with_name(f".{args.out.name}.part")
    temporary.write_text(ratings_csv(stored), encoding="utf-8")
    temporary.replace(args.out)
    print(f"wrote {len(stored):,} ratings to {args.out}")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from sim.participation.export import read_ratings_file

    stored = read_ratings_file(args.csv_file)
    store = _store(args)
    store.save_stored(stored)
    print(f"imported {len(stored):,} ratings into {store.backend}; it now holds {store.count():,}")
    return EXIT_OK


def _purge(args: argparse.Namespace) -> int:
    from sim.participation.publication import data_folder, load_publication, publications
    from sim.participation.retention import apply_retention, deletion_day

    files = publications(data_folder())
    deleted = apply_retention(_store(args), files, args.today)
    for key, path in files.items():
        day = deletion_day(load_publication(path).spec).isoformat()
        done = f"deleted {deleted[key]:,} ratings (due on {day})" if key in deleted else f"kept; due {day}"
        print(f"{key}: {done}")
    return EXIT_OK


def _delete(args: argparse.Namespace) -> int:
    if not args.yes:
        raise InputError(None, "--yes", "deleting ratings needs --yes")
    if args.rating is not None:
        if not _store(args).delete_rating(args.rating):
            raise InputError(None, "--rating", f"there is no rating #{args.rating}")
        print(f"deleted rating #{args.rating}")
        return EXIT_OK
    print(f"{args.comparison}: deleted {_store(args).delete(args.comparison):,} ratings")
    return EXIT_OK


def _hash_password(args: argparse.Namespace) -> int:
    from sim.participation.moderator import HASH_VARIABLE, hash_password

    if sys.stdin.isatty():
        password = getpass.getpass("moderator password: ")
        if getpass.getpass("again: ") != password:
            raise InputError(None, "password", "the two entries differ")
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        line = hash_password(password).line()
    except ValueError as error:
        raise InputError(None, "password", str(error)) from None
    print(f"{HASH_VARIABLE}='{line}'")
    return EXIT_OK


def command_participation(args: argparse.Namespace) -> int:
    """Run one participation action."""
    handlers = {"check": _check, "validate": _validate, "export": _export, "import": _import, "purge": _purge,
                "delete": _delete, "hash-password": _hash_password}  # fmt: skip
    return handlers[args.action](args)
