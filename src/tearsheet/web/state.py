"""What every handler shares: the archive adapter, the templates, the add switch and the
upload reader."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
from starlette.requests import Request

from tearsheet.web.store import Store
from tearsheet.web.worker import UploadReader


@dataclass(frozen=True, slots=True, kw_only=True)
class AppState:
    store: Store
    templates: jinja2.Environment
    allow_add: bool
    reader: UploadReader


def state(request: Request) -> AppState:
    app_state: AppState = request.app.state.reading_room
    return app_state
