"""The error hierarchy. Every error has a code and a message that tells the user what to do."""

from __future__ import annotations


class DatelineError(Exception):
    """Base of every error dateline raises on purpose; ``code`` is stable, ``str()`` is for people."""

    code = "E000"
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class UsageError(DatelineError):
    """A bad flag, a missing file or an argument that cannot be used (exit code 2)."""

    code = "E100"
    exit_code = 2


class InputError(DatelineError):
    """One article or one line of input cannot be read; the batch goes on without it."""

    code = "E200"

    def __init__(self, message: str, origin: str = "", reason: str = "unreadable") -> None:
        super().__init__(f"{origin}: {message}" if origin else message)
        self.origin = origin
        self.reason = reason


class ModelError(DatelineError):
    """The NLP model is missing or broken."""

    code = "E300"


class LedgerError(DatelineError):
    """The ledger file cannot be opened, migrated or written."""

    code = "E400"


class EvalError(DatelineError):
    """An evaluation task cannot run (unknown task, gold data missing or malformed)."""

    code = "E500"
    exit_code = 2
