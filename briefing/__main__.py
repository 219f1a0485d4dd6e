"""Lets `python -m briefing` run the command line."""

from briefing.cli import entry

entry()
