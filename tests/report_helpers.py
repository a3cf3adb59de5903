"""Helpers shared by the report tests (not a test module): an HTML structure check.

:func:`parse_report` reads a page with :mod:`html.parser` and records what the
tests assert on: unbalanced tags, section ids, every attribute value, tags
that would load something, and the visible text.
"""

from __future__ import annotations

from html.parser import HTMLParser

import attrs

# HTML void elements: they have no end tag.
VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
# Attributes through which a page loads or links something.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href", "background"}
)
LOADING_TAGS = frozenset(
    {
        "script",
        "link",
        "iframe",
        "object",
        "embed",
        "img",
        "audio",
        "video",
        "source",
        "base",
        "form",
    }
)


@attrs.define
class Parsed:
    """What :func:`parse_report` found."""

    problems: list[str] = attrs.field(factory=list)
    sections: list[str] = attrs.field(factory=list)
    ids: list[str] = attrs.field(factory=list)
    attributes: list[tuple[str, str, str]] = attrs.field(factory=list)
    tags: list[str] = attrs.field(factory=list)
    text: list[str] = attrs.field(factory=list)
    styles: list[str] = attrs.field(factory=list)

    @property
    def visible_text(self) -> str:
        return " ".join(" ".join(self.text).split())


class _Checker(HTMLParser):
    def __init__(self, parsed: Parsed) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = parsed
        self.stack: list[str] = []
        self.in_style = False

    def _record(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        self.parsed.tags.append(tag)
        for name, value in attrs_:
            self.parsed.attributes.append((tag, name, value or ""))
            if name == "id" and value:
                self.parsed.ids.append(value)
                if tag == "section":
                    self.parsed.sections.append(value)

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        self._record(tag, attrs_)
        if tag not in VOID:
            self.stack.append(tag)
        self.in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        self._record(tag, attrs_)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.parsed.problems.append(f"end tag for void element <{tag}>")
            return
        if not self.stack or self.stack[-1] != tag:
            top = self.stack[-1] if self.stack else "nothing"
            self.parsed.problems.append(f"</{tag}> closes <{top}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        self.in_style = False

    def handle_data(self, data: str) -> None:
        (self.parsed.styles if self.in_style else self.parsed.text).append(data)


def parse_report(page: str) -> Parsed:
    """Parse *page*; ``problems`` lists unbalanced tags and duplicate ids."""
    parsed = Parsed()
    checker = _Checker(parsed)
    checker.feed(page)
    checker.close()
    if checker.stack:
        parsed.problems.append(f"unclosed tags: {checker.stack}")
    seen: set[str] = set()
    for value in parsed.ids:
        if value in seen:
            parsed.problems.append(f"duplicate id {value!r}")
        seen.add(value)
    return parsed


def external_references(parsed: Parsed) -> list[str]:
    """Attribute values and CSS that would make a browser load or link something."""
    found = [
        f"<{tag} {name}={value!r}>"
        for tag, name, value in parsed.attributes
        if name in URL_ATTRIBUTES and not value.startswith("data:")
    ]
    found += [f"<{tag}>" for tag in parsed.tags if tag in LOADING_TAGS]
    for css in parsed.styles:
        if "url(" in css or "@import" in css:
            found.append("a url() or @import in the stylesheet")
    found += [
        f"<{tag} style={value!r}>"
        for tag, name, value in parsed.attributes
        if name == "style" and "url(" in value
    ]
    return found
