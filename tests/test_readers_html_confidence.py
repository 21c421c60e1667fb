"""The web-page reader's ``confidence``: the learned model and the caps around it."""

from __future__ import annotations

import json
import math
from importlib import resources

import numpy as np
from bench.train_confidence import fit

import tearsheet
from tearsheet.api import to_capture
from tearsheet.models import LOW_CONFIDENCE
from tearsheet.options import DEFAULT_OPTIONS
from tearsheet.readers.html.confidence import CAPPED, signals
from tearsheet.readers.html.learned import MODEL_FILE, Model, model
from tearsheet.readers.html.reader import read_with_evidence

SENTENCE = ("The council met on Tuesday evening to discuss the budget, and members argued at length "
            "about the cost of repairing the old bridge over the river. ")


def _page(body: str, head: str = "") -> bytes:
    return (f"<html><head><title>Budget night at the council</title>{head}</head><body>"
            f"<nav><a href='/'>Home</a></nav><h1>Budget night at the council</h1>"
            f"<div class='entry-content'>{body}</div>"
            "<footer><p>Copyright the Gazette, 2025.</p></footer></body></html>").encode()


def _paragraph(n: int) -> str:
    """A paragraph with words of its own, so paragraphs are told apart by their words."""
    words = " ".join(f"w{n}x{k}" for k in range(12))
    return f"Paragraph {n} weighs {words} against the bridge repairs."


def test_a_clean_story_is_trusted() -> None:
    article = tearsheet.extract(_page("".join(f"<p>{SENTENCE * 2}</p>" for _ in range(8))))
    assert article.confidence is not None and article.confidence >= 0.9 and article.warnings == ()


def test_a_list_of_links_is_not() -> None:
    links = "".join(f"<li><a href='/story/{n}'>Another story about the council, number {n}, and its "
                    "budget</a></li>" for n in range(40))
    article = tearsheet.extract(_page(f"<ul>{links}</ul><p>{SENTENCE}</p>"))
    assert article.confidence is not None and article.confidence < LOW_CONFIDENCE
    assert "mostly_links" in article.warnings


def test_a_body_cut_short_of_the_one_the_page_states_is_not() -> None:
    stated = json.dumps({"@type": "NewsArticle", "headline": "Budget night at the council",
                         "articleBody": "\n\n".join(_paragraph(n) for n in range(40))})
    html = _page("".join(f"<p>{_paragraph(n)}</p>" for n in range(14)),
                 head=f"<script type='application/ld+json'>{stated}</script>")
    article = tearsheet.extract(html)
    assert "Paragraph 13" in article.text and "Paragraph 14" not in article.text  # the visible body
    assert article.confidence is not None and article.confidence < LOW_CONFIDENCE
    assert "cut_body" in article.warnings


def test_a_stub_is_not() -> None:
    stub = b"<html><body><p>A short note about nothing much at all here.</p></body></html>"
    article = tearsheet.extract(stub)
    assert article.confidence is not None and article.confidence < LOW_CONFIDENCE
    assert article.warnings[:2] == ("tiny_body", "short_body")


def test_the_shipped_model_weighs_every_signal_the_reader_computes() -> None:
    _, evidence = read_with_evidence(to_capture(_page(f"<p>{SENTENCE * 4}</p>")), DEFAULT_OPTIONS)
    found = signals(evidence)
    shipped = model()
    assert model() is shipped  # read once
    assert list(shipped.features) == sorted(set(found) - set(CAPPED))
    assert all(math.isfinite(w) for w in (*shipped.weights, shipped.intercept)) and min(shipped.scale) > 0


def test_the_model_file_loads_to_the_same_predictions() -> None:
    text = resources.files("tearsheet.readers.html").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    again = Model.from_dict(json.loads(text))
    _, evidence = read_with_evidence(to_capture(_page(f"<p>{SENTENCE * 4}</p>")), DEFAULT_OPTIONS)
    found = signals(evidence)
    assert again == model() and again.predict(found) == model().predict(found)
    assert 0.0 < again.predict(found) < 1.0


def test_the_fit_is_deterministic_and_finds_the_signal() -> None:
    x = np.array([[v, 1.0] for v in np.linspace(-2, 2, 41)])
    y = 1 / (1 + np.exp(-1.5 * x[:, 0]))  # soft labels from a known slope
    first, second = fit(x, y, penalty=0.0), fit(x, y, penalty=0.0)
    assert first.tolist() == second.tolist()
    assert abs(first[0] - 1.5) < 1e-6 and abs(first[1]) < 1e-6


def _panels(sizes: list[int]) -> bytes:
    """A page builder's article: panels of paragraphs, each in a "widget" wrapper."""
    panels, n = "", 0
    for size in sizes:
        paragraphs = "".join(f"<p>{_paragraph(n + k)}</p>" for k in range(size))
        n += size
        place = "panel-first-child" if size > 5 else "panel-last-child"
        panels += (f"<div class='panel-grid'><div class='panel-grid-cell'><div class='so-panel widget "
                   f"widget_text {place}'><div class='textwidget'>{paragraphs}</div></div></div></div>")
    return ("<html><head><title>How to plan</title></head><body><nav><a href='/'>Home</a></nav><article>"
            f"<h1>How to plan</h1><div class='entry-content'><div class='panel-layout'>{panels}</div></div>"
            "</article><footer><p>Copyright the Gazette, 2025.</p></footer></body></html>").encode()


def test_a_doubted_body_widens_to_the_article_it_sits_in() -> None:
    capture = to_capture(_panels([1, 7, 3, 12, 1]))
    voted, _ = read_with_evidence(capture, DEFAULT_OPTIONS, widen=False)
    assert voted.confidence is not None and voted.confidence < LOW_CONFIDENCE  # one panel of the story
    assert "Paragraph 11 " in voted.text and "Paragraph 1 " not in voted.text
    widened = tearsheet.extract(capture)
    assert "Paragraph 11 " in widened.text and "Paragraph 1 " in widened.text
    assert widened.confidence is not None and widened.confidence > LOW_CONFIDENCE


def test_a_trusted_body_is_never_widened() -> None:
    capture = to_capture(_page("".join(f"<p>{_paragraph(n)}</p>" for n in range(8))))
    voted, _ = read_with_evidence(capture, DEFAULT_OPTIONS, widen=False)
    assert voted == tearsheet.extract(capture)
