"""The console script (`briefing`, `python -m briefing`): hands the command to a running build server (briefing/server/), or runs it in this process."""

import os
import sys


def entry() -> None:
    from briefing.server.client import hand_over

    status = hand_over(sys.argv[1:])
    if status is None:
        from briefing.cli import entry as run_here

        run_here()  # leaves the process itself
    os._exit(status)
