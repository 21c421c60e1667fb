"""Web page → Article: decode, parse once, read metadata, extract the body.

The cascade:

1. ``charset.decode`` the bytes (BOM, declared charset, detector), bound the nesting
   depth (``depth``: lexbor is quadratic in it) and parse once with selectolax/lexbor;
2. ``metadata.read_metadata`` reads title, authors, dates … from the untouched tree;
3. ``body`` drops non-text elements and finds the article's container by a
   paragraph vote (no class names needed, so plain documents work too);
4. ``blocks`` walks the container into typed blocks with absolute inline links,
   skipping furniture (related boxes → ``related``, editor's notes → ``notes``);
5. line filters drop what survives as text but is not the article: the repeated
   headline, bylines and datelines, "Advertisement", share and newsletter lines,
   link-list paragraphs;
6. when that leaves no body, or one far shorter than the ``articleBody`` the page
   states in JSON-LD (script-rendered or paywalled pages), that stated body is used;
7. ``confidence`` weighs the body against the page's other opinions of it (a learned
   model over the evidence gathered on the way) and names its doubts as warnings; a
   doubted body is widened to a landmark holding it (``<article>``, ``<main>``) when the
   model trusts that wider body more.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from tearsheet.errors import NotAnArticleError
from tearsheet.models import LOW_CONFIDENCE, Article, Block, BlockKind, Capture, CaptureKind, Related
from tearsheet.options import ReadOptions
from tearsheet.readers.common.charset import decode
from tearsheet.readers.html import rules as rules
from tearsheet.readers.html.blocks import BlockWalker, Walked, related_entry
from tearsheet.readers.html.body import Body, Rival, clean, find_body, text_key, within
from tearsheet.readers.html.confidence import Assessment, Evidence, assess, landmarks
from tearsheet.readers.html.depth import limit_depth
from tearsheet.readers.html.ld_body import ld_blocks, ld_body, ld_scripts
from tearsheet.readers.html.metadata.reader import PageMetadata, read_metadata
from tearsheet.readers.html.related import related_boxes


def read(capture: Capture, options: ReadOptions) -> Article:
    return read_with_evidence(capture, options)[0]


def read_with_evidence(capture: Capture, options: ReadOptions, *,
                       widen: bool = True) -> tuple[Article, Evidence]:
    """The article and what the reader knew when it judged its body (``bench/train_confidence``
    fits the confidence model on that evidence, with ``widen=False``: the vote's own body)."""
    html = decode(capture.data, capture.content_type)
    if not html.strip():
        raise NotAnArticleError("the page is empty")
    shallow = limit_depth(html)  # lexbor is quadratic in nesting depth
    tree = LexborHTMLParser(_utf8(capture.data, html) if shallow is html else shallow)
    meta = read_metadata(tree, capture.url)
    base = _base_url(tree, capture.url or meta.url)
    scripts = ld_scripts(tree)
    boxes = related_boxes(tree, base)
    try:
        walked = extract_body(tree, base, meta.title)
        blocks = tuple(filter_blocks(walked.blocks, meta.title, walked))
    except NotAnArticleError:
        walked, blocks = Walked(share=0.0), ()
    stated = ld_body(scripts) if scripts else None
    chosen = _or_stated_body(blocks, stated)
    source = "vote" if chosen is blocks else "stated"
    if _chars(chosen) < rules.MIN_BODY_CHARS:
        chosen, source = _prose_run(capture.data, html), "prose"
        if not chosen:
            raise NotAnArticleError("no article body found in the page")
    marks = landmarks(tree)
    evidence = Evidence(blocks=chosen, share=walked.share, page_chars=walked.page_chars, rival=walked.rival,
                        voted_chars=walked.voted_chars, landmarks=tuple(text for _, text in marks),
                        stated=stated, title=meta.title, dek=meta.subtitle, source=source)
    assessment = assess(evidence)
    if widen and assessment.confidence < LOW_CONFIDENCE and source == "vote":
        wider = _widened(marks, base, meta.title, walked, evidence, assessment)
        if wider is not None:
            walked, chosen, evidence, assessment = wider
    return _article(capture, meta, chosen, _with_boxes(walked, boxes), assessment), evidence


def _widened(marks: list[tuple[LexborNode, str]], base: str | None, title: str | None, walked: Walked,
             evidence: Evidence, assessment: Assessment
             ) -> tuple[Walked, tuple[Block, ...], Evidence, Assessment] | None:
    """A doubted body's landmark (``<article>``, ``<main>`` …) read as the body instead, when it
    holds the body and a few times its voted prose (``rules.WIDEN_*``), one story only, and the model
    trusts it more: the vote crowned one part of the story (a section, a list) inside the page's
    own statement of where the story is."""
    best = None
    for node, _ in marks:
        chars = walked.mass.get(node, 0)
        ratio = chars / walked.voted_chars if walked.voted_chars else 0.0
        if not rules.WIDEN_MIN_RATIO <= ratio <= rules.WIDEN_MAX_RATIO or _several_stories(node) or not (
                walked.nodes and all(within(n, node) for n in walked.nodes)):
            continue
        rival = walked.rival.seen_from(node) if walked.rival is not None else None
        body = Body(nodes=(node,), text_chars=chars, mass=walked.mass, rival=rival or Rival(
            score=0.0, chars=0, headline_levels=-1))
        wide = _walk(body, base, lenient=False)
        blocks = tuple(filter_blocks(wide.blocks, title, wide))
        if _chars(blocks) < rules.MIN_BODY_CHARS:
            continue
        share = min(1.0, walked.share * chars / walked.voted_chars) if walked.voted_chars else 1.0
        candidate = replace(evidence, blocks=blocks, share=share, voted_chars=chars, rival=rival)
        judged = assess(candidate)
        if judged.confidence >= LOW_CONFIDENCE and judged.confidence > (best[3].confidence if best else
                                                                         assessment.confidence):
            wide.share, wide.page_chars, wide.rival, wide.voted_chars, wide.mass, wide.nodes = (
                share, walked.page_chars, rival, chars, walked.mass, (node,))
            best = (wide, blocks, candidate, judged)
    return best


def _several_stories(node: LexborNode) -> bool:
    """A container holding more than one story: two headlines or two ``<article>``s."""
    return len(node.css("h1")) > 1 or len(node.css("article")) > 1


def _prose_run(data: bytes, html: str) -> tuple[Block, ...]:
    """The page's lines that read as sentences, when they make a coherent run of prose
    (``rules.PROSE_MIN_WORDS``): a page with an article in it is never refused, only
    read with low confidence."""
    tree = LexborHTMLParser(_utf8(data, html))
    for node in tree.css(", ".join(rules.DROP_TAGS)):
        node.decompose(recursive=False)
    root = tree.body or tree.root
    if root is None:
        return ()
    lines = [" ".join(line.split()) for line in root.text(separator="\n").split("\n")]
    prose = [line for line in lines if len(line.split()) >= rules.PROSE_LINE_MIN_WORDS
             and line[-1] in rules.SENTENCE_END]
    if sum(len(line.split()) for line in prose) < rules.PROSE_MIN_WORDS:
        return ()
    return tuple(Block(kind=BlockKind.PARAGRAPH, text=line) for line in prose)


def _utf8(data: bytes, html: str) -> bytes | str:
    """What lexbor parses: the capture's own bytes when they are exactly the UTF-8 of ``html``
    (most pages), else ``html``, which the parser encodes to UTF-8 itself.

    Checking costs a UTF-8 decode; letting the parser re-encode a page full of non-Latin-1
    characters (curly quotes are enough) costs about three times as much.
    """
    try:
        return data if data.decode("utf-8") == html else html
    except UnicodeDecodeError:
        return html


def _with_boxes(walked: Walked, boxes: list[Related]) -> Walked:
    """Related entries met in the body first, then the page's related boxes."""
    seen = {entry.href for entry in walked.related}
    walked.related.extend(entry for entry in boxes if entry.href not in seen)
    return walked


def _chars(blocks: tuple[Block, ...]) -> int:
    return sum(len(b.text) for b in blocks if b.kind is not BlockKind.IMAGE)


def _or_stated_body(blocks: tuple[Block, ...], stated: str | None) -> tuple[Block, ...]:
    """The JSON-LD ``articleBody`` instead, when the visible body is missing or far shorter."""
    if stated is None or _chars(blocks) >= rules.LD_BODY_SHARE * len(stated):
        return blocks
    return ld_blocks(stated) or blocks


def extract_body(tree: LexborHTMLParser, base_url: str | None, title: str | None = None) -> Walked:
    """The body blocks of a parsed page (mutates the tree), raw from the walk."""
    page_chars = clean(tree)
    body = find_body(tree, title)
    if body is None:
        raise NotAnArticleError("no article body found in the page")
    root = tree.body or tree.root
    voted_chars = body.mass.get(root, 0) if root is not None else 0
    walked = _walk(body, base_url, lenient=False)
    walked.share = min(1.0, body.text_chars / voted_chars) if voted_chars else 1.0
    walked.page_chars, walked.rival, walked.voted_chars = page_chars, body.rival, body.text_chars
    walked.mass, walked.nodes = body.mass, body.nodes
    found = sum(len(b.text) for b in walked.blocks if b.kind is not BlockKind.IMAGE)
    if found < rules.WALK_MIN_SHARE * body.text_chars:
        # The container's prose sits in wrappers whose class reads like furniture: walk again.
        lenient = _walk(body, base_url, lenient=True)
        if sum(len(b.text) for b in lenient.blocks if b.kind is not BlockKind.IMAGE) > found:
            lenient.share, lenient.page_chars = walked.share, walked.page_chars
            lenient.rival, lenient.voted_chars = walked.rival, walked.voted_chars
            lenient.mass, lenient.nodes = walked.mass, walked.nodes
            return lenient
    return walked


def _walk(body: Body, base_url: str | None, *, lenient: bool) -> Walked:
    walker = BlockWalker(base_url=base_url, body_chars=body.text_chars, mass=body.mass, lenient=lenient)
    for node in body.nodes:
        walker.walk_node(node)
    walker.flush()
    return walker.out


def filter_blocks(blocks: list[Block], title: str | None, walked: Walked) -> list[Block]:
    """Drop text that is page furniture, not article: see ``rules`` for each rule."""
    kept: list[Block] = []
    linky: set[int] = set()
    at_start = True  # no text block kept yet: where a repeated headline can sit
    title_key = text_key(title) if title else None
    for block in blocks:
        if block.kind is BlockKind.IMAGE:
            kept.append(block)
            continue
        verdict = _verdict(block, title_key, at_start)
        if verdict in ("keep", "linky"):
            kept.append(block)
            at_start = False
            if verdict == "linky":
                linky.add(id(block))
        elif verdict == "note":
            walked.notes.append(block.text)
        elif verdict == "related":
            _to_related(block, walked)
    kept = _drop_edge_link_lines(kept, linky, walked)
    return _drop_author_tail(_drop_related_runs(kept, walked))


def _drop_edge_link_lines(blocks: list[Block], linky: set[int], walked: Walked) -> list[Block]:
    """Lines made of links before the story's first or after its last prose paragraph are
    navigation or related stories; between prose paragraphs they are the story's own
    ("Get it on Amazon for $39", a list of sources) and stay."""
    prose = [i for i, b in enumerate(blocks) if id(b) not in linky and b.kind is BlockKind.PARAGRAPH
             and len(b.text) >= rules.PROSE_MIN_CHARS]
    if not prose:
        return blocks  # no prose at all: the link lines are the story (a roundup of links)
    first, last = prose[0], prose[-1]
    kept: list[Block] = []
    for i, block in enumerate(blocks):
        if id(block) in linky and not first < i < last:
            _to_related(block, walked)
        else:
            kept.append(block)
    return kept


def _to_related(block: Block, walked: Walked) -> None:
    seen = {entry.href for entry in walked.related}
    for link in block.links:
        entry = related_entry(link.text, link.href)
        if entry is not None and (link.href is None or link.href not in seen):
            seen.add(link.href)
            walked.related.append(entry)


def _drop_related_runs(blocks: list[Block], walked: Walked) -> list[Block]:
    """A "More stories" / "Related" heading and the link lines under it are not the body."""
    kept: list[Block] = []
    in_run = False
    for block in blocks:
        text = block.text
        if len(text) <= rules.RELATED_HEADING_MAX_CHARS and block.kind in (
                BlockKind.HEADING, BlockKind.PARAGRAPH) and rules.RELATED_HEADING.match(text) and (
                not text.endswith((".", "!", "?"))):  # a sentence is prose, not a box title
            in_run = True
            _to_related(block, walked)
            continue
        if in_run and (block.kind is BlockKind.IMAGE
                       or _link_density(block) >= rules.RELATED_ITEM_MIN_LINK_DENSITY):
            _to_related(block, walked)
            continue
        in_run = False
        kept.append(block)
    return kept


def _drop_author_tail(blocks: list[Block]) -> list[Block]:
    """Author blurbs, contact lines and "contributed to this report" closing the story."""
    end = len(blocks)
    checked = 0
    while end and checked < rules.TAIL_BLOCKS:
        block = blocks[end - 1]
        if block.kind is BlockKind.IMAGE:
            end -= 1
            continue
        checked += 1
        if len(block.text) <= rules.AUTHOR_TAIL_MAX_CHARS and (
                rules.AUTHOR_TAIL.search(block.text) or _is_promo(block.text)):
            end -= 1
            continue
        break
    return blocks[:end]


def _link_density(block: Block) -> float:
    return sum(len(ln.text) for ln in block.links) / len(block.text) if block.text else 0.0


def _verdict(block: Block, title_key: str | None, at_start: bool) -> str:
    """keep / drop / note / related / linky (a link line, kept only between prose paragraphs)."""
    text = block.text
    if at_start and title_key and block.kind in (BlockKind.HEADING, BlockKind.PARAGRAPH) and (
            _repeats_title(text_key(text), title_key)):
        return "drop"
    if len(text) <= rules.SHORT_LINE_CHARS:
        line = " ".join(text.split())
        if rules.BOILERPLATE_LINE.match(line) or rules.DATELINE.match(line) or (
                rules.DATELINE_WORDS.match(line)):
            return "drop"
        if len(line) <= rules.BYLINE_MAX_CHARS and _is_byline(line):
            return "drop"
    if len(text) <= rules.PROMO_MAX_CHARS and _is_promo(text):
        return "drop"
    if rules.NOTE_LINE.match(text):
        return "note"
    if block.kind in (BlockKind.PARAGRAPH, BlockKind.LIST, BlockKind.HEADING):
        return _link_verdict(block)
    return "keep"


def _is_promo(text: str) -> bool:
    """``rules.PROMO`` matches; searched only in text holding one of ``rules.PROMO_CUES``."""
    folded = text.lower()
    if not text.isascii() and any(ch in text for ch in rules.IGNORECASE_ASCII_LOOKALIKES):
        folded = text.translate(rules.IGNORECASE_ASCII_FOLD).lower()
    return any(cue in folded for cue in rules.PROMO_CUES) and rules.PROMO.search(text) is not None


def _is_byline(line: str) -> bool:
    """ "By Jane Doe, Reuters" — but not "By the numbers" (a name starts with a capital)."""
    match = rules.BYLINE.match(line)
    return (match is not None and match.group("name")[:1].isupper()
            and not line.endswith((".", "!", "?")))  # "By Monday, the council had voted."


def _link_verdict(block: Block) -> str:
    text = block.text
    linked = sum(len(ln.text) for ln in block.links)
    limit = rules.LIST_MAX_LINK_DENSITY if block.kind is BlockKind.LIST else rules.BLOCK_MAX_LINK_DENSITY
    if not text or linked <= limit * len(text) or len(text) >= rules.BLOCK_LINK_DENSITY_MIN_CHARS:
        return "keep"
    if block.kind is BlockKind.HEADING:
        return "drop"
    plain = len(text) - linked - text.count(" ")
    if plain < rules.LINK_LINE_MIN_PLAIN_CHARS or text.isupper() or rules.LINK_LINE_CUE.match(text):
        return "related"  # a headline teaser: whole-link, shouted, or "Related: …"
    return "linky"


def _repeats_title(key: str, title_key: str) -> bool:
    """The block is the headline again (maybe with or without a site name or kicker)."""
    if not key:
        return False
    if key == title_key:
        return True
    if len(key) < rules.TITLE_MIN_PARTIAL_CHARS:
        return False
    if key in title_key:
        return True
    return title_key in key and len(key) <= len(title_key) * rules.TITLE_MAX_EXTRA_RATIO


def _base_url(tree: LexborHTMLParser, url: str | None) -> str | None:
    base = tree.css_first("base[href]")
    href = base.attributes.get("href") if base is not None else None
    if href and href.strip():
        try:
            return urljoin(url or "", href.strip())
        except ValueError:
            return url
    return url


def _subtitle(meta: PageMetadata, blocks: tuple[Block, ...]) -> str | None:
    """The dek, unless it only repeats the story: its opening (descriptions often do), or the
    whole story flattened into one string (some sites fill the description with the body)."""
    if not meta.subtitle:
        return None
    dek = text_key(meta.subtitle).rstrip(" .…")
    texts = [b.text for b in blocks if b.kind is not BlockKind.IMAGE and b.text]
    story = text_key(" ".join(texts))
    first = text_key(texts[0]) if texts else ""
    repeats = story.startswith(dek) or (len(first) >= rules.DEK_REPEAT_MIN_CHARS and dek.startswith(first))
    return None if dek and repeats else meta.subtitle


def _article(capture: Capture, meta: PageMetadata, blocks: tuple[Block, ...], walked: Walked,
             assessment: Assessment) -> Article:
    return Article(
        confidence=assessment.confidence, warnings=assessment.warnings,
        title=meta.title, subtitle=_subtitle(meta, blocks), authors=meta.authors, published=meta.published,
        modified=meta.modified, site_name=meta.site_name, url=meta.url or capture.url,
        language=meta.language, section=meta.section, tags=meta.tags, image=meta.image,
        blocks=blocks, related=tuple(walked.related), notes=tuple(walked.notes),
        kind=CaptureKind.HTML, capture_id=capture.id,
    )


def read_document(document: str, url: str | None, options: ReadOptions) -> Article | None:
    """The web-page reader's choice over HTML another reader laid out from a whole page (a
    full-page print's or a whole-page clip's blocks as divs); None when it finds no article."""
    data = document.encode("utf-8")
    capture = Capture(id=hashlib.sha256(data).hexdigest(), kind=CaptureKind.HTML, data=data, url=url,
                      content_type="text/html; charset=utf-8")
    try:
        return read(capture, replace(options, kind=CaptureKind.HTML))
    except NotAnArticleError:
        return None
