"""Argument types of the command line that several commands share (argparse `type=` callables)."""

import argparse
from collections.abc import Callable


def positive_whole_number(name: str, upper: int) -> Callable[[str], int]:
    """Return a parser of a whole number from 1 to `upper` for the option `name`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number, got '{text}'") from None
        if value < 1 or value > upper:
            raise argparse.ArgumentTypeError(f"{name} must be between 1 and {upper}, got {value}")
        return value

    return parse


def seed_number(text: str) -> int:
    """Parse --seed: a whole number from 0 to 2**63 - 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seed must be a whole number, got '{text}'") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError("--seed must be between 0 and 2**63-1")
    return value
