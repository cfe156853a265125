"""What a browser would submit: the fields of a form in a page, read with the standard
library's HTML parser, so tests can post back exactly what the server rendered."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any


class _FormReader(HTMLParser):
    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text = ""
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
            return
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the one newline right after <textarea>.
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_data(html: str, action: str) -> dict[str, str | list[str]]:
    """The values of the form posting to `action`; repeated names become lists."""
    reader = _FormReader(action)
    reader.feed(html)
    data: dict[str, str | list[str]] = {}
    for name, value in reader.fields:
        if name in data:
            existing = data[name]
            data[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            data[name] = value
    assert data, f"no form posting to {action}"
    return data


def text_of(response: Any) -> str:
    """The page's visible text with tags removed and white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def alma_saves_first(url: str, erik: Any, alma: Any, **alma_changes: str) -> dict:
    """Erik and Alma open the same form; Alma saves `alma_changes`. Returns what Erik saw, so
    that his save is on top of a version that is no longer current."""
    seen_by_erik = form_data(erik.get(url).content.decode(), url)
    seen_by_alma = form_data(alma.get(url).content.decode(), url)
    assert alma.post(url, {**seen_by_alma, **alma_changes}).status_code == 302
    return seen_by_erik
