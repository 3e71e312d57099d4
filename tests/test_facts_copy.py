"""The facts copied into tests/data/facts are the project's facts (where the originals are at hand)."""

from pathlib import Path

import pytest

COPIES = Path(__file__).resolve().parent / "data" / "facts"
ORIGINALS = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.mark.parametrize("name", ["region_facts.yaml", "suedwestfalen_facts.yaml"])
def test_the_copy_equals_the_original(name):
    original = ORIGINALS / name
    if not original.exists():
        pytest.skip(f"no original at {original} (a bare clone): the copy is what the tests read")
    assert (COPIES / name).read_bytes() == original.read_bytes(), f"copy {name} again from {original}"
