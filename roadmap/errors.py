"""Domain errors raised by services and turned into responses by the web layer."""
from __future__ import annotations


class RoadmapError(Exception):
    """Base of every error a user can cause."""


class ValidationError(RoadmapError):
    """Input breaks a rule; `errors` maps a field path to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = {field: list(messages) for field, messages in errors.items()}
        super().__init__(self.describe())

    def describe(self) -> str:
        return "; ".join(f"{field}: {msg}" if field else msg
                         for field, msgs in self.errors.items() for msg in msgs)

    def located(self, prefix: str) -> "ValidationError":
        """Return the same errors with `prefix` before each field path."""
        def join(field: str) -> str:
            if not field:
                return prefix
            return f"{prefix}{field}" if field.startswith("[") else f"{prefix}.{field}"
        return ValidationError({join(f): m for f, m in self.errors.items()})


class Clash(ValidationError):
    """Well-formed input that clashes with what is stored: a key taken, a record still in use.

    A form shows it by its field, like any rule; the API answers 409.
    """


class NotFound(RoadmapError):
    """A record named by its natural key does not exist."""


class Conflict(RoadmapError):
    """The record changed since the caller read it; `current` is its stored version."""

    def __init__(self, message: str, current: int | None = None):
        super().__init__(message)
        self.current = current


class NotAllowed(RoadmapError):
    """The actor may not do this."""


class Errors:
    """Collect field errors, then raise them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def merge(self, error: ValidationError, prefix: str = "") -> None:
        source = error.located(prefix) if prefix else error
        for field, messages in source.errors.items():
            self.errors.setdefault(field, []).extend(messages)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)

    def __bool__(self) -> bool:
        return bool(self.errors)
