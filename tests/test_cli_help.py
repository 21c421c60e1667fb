"""Every command is documented with an example (the sqlite-utils habit)."""

import click
import pytest

from tearsheet.cli import cli


def _commands() -> list[tuple[str, click.Command]]:
    return sorted(cli.commands.items())


@pytest.mark.parametrize(("name", "command"), _commands())
def test_every_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    assert command.help, f"{name} has no help text"
    assert "Example:" in command.help, f"{name}'s help has no Example:"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help or param.is_flag or param.name in {"help"}, f"{name} --{param.name} has no help"
