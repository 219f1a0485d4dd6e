"""Whether a folder is this user's alone: what the tool loads from a folder (compiled templates) or connects to in it (the build server's socket) must not be something another user could have put there."""

from __future__ import annotations

import os
import stat


def own_folder(path: str) -> bool:
    """A folder (not a link to one) owned by this user, which neither its group nor others may write into."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))
