"""The secretariat's short status per recommendation for one meeting's annex ("kort status"):
one versioned, audited write. Refused once the annex is finalised: the frozen annex carries the
text as it was."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from kkrmonitor.audit import (
    AuditAction,
    Author,
    EditConflict,
    apply_versioned,
    changes_since,
    record,
)
from kkrmonitor.meetings.models import AnnexSnapshot, Meeting, RecommendationBrief
from kkrmonitor.programme.models import Recommendation

MAX_BRIEF_CHARS = 1200


class BriefRefused(ValueError):
    """The brief cannot be written (the annex is finalised, or the recommendation is another
    council's)."""


def briefs_for(meeting: Meeting) -> dict[int, RecommendationBrief]:
    """The meeting's briefs by recommendation id."""
    return {b.recommendation_id: b for b in RecommendationBrief.objects.filter(meeting=meeting)}


@transaction.atomic
def save_brief(author: Author, meeting: Meeting, recommendation: Recommendation, text: str,
               expected_version: int) -> RecommendationBrief:
    """Write the short status of `recommendation` for `meeting`'s annex. `expected_version` is
    the version the editor saw (0 when there was no brief yet); EditConflict when someone saved
    in between. One audit event, not public: the text is public only in the finalised annex."""
    text = "\n".join(line.rstrip() for line in text.strip().splitlines())
    if len(text) > MAX_BRIEF_CHARS:
        raise BriefRefused(f"Den korte status må højst være {MAX_BRIEF_CHARS} tegn.")
    if recommendation.programme.council_id != meeting.council_id:
        raise BriefRefused("Anbefalingen hører ikke til mødets råd.")
    if AnnexSnapshot.objects.filter(meeting=meeting).exists():
        raise BriefRefused("Statusbilaget er afsluttet; den korte status kan ikke ændres.")
    brief = RecommendationBrief.objects.filter(meeting=meeting,
                                               recommendation=recommendation).first()
    if brief is None:
        if expected_version not in (0, 1):
            raise EditConflict(RecommendationBrief(meeting=meeting,
                                                   recommendation=recommendation), [])
        try:
            with transaction.atomic():
                brief = RecommendationBrief.objects.create(meeting=meeting,
                                                           recommendation=recommendation,
                                                           text=text)
        except IntegrityError:  # written by someone else a moment ago
            brief = RecommendationBrief.objects.get(meeting=meeting,
                                                    recommendation=recommendation)
            raise EditConflict(brief, changes_since(brief, 1)) from None
        record(author, AuditAction.CREATE, brief, {"text": [None, text]}, public=False)
        return brief
    diff = apply_versioned(brief, {"text": text}, expected_version or 1)
    if diff:
        RecommendationBrief.objects.filter(pk=brief.pk).update(updated_at=timezone.now())
        record(author, AuditAction.UPDATE, brief, diff, public=False)
    return brief
