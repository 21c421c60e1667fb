"""Find the article body in a parsed page: the container its paragraphs vote for.

Stages (thresholds in ``rules``):

1. drop what is never text (scripts, styles, media, navigation), and comment threads,
   footers and asides unless they hold most of the page's text;
2. every paragraph-like text unit with few links votes for its parent, grandparent
   and great-grandparent (readability's scheme: more and longer paragraphs, more
   commas → more points; a <div>'s own <br>-separated text votes for the <div>); a
   container's votes are weighted by what its class/id says and by its own link
   density, and the best one wins;
3. the winner widens to an ancestor (up to a few levels) when the ancestor's other
   children add real paragraph text outside furniture (articles split into several
   wrappers around ads), and picks up sibling blocks that read like the article (a
   lead paragraph kept outside).

Works on plain documents too (no classes or ids at all, as the PDF reader writes):
the vote needs nothing but paragraphs.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from tearsheet.readers.html import rules as rules

_NOT_WORD_OR_SPACE = re.compile(r"[^\w\s]|_")  # what ``text_key`` drops
_DROP_SELECTOR = ", ".join(rules.DROP_TAGS)


@dataclass(frozen=True, slots=True, kw_only=True)
class Body:
    """The article's container(s), in document order, and the text share guard."""

    nodes: tuple[LexborNode, ...]
    text_chars: int  # paragraph text inside ``nodes``: the yardstick for skipping furniture
    mass: dict[LexborNode, int]  # voted paragraph text held by each element (its subtree)
    rival: Rival  # the strongest other opinion of the vote (for ``confidence``)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rival:
    """The best-voted container outside the body, and where the page's headline sits."""

    score: float  # its raw vote / the best raw vote inside or around the body (0: none)
    chars: int  # its paragraph text
    headline_levels: int  # levels from the body up to an ancestor holding the first <h1> (-1: no <h1>)
    node: LexborNode | None = field(default=None, compare=False)  # the rival container
    headline: LexborNode | None = field(default=None, compare=False)  # the page's first <h1>

    def seen_from(self, body: LexborNode) -> Rival:
        """The same rival judged against another body: none when it lies inside that body."""
        inside = self.node is not None and within(self.node, body)
        return Rival(score=0.0 if inside else self.score, chars=0 if inside else self.chars,
                     headline_levels=_levels_to(body, self.headline) if self.headline is not None else -1,
                     node=None if inside else self.node, headline=self.headline)


def clean(tree: LexborHTMLParser) -> int:
    """Remove what is never article text (in place; metadata has been read already); return
    the visible characters of the page's text before furniture goes (``confidence`` weighs the
    body against it).

    Comment threads, footers and asides go before the vote too: a busy thread or a
    long site footer can out-vote a short story. Each is kept if it holds most of
    the page's text (a site that wraps the whole story in one of them).
    """
    # One selector pass, each match detached: the tree ``strip_tags`` leaves (a match inside
    # a detached one goes with it), without one walk of the whole document per tag.
    for node in tree.css(_DROP_SELECTOR):
        node.decompose(recursive=False)
    root = tree.body
    if root is None:
        return 0
    _drop_footnote_marks(root)
    text = root.text()
    page_chars = len(text)
    doomed: list[LexborNode] = []
    for node in root.css(rules.COMMENTS_SELECTOR):
        if node.tag not in ("body", "main", "article") and rules.COMMENTS_CLASS.search(class_of(node)):
            doomed.append(node)
    doomed.extend(root.css(rules.PRE_VOTE_FURNITURE_SELECTOR))
    marked = set(doomed)
    for node in doomed:
        if has_ancestor_in(node, marked):
            continue
        if len(node.text()) < rules.PRE_VOTE_MAX_SHARE * page_chars:
            node.decompose()
    return _visible_chars(text)


def _drop_footnote_marks(root: LexborNode) -> None:
    """Footnote reference markers are no words of the sentence they sit in (see rules)."""
    marks: set[LexborNode] = set()  # a <sup> and its <a> both match: each mark once
    for node in root.css(rules.FOOTNOTE_REF_SELECTOR):
        parent = node.parent
        mark = parent if node.tag == "a" and parent is not None and parent.tag == "sup" else node
        if rules.FOOTNOTE_MARK.fullmatch(mark.text(deep=True).strip()):
            marks.add(mark)
    for mark in marks:
        mark.decompose()


