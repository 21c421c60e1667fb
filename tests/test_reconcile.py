"""Grouping and reconciliation on hand-built Articles: the rules of issue 4, one by one."""

from __future__ import annotations

from datetime import datetime

import pytest

from tearsheet import Article, Author, Block, BlockKind, CaptureKind, Link, group, reconcile
from tearsheet.errors import InputError
from tearsheet.reconcile import Fingerprint, fingerprint, lsh_keys, same_article, same_story
from tearsheet.reconcile.urls import site_key, url_key

P = BlockKind.PARAGRAPH
BODY = [
    "The city council voted on Tuesday to expand the night bus network to four new districts, "
    "after a year of complaints from shift workers who said they had no way home after midnight.",
    "The plan, which costs about twelve million a year, adds six routes and runs buses every "
    "twenty minutes between one and five in the morning, the transport office said in a statement.",
    "Opponents argued that the money would be better spent on road repairs, but the measure passed "
    "by nine votes to four after a debate that lasted most of the afternoon session.",
    "The first routes are expected to open in March, with the rest following before the summer.",
]
OTHER = [
    "A rare orchid thought extinct for a century has been found growing on a roadside verge in the "
    "north of the country, botanists from the national herbarium announced on Monday morning.",
    "The plant was spotted by a retired teacher walking her dog, who photographed it and sent the "
    "pictures to a local naturalist society, which alerted specialists in the capital city.",
    "Experts have fenced off the site and will collect seeds to grow more plants in a protected "
    "nursery before any are returned to the wild next spring, the herbarium said.",
]
URL = "https://www.example-news.com/2024/05/city/night-buses-expand"


def art(paragraphs: list[str], *, kind: CaptureKind | None = None, cid: str | None = None,
        **kw: object) -> Article:
    return Article(blocks=tuple(Block(kind=P, text=t) for t in paragraphs), kind=kind, capture_id=cid, **kw)


def clip() -> Article:
    blocks = [Block(kind=P, text="Buses at the depot. Photo: A. Person")]
    blocks += [Block(kind=P, text=t) for t in BODY]
    night = BODY[1].index("transport office")
    blocks[2] = Block(kind=P, text=BODY[1], links=(Link(text="transport office", href=None, start=night),))
    first = BODY[0].index("shift workers")
    blocks[1] = Block(kind=P, text=BODY[0], links=(Link(text="shift workers", href=None, start=first),))
    return Article(title="Night buses to run in four more districts", authors=(Author(name="Ann Reporter"),),
                   published=datetime(2024, 5, 14), url=URL, blocks=tuple(blocks),
                   kind=CaptureKind.MARKDOWN, capture_id="clip")


PAGE_URLS = ("https://example.org/2024/0415", "https://example.org/p?id=77")


def dump(*, urls: tuple[str, ...] = PAGE_URLS) -> Article:
    """Hard-wrapped text dump: paragraph 2 split by the page break, last line cut short."""
    second = BODY[1].split(" ")
    half = len(second) // 2
    blocks = (
        Block(kind=P, text=BODY[0].replace("shift workers", "shift work-\ners"), page=1),
        Block(kind=P, text=" ".join(second[:half]), page=1),
        Block(kind=P, text=" ".join(second[half:]), page=2),
        Block(kind=P, text=BODY[2], page=2),
        Block(kind=P, text=BODY[3][:30], page=2, truncated=True),
    )
    unplaced = tuple(Link(text="", href=u, page=1) for u in urls[:1]) + tuple(
        Link(text="", href=u, page=2) for u in urls[1:])
    return Article(blocks=blocks, unplaced_links=unplaced, truncated=True, kind=CaptureKind.TEXT,
                   capture_id="dump", title="Page 1 of 2")


# --------------------------------------------------------------------------- URLs and fingerprints


def test_url_key_folds_variants_of_one_article_url():
    variants = [URL, URL + "/", URL + "?utm_source=tw&utm_medium=social", URL.replace("https://www.", "http://"),
                URL + "/amp", URL.replace("www.", "m."), URL + "#comments"]
    assert {url_key(v) for v in variants} == {url_key(URL)}
    assert url_key(URL.replace("night-buses", "day-buses")) != url_key(URL)
    assert url_key("https://example.com/story?id=1") != url_key("https://example.com/story?id=2")
    assert url_key("not a url") is None and url_key(None) is None


