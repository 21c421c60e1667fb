"""The safety net at the API boundary: only a TearsheetError leaves ``group`` and ``reconcile``."""

from __future__ import annotations

import pytest

from tearsheet import Article, Block, BlockKind, TearsheetError, group, reconcile
from tearsheet.errors import EmptyInputError, InputError, ReconcileError
from tearsheet.reconcile import reconciler

TEXT = "The council met on Tuesday evening to discuss the transport budget for next year and beyond."


def capture(capture_id: str) -> Article:
    return Article(blocks=(Block(kind=BlockKind.PARAGRAPH, text=TEXT),), capture_id=capture_id)


def broken(*args: object) -> None:
    raise IndexError("list index out of range")


def test_a_bug_in_reconciling_leaves_as_a_reconcile_error_chained_from_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reconciler, "align", broken)
    with pytest.raises(ReconcileError, match="reconciling failed: IndexError") as caught:
        reconcile([capture("a"), capture("b")])
    assert isinstance(caught.value, TearsheetError) and caught.value.reason == "reconcile_failed"
    assert isinstance(caught.value.__cause__, IndexError)


def test_a_bug_in_grouping_leaves_as_a_reconcile_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from tearsheet.reconcile import grouping

    monkeypatch.setattr(grouping, "fingerprint", broken)
    with pytest.raises(ReconcileError, match="grouping failed") as caught:
        group([capture("a")])
    assert isinstance(caught.value.__cause__, IndexError)


def test_tearsheet_errors_pass_through_unchanged() -> None:
    with pytest.raises(InputError, match="no captures") as caught:
        reconcile([])
    assert type(caught.value) is InputError
    with pytest.raises(EmptyInputError):
        group([b""])


def test_the_unguarded_functions_stay_reachable_for_tests() -> None:
    assert reconcile.__wrapped__([capture("a")]).blocks[0].text == TEXT  # type: ignore[attr-defined]
    assert [g.captures for g in group.__wrapped__([capture("a")])] == [("a",)]  # type: ignore[attr-defined]