def has_ancestor_in(node: LexborNode, marked: set[LexborNode]) -> bool:
    """Is one of ``node``'s ancestors (not itself) in ``marked``?"""
    parent = node.parent
    while parent is not None:
        if parent in marked:
            return True
        parent = parent.parent
    return False


def find_body(tree: LexborHTMLParser, title: str | None = None) -> Body | None:
    """The container(s) of the article body, or None when no paragraph votes at all.

    ``title`` (the page's headline, from metadata) settles pages that hold several
    stories, each under its own <h1>: the one under the page's headline wins.
    """
    root = tree.body or tree.root
    if root is None:
        return None
    links = _LinkChars()
    units = _text_units(root, rules.UNIT_MAX_LINK_DENSITY, links)
    if not units:  # every paragraph is link-heavy (a roundup of links): let them all vote
        units = _text_units(root, 1.0, links)
    if not units:
        return None
    scores: dict[LexborNode, float] = {}
    mass: dict[LexborNode, int] = {}
    kids: dict[LexborNode, set[LexborNode]] = {}  # element → its children that hold mass
    for node, chars, points, own in units:
        _vote(node, chars, points, scores, mass, own=own)
        _weigh(node, chars, mass, kids)
    # Class weights and link density can reorder only the front-runners: score those fully.
    leaders = sorted(scores, key=scores.__getitem__, reverse=True)[:rules.FINALISTS]
    titled = _titled_story(root, title, mass)
    best = _best_leader(leaders, scores, mass, titled, links)
    best = _climb(best, mass, kids, links)
    wider = _reach(best, mass, kids, links)
    if wider is not best:
        best = _climb(wider, mass, kids, links)
    nodes = _with_siblings(best, scores, mass, links)
    return Body(nodes=nodes, text_chars=sum(mass.get(n, 0) for n in nodes), mass=mass,
                rival=_rival(root, nodes, leaders, scores, mass))


def _rival(root: LexborNode, nodes: tuple[LexborNode, ...], leaders: list[LexborNode],
           scores: dict[LexborNode, float], mass: dict[LexborNode, int]) -> Rival:
    """How strong the best leader unrelated to the body is, and how far the headline is."""
    related, rival = 0.0, None
    for leader in leaders:  # best raw vote first
        if any(within(leader, n) or within(n, leader) for n in nodes):
            related = max(related, scores[leader])
        elif rival is None:
            rival = leader
    headline = root.css_first("h1")
    return Rival(score=scores[rival] / related if rival is not None and related else 0.0,
                 chars=mass.get(rival, 0) if rival is not None else 0,
                 headline_levels=_levels_to(nodes[0], headline) if headline is not None else -1,
                 node=rival, headline=headline)


def _levels_to(node: LexborNode, other: LexborNode) -> int:
    """Steps up from ``node`` to the nearest ancestor (or itself) that holds ``other``."""
    above = set()
    current: LexborNode | None = other
    while current is not None:
        above.add(current.mem_id)
        current = current.parent
    levels, current = 0, node
    while current is not None and current.mem_id not in above:
        levels, current = levels + 1, current.parent
    return levels


def _best_leader(leaders: list[LexborNode], scores: dict[LexborNode, float], mass: dict[LexborNode, int],
                 titled: LexborNode | None, links: _LinkChars) -> LexborNode:
    """The leader with the best final score, the first of equals (as ``max`` picks).

    The final weighing (class, teasers, link density) adds at most the content and
    <article> bonuses to a vote and otherwise only scales it down, so a leader whose
    vote plus those bonuses falls short of the best score so far is never weighed:
    that spares serialising the text and links of most big wrappers.
    """
    if not leaders:
        raise ValueError("max() arg is an empty sequence")  # as the plain ``max`` over leaders did
    best, best_score = leaders[0], -math.inf
    for node in leaders:
        bonus = rules.CLASS_WEIGHT if titled is not None and within(node, titled) else 0.0
        ceiling = max(0.0, scores[node] + rules.CLASS_WEIGHT + rules.CLASS_WEIGHT / 5) + bonus
        if ceiling < best_score:
            continue
        score = _final_score(node, scores[node], mass.get(node, 0), links) + bonus
        if score > best_score:
            best, best_score = node, score
    return best


