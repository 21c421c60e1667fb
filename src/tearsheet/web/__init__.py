"""INTERFACE: ``tearsheet serve``, the reading room web UI."""
