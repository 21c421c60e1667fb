"""Where the archive lives when nobody says: ``$TEARSHEET_ARCHIVE``, else the XDG data folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VARIABLE = "TEARSHEET_ARCHIVE"
FILE_NAME = "archive.db"


def default_path() -> Path:
    """``$TEARSHEET_ARCHIVE``, else ``$XDG_DATA_HOME/tearsheet/archive.db``
    (``~/.local/share/tearsheet/archive.db`` when ``XDG_DATA_HOME`` is unset)."""
    explicit = os.environ.get(ENV_VARIABLE)
    if explicit:
        return Path(explicit).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home).expanduser() / "tearsheet" / FILE_NAME
