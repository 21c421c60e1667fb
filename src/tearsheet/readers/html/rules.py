"""Every heuristic of the web-page body extractor, as named data with a reason.

The extractor (``body`` picks the article's container, ``blocks`` turns it
into typed blocks) reads its thresholds, tag sets and patterns from here only, so
the rules can be read, tuned and tested in one place. Nothing here is keyed to a
site: the patterns are the vocabulary web pages in general use for page furniture.
"""

from __future__ import annotations

import re

# --- Tags -------------------------------------------------------------------------

# Never part of an article's text: code, media players, form controls, page chrome.
DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "button", "select", "input", "textarea", "option", "link", "meta", "video",
    "audio", "map", "dialog", "nav", "head",
)
# Page furniture inside or around the article: skipped unless it holds most of the text
# (some sites wrap the whole story in <header> or <aside> by mistake).
FURNITURE_TAGS = frozenset({"aside", "footer", "header", "form", "menu", "figcaption"})
INLINE_TAGS = frozenset({
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn",
    "em", "font", "i", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small",
    "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
})
# Inline formatting that never wraps page furniture: not worth a class check.
PLAIN_INLINE_TAGS = frozenset({"b", "i", "em", "strong", "u", "sup", "sub", "code", "abbr", "br",
                               "wbr", "mark", "q", "cite", "s", "del", "ins", "kbd", "var"})
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
LIST_TAGS = frozenset({"ul", "ol", "dl"})
LIST_ITEM_TAGS = frozenset({"li", "dt", "dd"})
# Block containers: they close the paragraph before and after them.
CONTAINER_TAGS = frozenset({"p", "div", "section", "article", "main", "center", "address", "details",
                            "summary", "td", "th", "tr", "tbody", "thead", "tfoot", "caption", "body"})
# Elements whose own text counts as a paragraph when scoring containers.
TEXT_UNIT_SELECTOR = "p, pre, blockquote, td, h2, h3"
# Elements that may hold paragraph text directly (text nodes, <br>-separated) instead of <p>s.
DIRECT_TEXT_SELECTOR = "div, section, article, main, td, font, center, span"

# --- Container scoring (a readability-style vote of paragraphs for their ancestors) ---

MIN_UNIT_CHARS = 25  # shorter text units (labels, buttons, dates) say nothing about the container
MIN_DIRECT_TEXT_CHARS = 60  # a <div>'s own text below this is a label, not a paragraph
UNIT_MAX_LINK_DENSITY = 0.5  # a "paragraph" mostly made of links is a link list
UNIT_CHARS_PER_POINT = 100  # one point per 100 characters of paragraph text …
UNIT_MAX_LENGTH_POINTS = 3  # … up to three (readability's rule: long text, not one giant blob)
GRANDPARENT_SHARE = 0.5  # a paragraph votes fully for its parent, half for its grandparent
GREAT_GRANDPARENT_SHARE = 0.25  # and a quarter further up (deeply wrapped paragraphs)
CLASS_WEIGHT = 25.0  # bonus/penalty for a container whose class/id says content/boilerplate
MULTI_STORY_MIN_HEADLINES = 1  # the story under the page's <h1> headline is preferred
STORY_MAX_LEVELS = 4  # from a story's <h1> up to the container that holds its paragraphs …
STORY_MIN_CHARS = 300  # … that is, real paragraph text, not just a dek beside the headline
FINALISTS = 20  # candidates (by raw vote) that get the costlier class and link-density weighing
SIBLING_SCORE_SHARE = 0.2  # a sibling with a fifth of the winner's score is more of the article
SIBLING_MIN_SCORE = 10.0
SIBLING_MAX_MASS_RATIO = 1.0  # a sibling with more paragraph text than the winner lost for a reason
SIBLING_PARAGRAPH_CHARS = 80  # a bare <p> sibling this long with few links joins the article
SIBLING_MAX_LINK_DENSITY = 0.25
# Climb from the winner to its parent while the parent's other children add this much
# paragraph text compared to the winner's own (the article split into several wrappers).
CLIMB_GAIN = 0.3
CLIMB_MAX_STEPS = 5
CLIMB_MAX_LINK_DENSITY = 0.3  # … and the text gained is not a link farm
# Reach further (``body._reach``): a container up to this many levels above the winner that
# holds, outside furniture, other stories and teasers, so much more prose that the winner is
# less than this share of it (one section of a piece a page builder split into wrappers).
REACH_MAX_STEPS = 12
REACH_SHARE = 0.3
REACH_MAX_LINK_DENSITY = 0.5
# Text under linked headlines is teasers for other stories, never more of this one.
TEASER_HEADLINE_SELECTOR = "h2 a, h3 a, h4 a, h5 a, h6 a, a h2, a h3, a h4"
TEASER_MIN_HEADLINES = 2
TEASER_HEAD_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "a"})  # what a teaser's headline sits in
# A teaser's summary is a sentence or two; a longer paragraph under a linked subheading is
# the story's own text (a review roundup links each subheading to the review it quotes).
TEASER_SUMMARY_MAX_CHARS = 200
TEASER_MAX_CHARS_PER_HEADLINE = 400  # a story's own text per linked headline is far more
TEASER_LIST_FACTOR = 0.2  # vote weight left to a candidate that reads as a list of teasers

