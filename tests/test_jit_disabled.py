"""The kernel twin tests again with Numba's JIT off, so the Python path of every kernel is exercised."""

import os
import subprocess
import sys
from pathlib import Path


def test_kernel_twins_pass_with_jit_disabled():
    tests = Path(__file__).resolve().parent
    environment = {**os.environ, "NUMBA_DISABLE_JIT": "1"}
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(tests / "test_random.py"),
            str(tests / "test_demand.py"),
            str(tests / "test_choice.py"),
            str(tests / "test_summary_kernels.py"),
            str(tests / "test_decide.py"),
            str(tests / "test_arrivals_memory.py"),
            str(tests / "test_access_summary.py"),
            "-k",
            "twin or equal",
        ],
        cwd=tests.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert " passed" in completed.stdout
