"""Versions of an edited article: tell a capture's damage from the publisher's editing.

Captures of one article differ for two reasons. Damage: a dump or print cut off at a
length limit, a header lost, lines wrapped, a web page's or raw print's furniture, a clip
without a caption. Editing: the publisher changed the article between two captures.
Damage only ever loses text at an end, adds furniture, or re-spaces words; it never
rewords a sentence another capture holds whole. So two captures are *different versions*
when, sentence by sentence (``edits.sentences``), the evidence between them reaches
``EDIT_EVIDENCE``:

- a sentence reworded in place — one unit. Reworded: most words shared, and the words
  differ the way an edit makes them (each side holds a word the other lacks, as a changed
  number or name does; or one adds a word that is no piece of the other's; or one whole
  sentence goes on where the other ended). A piece of the other (a cut, a page break,
  furniture run into it) or a garbled repeat of its words is damage. Web pages and clips
  hold whole sentences, so between those any change of words counts;
- an update or correction note one capture holds and the other, not cut off, lacks — one;
- a run of whole sentences (``MIN_RUN_WORDS`` or more) one capture has and the other lacks
  where it covers that stretch: one unit when the two are of a kind that lays an article
  out alike (two web pages of one site, two clips, two dumps); between other kinds at
  most ``WEAK_RUN`` for all runs together — readers of different kinds lose and add text
  differently (a raw print drops passages, a web page's extractor a product box) — except
  a prose run that a third capture of another kind confirms and that a clip or a dump
  (which render every sentence of their version) lacks: one unit;
- between two kinds, only prose rewordings count (``PROSE_WORDS``), and none when the two
  renderings reword more than ``NOISY_SENTENCES`` prose sentences: an update rewords one
  to three, while two readers of one page can differ on dozens;
- nothing for text past the end of a capture that was cut off (``truncated``, or its last
  sentence stops without a full stop), nor for text before the first or after the last
  sentence two captures of different kinds share.

Stages of ``split``: the complete captures are clustered so that no two captures of one
cluster hold evidence against each other (complete linkage, least contradicting and most
alike first); each cut-off capture then joins the cluster it contradicts least and shares
most with — it never starts a version of its own. Versions are ordered
by time (stated dateModified, else the earliest capture time) when every version has
one, else by the update notes they add. ``build`` then makes each ``ArticleVersion``: its
time, the update and correction notes it adds, and its sentence-level ``edits`` from the
version before — read off two complete captures of one kind when the two versions have
such (one site's page before and after differs only where the publisher edited it), else
off the two reconciled bodies.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher
from itertools import pairwise

from tearsheet.models import (
    Article,
    ArticleVersion,
    Block,
    BlockKind,
    CaptureKind,
    Edit,
    EditAction,
    NoteKind,
    UpdateNote,
)
from tearsheet.reconcile.edits import Sentence, diff, extended, note_kind, pair_changed, sentences
from tearsheet.reconcile.keys import letters, words

_Between = Callable[[int, int], float]
Support = Mapping[str, frozenset[CaptureKind | None]]
EDIT_EVIDENCE = 1.0  # evidence between two captures from which they are different versions
WEAK_RUN = 0.5  # all runs between captures of two kinds count this much at most (see module doc)
# Captures of two kinds rewording more sentences than this are renderings too far apart (a
# reader's list numbering, a product box read two ways) for their rewordings to be edits:
# an update rewords one to three sentences.
NOISY_SENTENCES = 6
PROSE_WORDS = 6  # a sentence of this many words ending in a full stop is article prose
MIN_RUN_WORDS = 4  # shorter runs ("Advertisement", "Photo: AP") are never evidence
TYPO_MIN_LETTERS = 4  # shorter words differing by a letter are different words ("cat", "car")
LITTLE_WORD = 2  # letters of a word too little to make a rewording on its own ("a", "of")
# Kinds whose two captures lay an article out alike (one site's template, one clipper, one
# extraction server); two PDF prints may be a clean print and a raw one full of furniture.
TEMPLATE_KINDS = frozenset({CaptureKind.HTML, CaptureKind.MARKDOWN, CaptureKind.TEXT})
# Kinds whose captures hold whole sentences, never pieces (no page breaks, no length cuts).
WHOLE_SENTENCE_KINDS = frozenset({CaptureKind.HTML, CaptureKind.MARKDOWN})
FULL_KINDS = frozenset({CaptureKind.HTML, CaptureKind.PDF})  # never cut without saying so
CUT_MIN_WORDS = 8  # a last line this long without a full stop is a sentence cut off (not a credit)
# Kinds whose two captures (before and after an edit) show the edits best, in order.
EDIT_KINDS = (CaptureKind.HTML, CaptureKind.MARKDOWN, CaptureKind.TEXT)
# Kinds that render every sentence of their version: a prose run another kind confirms and
# such a capture (complete where the run sits) lacks was edited out.
FAITHFUL_KINDS = frozenset({CaptureKind.MARKDOWN, CaptureKind.TEXT})
SENTENCE_END = frozenset(".!?…。！？\"'”’»)")


@dataclass(frozen=True, slots=True)
class _Capture:
    index: int
    id: str
    article: Article
    sentences: tuple[Sentence, ...]
    notes: frozenset[str]  # keys of the update/correction notes it holds (body or notes)
    stream: str  # every key it holds, run together
    inner: frozenset[tuple[str, str]]  # keys of two sentences next to each other in one paragraph

    @property
    def cut(self) -> bool:
        """Cut off: so flagged, or its text stops mid-sentence (a dump a sniffer took for a clip)."""
        if self.article.truncated or any(b.truncated for b in self.article.blocks[-1:]):
            return True
        if self.article.kind in FULL_KINDS:
            return False  # a web page or print may end on a heading or a credit line
        last = self.sentences[-1].text if self.sentences else ""
        return bool(last) and last[-1] not in SENTENCE_END and len(last.split()) >= CUT_MIN_WORDS


def _capture(index: int, cid: str, article: Article) -> _Capture:
    found: list[Sentence] = []
    inner: set[tuple[str, str]] = set()
    for block in article.blocks:  # one split per block gives both the sentences and their neighbours
        own = sentences([block])
        found += own
        if block.kind is BlockKind.PARAGRAPH:
            inner.update((x.key, y.key) for x, y in pairwise(own))
    texts = [b.text for b in article.blocks if b.kind is not BlockKind.IMAGE] + list(article.notes)
    notes = {n.key for text in texts if note_kind(text) for n in sentences_of(text)[:1]}
    stream = "".join(s.key for s in found) + "".join(k for text in article.notes for k in _keys(text))
    return _Capture(index, cid, article, tuple(found), frozenset(notes), stream, frozenset(inner))


def sentences_of(text: str) -> list[Sentence]:
    return sentences([Block(kind=BlockKind.PARAGRAPH, text=text)])


def _keys(text: str) -> list[str]:
    return [s.key for s in sentences_of(text)]


def evidence(a: _Capture, b: _Capture, support: Support | None = None) -> float:
    """How strongly two captures show an edit between them (see the module doc).

    ``support`` maps a sentence key to the kinds of capture in the group holding it.
    """
    ka, kb = [s.key for s in a.sentences], [s.key for s in b.sentences]
    if ka == kb and a.stream == b.stream:
        return 0.0  # the same sentences in the same order, and the same notes: nothing edited
    matcher = SequenceMatcher(None, ka, kb, autojunk=False)
    matches = [m for m in matcher.get_matching_blocks() if m.size]
    if not matches:
        return 0.0
    first_a, first_b = matches[0].a, matches[0].b
    last_a, last_b = matches[-1].a + matches[-1].size, matches[-1].b + matches[-1].size
    same_kind = a.article.kind == b.article.kind and a.article.kind in TEMPLATE_KINDS
    whole = a.article.kind in WHOLE_SENTENCE_KINDS and b.article.kind in WHOLE_SENTENCE_KINDS
    reworded: list[tuple[Sentence, Sentence]] = []
    inside = 0.0  # runs of prose one capture added inside a paragraph both hold
    runs: list[tuple[_Capture, list[Sentence]]] = []  # sentences one capture has, the other nothing like
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or "".join(ka[i1:i2]) == "".join(kb[j1:j2]):
            continue
        if i1 >= last_a and j1 >= last_b and (a.cut or b.cut):
            continue  # a capture cut off: what follows its end is lost, not edited
        run_a, run_b = a.sentences[i1:i2], b.sentences[j1:j2]
        pairs = pair_changed(run_a, run_b, whole=whole)
        reworded += [(run_a[i], run_b[j]) for i, j in pairs
                     if extended(run_a[i], run_b[j]) or substituted(run_a[i].text, run_b[j].text, whole)]
        edge = (i2 <= first_a and j2 <= first_b) or (i1 >= last_a and j1 >= last_b)
        if edge and not same_kind:
            continue  # headers, mastheads and footers differ between kinds
        runs.append((a, _unexplained(run_a, {i for i, _ in pairs}, run_b)))
        runs.append((b, _unexplained(run_b, {j for _, j in pairs}, run_a)))
        if tag == "delete":
            inside += _inside_paragraph(a, b, i1, i2, j1)
        elif tag == "insert":
            inside += _inside_paragraph(b, a, j1, j2, i1)
    notes = _note_evidence(a, b) + _note_evidence(b, a)
    if same_kind:
        return notes + len(reworded) + sum(_run_evidence(run) for _, run in runs)
    confirmed = sum(_confirmed(holder, b if holder is a else a, run, support or {}) for holder, run in runs)
    return notes + _between_kinds(reworded, [run for _, run in runs], confirmed + inside)


def _inside_paragraph(holder: _Capture, lacker: _Capture, start: int, end: int, at: int) -> float:
    """Prose ``holder`` has in the middle of a paragraph (sentences ``start:end``) where
    ``lacker`` reads the same paragraph without it: written in or cut out by the publisher.

    Readers lose and add whole blocks (a product box, a caption, a pull quote), never
    sentences from inside a paragraph whose both ends they keep. Prints are left out: a
    page's furniture can land inside a paragraph a page break splits.
    """
    if CaptureKind.PDF in (holder.article.kind, lacker.article.kind) or lacker.cut:
        return 0.0
    have, lack = holder.sentences, lacker.sentences
    if not (start > 0 and end < len(have) and 0 < at < len(lack)):
        return 0.0
    run = have[start:end]
    if not all(_prose(s) for s in run) or sum(len(s.text.split()) for s in run) < MIN_RUN_WORDS:
        return 0.0
    around = ((have[start - 1].key, have[start].key), (have[end - 1].key, have[end].key))
    joined = all(pair in holder.inner for pair in around)
    return EDIT_EVIDENCE if joined and (lack[at - 1].key, lack[at].key) in lacker.inner else 0.0


def _confirmed(holder: _Capture, lacker: _Capture, run: list[Sentence], support: Support) -> float:
    """A prose run another kind of capture also holds, which a clip or a dump lacks: edited out.

    Another kind holding it makes it article text, not one reader's furniture; a clip or a
    dump renders every sentence of its version (a raw print or a page's reader may not).
    Between two kinds a paragraph the lacker holds elsewhere says nothing: readers place
    pull quotes and asides differently.
    """
    if lacker.article.kind not in FAITHFUL_KINDS:
        return 0.0
    # A sentence the lacker holds elsewhere was repeated (a pull quote) or moved, not cut.
    others = [s for s in run if _prose(s) and support.get(s.key, frozenset()) - {holder.article.kind}
              and s.key not in lacker.stream]
    return _run_evidence(others)


def _between_kinds(reworded: list[tuple[Sentence, Sentence]], runs: list[list[Sentence]],
                   confirmed: float) -> float:
    """Evidence between captures of two kinds: only prose counts, and only when the two agree
    on the rest (list numbering, product boxes and captions are read differently by kind)."""
    noise = sum(1 for x, y in reworded if _prose(x) or _prose(y))
    if noise > NOISY_SENTENCES:
        return 0.0  # two renderings too far apart for their differences to say anything
    changed = sum(1 for x, y in reworded if _prose(x) and _prose(y))
    return changed + confirmed + min(WEAK_RUN, WEAK_RUN * sum(_run_evidence(run) for run in runs))


def _introduces(sentence: Sentence) -> bool:
    """A sentence of prose that introduces a list ("… in these two categories:")."""
    return sentence.text.endswith(":") and len(sentence.text.split()) >= PROSE_WORDS


def _prose(sentence: Sentence) -> bool:
    return sentence.text[-1:] in SENTENCE_END and len(sentence.text.split()) >= PROSE_WORDS


def _unexplained(run: Sequence[Sentence], paired: set[int], other: Sequence[Sentence]) -> list[Sentence]:
    """Sentences of a run neither reworded in the other nor a piece of (or around) one of its sentences."""
    joined = "".join(s.key for s in other)
    return [s for n, s in enumerate(run) if n not in paired and s.key not in joined
            and not any(o.key in s.key for o in other)]


def _run_evidence(run: Sequence[Sentence]) -> float:
    """A run of whole sentences one capture has and the other, covering the stretch, lacks."""
    whole = [s for s in run if (s.text[-1:] in SENTENCE_END or _introduces(s)) and not note_kind(s.text)]
    return EDIT_EVIDENCE if sum(len(s.text.split()) for s in whole) >= MIN_RUN_WORDS else 0.0


def substituted(old: str, new: str, whole: bool = False) -> bool:
    """Words replaced, not only lost or repeated: each sentence has words the other lacks.

    A print that garbles a line repeats words it has; a cut loses some; an edit changes a
    number or a name, so both sides hold a word the other does not, or one adds a word that
    is no piece of the other's (damage never puts a new word inside a sentence). Captures of whole
    sentences (``whole``: web pages, clips) lose no words: there, words added are an edit too.
    """
    a, b = Counter(words(old)), Counter(words(new))
    if _cut_inside(set(a), set(b), old, new):
        return False
    gone, came = _respelled(a - b, b - a)
    if whole:  # words gone or come, not words said twice (a garbled repeat)
        return bool(set(gone) - set(b) or set(came) - set(a))
    return bool(gone) and bool(came) or bool(_fresh(a, came) or _fresh(b, gone))


def _respelled(gone: Counter[str], came: Counter[str]) -> tuple[Counter[str], Counter[str]]:
    """Leave out word pairs that are one word spelt two ways ("offer" and "offers", a typo
    one reader fixed), and little words: an edit changes words, not their endings."""
    for old in list(gone):
        match = next((new for new in came if came[new] and _one_word(old, new)), None)
        if match is not None:
            same = min(gone[old], came[match])  # "qurʾān" twice one side, "quran" twice the other
            gone[old] -= same
            came[match] -= same
    return _weighty(+gone), _weighty(+came)


def _one_word(old: str, new: str) -> bool:
    """One word spelt two ways: one inside the other, or (no digits: numbers are edited one
    digit at a time) a typo, one letter changed, added or dropped in a word of four or more."""
    if old in new or new in old or _plain(old) == _plain(new):
        return True
    if min(len(old), len(new)) < TYPO_MIN_LETTERS or any(c.isdigit() for c in old + new):
        return False
    if len(old) == len(new):
        return sum(a != b for a, b in zip(old, new, strict=True)) == 1
    short, long = sorted((old, new), key=len)
    return len(long) - len(short) == 1 and any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _plain(word: str) -> str:
    """A word without its accents and modifier letters ("qurʾān" → "quran"): one reader
    transliterates what another keeps."""
    return "".join(c for c in unicodedata.normalize("NFKD", word)
                   if not unicodedata.combining(c) and unicodedata.category(c) != "Lm")


def _weighty(found: Counter[str]) -> Counter[str]:
    """Leave out little words ("a", "of"), which a clean-up adds and drops; numbers stay."""
    return Counter({w: n for w, n in found.items() if len(w) > LITTLE_WORD or any(c.isdigit() for c in w)})


def _fresh(a: Counter[str], added: Counter[str]) -> set[str]:
    """Words ``added`` to ``a`` (respellings left out) that are no piece of a word ``a`` has
    (a garble repeats pieces)."""
    return {w for w in set(added) - set(a) if not any(w in x for x in a)}


def _cut_inside(a: set[str], b: set[str], old: str, new: str) -> bool:
    """One sentence stops without its full stop, its only new word the one cut in two."""
    for text, other in ((old, b), (new, a)):
        found = words(text)
        if found and text.rstrip()[-1:] not in SENTENCE_END and set(found) - other <= {found[-1]}:
            return True
    return False


def _note_evidence(a: _Capture, b: _Capture) -> float:
    """A note ``a`` holds that ``b`` lacks, unless ``b`` was cut off (the note may follow its end)."""
    if b.cut:
        return 0.0
    return EDIT_EVIDENCE if any(key not in b.stream for key in a.notes) else 0.0


def split(articles: Sequence[Article], ids: Sequence[str]) -> list[list[int]]:
    """Indexes of ``articles`` per version, oldest version first; one list when nothing was edited."""
    captures = [_capture(i, cid, a) for i, (cid, a) in enumerate(zip(ids, articles, strict=True))]
    if len(captures) < 2:
        return [list(range(len(captures)))]
    cache: dict[tuple[int, int], float] = {}
    support: dict[str, frozenset[CaptureKind | None]] = {}
    for capture in captures:
        for key in {s.key for s in capture.sentences}:
            support[key] = support.get(key, frozenset()) | {capture.article.kind}

    def between(x: int, y: int) -> float:
        pair = (min(x, y), max(x, y))
        if pair not in cache:
            cache[pair] = evidence(captures[pair[0]], captures[pair[1]], support)
        return cache[pair]

    complete = [c for c in captures if not c.cut] or captures
    clusters = _cluster(complete, between)
    for capture in captures:
        if capture in complete:
            continue
        _join(clusters, capture, between, captures)
    if len(clusters) == 1:
        return [sorted(clusters[0])]
    return _ordered([sorted(c) for c in clusters], captures)


def _similarity(a: _Capture, b: _Capture) -> int:
    keys = {s.key for s in b.sentences}
    return sum(len(s.key) for s in a.sentences if s.key in keys)


def _cluster(captures: list[_Capture], between: _Between) -> list[list[int]]:
    """Complete linkage: merge the two clusters whose members contradict each other least
    (then: share most text) while no two of their members hold an edit between them."""
    clusters = [[c.index] for c in captures]
    shared = {(a.index, b.index): _similarity(a, b) for a in captures for b in captures if a is not b}
    while len(clusters) > 1:
        best: tuple[float, int, int, int] | None = None
        for x in range(len(clusters)):
            for y in range(x + 1, len(clusters)):
                worst = max(between(i, j) for i in clusters[x] for j in clusters[y])
                if worst >= EDIT_EVIDENCE:
                    continue
                overlap = sum(shared[i, j] for i in clusters[x] for j in clusters[y])
                key = (worst, -overlap, x, y)
                if best is None or key < best:
                    best = key
        if best is None:
            break
        _, _, x, y = best
        clusters[x] += clusters.pop(y)
    return clusters


def _join(clusters: list[list[int]], capture: _Capture, between: _Between,
          captures: list[_Capture]) -> None:
    """A cut-off capture joins the cluster it contradicts least, then shares most with.

    It never starts a version of its own: what it lacks may be lost, and what it rewords
    may be a reader's noise, so a version no complete capture shows is not claimed.
    """
    def fit(cluster: list[int]) -> tuple[float, float, int]:
        scores = [between(capture.index, m) for m in cluster]
        shared = sum(_similarity(capture, captures[m]) for m in cluster)
        return max(scores), sum(scores) / len(scores), -shared

    min(clusters, key=fit).append(capture.index)


def _ordered(clusters: list[list[int]], captures: list[_Capture]) -> list[list[int]]:
    """Oldest first: by stated or first-seen time when every version has one, else by notes added."""
    times = [version_time([captures[i].article for i in c])[0] for c in clusters]
    notes = [len(set().union(*(captures[i].notes for i in c))) for c in clusters]
    first = [min(captures[i].id for i in c) for c in clusters]
    if all(t is not None for t in times):
        order = sorted(range(len(clusters)), key=lambda n: (_naive(times[n]), notes[n], first[n]))
    else:
        order = sorted(range(len(clusters)), key=lambda n: (notes[n], _naive(times[n]), first[n]))
    return [clusters[n] for n in order]


def _naive(value: datetime | None) -> datetime:
    if value is None:
        return datetime.max
    return value.replace(tzinfo=None) - (value.utcoffset() or (value - value))


def version_time(articles: Sequence[Article]) -> tuple[datetime | None, str | None]:
    """A version's time: the earliest stated modification, else the earliest capture time."""
    stated = [a.modified for a in articles if a.modified is not None]
    if stated:
        return min(stated, key=_naive), "stated"
    seen = [a.fetched for a in articles if a.fetched is not None]
    if seen:
        return min(seen, key=_naive), "first-seen"
    return None, None


def versions_of(article: Article) -> tuple[ArticleVersion, ...]:
    """An article's versions, oldest first; one never seen edited is its own one version
    (its captures those of its provenance, its time unknown)."""
    if article.versions:
        return article.versions
    captures = article.provenance.captures if article.provenance else ()
    return (ArticleVersion(number=1, captures=captures, article=article),)


def build(reconciled: Sequence[Article], members: Sequence[Sequence[Article]],
          ids: Sequence[Sequence[str]]) -> tuple[ArticleVersion, ...]:
    """The versions, oldest first, from each version's reconciled article and its captures."""
    result: list[ArticleVersion] = []
    previous: Article | None = None
    for number, (article, captures, cids) in enumerate(zip(reconciled, members, ids, strict=True), start=1):
        time, source = version_time(captures)
        notes = _notes(article)
        old_notes = {n.text for n in _notes(previous)} if previous else set()
        added = tuple(n for n in notes if n.text not in old_notes) if previous else ()
        skip = frozenset(s.key for n in notes for s in sentences_of(n.text))
        edits: tuple[Edit, ...] = ()
        if previous is not None:
            skip |= frozenset(s.key for n in _notes(previous) for s in sentences_of(n.text))
            old, new, alike = _compared(previous, article, members[number - 2], captures)
            edits = _supported(diff(old, new, skip=skip), members[number - 2], captures, alike)
        result.append(ArticleVersion(number=number, captures=tuple(sorted(cids)), article=article,
                                     time=time, time_source=source, edits=edits, notes=added))
        previous = article
    return tuple(result)


def _compared(old: Article, new: Article, old_captures: Sequence[Article],
              new_captures: Sequence[Article]) -> tuple[tuple[Block, ...], tuple[Block, ...], bool]:
    """The two bodies whose differences are the edits: two complete captures laid out alike
    (the same site's page before and after) when there are such, else the reconciled bodies.

    Reconciled bodies of two versions may come from different kinds of capture, whose
    furniture and lost passages would read as edits; one template's two captures differ
    only where the publisher changed the text.
    """
    for kind in EDIT_KINDS:
        before = [a for a in old_captures if a.kind is kind and not _cut_off(a)]
        after = [a for a in new_captures if a.kind is kind and not _cut_off(a)]
        if before and after:
            return before[0].blocks, after[0].blocks, True
    return old.blocks, new.blocks, False


def _supported(edits: tuple[Edit, ...], old_captures: Sequence[Article],
               new_captures: Sequence[Article], alike: bool) -> tuple[Edit, ...]:
    """The edits the captures bear out: text removed is in no capture of the new version,
    text added in none of the old (else two readers' renderings differ, not the article);
    between bodies read from different kinds (not ``alike``), only prose edits (a product
    box or a caption one reader keeps is no edit)."""
    before = [_capture(0, "", a) for a in old_captures]
    after = [_capture(0, "", a) for a in new_captures]

    def absent(text: str | None, captures: list[_Capture], inside: bool) -> bool:
        """No capture holds the text: as a sentence, or (``inside``) anywhere in its text."""
        key = letters(text or "")
        if not key:
            return True
        if inside:
            return not any(key in c.stream for c in captures)
        return not any(key == s.key for c in captures for s in c.sentences)

    # A reworded sentence may be a piece of its new wording: only whole sentences count there.
    def prose(text: str | None) -> bool:
        return alike or not text or _prose(Sentence(text, letters(text)))

    return tuple(e for e in edits if (e.action is EditAction.MOVED
                                      or (absent(e.old, after, e.action is EditAction.REMOVED)
                                          and absent(e.new, before, e.action is EditAction.ADDED)))
                 and prose(e.old) and prose(e.new))


def _cut_off(article: Article) -> bool:
    return _capture(0, "", article).cut


def _notes(article: Article | None) -> tuple[UpdateNote, ...]:
    """The update and correction notes of a version, from its body and its notes, once each."""
    if article is None:
        return ()
    found: dict[str, UpdateNote] = {}
    texts = [b.text for b in article.blocks if b.kind is not BlockKind.IMAGE] + list(article.notes)
    for text in texts:
        kind: NoteKind | None = note_kind(text)
        if kind is not None:
            found.setdefault(" ".join(text.split()), UpdateNote(kind=kind, text=" ".join(text.split())))
    return tuple(found.values())
