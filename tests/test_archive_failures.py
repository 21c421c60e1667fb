"""One bad article never stops a run: a rebuild that fails costs that article alone, is
named in ``failures`` with its reason, keeps the article's last good record, and is
retried by the next run. Every source that failed is named too."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from tearsheet.archive import Archive, ReconcileGrouping
from tearsheet.cli import main
from tearsheet.models import Article
from test_archive_deferred import ARTICLES, copies
from test_archive_support import grouping

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
BROKEN = "story-1"  # the article whose merge raises


class BreaksOneArticle:
    """The archive's grouping, except that merging the captures of one article raises, as
    the ``IndexError`` in ``reconcile/align.py`` once did (module level: workers unpickle it)."""

    def __init__(self) -> None:
        self.inner = grouping()

    def fingerprint(self, article: Article) -> tuple[bytes, tuple[str, ...]]:
        return self.inner.fingerprint(article)

    def same_article(self, a: bytes, b: bytes) -> bool:
        return self.inner.same_article(a, b)

    def url_key(self, url: str | None) -> str | None:
        return self.inner.url_key(url)

    def reconcile(self, articles: Sequence[Article]) -> Article:
        if len(articles) > 1 and any((a.url or "").endswith(BROKEN) for a in articles):
            raise IndexError("list index out of range")
        return self.inner.reconcile(articles)


def fill(archive: Archive) -> dict[str, str]:
    """Store every copy of every article, merges deferred; returns {url: article id}."""
    for i in range(ARTICLES):
        for result in copies(i):
            archive.store(result, defer=True)
    return {summary.url or "": summary.id for summary in archive.list(limit=100).items}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_rebuild_that_raises_costs_its_article_alone(
        tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from tearsheet.archive import archive as archive_module

    monkeypatch.setattr(archive_module, "POOL_MIN_ARTICLES", 2)  # jobs=2 takes the worker-pool path
    with Archive(tmp_path / "a.db", grouping=BreaksOneArticle()) as archive:
        ids = fill(archive)
        broken = ids[f"https://news.example.com/2024/{BROKEN}"]
        before = archive.get(broken)
        assert archive.reconcile_pending(jobs=jobs) == ARTICLES  # the pass went past it
        assert archive.pending() == 0
        (failure,) = archive.failures()
        assert (failure.stage, failure.source, failure.article_id, failure.reason) == (
            "reconcile", broken, broken, "internal_error")
        assert failure.message == "IndexError: list index out of range"
        assert archive.get(broken) == before  # its last good record, untouched
        others = [archive.get(i) for url, i in ids.items() if not url.endswith(BROKEN)]
        assert all(merged(a) for a in others)  # reconciled
        assert (archive.stats().failed, archive.stats().failures) == (1, (("internal_error", 1),))


def test_the_next_run_retries_an_article_whose_rebuild_failed(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with Archive(path, grouping=BreaksOneArticle()) as archive:
        ids = fill(archive)
        archive.reconcile_pending()
    broken = ids[f"https://news.example.com/2024/{BROKEN}"]
    with Archive(path, grouping=grouping()) as archive:  # the bug fixed
        assert archive.retry_failures() == 1
        assert archive.pending() == 1
        assert archive.reconcile_pending() == 1
        assert archive.failures() == ()
        assert merged(archive.get(broken))


def merged(article: Article) -> bool:
    """Reconciled from several captures: of one version, or (its copies add "Update n: …"
    notes, so they are versions since issue 16) of several, each reconciled on its own."""
    captures = {c for v in article.versions for c in v.captures}
    if article.provenance is not None:
        captures |= set(article.provenance.captures)
    return len(captures) > 1


def test_add_names_every_failed_source_and_failures_lists_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copy(EXAMPLES / "bike-style-book" / "page.html", folder / "page.html")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    (folder / "empty.html").write_bytes(b"")
    (folder / "table.txt").write_text("a,b,c\n1,2,3\n4,5,6\n7,8,9\n", encoding="utf-8")
    db = str(tmp_path / "news.db")
    assert main(["add", str(folder), "--archive", db, "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    bad = ("photo.jpg", "empty.html", "table.txt")
    named = [line for line in err.splitlines() if line.startswith("  ") and "/" in line]
    assert sorted(Path(line.split()[0]).name for line in named) == sorted(bad)
    assert "tearsheet failures" in err

    assert main(["failures", "--archive", db]) == 0  # piped (captured): a header, then tab-separated lines
    header, *rows = capsys.readouterr().out.splitlines()
    assert header == "stage\tsource\treason\tmessage"
    assert sorted(Path(row.split("\t")[1]).name for row in rows) == sorted(bad)
    assert all(len(row.split("\t")) == 4 for row in rows)

    assert main(["failures", "--archive", db, "--format", "json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["reason"] for r in records} >= {"not_an_article"} and len(records) == len(bad)
    assert main(["stats", "--archive", db, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["failed"] == len(bad)


def test_an_add_whose_reconcile_fails_finishes_names_the_article_and_a_rerun_retries(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "captures"
    shutil.copytree(EXAMPLES / "bike-style-book", folder)
    db = str(tmp_path / "news.db")
    real = ReconcileGrouping.reconcile

    def broken(self: ReconcileGrouping, articles: Sequence[Article]) -> Article:
        if len(articles) > 1:
            raise IndexError("list index out of range")
        return real(self, articles)

    monkeypatch.setattr(ReconcileGrouping, "reconcile", broken)
    assert main(["add", str(folder), "--archive", db, "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert "articles not reconciled" in err and "IndexError: list index out of range" in err
    with Archive(db, readonly=True) as archive:
        (failure,) = archive.failures()
        assert failure.stage == "reconcile" and archive.stats().articles == 1

    monkeypatch.setattr(ReconcileGrouping, "reconcile", real)
    assert main(["add", str(folder), "--archive", db, "--jobs", "1"]) == 0
    assert "not reconciled" not in capsys.readouterr().err
    with Archive(db, readonly=True) as archive:
        assert archive.failures() == ()
        (summary,) = archive.list().items
        assert summary.captures == 4
