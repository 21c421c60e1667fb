"""Text that is about or for software, not a news article: source code, configuration, a
project's README or changelog. Sniffing says no to it (``NotAnArticleError``) rather than
archive a ``.py`` file or a README as a story.

* **source code / configuration**: many lines are code — statements ending in ``;`` ``{``
  ``}`` ``:``, ``def``/``class``/``import`` lines, ``key = value`` and ``[section]`` lines, a
  ``#!`` first line;
* **a README / changelog**: Markdown whose headings are a software project's (Installation,
  Usage, License, Contributing …, or version numbers as in a changelog), with code blocks
  or install commands.
"""

from __future__ import annotations

import re

# Shares of the text's characters, measured on this project's own sources (code 0.6-1.0,
# running text 0-0.2) and on a coding blog post converted whole (code 0.3-0.4, text 0.3).
CODE_SHARE = 0.5  # in lines that read as code: source or configuration …
PROSE_SHARE = 0.25  # … unless this much is in lines of running text (a blog post with code)
PROSE_WORDS = 8  # a line of running text has this many words or more
PROSE_LETTERS = 0.85  # … and is mostly letters and spaces
MIN_LINES = 5  # fewer lines than this are too few to judge
SAMPLE_LINES = 400
PROJECT_HEADINGS = 2  # a README has several of the headings below; an article about software rarely
README_FENCES = 2  # … with this many code blocks (one more heading: any code block or install command)
CHANGELOG_HEADINGS = 3  # "## [1.2.0]", "### Added", "### Fixed"
_CODE_LINE = re.compile(
    r"""\s*(?:
        (?:def|class|import|from\s+\S+\s+import|return|elif|else:|try:|except\b|raise|async\s+def|
           function|const|let|var|public|private|static|package|func|fn|use|module|export|
           \#include|\#define|@\w+)\b.*
      | [}\])]+[;,)]*\s*
      | .*[;{]\s*
      | .*\)\s*:\s*
      | .*\b(?:if|for|while)\b.*:\s*
      | [A-Za-z_][\w.-]*\s*=\s*\S.*
      | \[[\w.\s"-]+\]\s*
      | (?://|/\*)\s.*
      | \"\"\".*
      | [\"'][^\"']*[\"'],?\s*(?:\#.*)?
      | [ \t]+\S.*[,(\[]\s*
      | [ \t]+[\w.]+\(.*\)\s*
    )""", re.X)
# At the left margin (a code sample in a converted page is fenced or indented): a module's
# imports and its top-level definitions.
_IMPORT = re.compile(
    r"^(?:import\s+\w|from\s+[\w.]+\s+import\s|#include\s*[<\"]|use\s+[\w:]+;|package\s+\w)", re.M)
_DEFINITION = re.compile(
    r"^(?:async\s+)?(?:def|class|function|func|fn|interface|struct)\s+\w+\s*[(:<{]", re.M)
MIN_DEFINITIONS = 3
_SHEBANG = re.compile(r"\A#!\s*/")
_PROJECT_HEADING = re.compile(
    r"^#{1,6}\s*(?:installation|install|installing|usage|quick\s*start|quickstart|getting\s+started|"
    r"license|licence|contributing|requirements|dependencies|development|building|build|testing|tests|"
    r"configuration|api|features|examples?|documentation|roadmap|use|how\s+to\s+use)\s*$",
    re.I | re.M)
_CHANGELOG_HEADING = re.compile(
    r"^#{1,6}\s*(?:\[?v?\d+\.\d+(?:\.\d+)?\]?.*|\[?unreleased\]?|added|fixed|changed|deprecated|removed|"
    r"security|change\s*log|changes|release\s+notes)\s*$", re.I | re.M)
_FENCE = re.compile(r"^\s*(?:```|~~~)", re.M)
_COMMAND = re.compile(
    r"^\s*(?:\$\s+)?(?:pip|npm|yarn|cargo|go|brew|apt(?:-get)?|git|make|docker|python3?)\s+\w", re.M)


def software_reason(text: str) -> str | None:
    """Why ``text`` is software rather than an article, or None."""
    if _SHEBANG.match(text):
        return "it is a script (source code)"
    lines = [line for line in text.split("\n", SAMPLE_LINES)[:SAMPLE_LINES] if line.strip()]
    if not _FENCE.search(text) and _IMPORT.search(text) and len(_DEFINITION.findall(text)) >= MIN_DEFINITIONS:
        return "it is source code"
    if len(lines) >= MIN_LINES and not _FENCE.search(text):
        total = sum(len(line) for line in lines)
        code = sum(len(line) for line in lines if _CODE_LINE.fullmatch(line))
        prose = sum(len(line) for line in lines if _is_prose(line))
        if code >= CODE_SHARE * total and prose < PROSE_SHARE * total:
            return "it is source code or configuration"
    if len(_CHANGELOG_HEADING.findall(text)) >= CHANGELOG_HEADINGS:
        return "it is a software changelog"
    headings = len({h.strip().lstrip("#").strip().lower() for h in _PROJECT_HEADING.findall(text)})
    fences = len(_FENCE.findall(text)) // 2
    if (headings >= PROJECT_HEADINGS and fences >= README_FENCES) or \
            (headings >= PROJECT_HEADINGS + 1 and (fences or _COMMAND.search(text))):
        return "it is a software project's README"
    return None


def _is_prose(line: str) -> bool:
    """A line of running text: many words, mostly letters, not a statement or a comment."""
    words = line.split()
    letters = sum(c.isalpha() or c.isspace() for c in line)
    return len(words) >= PROSE_WORDS and letters >= PROSE_LETTERS * len(line) \
        and not line.lstrip().startswith(("#", "//", "*", '"', "'")) and not _CODE_LINE.fullmatch(line)
