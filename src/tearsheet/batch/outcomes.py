"""The tally of a batch run: how many captures ended how, by stable outcome slug.

Slugs: ``added`` (a capture that started a new article), ``merged`` (a capture
grouped into an article already known), ``duplicate`` (the same bytes are already
stored), ``skipped:<reason>`` (not an article capture: a WARC request record, an
image) and ``failed:<reason>`` (a capture that could not be read: ``timeout``,
``corrupt_pdf``, ``broken_record`` …).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

ADDED = "added"
MERGED = "merged"
DUPLICATE = "duplicate"
SKIPPED = "skipped"
FAILED = "failed"


@dataclass(slots=True)
class Outcomes:
    """A running count of outcome slugs (mutable: the writer counts as it stores)."""

    counts: Counter[str] = field(default_factory=Counter)

    def count(self, slug: str) -> None:
        self.counts[slug] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def new_articles(self) -> int:
        return self.counts[ADDED]

    @property
    def merged(self) -> int:
        return self.counts[MERGED]

    @property
    def added(self) -> int:
        """Captures stored by this run (new articles plus merges)."""
        return self.new_articles + self.merged

    @property
    def duplicates(self) -> int:
        return self.counts[DUPLICATE]

    def by_reason(self, kind: str) -> dict[str, int]:
        """``{reason: count}`` for ``kind`` ``skipped`` or ``failed``, most frequent first."""
        prefix = f"{kind}:"
        found = {slug[len(prefix):]: n for slug, n in self.counts.items() if slug.startswith(prefix)}
        return dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))

    def rows(self) -> list[tuple[str, int]]:
        """The report: the headline counts, then skipped and failed by reason."""
        rows = [("captures added", self.added), ("  new articles", self.new_articles),
                ("  merged into known articles", self.merged), ("duplicates", self.duplicates)]
        for kind in (SKIPPED, FAILED):
            reasons = self.by_reason(kind)
            rows.append((kind, sum(reasons.values())))
            rows.extend((f"  {reason}", n) for reason, n in reasons.items())
        known = {ADDED, MERGED, DUPLICATE}
        rows.extend((slug, n) for slug, n in sorted(self.counts.items())
                    if slug not in known and ":" not in slug)
        rows.append(("total", self.total))
        return rows