# --- Class / id vocabulary -------------------------------------------------------

# Matched on the lowercased ``class`` and ``id`` at a word start ("social-share",
# "article__related", "relatedStories"). Page furniture: skipped inside the article.
BOILERPLATE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|related|recommend|newsletter|subscri|signup|sign-up|"
    r"promo|advert|sponsor|cookie|consent|comment(?!ary|ator)|disqus|sidebar|side-bar|breadcrumb|"
    r"nav|menu|footer|masthead|byline|author|contributor|dateline|timestamp|caption|credit|"
    r"tags|tag-list|taglist|keyword|popular|most-|mostread|trending|outbrain|taboola|"
    r"paywall|modal|popup|overlay|toolbar|widget|read-?more|more-stories|also-|see-also|"
    r"pagination|pager|skip|visually-hidden|sr-only|screen-reader|hidden(?!-(?:xs|sm|md|lg|xl))|"
    r"hide(?!-(?:xs|sm|md|lg|xl))|login|"
    r"banner|rail|carousel|slideshow|gallery|donate|follow|tooltip|offscreen|print-only|"
    r"app-download|bio|disclaimer|editor-?s?-note|correction|post-meta|entry-meta|"
    r"article-meta|meta-|jump|toc|table-of-contents|kicker|dek|standfirst|"
    r"video|player|podcast|audio|inline-link|newsletter|rollover|"
    r"popover|hovercard|ticker|breaking|more-)",
)
# Captions and photo credits, wherever the word sits in the class ("newsCaption",
# "InlineImage-imageEmbedCaption"): never body text.
CAPTION_CLASS = re.compile(r"caption|credit|photo-?desc")
# Wrappers of a picture ("photo", "inline-image", "media"): read as a figure (image + caption)
# when they hold an <img> and little text.
MEDIA_CLASS = re.compile(r"(?:^|[\s_-])(?:photo|image|img|picture|media|figure|inlineimage|"
                         r"inline-image|wp-caption)")
MEDIA_MAX_CHARS = 300
# Comment sections are removed before the paragraph vote: a busy thread out-votes the story.
# ("commentary" and "commentator" are opinion articles, not threads.)
COMMENTS_CLASS = re.compile(r"(?:^|[\s_-])(?:comment(?!ary|ator)|disqus|reactions|replies|discussion)")
COMMENTS_SELECTOR = '[class*="omment"], [id*="omment"], [class*="disqus"], [id*="disqus"]'
# Footnote reference markers ("daily<sup><a href="#fn-2">2</a></sup>."): a reader that keeps
# them glues a digit to the word ("daily2"), a clipper drops them. Matches are dropped when
# their text is only a mark (FOOTNOTE_MARK); "m<sup>2</sup>" links nowhere and stays.
FOOTNOTE_REF_SELECTOR = ('sup a[href^="#"], sup a[href^="javascript:"], sup[class*="footnote"], '
                         'a[data-footnote-ref], a[role="doc-noteref"]')
