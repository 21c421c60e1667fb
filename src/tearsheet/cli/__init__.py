"""INTERFACE: the ``tearsheet`` command. Each subcommand lives in its own module,
parses its arguments, makes one library call and prints.

Any ``TearsheetError`` or usage mistake becomes one ``tearsheet: error: …`` line on
stderr and a non-zero exit; never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from tearsheet import __version__
from tearsheet.cli.add import add_command
from tearsheet.cli.dedup import dedup_command
from tearsheet.cli.export import export_command
from tearsheet.cli.extract import extract_command
from tearsheet.cli.failures import failures_command
from tearsheet.cli.history import history_command
from tearsheet.cli.listing import list_command
from tearsheet.cli.reconcile import reconcile_command
from tearsheet.cli.search import search_command
from tearsheet.cli.serve import serve_command
from tearsheet.cli.show import show_command
from tearsheet.cli.stats import stats_command
from tearsheet.errors import TearsheetError

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="tearsheet")
def cli() -> None:
    """Turn captures of news articles (web pages, PDF prints, text dumps, Markdown
    clips) into clean, structured articles.

    \b
    Example:
        tearsheet extract page.html --format markdown
    """


cli.add_command(add_command)
cli.add_command(dedup_command)
cli.add_command(export_command)
cli.add_command(extract_command)
cli.add_command(failures_command)
cli.add_command(history_command)
cli.add_command(list_command)
cli.add_command(reconcile_command)
cli.add_command(search_command)
cli.add_command(serve_command)
cli.add_command(show_command)
cli.add_command(stats_command)


def error_line(message: str) -> None:
    click.echo(f"tearsheet: error: {' '.join(str(message).split())}", err=True)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        result = cli.main(args=list(argv) if argv is not None else None, prog_name="tearsheet",
                          standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.UsageError as exc:
        error_line(exc.format_message())
        return EXIT_USAGE
    except (click.exceptions.Abort, KeyboardInterrupt):
        error_line("interrupted")
        return EXIT_INTERRUPTED
    except TearsheetError as exc:
        error_line(str(exc))
        return EXIT_FAILURE
    except BrokenPipeError:
        sys.stderr.close()  # the reader of our output went away (e.g. `| head`): not an error
        return 0
    return result if isinstance(result, int) else 0
