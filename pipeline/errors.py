"""Typed errors that tell the user what went wrong *and what to do about it*.

Every error the pipeline raises on purpose is a ``CaveatError``: the message
says what happened, ``hint`` says what the user can do next. The CLI prints
both and exits with ``exit_code``, so a failure is never a bare traceback.
Programming errors (bugs) are deliberately *not* wrapped: they should surface
as ordinary Python exceptions.
"""
from __future__ import annotations


class CaveatError(Exception):
    """Base class of every error the user is expected to act on.

    ``str(err)`` is the message alone; ``hint`` is one sentence telling the
    user what to do. ``exit_code`` lets the CLI map error kinds to distinct
    process exit codes without a lookup table of its own.
    """

    exit_code: int = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, hint={self.hint!r})"

    def full(self) -> str:
        """The message followed by the hint, as the CLI shows it."""
        return f"{self.message}\nhint: {self.hint}" if self.hint else self.message


class InputError(CaveatError):
    """An input path or file cannot be used at all (missing, wrong kind)."""

    exit_code = 2  # like a usage error: the command line named something unusable


class StoreError(CaveatError):
    """The RDF store cannot be opened, read or written."""

    exit_code = 3


class StoreLockedError(StoreError):
    """Another process holds the store's single-writer lock."""

    exit_code = 75  # EX_TEMPFAIL: retrying later is the fix


class QueryError(CaveatError):
    """A SPARQL query is invalid or cannot be answered as asked."""

    exit_code = 4


class ValidationError(CaveatError):
    """Data does not conform to the shapes or the ontology's constraints."""

    exit_code = 5


class OntologyError(CaveatError):
    """The ontology itself is missing, unreadable or inconsistent."""

    exit_code = 6


class MissingFileError(FileNotFoundError, OntologyError):
    """A file the project ships (ontology, shapes) is not where it should be.

    A ``FileNotFoundError`` for callers, and a ``CaveatError`` (with a hint) for the CLI.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        FileNotFoundError.__init__(self, message)
        self.message, self.hint = message, hint

    def __str__(self) -> str:
        return self.message


__all__ = [
    "CaveatError",
    "InputError",
    "OntologyError",
    "QueryError",
    "StoreError",
    "StoreLockedError",
    "ValidationError",
]


def short_message(exc: BaseException, limit: int = 300) -> str:
    """An exception's message on one line, cut at ``limit`` characters (for run reports)."""
    text = " ".join(str(exc).split()) or "(no message)"
    return text if len(text) <= limit else text[:limit] + "..."