FOOTNOTE_MARK = re.compile(r"\[?\s*(?:\d{1,3}|[*†‡§¶]|[a-z])\s*\]?")
# Tags removed before the vote unless they hold most of the page's text.
PRE_VOTE_FURNITURE_SELECTOR = "footer, aside"
PRE_VOTE_MAX_SHARE = 0.5
# Words that mean furniture wherever they sit in a class or id, camelCase included
# ("emailSignup", "bottomNewsletter", "articleSocialBar").
BOILERPLATE_ANYWHERE = re.compile(r"newsletter|signup|sign-up|subscri|advert|sponsor|cookie|"
                                  r"social|sharebar|share-?bar|outbrain|taboola|relatedstor")
# Exactly-named ad slots: "ad", "ads", "ad-slot", "dfp" (not "head", "shadow", "load").
AD_CLASS = re.compile(r"(?:^|[\s_])(?:ad|ads|adv|ad-\w+|ad_\w+|dfp\w*|gpt\w*)(?:$|\s)")
# Boxes whose links are other stories: kept in ``Article.related``.
RELATED_CLASS = re.compile(r"(?:^|[\s_-])(?:related|recommend|more-|read-?more|"
                           r"also-|see-also|popular|most-|trending|outbrain|taboola)")
# Editor's notes, disclaimers and corrections: kept in ``Article.notes``.
NOTE_CLASS = re.compile(r"(?:^|[\s_-])(?:disclaimer|editor-?s?-note|correction)")
# Containers that say they hold the article body: vote bonus.
CONTENT_CLASS = re.compile(
    r"(?:^|[\s_-])(?:article|body|content|entry|main|post|text|story|blog|page)")
# Containers that say they are page furniture: vote penalty.
NEGATIVE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:comment|meta|footer|footnote|sidebar|related|promo|share|social|"
    r"sponsor|widget|nav|menu|rail|recommend|popular|trending|newsletter|teaser)")
# Protective: a class that names the article body is never skipped as furniture.
BODY_CLASS = re.compile(r"(?:article|story|entry|post)[-_]?(?:body|content|text)|articlebody")
# A boilerplate container holding at least this share of the article's text is the
# article after all ("content has-sidebar"): descend into it instead of skipping it.
FURNITURE_MAX_SHARE = 0.5
# … and so is one holding this much voted prose (paragraphs with few links, not teasers)
# when at least TEMPLATE_MIN_SECTIONS elements of its tag and class do: sections of the piece
# that a page builder named like furniture ("elementor-widget", "cws-jump-section").
FURNITURE_PROSE_CHARS = 400
TEMPLATE_MIN_SECTIONS = 2
# Furniture that holds prose of its own and still is never the article's.
NEVER_PROSE_CLASS = re.compile(r"breaking|ticker|modal|popup|overlay|author|(?:^|[\s_-])bio|byline|comment|"
                               r"newsletter|subscri|promo|donate|cookie|consent|paywall|(?:^|[\s_-])nav|"
                               r"menu|footer|sidebar|share|social|disclaimer")

# --- Blocks ----------------------------------------------------------------------

BLOCK_MAX_LINK_DENSITY = 0.6  # a paragraph mostly made of links is navigation or related links
BLOCK_LINK_DENSITY_MIN_CHARS = 300  # … unless it is long prose that happens to cite a lot
LIST_MAX_LINK_DENSITY = 0.7  # a bullet list of links is a related-stories or topics box
# A link line keeps its place inside the story only with some plain text of its own
# ("Get it on Amazon for $39.99"); a bare linked headline is a teaser for another story.
LINK_LINE_MIN_PLAIN_CHARS = 6
LINK_LINE_CUE = re.compile(r"^(?:related|read|see|more|also|watch|listen|recommended|click|"
                           r"don'?’?t miss|trending|popular|latest|top)\b", re.I)
