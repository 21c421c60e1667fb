"""What every handler shares: the archive adapter, the templates and the add switch."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
from starlette.requests import Request

from tearsheet.web.store import Store


@dataclass(frozen=True, slots=True, kw_only=True)
class AppState:
    store: Store
    templates: jinja2.Environment
    allow_add: bool


def state(request: Request) -> AppState:
    app_state: AppState = request.app.state.reading_room
    return app_state
