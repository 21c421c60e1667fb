"""PURE: recognise captures of one article (group) and merge them with provenance (reconcile).

    fingerprint(article) → Fingerprint   what grouping compares (persistable: to_bytes)
    lsh_keys(fp)                          band keys: captures sharing one are candidates
    same_article(a, b), same_story(a, b)  the decision rules run on candidates
    group(items) → [Group]                captures of one article, "same story" links
    reconcile(group or items, version=N)  one canonical article with provenance/conflicts; the
                                          latest version of an edited article, all in .versions
    split(articles, ids) → [[index]]      captures per version, oldest first (``versions``)
    diff(old_blocks, new_blocks) → Edits  sentence-level edits between two bodies (``edits``)

Only ``TearsheetError``s leave ``group`` and ``reconcile``: a bug inside them becomes a
``ReconcileError`` chained from its cause (``boundary``).
"""

from tearsheet.reconcile.edits import diff
from tearsheet.reconcile.fingerprint import Fingerprint, fingerprint, lsh_keys, same_article, same_story
from tearsheet.reconcile.grouping import Group, group
from tearsheet.reconcile.reconciler import reconcile
from tearsheet.reconcile.versions import split

__all__ = ["Fingerprint", "Group", "diff", "fingerprint", "group", "lsh_keys", "reconcile", "same_article",
           "same_story", "split"]