PROSE_MIN_CHARS = 120  # a paragraph this long with few links is the story's prose (edge finding)
RELATED_MIN_TITLE_CHARS = 15  # shorter anchors in a related box are "More", "Next", section names
RELATED_MIN_WORDS = 4  # "More in Politics", "Reuse this content" are section links, not stories
MAX_RELATED = 30  # entries kept from the page's related boxes: enough for every real box
TITLE_MIN_PARTIAL_CHARS = 20  # a shorter heading is only the title when it is exactly the title
TITLE_MAX_EXTRA_RATIO = 1.5  # "Title - Site" repeats the title; a paragraph that quotes it does not
MIN_BODY_CHARS = 40
# A walk of the chosen container that yields less than this share of its voted prose skipped
# the story itself (every wrapper named like furniture): the container is walked again leniently.
WALK_MIN_SHARE = 0.3
# The visible body is replaced by the page's JSON-LD articleBody when shorter than this
# share of it: the page rendered its story with JavaScript or cut it (paywall).
LD_BODY_SHARE = 0.3  # a page whose best body is shorter holds no article
MAX_DEPTH = 150  # nesting beyond this is pathological markup; deeper text is read flat
SHORT_LINE_CHARS = 120  # boilerplate lines are short; longer text is prose

# Whole short lines that are page furniture, not article text.
BOILERPLATE_LINE = re.compile(
    r"^(?:advertisement|advertising|advert|sponsored( content)?|ad|"
    # … and the same furniture in other languages: advertisement, read also / more.
    r"publicidad|publicité|anzeige|werbung|pubblicità|reklama|реклама|광고|広告|iklan|"
    r"(?:leia (?:mais|também)|lea también|lee también|lire aussi|lisez aussi|lesen sie auch|"
    r"leggi anche|читайте также)\b.{0,100}|"
    r"(?:story|article) continues?( below| after)?.*|continue reading.*|"
    r"read (?:more|next|also|the full|our)\b.*|(?:click|tap) here\b.*|"
    r"share (?:this|on|via)\b.*|share|sign up|subscribe(?: now| today| here)?|follow (?:us|@)\b.*|"
    r"(?:related|recommended|more)(?: (?:articles?|stories|coverage|reading|from \S+))?:?|"
    r"(?:photo|image|picture|video|graphic|illustration)s?(?: credit)?:.*|"
    r"(?:©|\(c\)|copyright (?:©|\(c\)|\d{4})).*|.*all rights reserved\.?|"
    r"\d+\s*min(?:ute)?s? read|(?:previous|next)(?: article| story| post)?|"
    r"(?:also read|see also|see more|you (?:may|might) also like)\b.*|"
    r"(?:most (?:popular|read|viewed)|trending(?: now| stories)?):?|"
    r"(?:listen|watch)(?: to)? (?:this|the) (?:article|story|video|podcast)\b.*|"
    r"this (?:article|story) (?:is|was) (?:available|published|originally).*|"
    r"(?:get|download) (?:the|our) (?:app|newsletter)\b.*|"
    r"we'?re sorry, (?:this|but|the page)\b.*|log ?in|sign in|comments?|\d+ comments?|"
    r"explore further|"
    r"(?:image|photo|slide) \d+ (?:of|/) \d+.*|related \w+|topics|tags|tags:.*|filed under:?\s.*|"
    r"(?:reading time|tempo de leitura|temps de lecture|lesezeit|tiempo de lectura)\s*:?\s*\d.*|"
    r"like this (?:story|article)\b.*|citation:.*|this copy is for your personal\b.*|"
    r"(?:foto|фото|bild|imagem|immagine|사진|写真|图片)s?\s*[:：].*)$",
    re.I,
)
# "By Jane Doe", "By Jane Doe and John Roe, Reuters", "Written by …".
BYLINE = re.compile(
    r"^(?:by|written by|reporting by|words by|von|par|por)\s+(?P<name>[\w.'’-]+)(?:\s+[\w.'’-]+){0,5}"
    r"(?:\s*(?:,|and|&|\|)\s*[\w.'’ -]+){0,4}$",
    re.I,
)
BYLINE_MAX_CHARS = 100
_MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
# "Updated Nov. 19, 2019 10:31 am ET", "Published 19 November 2019", "2019-11-19 10:31".
DATELINE = re.compile(
    rf"^(?:(?:updated|published|posted|last updated|first published)(?: on)?:?\s*)?"
    rf"(?:\w+day,?\s*)?(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|"
    rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})[\w\s:.,|/()+-]{{0,40}}$",
    re.I,
)
# "Published: November 19, 2019 at 8:59 pm | Updated: …": a short line opening with one of these
# words and holding a year is a dateline.
DATELINE_WORDS = re.compile(r"^(?:published|updated|posted|last updated|first published|modified)"
                            rf"(?: on| at)?:?\s*(?:\w+day,?\s*)?(?:\d|{_MONTH}\s).*\b(?:19|20)\d\d\b",
                            re.I)
