"""Reading a book folder: strict YAML, a typed schema, and the book model it yields."""

from briefing.content.loader import load_book

__all__ = ["load_book"]