def _titled_story(root: LexborNode, title: str | None,
                  mass: dict[LexborNode, int]) -> LexborNode | None:
    """The container of the story under the page's headline: the nearest ancestor (a few
    levels up) of the <h1> that repeats the title, holding real paragraph text. It
    settles pages holding several stories, each under its own <h1>."""
    headlines = root.css("h1")
    if not title or len(headlines) < rules.MULTI_STORY_MIN_HEADLINES:
        return None
    wanted = text_key(title)
    for headline in headlines:
        if wanted and text_key(headline.text()) == wanted:
            story = headline.parent
            for _ in range(rules.STORY_MAX_LEVELS):
                if story is None or mass.get(story, 0) >= rules.STORY_MIN_CHARS:
                    return story
                story = story.parent
            return None
    return None


def text_key(text: str) -> str:
    """Case-folded words, punctuation dropped, joined by one space: compares headline texts.

    One regex pass: ``[^\\w\\s]|_`` is exactly "neither ``str.isalnum`` nor ``str.isspace``"
    (checked over every code point), so no Python-level loop per character is needed.
    """
    return " ".join(_NOT_WORD_OR_SPACE.sub("", text.casefold()).split())


def within(node: LexborNode, container: LexborNode) -> bool:
    # (Nodes are compared by ``mem_id``: selectolax's ``==`` serialises both subtrees.)
    current: LexborNode | None = node
    while current is not None:
        if current.mem_id == container.mem_id:
            return True
        current = current.parent
    return False


def class_of(node: LexborNode) -> str:
    """Lowercased ``class`` and ``id`` of an element, one string for pattern tests."""
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()


def _text_units(root: LexborNode, max_link_density: float,
                links: _LinkChars) -> list[tuple[LexborNode, int, float, bool]]:
    """(node, paragraph chars, points, own) for every paragraph-like unit worth a vote.

    ``own``: the unit is a container's own text (a <div> holding text and <br>s, not
    <p>s); it votes for that container first, as a <p> votes for its parent.
    """
    units: list[tuple[LexborNode, int, float, bool]] = []
    seen: set[LexborNode] = set()
    for node in root.css(rules.TEXT_UNIT_SELECTOR):
        seen.add(node)
        text = node.text()
        chars = len(" ".join(text.split()))
        if chars < rules.MIN_UNIT_CHARS:
            continue  # too short to vote, whatever its links and its place
        if not _is_teaser_summary(node, chars):  # a teaser's summary votes for no container
            _add_unit(units, node, text, chars, links(node), max_link_density, own=False)
    for node in root.css(rules.DIRECT_TEXT_SELECTOR):
        if node in seen:
            continue
        own = node.text(deep=False)
        if len(own) - own.count(" ") >= rules.MIN_DIRECT_TEXT_CHARS and own.strip():
            _add_unit(units, node, own, len(" ".join(own.split())), 0, max_link_density, own=True)
    return units


def _is_teaser_summary(node: LexborNode, chars: int) -> bool:
    """A short paragraph (``chars``: its length, spaces collapsed) under a headline linking elsewhere."""
    return chars < rules.TEASER_SUMMARY_MAX_CHARS and _after_linked_headline(node)


def _after_linked_headline(node: LexborNode) -> bool:
    """The element right before ``node`` is a headline that links elsewhere (a teaser)."""
    previous = node.prev
    while previous is not None and previous.tag in ("-text", "-comment"):
        previous = previous.prev
    if previous is None or previous.tag not in rules.TEASER_HEAD_TAGS:
        return False
    if previous.tag == "a":
        return previous.css_first("h2, h3, h4, h5, h6") is not None
    return previous.css_first("a[href]") is not None


