"""Web-page metadata rules, one small hand-written page per rule."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from selectolax.lexbor import LexborHTMLParser

from tearsheet.models import Author
from tearsheet.readers.html.metadata.dates import parse_machine, parse_printed, url_date
from tearsheet.readers.html.metadata.language import guess_language
from tearsheet.readers.html.metadata.names import people
from tearsheet.readers.html.metadata.reader import PageMetadata, read_metadata


def meta_of(head: str = "", body: str = "", url: str | None = "https://example.com/news/story",
            lang: str = "en") -> PageMetadata:
    html = f'<!doctype html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>'
    return read_metadata(LexborHTMLParser(html), url)


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# --- JSON-LD -----------------------------------------------------------------------------

def test_json_ld_graph_resolves_author_reference() -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "@id": "https://example.com/#site", "name": "Example Times"},
        {"@type": "NewsArticle", "headline": "Council approves budget",
         "author": {"@id": "https://example.com/#/person/1"},
         "datePublished": "2021-03-04T10:00:00+01:00", "dateModified": "2021-03-05T09:00:00+01:00"},
        {"@type": "Person", "@id": "https://example.com/#/person/1", "name": "Ana Lopes",
         "url": "https://example.com/authors/ana-lopes"},
    ]}
    meta = meta_of(ld(graph))
    assert meta.title == "Council approves budget"
    assert meta.authors == (Author(name="Ana Lopes", url="https://example.com/authors/ana-lopes"),)
    assert meta.published == datetime(2021, 3, 4, 10, tzinfo=timezone(timedelta(hours=1)))
    assert meta.modified == datetime(2021, 3, 5, 9, tzinfo=timezone(timedelta(hours=1)))
    assert meta.site_name == "Example Times"


def test_json_ld_top_level_array_and_author_list() -> None:
    data = [
        {"@type": "Organization", "name": "Example Media"},
        {"@type": ["NewsArticle", "Article"], "headline": "Two reporters",
         "author": [{"@type": "Person", "name": "Kevin Johnson"}, {"@type": "Person", "name": "Kevin McCoy"},
                    {"@type": "Organization", "name": "USA TODAY"}]},
    ]
    meta = meta_of(ld(data))
    assert [a.name for a in meta.authors] == ["Kevin Johnson", "Kevin McCoy"]


def test_json_ld_item_list_articles_are_other_pages() -> None:
    carousel = {"@type": "ItemList", "itemListElement": [
        {"@type": "ListItem", "item": {"@type": "NewsArticle", "headline": "Other story",
                                       "datePublished": "2018-01-01T00:00:00Z"}}]}
    own = {"@type": "NewsArticle", "headline": "This story", "datePublished": "2019-11-19T08:00:00Z"}
    meta = meta_of(ld(carousel) + ld(own))
    assert meta.title == "This story"
    assert meta.published == datetime(2019, 11, 19, 8, tzinfo=UTC)


def test_json_ld_organization_author_is_no_person() -> None:
    data = {"@type": "NewsArticle", "headline": "Rescue video",
            "author": {"@type": "Organization", "name": "CBS News"}}
    assert meta_of(ld(data)).authors == ()


def test_broken_json_ld_is_skipped() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    meta = meta_of(head + '<meta property="og:title" content="Still here">')
    assert meta.title == "Still here"


def test_placeholder_dates_are_ignored() -> None:
    data = {"@type": "NewsArticle", "headline": "X", "datePublished": "0001-01-01T00:00:00Z"}
    meta = meta_of(ld(data) + '<meta property="article:published_time" content="2019-11-19T08:00:00Z">')
    assert meta.published == datetime(2019, 11, 19, 8, tzinfo=UTC)


# --- authors ----------------------------------------------------------------------------

@pytest.mark.parametrize(("byline", "names"), [
    ("By Meg James, Staff Writer", ["Meg James"]),
    ("Jill Disis, CNN Business", ["Jill Disis"]),
    ("Greg Beacham, AP Sports Writer", ["Greg Beacham"]),
    ("Kevin Johnson and Kevin McCoy", ["Kevin Johnson", "Kevin McCoy"]),
    ("Anna Smith & Bo Lee; Carl Uno", ["Anna Smith", "Bo Lee", "Carl Uno"]),
    ("Reuters", []),
    ("Associated Press", []),
    ("Staff", []),
    ("5 Min Read", []),
    ("November 19, 2019", []),
    ("@BryanDeArdo", []),
    ("jane@example.com", []),
    ("https://example.com/people/jane", []),
    ("Editorial", []),
    ("Detroit News wire services", []),
    ("Rachael Link, MS, RD", ["Rachael Link"]),
    ("Victor Tangermann, Futurism", ["Victor Tangermann"]),
    ("Jeff Foust, Monday", ["Jeff Foust"]),
    ("Byron Smith", ["Byron Smith"]),
    ("Smith, John", ["John Smith"]),
    ("By John Smith Updated 5:00 PM EST", ["John Smith"]),
    ("Kevin Johnson 5 Min Read", ["Kevin Johnson"]),
    ("Maren Estrada November 19th, 2019 at 8:40 AM", ["Maren Estrada"]),
    ("April Ryan", ["April Ryan"]),
    ("PTI", []),
    ("Vortex", ["Vortex"]),
    ("Текст: Лида Буслаева", ["Лида Буслаева"]),
])
def test_byline_to_people(byline: str, names: list[str]) -> None:
    assert people(byline, frozenset({"cnn", "example"})) == names


def test_site_name_is_no_author() -> None:
    head = ('<meta property="og:site_name" content="Business Insider">'
            '<meta name="author" content="Business Insider">')
    assert meta_of(head).authors == ()


def test_meta_author_with_desk_and_split() -> None:
    meta = meta_of('<meta name="author" content="Jill Disis and Ben Westcott, CNN Business">'
                   '<meta property="og:site_name" content="CNN">')
    assert [a.name for a in meta.authors] == ["Jill Disis", "Ben Westcott"]


def test_visible_byline_with_profile_link_and_role() -> None:
    body = ('<div class="byline">By <a href="/people/meg-james">Meg James</a> '
            '<span>Staff Writer</span><span>Nov. 19, 2019</span></div>')
    meta = meta_of(body=body, url="https://www.example.com/business/story/2019-11-19/x")
    assert meta.authors == (Author(name="Meg James", url="https://www.example.com/people/meg-james"),)


def test_byline_stops_at_the_first_line_that_is_no_name() -> None:
    body = ('<div class="post-byline"><a rel="author" href="/author/carlos/">Carlos Nadalim</a>'
            '<span>27/09/2018</span><span>Comente!</span><a href="/cat/a">Alfabetização</a></div>')
    assert [a.name for a in meta_of(body=body).authors] == ["Carlos Nadalim"]


def test_printed_byline_adds_co_authors_the_metadata_left_out() -> None:
    head = ld({"@type": "NewsArticle", "headline": "X",
               "author": {"@type": "Person", "name": "Stefan Becket"}})
    body = '<p class="content__meta-byline">By Stefan Becket, Kathryn Watson, Grace Segers</p>'
    names = [a.name for a in meta_of(head, body).authors]
    assert names == ["Stefan Becket", "Kathryn Watson", "Grace Segers"]


# Snippets of WCXB development pages (tuning half), cut to the tags that matter.
@pytest.mark.parametrize("byline", [
    '<div class="author-box"><a href="/u/mc" rel="author">Matt Check</a><p>Head Winemaker</p></div>',
    '<div class="byline"><span class="author">Steve Kamb</span><span>Reviewed By</span>'
    '<span>Mike Rebold</span></div>',
])
def test_the_line_under_a_name_is_its_role(byline: str) -> None:
    assert len(meta_of(body=byline).authors) == 1


def test_names_on_separate_lines_joined_by_and_are_co_authors() -> None:
    body = ('<div class="byline">By <a rel="author" href="/a/ann-lee">Ann Lee</a> and '
            '<a rel="author">Bo Mark</a></div>')
    assert [a.name for a in meta_of(body=body).authors] == ["Ann Lee", "Bo Mark"]


def test_owner_typed_person_and_organization_is_a_person() -> None:
    owner = {"@type": ["Person", "Organization"], "@id": "#owner", "name": "Sarah Rudell Beach"}
    article = {"@type": "Article", "author": {"name": "Sarah Rudell Beach", "@id": "#owner"},
               "publisher": {"@id": "#owner"}}
    head = ld({"@context": "https://schema.org", "@graph": [article, owner]})
    authors = meta_of(head, url="https://leftbrainbuddha.com/x").authors
    assert [a.name for a in authors] == ["Sarah Rudell Beach"]


def test_personal_site_owner_is_the_author() -> None:
    head = ('<meta name="author" content="Cory Dransfeldt">'
            '<meta property="og:site_name" content="Cory Dransfeldt">')
    assert [a.name for a in meta_of(head, url="https://www.coryd.dev/posts/x").authors] == ["Cory Dransfeldt"]


def test_news_site_name_in_the_author_field_is_no_person() -> None:
    publisher = {"@type": "NewsMediaOrganization", "name": "Harbour Post"}
    head = ('<meta name="author" content="Harbour Post"><meta property="og:site_name" content="Harbour Post">'
            + ld({"@type": "NewsArticle", "publisher": publisher}))
    assert meta_of(head, url="https://harbourpost.com/x").authors == ()


def test_link_to_the_author_page_is_a_byline() -> None:
    body = ('<div class="css-1"><span><a href="/authors/trevor-jackins">Trevor Jackins</a></span></div>'
            '<p>Text</p><div class="related"><a href="/authors/ann-lee">Ann Lee</a></div>')
    assert [a.name for a in meta_of(body=body).authors] == ["Trevor Jackins"]


@pytest.mark.parametrize("body", [
    '<li><strong>Contact:</strong> <a href="/authors/staff-directory/ron-sands">Ron Sands</a></li>',
    '<p><a href="/authors/all-posts">All Posts</a></p>',
])
def test_other_links_to_author_pages_are_no_byline(body: str) -> None:
    assert meta_of(body=body).authors == ()


def test_twitter_card_written_by_label_names_the_author() -> None:
    head = ('<meta name="twitter:label1" content="Written by">'
            '<meta name="twitter:data1" content="Nawaz Dhandala">'
            '<meta name="twitter:label2" content="Est. reading time">'
            '<meta name="twitter:data2" content="9 minutes">')
    assert [a.name for a in meta_of(head).authors] == ["Nawaz Dhandala"]


def test_written_by_line_under_the_article() -> None:
    body = ('<article><p>Text of the article.</p><p class="font-Geist">Written by '
            '<a href="https://pt.w3d.community/paulogio">Paulinho Giovannini</a>, edited by Ann Lee</p>'
            '</article>')
    assert [a.name for a in meta_of(body=body).authors] == ["Paulinho Giovannini"]


def test_author_box_with_a_bio() -> None:
    bio = "Lauren Vetter is a growth-focused marketing professional in healthcare technology. " * 3
    body = f'<div class="blog_author-box"><div>Lauren Vetter</div><p>{bio}</p></div>'
    assert [a.name for a in meta_of(body=body).authors] == ["Lauren Vetter"]


def test_author_description_is_no_name() -> None:
    body = ('<p class="gb-headline">Asser Christensen</p>'
            '<div class="dynamic-author-description">Licensed Q Arabica Grader, M.A. Journalism</div>')
    assert meta_of(body=body).authors == ()


def test_typed_person_in_lower_case_is_a_person() -> None:
    head = ld({"@type": "Article", "author": {"@type": "Person", "name": "kirstin boatto"}})
    assert [a.name for a in meta_of(head).authors] == ["kirstin boatto"]


def test_site_named_for_its_owner() -> None:
    head = '<meta property="og:site_name" content="Colin Watson&#39;s blog">'
    assert [a.name for a in meta_of(head).authors] == ["Colin Watson"]


def test_bare_domain_is_no_profile() -> None:
    body = '<a rel="author" href="https://twitter.com/">Dallas Robinson</a>'
    assert meta_of(body=body).authors == (Author(name="Dallas Robinson", url=None),)


def test_authors_are_deduplicated_and_capitals_fixed() -> None:
    head = '<meta name="author" content="GREG BEACHAM, Greg Beacham">'
    assert [a.name for a in meta_of(head).authors] == ["Greg Beacham"]


# --- title ------------------------------------------------------------------------------

@pytest.mark.parametrize(("head", "body", "title"), [
    ('<title>Bike book review | MoreBikes</title><meta property="og:site_name" content="MoreBikes">', "",
     "Bike book review"),
    ("<title>Opinion | Republicans Are Following Trump - The New York Times</title>",
     "<h1>Republicans Are Following Trump</h1>", "Republicans Are Following Trump"),
    ('<title>Example Daily - Storm hits the coast</title>'
     '<meta property="og:site_name" content="Example Daily">',
     "", "Storm hits the coast"),
    ("<title>Alibaba to raise $12.9bn : CityAM</title>", "", "Alibaba to raise $12.9bn"),
    ('<meta property="og:title" content="Opinion | Why cities matter">', "", "Why cities matter"),
    ("<title>Hong Kong on the brink | Editorial | Opinion | The Daily Bugle</title>"
     '<meta property="og:site_name" content="The Daily Bugle">', "", "Hong Kong on the brink"),
    ('<meta property="og:title" content="Short social title"><title>The Real Headline, Says Report</title>',
     "<h1>The Real Headline, Says Report</h1>", "The Real Headline, Says Report"),
    ("<title>Q&amp;A: what - really - happened</title>", "", "Q&A: what - really - happened"),
    ('<title>Take C.A.R.E. - comwrap at DMEXCO</title><meta property="og:site_name" content="comwrap">',
     "<h1>Take C.A.R.E. - comwrap at DMEXCO</h1>", "Take C.A.R.E. - comwrap at DMEXCO"),
])
def test_title_without_site_name(head: str, body: str, title: str) -> None:
    assert meta_of(head, body, url="https://www.cityam.com/a").title == title


def test_breadcrumb_segments_go_when_another_source_states_the_bare_headline() -> None:
    # "Harbour Post Bay" is a regional edition no site-name rule knows; the twitter card
    # states the headline alone, and the <title> and name="title" only add segments to it.
    seo = "Council votes to close the old pier » Local » News » Harbour Post Bay"
    head = (f'<meta name="twitter:title" content="Council votes to close the old pier">'
            f'<meta name="title" content="{seo}"><title>{seo}</title>')
    meta = meta_of(head, "<h1>Council votes to close the old pier <a href='/'>Harbour Post Bay</a></h1>",
                   url="https://harbourpost.example/bay/1.html")
    assert meta.title == "Council votes to close the old pier"


@pytest.mark.parametrize("head", [
    '<meta name="twitter:title" content="Brexit">'
    '<meta property="og:title" content="Brexit: what happens next">',
    # A social card that leaves the subtitle out does not cut the headline down.
    '<meta name="twitter:title" content="Minister resigns after vote">'
    '<meta property="og:title" content="Minister resigns after vote — what happens next">'
    "<title>Minister resigns after vote — what happens next</title>",
])
def test_a_shorter_candidate_does_not_cut_a_title_down(head: str) -> None:
    assert meta_of(head).title is not None and meta_of(head).title.endswith("what happens next")


# Snippets of WCXB development pages (tuning half): the page's own markup, cut to the tags.
def test_printed_headline_beats_a_seo_meta_title() -> None:
    seo = "Average Cost of Online College [2025]: Yearly Tuition + Fees"
    head = f'<title>{seo}</title><meta property="og:title" content="{seo}">'
    meta = meta_of(head, "<h1>Average Cost of Online College</h1>", url="https://educationdata.org/average-cost")
    assert meta.title == "Average Cost of Online College"


def test_h1_with_a_section_label_loses_the_label() -> None:
    text = "How meditation rewires brains and improves physical health | Opinion"
    meta = meta_of(f'<meta property="og:title" content="{text}">', f"<h1>{text}</h1>")
    assert meta.title == "How meditation rewires brains and improves physical health"


def test_site_name_h1_learned_from_the_title_tag_loses() -> None:
    head = ("<title>RogerBW's Blog: Advent of Code 2025 week 2</title>"
            '<meta property="og:title" content="Advent of Code 2025 week 2">')
    meta = meta_of(head, "<h1>RogerBW's Blog</h1><h1>Day 7</h1>", url="https://blog.firedrake.org/archive/x.html")
    assert meta.title == "Advent of Code 2025 week 2"


def test_logo_h1_is_not_wrapped_by_a_longer_title() -> None:
    head = "<title>Reflections on a UI Pipeline in JUCE Applications - Part 1 | Playful Tones</title>"
    meta = meta_of(head, "<h1>Playful Tones</h1>", url="https://playfultones.com/blog/x")
    assert meta.title == "Reflections on a UI Pipeline in JUCE Applications - Part 1"


def test_date_inside_the_h1_is_no_part_of_the_title() -> None:
    head = ("<title>Preparing a transition in Debusine | Colin Watson's blog</title>"
            '<meta property="og:title" content="Preparing a transition in Debusine">')
    meta = meta_of(head, "<h1><time>Dec 18 2025</time> Preparing a transition in Debusine</h1>")
    assert meta.title == "Preparing a transition in Debusine"


def test_script_inside_the_h1_is_no_part_of_its_text() -> None:
    head = "<title>A &lt;b&gt; headline that names markup</title>"
    body = '<h1>A <b>headline</b> <script>document.title="x"</script>that names markup</h1>'
    assert meta_of(head, body).title == "A headline that names markup"


def test_logo_h1_loses_to_the_page_title() -> None:
    meta = meta_of("<title>Storm hits the coast - Entermedia</title>", "<h1>엔터 미디어</h1>",
                   url="http://entermedia.co.kr/news/1")
    assert meta.title == "Storm hits the coast"


def test_every_page_gets_a_title_when_it_states_one() -> None:
    assert meta_of(body="<h1>Only a heading</h1>").title == "Only a heading"
    assert meta_of(body="<h2></h2><h2>A subheading at least</h2><p>Text</p>").title == "A subheading at least"


# --- dates ------------------------------------------------------------------------------

def test_zone_kept_when_given_and_naive_otherwise() -> None:
    aware = meta_of('<meta property="article:published_time" content="2019-11-20T13:38:07+05:30">')
    india = timezone(timedelta(hours=5, minutes=30))
    assert aware.published == datetime(2019, 11, 20, 13, 38, 7, tzinfo=india)
    naive = meta_of('<meta name="pubdate" content="2019-11-19 02:24:00">')
    assert naive.published == datetime(2019, 11, 19, 2, 24)
    assert naive.published is not None and naive.published.tzinfo is None


def test_utc_value_shown_in_the_local_zone_of_the_displayed_time() -> None:
    head = '<meta property="article:published_time" content="2019-11-20T02:59:46+00:00">'
    body = '<time datetime="2019-11-19 20:59:46">November 19, 2019 at 8:59 pm</time>'
    published = meta_of(head, body).published
    assert published == datetime(2019, 11, 20, 2, 59, 46, tzinfo=UTC)  # the same instant …
    assert published is not None and published.date() == date(2019, 11, 19)  # … on the local calendar
    assert published.utcoffset() == timedelta(hours=-6)


def test_naive_value_gets_the_zone_of_an_equal_rendering() -> None:
    head = ('<meta name="datePublished" content="2019-11-19 02:24:00">'
            '<meta name="dateModified" content="2019-11-19 02:33:49">')
    body = '<time datetime="2019-11-19 02:24:00 UTC">Nov 18, 2019 at 9:24 pm ET</time>'
    meta = meta_of(head, body)
    assert meta.published == datetime(2019, 11, 19, 2, 24, tzinfo=UTC)
    assert meta.modified == datetime(2019, 11, 19, 2, 33, 49, tzinfo=UTC)  # its naive sibling, same zone


def test_url_date_of_the_previous_day_picks_the_printed_local_time() -> None:
    head = ld({"@type": "NewsArticle", "headline": "X", "datePublished": "2019-11-20T01:50:59Z"})
    body = '<div class="ArticlePage-datePublished"><div>Nov. 19, 2019</div><div>5:50 PM</div></div>'
    published = meta_of(head, body, url="https://www.example.com/story/2019-11-19/x").published
    assert published is not None and published.date() == date(2019, 11, 19)
    assert published == datetime(2019, 11, 20, 1, 50, 59, tzinfo=UTC)


def test_url_calendar_date_confirms_the_zone_the_page_states_elsewhere() -> None:
    head = ('<meta property="og:updated_time" content="2019-11-18T22:15:39-05:00">' +
            ld({"@type": "NewsArticle", "headline": "X",
                "datePublished": "Tue Nov 19 2019 03:05:46 GMT+0000"}))
    published = meta_of(head, url="https://www.example.com/sites/x/2019/11/18/story/").published
    assert published == datetime(2019, 11, 18, 22, 5, 46, tzinfo=timezone(timedelta(hours=-5)))


def test_wrong_date_in_url_is_ignored() -> None:
    head = '<meta property="article:published_time" content="2019-11-19T08:00:00Z">'
    meta = meta_of(head, url="https://example.com/2015/01/01/recycled-slug")
    assert meta.published == datetime(2019, 11, 19, 8, tzinfo=UTC)


def test_url_date_is_the_last_resort() -> None:
    meta = meta_of(url="https://example.com/2018/10/05/story")
    assert meta.published == datetime(2018, 10, 5)


def test_modified_is_not_taken_for_published() -> None:
    head = ('<meta property="article:modified_time" content="2020-01-02T00:00:00Z">'
            '<meta property="article:published_time" content="2019-12-31T00:00:00Z">')
    meta = meta_of(head)
    assert meta.published == datetime(2019, 12, 31, tzinfo=UTC)
    assert meta.modified == datetime(2020, 1, 2, tzinfo=UTC)


def test_updated_time_element_is_skipped_for_publication() -> None:
    body = ('<time class="updated" datetime="2020-05-05T10:00:00Z">Updated May 5</time>'
            '<time class="published" datetime="2020-05-01T10:00:00Z">May 1</time>')
    assert meta_of(body=body).published == datetime(2020, 5, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize(("lang", "expected"), [("pt-BR", date(2018, 10, 5)), ("en-US", date(2018, 5, 10))])
def test_numeric_dateline_read_in_the_page_language(lang: str, expected: date) -> None:
    meta = meta_of(body='<span class="post-date">05/10/2018 - Publicado por: Cl</span>', lang=lang)
    assert meta.published is not None and meta.published.date() == expected


def test_printed_dateline_next_to_the_byline() -> None:
    body = ('<p class="statement__meta">McKinley on Sunday, October 13th, 2019</p>'
            '<p class="article__meta">By Matthew Digby on Monday, November 18th, 2019 at 11:08 a.m.</p>')
    assert meta_of(body=body).published == datetime(2019, 11, 18, 11, 8)


def test_dateline_named_for_publication_outranks_a_masthead_date() -> None:
    # A masthead's "today" comes first on the page; the element named for publication wins,
    # and an update line (in any script) is no publication date.
    body = ('<div class="header_date">2018年6月20日（水）</div>'
            '<dd class="story-publish">2018/6/19 5:50</dd>'
            '<span class="story-update">6/20 0:00 更新</span>')
    assert meta_of(body=body, lang="ja").published == datetime(2018, 6, 19, 5, 50)


@pytest.mark.parametrize(("text", "expected"), [
    ("Published 11:11 PM EST Nov 19, 2019",
     datetime(2019, 11, 19, 23, 11, tzinfo=timezone(timedelta(hours=-5)))),
    ("27/09/2018", datetime(2018, 9, 27)),
    ("19.11.2019, 08:57", datetime(2019, 11, 19, 8, 57)),
    ("기사입력 :[ 2018-09-28 17:32 ]", datetime(2018, 9, 28, 17, 32)),
    ("2018年8月16日", datetime(2018, 8, 16)),
    ("no date here", None),
])
def test_printed_dates(text: str, expected: datetime | None) -> None:
    assert parse_printed(text) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("2019-11-19T21:57:01+0000", datetime(2019, 11, 19, 21, 57, 1, tzinfo=UTC)),
    ("Wed Nov 20 2019 09:28:00 GMT+0000 (UTC)", datetime(2019, 11, 20, 9, 28, tzinfo=UTC)),
    ("Tue Nov 19 21:57:01 UTC 2019", datetime(2019, 11, 19, 21, 57, 1, tzinfo=UTC)),
    ("20191119", datetime(2019, 11, 19)),
    ("2999-01-01", None),
    ("soon", None),
])
def test_machine_dates(value: str, expected: datetime | None) -> None:
    assert parse_machine(value) == expected


def test_url_dates() -> None:
    assert url_date("https://x.com/2019/11/19/slug") == date(2019, 11, 19)
    assert url_date("https://x.com/story/2019-11-19/slug") == date(2019, 11, 19)
    assert url_date("https://x.com/news/key-moments-2019-11-19/") == date(2019, 11, 19)
    assert url_date("https://x.com/p/12345678") is None
    assert url_date("https://x.com/a?d=2019/11/19/") is None


# --- other fields -----------------------------------------------------------------------

def test_site_canonical_language_section_tags_image_subtitle() -> None:
    head = ('<base href="https://cdn.example.com/"><link rel="canonical" href="/news/story-1">'
            '<meta property="og:site_name" content="Example News">'
            '<meta property="og:description" content="A short dek.">'
            '<meta property="article:section" content="Politics">'
            '<meta property="article:tag" content="Budget"><meta property="article:tag" content="City">'
            '<meta property="og:image" content="img/lead.jpg">'
            '<meta property="og:image:alt" content="The hall">')
    meta = meta_of(head, lang="pt-BR", url="https://example.com/news/story-1?utm=x")
    assert meta.site_name == "Example News"
    assert meta.url == "https://cdn.example.com/news/story-1"
    assert meta.language == "pt"
    assert meta.section == "Politics"
    assert meta.tags == ("Budget", "City")
    assert meta.image is not None and meta.image.src == "https://cdn.example.com/img/lead.jpg"
    assert meta.image.caption == "The hall"
    assert meta.subtitle == "A short dek."


def test_site_name_from_the_title_tail_when_no_tag_names_it() -> None:
    meta = meta_of("<title>Opinion | Trump to Nowhere - The New York Times</title>",
                   "<h1>Trump to Nowhere</h1>")
    assert meta.title == "Trump to Nowhere"
    assert meta.site_name == "The New York Times"


def test_language_from_json_ld_when_html_has_none() -> None:
    html = '<html><head>' + ld({"@type": "WebPage", "inLanguage": "ja"}) + "</head><body></body></html>"
    assert read_metadata(LexborHTMLParser(html), None).language == "ja"


def test_tree_is_not_modified() -> None:
    html = ('<html><head><title>A - Site</title>' + ld({"@type": "NewsArticle", "headline": "A"}) +
            '</head><body><div class="byline">By Jo Bloggs</div><time datetime="2020-01-01">x</time>'
            "<h1>A</h1><p>Body</p></body></html>")
    tree = LexborHTMLParser(html)
    before = tree.html
    read_metadata(tree, "https://example.com/a")
    assert tree.html == before


def test_malformed_urls_are_no_links() -> None:
    head = ('<link rel="canonical" href="http://[::1"><meta name="author" content="Jo Bloggs">'
            '<meta property="article:author" content="http://[::1/jo-bloggs">')
    meta = read_metadata(LexborHTMLParser(head + '<a rel="author" href="http://[::1/x">Jo Bloggs</a>'), None)
    assert meta.authors == (Author(name="Jo Bloggs", url=None),)
    assert meta.url is None


def test_empty_page() -> None:
    meta = read_metadata(LexborHTMLParser(""), None)
    assert meta.title is None and meta.authors == () and meta.published is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Investors don't seem to know what to make of the US-China trade war", "en"),
    ("Uma palinha das brincadeiras musicais do grupo para as crianças", "pt"),
    ("악녀의 덫에 걸린 이유리, 의외로 막장극 어울리는 남상미", "ko"),
    ("Kindle for PCをCtrl＋Alt＋Kのショートカットキーで立ち上がらなくする方法", "ja"),
    ("Модель рассказала, что больше всего боится стареть и не только", "ru"),
    ("Nadal", None),
    ("", None),
])
def test_language_guess(text: str, expected: str | None) -> None:
    assert guess_language(text) == expected


def test_undetermined_language_code_is_no_language() -> None:
    assert meta_of("<title>The trade war and the markets</title>", lang="und").language == "en"


def test_stated_language_wins_over_the_guess() -> None:
    html = ("<html><head><title>The trade war and the markets</title></head><body></body></html>")
    assert read_metadata(LexborHTMLParser(html), None).language == "en"
    assert meta_of("<title>The trade war and the markets</title>", lang="de").language == "de"
