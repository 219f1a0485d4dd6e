"""Runs one build with Python audit hooks recording every file opened and every socket touched (used by test_robustness)."""

import json
import os
import socket
import sys

events = {"open": [], "socket": [], "subprocess": []}


def hook(event, args):
    if event == "open":
        path, mode = args[0], args[1]
        if isinstance(path, (str, bytes)):
            events["open"].append([path if isinstance(path, str) else path.decode(errors="replace"), str(mode)])
    elif event == "socket.__new__":
        # Workers talk over pipes, not sockets; a socket of any family but AF_UNIX would be the network.
        if args[1] != socket.AF_UNIX:
            events["socket"].append(f"{event} family={args[1]}")
    elif event.startswith("socket."):
        events["socket"].append(event)
    elif event == "subprocess.Popen":
        events["subprocess"].append(str(args[1][0] if args[1] else args[0]))


sys.addaudithook(hook)

def peak_kb() -> int:
    """This process's peak resident memory since it started (VmHWM: unlike ru_maxrss, nothing of the
    process that started it, such as a large pytest, is carried over)."""
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


# Build workers are forked and leave with os._exit: each writes what it did to LOG.<pid> first.
_parent, _real_exit = os.getpid(), os._exit


def _write(path: str, record: dict) -> None:
    """Written whole or not at all: a worker stopped by a signal to its group must not leave half a record."""
    text = json.dumps(record)  # before the file opens: the audit hook records that open too
    folder, name = os.path.split(path)
    partial = os.path.join(folder, f".{name}.partial")
    with open(partial, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(partial, path)


def _exit(status):
    if os.getpid() != _parent:
        _write(f"{sys.argv[1]}.{os.getpid()}", {**events, "peak_kb": peak_kb()})
    _real_exit(status)


os._exit = _exit
from briefing.cli import main  # noqa: E402

try:
    status = main(sys.argv[2:])
except SystemExit as usage:  # argparse's exit 2
    status = usage.code
from briefing.commands import ignore_stopping_signals as _ignore_stopping_signals  # noqa: E402

_ignore_stopping_signals()  # as the console script does once the build is over
_write(sys.argv[1], {"status": status, **events, "peak_kb": peak_kb()})
sys.exit(status)
