"""The benchmark metric itself must be right, or every number in BENCHMARKS.md is wrong."""

import pytest
from bench import metric


def test_identical_texts_score_one_and_exact():
    s = metric.score_page("one two three four five", "one two three four five")
    assert (s.precision, s.recall, s.exact) == (1.0, 1.0, True)


def test_extra_words_lower_precision_not_recall():
    s = metric.score_page("a b c d e", "a b c d e f g")
    assert s.recall == 1.0 and s.precision == pytest.approx(2 / 4)


def test_short_texts_use_one_shorter_shingle():
    assert metric.shingles(["a", "b"]) == {("a", "b"): 1}
    assert metric.score_page("a b", "a b").exact


def test_empty_prediction_scores_zero():
    s = metric.score_page("a b c d e", "")
    assert s.precision == 0.0 and s.recall == 0.0


def test_summary_is_f1_of_means():
    scores = [metric.score_page("a b c d e", "a b c d e"), metric.score_page("a b c d e", "")]
    summary = metric.summarize(scores)
    assert summary.precision == 0.5 and summary.recall == 0.5 and summary.f1 == 0.5
    assert summary.accuracy == 0.5
