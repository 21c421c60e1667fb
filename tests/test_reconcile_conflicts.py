"""Conflicts compare like with like (issue 15): a value is in conflict only with another
value of the same field and kind — never a picture's caption with a picture's URL."""

from __future__ import annotations

from tearsheet import Article, Block, BlockKind, CaptureKind, reconcile
from tearsheet.models import Image

BODY = [
    "The city council voted on Tuesday to expand the night bus network to four new districts, "
    "after a year of complaints from shift workers who said they had no way home after midnight.",
    "The plan, which costs about twelve million a year, adds six routes and runs buses every "
    "twenty minutes between one and five in the morning, the transport office said in a statement.",
]
PHOTO = "https://cdn.example-news.com/2024/05/night-bus.jpg"


def capture(cid: str, kind: CaptureKind, image: Image | None) -> Article:
    return Article(title="Night buses to run in four more districts", image=image, kind=kind, capture_id=cid,
                   blocks=tuple(Block(kind=BlockKind.PARAGRAPH, text=t) for t in BODY))


def image_conflicts(*articles: Article) -> list[tuple[tuple[str, tuple[str, ...]], ...]]:
    return [c.values for c in reconcile(articles).conflicts if c.field == "image"]


def test_a_caption_is_not_in_conflict_with_an_image_url() -> None:
    page = capture("page", CaptureKind.HTML, Image(src=PHOTO))
    clip = capture("clip", CaptureKind.MARKDOWN, Image(caption="Buses at the depot", credit="A. Person"))
    assert image_conflicts(page, clip) == []
    assert reconcile([page, clip]).image == Image(src=PHOTO)


def test_the_same_file_with_and_without_a_caption_is_one_picture() -> None:
    page = capture("page", CaptureKind.HTML, Image(src=PHOTO, caption="Buses at the depot"))
    amp = capture("amp", CaptureKind.HTML, Image(src=PHOTO.replace("https://", "http://")))
    assert image_conflicts(page, amp) == []


def test_two_different_files_are_still_a_conflict() -> None:
    page = capture("page", CaptureKind.HTML, Image(src=PHOTO))
    other = capture("other", CaptureKind.HTML, Image(src="https://cdn.example-news.com/2024/05/depot.jpg"))
    clip = capture("clip", CaptureKind.MARKDOWN, Image(caption="Buses at the depot"))
    [values] = image_conflicts(page, other, clip)
    assert {value for value, _ in values} == {PHOTO, "https://cdn.example-news.com/2024/05/depot.jpg"}


def test_two_different_captions_without_files_are_a_conflict() -> None:
    one = capture("one", CaptureKind.MARKDOWN, Image(caption="Buses at the depot"))
    two = capture("two", CaptureKind.MARKDOWN, Image(caption="The mayor on the first night route"))
    [values] = image_conflicts(one, two)
    assert {value for value, _ in values} == {"Buses at the depot", "The mayor on the first night route"}
