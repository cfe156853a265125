"""Kept for imports written before kkrmonitor.audit existed; new code imports from there."""

from kkrmonitor.audit.recording import Author, changes_between, plain, record, snapshot

__all__ = ["Author", "changes_between", "plain", "record", "snapshot"]
