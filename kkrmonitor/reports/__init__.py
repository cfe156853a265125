"""Reports made as documents: a small document model (headings, paragraphs, bullet lists,
tables) and its Word and PDF renderers, shared with the meeting's status annex; and the
programme report (the annual and the end-of-term report)."""
