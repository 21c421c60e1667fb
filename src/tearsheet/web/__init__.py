"""INTERFACE: ``tearsheet serve``, the reading room web UI.

``create_app(archive)`` returns the ASGI app (Starlette + Jinja2 templates, no
JavaScript): search, a reading view with provenance, captures side by side, exports,
and a JSON twin of every page under /api/. Needs the ``web`` extra.
"""

from tearsheet.web.app import create_app

__all__ = ["create_app"]
