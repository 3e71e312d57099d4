"""Start a command that a test will interrupt with Ctrl-C (SIGINT), as a user at a terminal would.

A non-interactive shell starts its background jobs with SIGINT ignored, and Python then never turns
Ctrl-C into KeyboardInterrupt. CI launched in the background would pass that on to the command under
test, so the child gets the default SIGINT disposition back before it starts.
"""

import signal
import subprocess
from pathlib import Path


def _default_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_interruptible(command: list[str], cwd: Path) -> subprocess.Popen[str]:
    """Start the command with its standard error piped as text and Ctrl-C delivered as at a terminal."""
    return subprocess.Popen(command, cwd=cwd, stderr=subprocess.PIPE, text=True, preexec_fn=_default_ctrl_c)