def test_site_key_is_the_publication():
    assert site_key(URL) == "example-news"
    assert site_key("https://www.businessinsider.de/x") == site_key("https://www.businessinsider.com/x")
    assert site_key("https://www.bbc.co.uk/news/1") == "bbc"


def test_fingerprint_round_trips_through_bytes():
    fp = fingerprint(clip())
    again = Fingerprint.from_bytes(fp.to_bytes())
    assert again == fp
    assert len(lsh_keys(fp)) == 42 and lsh_keys(fp) == lsh_keys(again)
    with pytest.raises(InputError):
        Fingerprint.from_bytes(b"nonsense")


def test_truncated_rewrapped_copy_without_url_is_the_same_article():
    assert same_article(fingerprint(clip()), fingerprint(dump()))
    assert not same_article(fingerprint(clip()), fingerprint(art(OTHER)))


def test_syndicated_copy_on_another_site_is_same_story_not_same_article():
    copy = art(BODY, url="https://www.other-paper.com/wire/night-buses", title="Night buses expand")
    a, b = fingerprint(clip()), fingerprint(copy)
    assert not same_article(a, b)
    assert same_story(a, b)


def test_two_articles_of_one_site_sharing_a_template_stay_apart():
    furniture = ["Subscribe to our newsletter for the latest local news every morning in your inbox.",
                 "Follow us on social media and share your story tips with the newsroom."]
    one = art(BODY[:2] + furniture, url=URL, title="Night buses")
    two = art(OTHER[:2] + furniture, url=URL.replace("night-buses-expand", "orchid-found"), title="Orchid")
    assert len(group([one, two])) == 2


# --------------------------------------------------------------------------- grouping


def test_group_joins_a_url_less_dump_by_content_and_links_syndicated_copies():
    syndicated = art(BODY, url="https://www.other-paper.com/wire/night-buses", title="Night buses expand",
                     kind=CaptureKind.HTML, cid="synd")
    other = art(OTHER, url="https://www.example-news.com/2024/05/nature/orchid", kind=CaptureKind.HTML,
                cid="orchid")
    groups = group([clip(), dump(), syndicated, other])
    sets = [set(g.captures) for g in groups]
    assert len(groups) == 3 and {"orchid"} in sets
    # The dump matches both publications equally: it joins one of them and never bridges the two.
    assert {"clip", "dump"} in sets or {"synd", "dump"} in sets
    ours = next(g for g in groups if "clip" in g.captures)
    theirs = groups.index(next(g for g in groups if "synd" in g.captures))
    assert "synd" not in ours.captures and theirs in ours.same_story


def test_group_is_not_quadratic_in_candidates():
    import random

    from tearsheet.reconcile.grouping import candidate_pairs

    rng = random.Random(1)
    vocabulary = " ".join(BODY + OTHER).split()
    articles = [art([" ".join(rng.choices(vocabulary, k=60)) for _ in range(3)]) for _ in range(100)]
    fps = [fingerprint(a) for a in articles]
    assert len(candidate_pairs(fps)) < len(fps) * (len(fps) - 1) // 2


# --------------------------------------------------------------------------- reconciliation


def test_reconcile_takes_complete_blocks_and_drops_one_capture_boilerplate():
    result = reconcile([dump(), clip()])
    assert [b.text for b in result.blocks] == BODY  # caption dropped, split joined, cut-off completed
    assert not result.truncated
    assert result.title == "Night buses to run in four more districts"  # the clip's, not the dump's guess
    assert [a.name for a in result.authors] == ["Ann Reporter"]
    prov = result.provenance
    assert prov is not None and set(prov.captures) == {"clip", "dump"}
    assert len(prov.blocks) == len(result.blocks) and len(prov.links) == len(result.links)
    assert {s.how for s in prov.blocks[1]} >= {"joined"}


def test_placeholder_links_are_filled_from_the_dump_pages_by_order_when_counts_match():
    result = reconcile([dump(), clip()])
    links = {ln.text: ln.href for ln in result.links}
    assert links == {"shift workers": "https://example.org/2024/0415",
                     "transport office": "https://example.org/p?id=77"}
    hows = {s.how for sources in result.provenance.links for s in sources}
    assert "inferred-by-order" in hows


