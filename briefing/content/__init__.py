"""Reading a book folder: strict YAML, a typed schema, and the book model it yields."""

__all__ = ["load_book"]


def __getattr__(name: str):
    # load_book is imported on first use: a build worker reads book.yaml with
    # the strict YAML reader alone and has no use for the schema and the model.
    if name == "load_book":
        from briefing.content.loader import load_book

        return load_book
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
