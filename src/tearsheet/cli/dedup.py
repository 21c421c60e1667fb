"""``tearsheet dedup``: group the captures of Parquet shards (``add --output-dir``) by article."""

from __future__ import annotations

from pathlib import Path

import click

from tearsheet.batch.dedup import dedup, write_groups
from tearsheet.cli.output import stderr


@click.command("dedup")
@click.argument("shards", type=click.Path(path_type=Path, file_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Where to write the groups: a .parquet or .json file.")
def dedup_command(shards: Path, output: Path) -> int:
    """Group the captures in a folder of Parquet shards by article (MinHash-LSH on their
    fingerprints) and write the groups.

    \b
    Example:
        tearsheet add crawl/*.warc.gz --engine ray --output-dir shards/
        tearsheet dedup shards/ -o groups.parquet
    """
    groups = dedup(shards)
    write_groups(groups, output)
    captures = sum(len(g.captures) for g in groups)
    summary = f"{captures:,} captures in {len(groups):,} articles → {output}"
    stderr.print(summary, markup=False, highlight=False)
    return 0