def test_a_slug_confirms_a_pair_even_when_counts_disagree():
    crowded = dump(urls=("https://example.org/shift-workers-survey", "https://example.org/x",
                         "https://example.org/y"))
    result = reconcile([crowded, clip()])
    link = next(ln for ln in result.links if ln.text == "shift workers")
    assert link.href == "https://example.org/shift-workers-survey"
    assert next(ln for ln in result.links if ln.text == "transport office").href is None


def test_no_link_is_placed_when_counts_disagree():
    crowded = dump(urls=("https://example.org/a", "https://example.org/b", "https://example.org/c"))
    result = reconcile([crowded, clip()])
    # page 1 lists 1 URL for its 1 link: placed; page 2 lists 2 URLs for 1 link: none placed
    assert next(ln for ln in result.links if ln.text == "shift workers").href == "https://example.org/a"
    assert next(ln for ln in result.links if ln.text == "transport office").href is None
    assert {ln.href for ln in result.unplaced_links} >= {"https://example.org/b", "https://example.org/c"}


def test_real_href_from_another_capture_fills_the_same_anchor():
    page = clip()
    blocks = list(page.blocks)
    start = BODY[0].index("shift workers")
    real = Link(text="shift workers", href="https://x.org/s", start=start)
    blocks[1] = Block(kind=P, text=BODY[0], links=(real,))
    html = Article(blocks=tuple(blocks[1:]), url=URL, kind=CaptureKind.HTML, capture_id="page")
    result = reconcile([clip(), html])
    link = next(ln for ln in result.links if ln.text == "shift workers")
    assert link.href == "https://x.org/s"


def test_conflicting_dates_are_reported_not_dropped():
    other_date = Article(**{**_fields(clip()), "published": datetime(2024, 5, 15), "capture_id": "page",
                            "kind": CaptureKind.HTML})
    result = reconcile([clip(), other_date])
    conflict = next(c for c in result.conflicts if c.field == "published")
    assert {v for v, _ in conflict.values} == {"2024-05-14", "2024-05-15"}


def test_reconcile_rejects_nothing():
    with pytest.raises(InputError):
        reconcile([])


def test_hand_built_articles_get_stable_ids():
    a, b = art(BODY), art(OTHER)
    assert reconcile([a, b]).provenance.captures == reconcile([b, a]).provenance.captures


def _fields(article: Article) -> dict[str, object]:
    return {name: getattr(article, name) for name in article.__dataclass_fields__}


def test_url_key_keeps_the_parameters_that_name_the_article():
    one = "http://entermedia.co.kr/news/news_view.html?idx=8576&page=1&bc=03"
    two = "http://entermedia.co.kr/news/news_view.html?idx=8723&page=1&bc="
    assert url_key(one) != url_key(two)
    assert url_key(one + "&utm_campaign=x&fbclid=abc") == url_key(one)


def test_boilerplate_a_page_and_its_full_page_print_share_stays_out():
    footer = "Follow our newsroom on social media and sign up for the morning newsletter today."
    menu = "Home News Sport Business Culture Opinion Weather Podcasts Newsletters Subscribe"
    page = art([*BODY, footer], kind=CaptureKind.HTML, cid="page", url=URL)
    full_print = art([menu, *BODY, footer, "Page 1 of 1"], kind=CaptureKind.PDF, cid="raw")
    clean_print = art(BODY, kind=CaptureKind.PDF, cid="print")
    result = reconcile([page, full_print, clean_print, dump()])
    assert [b.text for b in result.blocks] == BODY


def test_the_spine_keeps_its_pictures_in_place():
    picture = Block(kind=BlockKind.IMAGE, text="Buses at the depot", src="https://example-news.com/bus.jpg")
    page = Article(blocks=(Block(kind=P, text=BODY[0]), picture, *(Block(kind=P, text=t) for t in BODY[1:])),
                   url=URL, kind=CaptureKind.HTML, capture_id="page")
    result = reconcile([page, art(BODY, kind=CaptureKind.PDF, cid="print")])
    assert [b.kind for b in result.blocks][:3] == [P, BlockKind.IMAGE, P]
    assert result.blocks[1].src == picture.src
    assert len(result.provenance.blocks) == len(result.blocks)


