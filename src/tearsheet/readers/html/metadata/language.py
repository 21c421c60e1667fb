"""A guess at the language of a page that does not state one (no ``lang``, no meta).

Only a fallback, from the title and description: the writing system decides for
scripts used by one main language (Hangul → ko, kana → ja, Greek, Thai, Hebrew …);
for Latin and Cyrillic text, the language whose most common short words occur most
often. Returns None when the evidence is thin, rather than guessing wrong.
"""

from __future__ import annotations

import re

MIN_STOPWORD_HITS = 2  # fewer matches are chance ("a", "de" occur in many languages)
_WORD = re.compile(r"[^\W\d_]+")
# The most frequent short function words of each language (lower case).
_STOPWORD_TEXT = {
    "en": "the of and to in is for on with that by as at from are was it this be an",
    "pt": "o os as do da dos das em para com que uma um não no na por se mais",
    "es": "el los las del la en para con que una un no por se más al es y",
    "fr": "le les des du la en pour avec que une un pas par se plus au est et dans",
    "de": "der die das und den dem des zu mit ist im für auf ein eine nicht sich von",
    "it": "il gli lo le della del di per con che una un non nel nella si più è e",
    "nl": "de het een en van in op met voor dat niet zijn is aan bij",
    "id": "yang dan di ke dari untuk dengan ini itu dalam tidak akan pada",
    "ru": "и в на не что с по как это из за от для к о он она",
    "uk": "і в на не що з по як це із за від для до та",
}
STOPWORDS = {lang: frozenset(words.split()) for lang, words in _STOPWORD_TEXT.items()}
# Scripts that (almost) settle the language on their own: (first, last code point, language).
SCRIPTS = (
    (0xAC00, 0xD7AF, "ko"), (0x1100, 0x11FF, "ko"), (0x3040, 0x30FF, "ja"), (0x0370, 0x03FF, "el"),
    (0x0E00, 0x0E7F, "th"), (0x0590, 0x05FF, "he"), (0x0600, 0x06FF, "ar"), (0x0900, 0x097F, "hi"),
)
_HAN = (0x4E00, 0x9FFF)
MIN_SCRIPT_SHARE = 0.2  # of the letters, for a script to decide


def guess_language(text: str) -> str | None:
    """The primary language subtag of ``text``, or None when unsure."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    by_script = _by_script(letters)
    if by_script:
        return by_script
    words = [w.casefold() for w in _WORD.findall(text)]
    scores = {lang: sum(w in stop for w in words) for lang, stop in STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < MIN_STOPWORD_HITS or ranked[0] == ranked[1]:
        return None
    return best


def _by_script(letters: list[str]) -> str | None:
    counts: dict[str, int] = {}
    han = 0
    for ch in letters:
        code = ord(ch)
        if _HAN[0] <= code <= _HAN[1]:
            han += 1
            continue
        for first, last, lang in SCRIPTS:
            if first <= code <= last:
                counts[lang] = counts.get(lang, 0) + 1
                break
    if "ja" in counts and counts["ja"] >= MIN_SCRIPT_SHARE * len(letters) / 4:
        return "ja"  # kana among Han characters: Japanese (kana are a minority of its letters)
    for lang, count in sorted(counts.items(), key=lambda item: -item[1]):
        if count >= MIN_SCRIPT_SHARE * len(letters):
            return lang
    return "zh" if han >= MIN_SCRIPT_SHARE * len(letters) * 2 else None
