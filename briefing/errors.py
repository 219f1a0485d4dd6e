"""The error vocabulary: a problem names the file and line it comes from, and problems travel together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, at a place a user can open in an editor."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class InvalidInput(Exception):
    """Raised with every problem found, so the user fixes them all in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        # Keeps the problems when the exception travels from a build process to the parent.
        return (InvalidInput, (self.problems,))


class Problems:
    """Collects problems while a whole input is checked, then raises them at once."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, file: str, line: int, message: str) -> None:
        self.found.append(Problem(file, line, message))

    def raise_if_any(self) -> None:
        if self.found:
            raise InvalidInput(self.found)