def test_an_updated_copy_rewording_a_paragraph_is_another_version_never_a_mix():
    updated = list(BODY)
    updated[2] = updated[2].replace("nine votes to four", "ten votes to three").replace("most of", "all")
    first = art(BODY, kind=CaptureKind.HTML, cid="first", url=URL)
    second = art(updated, kind=CaptureKind.HTML, cid="second", url=URL)
    result = reconcile([first, second])
    assert [v.captures for v in result.versions] == [("first",), ("second",)]  # no times: by id
    assert [b.text for b in result.versions[0].blocks] == BODY
    assert [b.text for b in result.blocks] == updated
    assert not any(c.field.startswith("block") for c in result.conflicts)


def test_a_reworded_paragraph_between_copies_of_one_version_is_still_a_conflict():
    from tearsheet.reconcile.align import MergedBlock, Version, body_of
    from tearsheet.reconcile.reconciler import _wording_conflict

    body = body_of(0, (Block(kind=P, text=BODY[2]),), False)
    other = body_of(1, (Block(kind=P, text=BODY[2].replace("nine", "ten")),), False)
    block = MergedBlock(key=body.keyed[0].key, versions=[Version(0, body.blocks[0], body.keyed[0], 0, True)],
                        variants=[Version(1, other.blocks[0], other.keyed[0], 0, True)])
    conflict = _wording_conflict(3, BODY[2], block, ["a", "b"])
    assert conflict.field == "block 3" and {v for v, _ in conflict.values} == {BODY[2], other.blocks[0].text}


def test_a_template_canonical_url_does_not_merge_different_articles():
    home = "https://www.example-news.com/"
    one = art(BODY, url=URL.replace("night-buses-expand", "x"), kind=CaptureKind.HTML, cid="one")
    two = art(OTHER, url=URL.replace("night-buses-expand", "x"), kind=CaptureKind.HTML, cid="two")
    three = art(BODY, url=home, kind=CaptureKind.HTML, cid="three")
    four = art(OTHER, url=home, kind=CaptureKind.HTML, cid="four")
    assert len(group([one, two])) == 2
    assert {frozenset(g.captures) for g in group([three, four, one, two])} == {
        frozenset({"one", "three"}), frozenset({"two", "four"})}


def test_a_page_whose_links_may_have_run_on_from_the_page_before_takes_no_urls_by_order() -> None:
    # Page 2 has a link too many in its last paragraph, which runs onto page 3; page 3's
    # last paragraph runs onto page 4. Only carrying one link over each break fits every
    # page's URL count, so page 3's two links match its two URLs only by chance: abstain.
    from tearsheet.reconcile.links import MergedLink, place_unplaced

    layout = [(0, 2), (0, 2), (1, 2), (2, 3), (3, 3), (4, 4)]  # (block, page of its first line)
    links = [MergedLink(block, 0, 1, None, [], {1: page}) for block, page in layout]
    urls = [(2, "https://a.example/1"), (2, "https://a.example/2"), (3, "https://a.example/3"),
            (3, "https://a.example/4"), (4, "https://a.example/5"), (4, "https://a.example/6")]
    unplaced = [Link(text="", href=href, page=page) for page, href in urls]
    left = place_unplaced(links, 1, "dump", unplaced, ["x"] * len(links), {2: 1, 3: 3, 4: 4})
    assert [link.href for link in links[2:5]] == [None, None, None]
    assert {link.href for link in left} >= {"https://a.example/3", "https://a.example/4"}


def test_a_page_that_lists_one_url_for_two_links_or_more_takes_no_urls_by_order() -> None:
    from tearsheet.reconcile.links import MergedLink, place_unplaced

    # Three links on page 1 and three URLs: the counts match, but the repeated URL (listed
    # four times in a row) may be two, three or four links (a clip lost one): abstain.
    links = [MergedLink(0, n, n + 1, None, [], {1: 1}) for n in (0, 2, 4)]
    urls = ["https://a.example/1", "https://a.example/1", "https://a.example/2"]
    unplaced = [Link(text="", href=href, page=1) for href in urls]
    place_unplaced(links, 1, "dump", unplaced, ["x", "y", "z"], {1: 0})
    assert [link.href for link in links] == [None, None, None]
