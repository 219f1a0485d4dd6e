"""Writers: each turns a document tree into one output format through a single `write(document, path)`."""