# Short paragraphs that sell the site's newsletter, app or subscription.
PROMO = re.compile(
    r"\b(?:sign up|subscribe|get|download|join|register)\b.{0,80}\b(?:newsletters?|inbox|"
    r"(?:our|the) app|e-?mail alerts)\b|\b(?:our|free|daily|weekly) newsletters?\b|"
    r"\b(?:in|to) your inbox\b|\bfollow us\b|\blike us on facebook\b|\bclick to subscribe\b", re.I)
PROMO_MAX_CHARS = 300
# Every PROMO match holds one of these (lowercased): text without any is not searched at all,
# which spares the costly pattern on nearly every paragraph. Keep in step with PROMO.
PROMO_CUES = ("newsletter", "inbox", "app", "alerts", "follow us", "like us on facebook",
              "click to subscribe")
# The only non-ASCII characters an ASCII letter matches under re.I (İ ı ſ K), folded to
# that letter so a lowercased text holds a cue wherever a case-insensitive pattern finds one.
IGNORECASE_ASCII_LOOKALIKES = "\u0130\u0131\u017f\u212a"
IGNORECASE_ASCII_FOLD = str.maketrans(IGNORECASE_ASCII_LOOKALIKES, "iisk")
# Author blurbs and credits that close a story: "Follow her on Twitter", "… contributed
# to this report", "Email Jane at …". Dropped only among the last few blocks.
AUTHOR_TAIL = re.compile(
    r"contributed (?:to )?(?:this|the) (?:report|story|article)|\bfollow (?:him|her|them|us|me)\b|"
    r"\bfollow (?:\S+ ){0,3}on (?:twitter|facebook|instagram|x)\b|(?:^|\s)@\w{2,}\W*$|"
    r"\bmay be reached at\b|\bcan be reached at\b|\w@\w+\.\w|"
    r"^\(?(?:additional |with )?(?:reporting|writing|editing|compiled|"
    r"produced|research) by\b|contributed reporting|^follow \w+(?: \w+)? on\b|"
    r"^listen to \w+", re.I)
AUTHOR_TAIL_MAX_CHARS = 400
TAIL_BLOCKS = 3
# Headings that open a related-stories box at the end of (or inside) the body; the box's
# link lines after it go to ``related``.
RELATED_HEADING = re.compile(
    r"^(?:more (?:great |from |on |of |stories|news|articles|coverage|reading)|"
    r"related(?:\s*:|\s+(?:articles?|stories|coverage|content|links|news|posts|reading|videos|"
    r"roundups?|topics?|guides?|items?)\b|$)|"
    r"top stories|latest (?:news|stories|articles)|recommended|you (?:may|might) (?:also )?like|"
    r"most (?:popular|read|viewed|shared)|trending|also read|read (?:more|next|also)|see also|"
    r"further reading|don'?’?t miss|what to read next|watch (?:next|more|live))", re.I)
RELATED_HEADING_MAX_CHARS = 60
RELATED_ITEM_MIN_LINK_DENSITY = 0.3  # a line after such a heading with this many links is an entry
# Lines that open an editor's note / disclaimer paragraph inside the body.
NOTE_LINE = re.compile(r"^(?:editor'?’?s note|disclaimer|disclosure|correction|clarification)\b",
                       re.I)

