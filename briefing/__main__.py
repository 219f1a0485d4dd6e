"""Lets `python -m briefing` run the command line."""

try:
    from briefing.launch import entry
except KeyboardInterrupt:  # Ctrl-C while the tool is still being imported: nothing begun, no traceback
    import os
    import sys

    sys.stderr.write("briefing: interrupted; nothing was written\n")
    sys.stderr.flush()
    os._exit(130)

entry()
