"""The one error type for bad input: it names the file, the key path and the line."""

from pathlib import Path


class InputError(Exception):
    """Bad input that the user must fix; the CLI prints it and exits with code 2."""

    def __init__(self, file: Path | str | None, key_path: str, message: str, line: int | None = None):
        """Record where the problem is and what was expected."""
        self.file = str(file) if file is not None else None
        self.key_path = key_path
        self.message = message
        self.line = line
        super().__init__(self.describe())

    def describe(self) -> str:
        """Return 'file:line: key.path: message', leaving out the parts that are unknown."""
        where = self.file or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        if self.key_path:
            return f"{where}: {self.key_path}: {self.message}"
        return f"{where}: {self.message}"


class InputErrors(InputError):
    """Several input errors found in one file, reported together."""

    def __init__(self, errors: list[InputError]):
        """Keep all errors; the first one sets the headline fields."""
        self.errors = errors
        first = errors[0]
        super().__init__(first.file, first.key_path, first.message, first.line)

    def describe(self) -> str:
        """Return one line per error."""
        return "\n".join(error.describe() for error in getattr(self, "errors", [])) or super().describe()


class InvariantError(RuntimeError):
    """A conservation law of the model was broken, or a figure is not finite: a bug, never bad input."""


def was_interrupted(error: BaseException) -> bool:
    """Return whether Ctrl-C caused this error (Numba reports it as a SystemError caused by KeyboardInterrupt)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False
