"""Reading the review's HTML back the way a browser builds it, for exact assertions."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict, parent: "Element | None"):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list = []  # Element or str

    @property
    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text for child in self.children)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list["Element"]:
        return [el for el in self.iter() if (tag is None or el.tag == tag) and (cls is None or cls in el.classes)]

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None)
        self.current = self.root
        self.raw_tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.raw_tags.append(tag)
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.raw_tags.append(tag)
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is None:
            raise AssertionError(f"stray </{tag}>")
        self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    builder.root.raw_tags = builder.raw_tags
    return builder.root


def highlighted(root: Element) -> dict[str, str]:
    """finding id -> the text of every highlight that names it, in order."""
    texts: dict[str, str] = {}
    for mark in root.find_all("mark", "hl"):
        for finding in mark.attrs["data-f"].split():
            texts[finding] = texts.get(finding, "") + mark.text
    return texts
