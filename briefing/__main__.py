"""Lets `python -m briefing` run the command line."""

import sys

from briefing.cli import main

sys.exit(main())
