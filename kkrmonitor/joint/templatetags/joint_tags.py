"""Template helpers for the joint-effort pages."""

from __future__ import annotations

from collections.abc import Sequence

from django import template

from kkrmonitor.joint.models import JointStage

register = template.Library()


@register.filter
def with_stages(cells: Sequence[str], stages: Sequence[JointStage]) -> list[tuple[JointStage, str]]:
    """A matrix row's cells ("reached", "current", "ahead") beside the stages they are for."""
    return list(zip(stages, cells, strict=False))