def _add_unit(units: list[tuple[LexborNode, int, float, bool]], node: LexborNode, text: str, chars: int,
              link_chars: int, max_link_density: float, *, own: bool) -> None:
    if chars < rules.MIN_UNIT_CHARS or link_chars > max_link_density * chars:
        return
    points = 1 + text.count(",") + text.count("、") + text.count("，") + min(
        chars // rules.UNIT_CHARS_PER_POINT, rules.UNIT_MAX_LENGTH_POINTS)
    units.append((node, chars - link_chars, points, own))


class _LinkChars:
    """Visible characters of the links inside an element, each anchor measured once a page.

    The elements weighed nest (a paragraph, its section, the article, the page body):
    measured afresh, an anchor's text would be serialised once per container around it.
    """

    __slots__ = ("_anchors",)

    def __init__(self) -> None:
        self._anchors: dict[int, int] = {}  # anchor mem_id → its visible characters

    def __call__(self, node: LexborNode) -> int:
        anchors = self._anchors
        total = 0
        for anchor in node.css("a"):
            chars = anchors.get(anchor.mem_id)
            if chars is None:
                chars = anchors[anchor.mem_id] = _visible_chars(anchor.text())
            total += chars
        return total


def _vote(node: LexborNode, chars: int, points: float, scores: dict[LexborNode, float],
          mass: dict[LexborNode, int], *, own: bool) -> None:
    shares = (1.0, rules.GRANDPARENT_SHARE, rules.GREAT_GRANDPARENT_SHARE)
    parent = node if own else node.parent
    for share in shares:
        if parent is None or parent.tag in ("html", "-document"):
            break
        scores[parent] = scores.get(parent, 0.0) + points * share
        parent = parent.parent


def _weigh(node: LexborNode, chars: int, mass: dict[LexborNode, int],
           kids: dict[LexborNode, set[LexborNode]]) -> None:
    """Paragraph mass counts for every ancestor: it measures how much text a subtree holds."""
    mass[node] = mass.get(node, 0) + chars
    child, ancestor = node, node.parent
    while ancestor is not None:  # up to the document node: harmless, and no tag test per step
        mass[ancestor] = mass.get(ancestor, 0) + chars
        kids.setdefault(ancestor, set()).add(child)
        child, ancestor = ancestor, ancestor.parent


def _final_score(node: LexborNode, score: float, chars: int, links: _LinkChars) -> float:
    names = class_of(node)
    if rules.CONTENT_CLASS.search(names) or node.attributes.get("itemprop") == "articleBody":
        score += rules.CLASS_WEIGHT
    if rules.NEGATIVE_CLASS.search(names) and not rules.BODY_CLASS.search(names):
        score -= rules.CLASS_WEIGHT
    if node.tag == "article":
        score += rules.CLASS_WEIGHT / 5
    headlines = len(node.css(rules.TEASER_HEADLINE_SELECTOR))
    if headlines >= rules.TEASER_MIN_HEADLINES and chars < headlines * rules.TEASER_MAX_CHARS_PER_HEADLINE:
        score *= rules.TEASER_LIST_FACTOR  # a column of teasers, however many paragraphs it has
    return score * (1.0 - _link_density(node, links))


def _link_density(node: LexborNode, links: _LinkChars) -> float:
    chars = _visible_chars(node.text())
    return min(1.0, links(node) / chars) if chars else 1.0


def _visible_chars(text: str) -> int:
    """Characters other than whitespace (cheaper than normalising the text)."""
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t") - text.count("\r")


def _climb(best: LexborNode, mass: dict[LexborNode, int],
           kids: dict[LexborNode, set[LexborNode]], links: _LinkChars) -> LexborNode:
    """Widen to the ancestor (a few levels up) that adds real paragraph text around the winner.

    Articles split into chunks (one wrapper per few paragraphs, around ads) make each chunk
    a candidate; the chunks' common ancestor holds the whole story. Text in furniture
    (a "more news" box of teasers) is no reason to widen.
    """
    chosen, path, ancestor = best, best, best.parent
    gained = 0
    for _ in range(rules.CLIMB_MAX_STEPS):
        if ancestor is None or ancestor.tag in ("html", "body", "-document"):
            break
        names = class_of(ancestor)
        if rules.NEGATIVE_CLASS.search(names) and not rules.BODY_CLASS.search(names):
            break
        if mass.get(ancestor, 0) > mass.get(path, 0):  # else nothing to gain at this level
            gained += _gain(kids.get(ancestor, set()), path, mass)
        if gained >= rules.CLIMB_GAIN * mass.get(chosen, 0) and (
                _link_density(ancestor, links) <= rules.CLIMB_MAX_LINK_DENSITY):
            chosen, gained = ancestor, 0
        path, ancestor = ancestor, ancestor.parent
    return chosen


def _reach(best: LexborNode, mass: dict[LexborNode, int],
           kids: dict[LexborNode, set[LexborNode]], links: _LinkChars) -> LexborNode:
    """A container further up holding far more of the same prose than the winner, or the winner.

    The vote can crown one section of a long piece that a page builder split into many
    wrappers, each a few levels deep (columns, widgets, "sections"): no single step of
    ``_climb`` gains enough, but the common ancestor holds several times the winner's text
    outside furniture, other stories and teaser lists.
    """
    own = mass.get(best, 0)
    path, ancestor, gained = best, best.parent, 0
    for _ in range(rules.REACH_MAX_STEPS):
        if ancestor is None or ancestor.tag in ("html", "body", "-document"):
            break
        if mass.get(ancestor, 0) > mass.get(path, 0):
            gained += _gain(kids.get(ancestor, set()), path, mass, same_kind=True)
        names = class_of(ancestor)
        # Passing through a wrapper named like furniture ("widget-wrap") is fine; landing on one is not.
        if own < rules.REACH_SHARE * (own + gained) and not (
                rules.NEGATIVE_CLASS.search(names) and not rules.BODY_CLASS.search(names)):
            if _link_density(ancestor, links) <= rules.REACH_MAX_LINK_DENSITY:
                return ancestor
            break
        path, ancestor = ancestor, ancestor.parent
    return best


def _gain(children: set[LexborNode], path: LexborNode, mass: dict[LexborNode, int], *,
          same_kind: bool = False) -> int:
    """Paragraph text an ancestor's ``children`` hold besides ``path``, outside furniture and lists.

    ``same_kind``: a child with exactly the class of ``path`` is another block of the same
    template (the next section of the piece), whatever its class says.
    """
    total = 0
    kind = path.attributes.get("class") if same_kind else None
    for child in children:
        if child.mem_id == path.mem_id or child.tag in ("ul", "ol", "li"):
            continue
        names = class_of(child)
        if names.strip() and (rules.BOILERPLATE_CLASS.search(names) or rules.AD_CLASS.search(names)) and not (
                kind and child.tag == path.tag and child.attributes.get("class") == kind):
            continue
        if _teasers(child) or _other_story(child, path):
            continue
        total += mass[child]
    return total


def _other_story(node: LexborNode, story: LexborNode) -> bool:
    """Another whole story next to this one (pages that preload the next article): an
    <article> beside an <article>, or a block with a headline of its own when the winner
    holds its own too."""
    if node.tag == "article" and (story.tag == "article" or story.css_first("article") is not None):
        return True
    return node.css_first("h1") is not None and story.css_first("h1") is not None


def _teasers(node: LexborNode) -> bool:
    """A list of teasers: linked headlines over summaries of other stories."""
    return len(node.css(rules.TEASER_HEADLINE_SELECTOR)) >= rules.TEASER_MIN_HEADLINES


def _with_siblings(best: LexborNode, scores: dict[LexborNode, float],
                   mass: dict[LexborNode, int], links: _LinkChars) -> tuple[LexborNode, ...]:
    """The winner plus siblings that read like more of the article.

    A sibling holding more paragraph text than the winner, yet out-voted by it, spreads
    its text thinly over many wrappers (a comment thread, a stream of excerpts): not the
    article's continuation.
    """
    parent = best.parent
    if parent is None or best.tag == "body":
        return (best,)
    threshold = max(rules.SIBLING_MIN_SCORE, scores.get(best, 0.0) * rules.SIBLING_SCORE_SHARE)
    best_class = best.attributes.get("class")
    nodes: list[LexborNode] = []
    before = True
    for sibling in parent.iter(include_text=False):
        if sibling.mem_id == best.mem_id:
            before = False
            nodes.append(sibling)
        elif mass.get(sibling, 0) <= mass.get(best, 0) * rules.SIBLING_MAX_MASS_RATIO and (
                _sibling_belongs(sibling, scores, threshold, best_class, links, before=before)):
            nodes.append(sibling)
    return tuple(nodes)


def _sibling_belongs(sibling: LexborNode, scores: dict[LexborNode, float], threshold: float,
                     best_class: str | None, links: _LinkChars, *, before: bool) -> bool:
    """Voted for enough, or a lone paragraph of prose (a bare <div> of text only before the
    winner: a summary or lead leads; after the story such text is a footer or a bio)."""
    names = class_of(sibling)
    if rules.BOILERPLATE_CLASS.search(names) or rules.AD_CLASS.search(names) or _teasers(sibling):
        return False
    if sibling.tag == "article" or sibling.css_first("h1") is not None:
        return False  # another story with a headline of its own
    bonus = threshold * rules.SIBLING_SCORE_SHARE if best_class and sibling.attributes.get(
        "class") == best_class else 0.0
    if scores.get(sibling, 0.0) + bonus >= threshold:
        return True
    if sibling.tag != "p" and not before:
        return False
    text = " ".join((sibling.text() if sibling.tag == "p" else sibling.text(deep=False)).split())
    if not text:
        return False
    density = links(sibling) / len(text) if sibling.tag == "p" else 0.0
    if len(text) > rules.SIBLING_PARAGRAPH_CHARS and density < rules.SIBLING_MAX_LINK_DENSITY:
        return True
    return sibling.tag == "p" and density == 0 and text.endswith(".") and len(
        text) > rules.MIN_UNIT_CHARS