# Hrefs that are not link targets.
PLACEHOLDER_HREF = re.compile(r"^\s*(?:#.*|javascript:.*|void\(0\);?|about:blank)?\s*$", re.I | re.S)
# A table holding any of these is page layout (its cells are containers), not data.
LAYOUT_TABLE_SELECTOR = "table, p, div, ul, ol, h1, h2, h3, h4, blockquote"
# Attributes that hold an image's address, best first (lazy loaders keep it out of src).
# (Lazy loaders put a placeholder in src and the picture in a data- attribute.)
IMAGE_SRC_ATTRIBUTES = ("data-src", "data-original", "data-lazy-src", "data-url", "src")
# A caption set loose after its picture: short, and repeating the alt text or all in these.
CAPTION_STYLE_TAGS = frozenset({"em", "i", "small", "figcaption"})
CAPTION_MAX_CHARS = 250
CAPTION_STYLED_SHARE = 0.9
# Many sites set subheadings as <p><strong>…</strong></p>: a short, wholly bold paragraph
# that does not end like a sentence becomes a heading of this level.
BOLD_TAGS = frozenset({"strong", "b"})
BOLD_HEADING_MAX_CHARS = 100
BOLD_HEADING_LEVEL = 3
SENTENCE_END = frozenset(".!?:;,…\"”»)")
NOT_A_HEADING = re.compile(r"\n|@|: |\*")  # label lines ("Account: @name"), masked names

# --- Confidence (``confidence``): signals for the learned model, and the warning rules -------

LANDMARK_SELECTORS = ('[itemprop="articleBody"]', "article", "main")  # other opinions of the body
LANDMARK_MAX_NODES = 5  # a page of many <article> teasers: only the first few are weighed
SHORT_BODY_WORDS = 80  # fewer words than this is a teaser, a stub or a missed body
SMALL_SHARE = 0.25  # the body holds less than this share of the page's voted prose
ALTERNATIVE_MIN_WORDS = 40  # distinct words; a smaller landmark is a label, not an opinion
DISAGREE_MAX_SHARED = 0.3  # sharing less than this share of the smaller one's words: another text
SHORTER_RATIO = 1.8  # an alternative with this many times the body's distinct words …
COVERED_SHARE = 0.7  # … that holds most of the body's words …
SHORTER_MAX_COVERAGE = 0.5  # … while the body holds less than half of its words
# Bodies unlike any the model was fitted on (no development page has one): the confidence is
# capped, not estimated. A body mostly of link text is a list of links; a dozen words is a stub;
# a body holding less than half the words of the articleBody the page states is cut short.
MOSTLY_LINKS = 0.5  # share of the body's characters in links
TINY_BODY_WORDS = 25
CUT_BODY_RECALL = 0.5  # share of the stated articleBody's distinct words the body holds
CONFIDENCE_CAP = 0.3  # the confidence of such a body, at most
# A doubted body (under LOW_CONFIDENCE) is widened to a landmark that holds it and between these
# many times its voted prose, when the model trusts the landmark's body more (``reader._widened``).
# Far more than that is the page around the story, not the story.
WIDEN_MIN_RATIO = 1.5
WIDEN_MAX_RATIO = 5.0
CONFIDENCE_SHORT_LINE_WORDS = 8  # a block of fewer words is a label, a caption or a link, not prose
ECHO_MIN_WORD_CHARS = 4  # the headline's and dek's words this long (not "the", "of") …
ECHO_MIN_WORDS = 3  # … when it has this many: the body should hold most of them
CONFIDENCE_MAX_LEVELS = 8  # the body meets the headline no nearer than this, or never: all the same
CONFIDENCE_MAX_LOG_RATIO = 3.0  # a length ratio past e³ (20×) says nothing more: the signal stops there
# A page the vote found no body in is still read when it holds a coherent run of prose:
# lines of at least PROSE_LINE_MIN_WORDS words ending like sentences, PROSE_MIN_WORDS in all.
PROSE_LINE_MIN_WORDS = 8
PROSE_MIN_WORDS = 80

# --- Subtitle ---------------------------------------------------------------------------
# A dek that starts with the story's whole first paragraph (this many characters at least,
# so a one-word opening never decides) is the story flattened, not a standfirst.
DEK_REPEAT_MIN_CHARS = 40
