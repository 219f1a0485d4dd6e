"""briefing: turns structured content about a diplomatic meeting into a briefing book (DOCX and PDF)."""

import sys as _sys

__version__ = "0.1.0"


def _interrupted_while_starting(signum, frame):  # pragma: no cover - exercised in a child process
    """Ctrl-C before the command line has begun (the tool's own imports): one line, status 130, no traceback."""
    import os

    os.write(2, b"briefing: interrupted; nothing was written\n")
    os._exit(128 + signum)


# Run as the command (`briefing`, `python -m briefing`), a Ctrl-C while the tool is still being
# imported would print the import chain's traceback; briefing.cli.entry puts Python's own
# handler back once it runs. Imported as a library, nothing is changed.
if _sys.argv and (_sys.argv[0] == "-m" or _sys.argv[0].rsplit("/", 1)[-1] == "briefing"):
    import _signal  # the C module: importing `signal` (and enum with it) takes longer than the window it closes

    try:
        _signal.signal(_signal.SIGINT, _interrupted_while_starting)
    except (ValueError, OSError):  # not the main thread
        pass
