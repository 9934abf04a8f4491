"""The PDF object graph as one channel: its strings read for detection, scrubbed and verified.

Scrub and verify used to know a fixed list of places (metadata, XMP, notes, links, widgets,
outline, page labels, layers). A PDF carries strings in many more: rich-text notes, link and
outline actions, named destinations, the structure tree, page-piece dictionaries, article
threads, custom document-info keys, XMP streams on any object, metadata inside JPEG images; and
personal data got out through them. So this module walks every object once and treats every
string (and every name that is not PDF vocabulary) as text that may hold what was redacted.

Left out on purpose: the content of page content streams and form XObjects (page text is read,
redacted and verified by text extraction) and font programs and image data (no text). Works on
``doc.xref_object`` source text and rewrites objects with ``doc.update_object``; the low-level
binding is only asked for MuPDF's table of PDF names (the vocabulary).
"""

from __future__ import annotations

import html
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple, TypeVar

import pymupdf

T = TypeVar("T")

# -- tokenizer -----------------------------------------------------------------------------------

_WS = "\x00\t\n\x0c\r "
_DELIM = r"\x00\t\n\x0c\r /<>\[\]()%{}"
_LEX = re.compile(
    rf"(?P<ws>[{_WS}]+|%[^\r\n]*)"
    r"|(?P<dopen><<)|(?P<dclose>>>)|(?P<aopen>\[)|(?P<aclose>\])"
    r"|(?P<hex><[^<>]*>)|(?P<flat>\((?:[^()\\]|\\.)*\))|(?P<lit>\()"
    rf"|(?P<name>/[^{_DELIM}]*)"
    rf"|(?P<other>[^{_DELIM}]+|.)",
    re.S,
)
_PAREN = re.compile(r"[()\\]")
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|(\r\n|\r|\n)|(.))|(\r\n?)", re.S)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_NOT_HEX = re.compile(r"[^0-9A-Fa-f]")

# PDFDocEncoding where it differs from Latin-1 (PDF 32000-1, annex D)
_PDFDOC = {
    0x18: "\u02d8", 0x19: "\u02c7", 0x1A: "\u02c6", 0x1B: "\u02d9", 0x1C: "\u02dd",
    0x1D: "\u02db", 0x1E: "\u02da", 0x1F: "\u02dc", 0x80: "\u2022", 0x81: "\u2020",
    0x82: "\u2021", 0x83: "\u2026", 0x84: "\u2014", 0x85: "\u2013", 0x86: "\u0192",
    0x87: "\u2044", 0x88: "\u2039", 0x89: "\u203a", 0x8A: "\u2212", 0x8B: "\u2030",
    0x8C: "\u201e", 0x8D: "\u201c", 0x8E: "\u201d", 0x8F: "\u2018", 0x90: "\u2019",
    0x91: "\u201a", 0x92: "\u2122", 0x93: "\ufb01", 0x94: "\ufb02", 0x95: "\u0141",
    0x96: "\u0152", 0x97: "\u0160", 0x98: "\u0178", 0x99: "\u017d", 0x9A: "\u0131",
    0x9B: "\u0142", 0x9C: "\u0153", 0x9D: "\u0161", 0x9E: "\u017e", 0xA0: "\u20ac",
}  # fmt: skip
_PDFDOC_INVERSE = {ord(ch): code for code, ch in _PDFDOC.items()}


class Token(NamedTuple):
    """One lexical token of an object's source; ``body`` is a literal string's inside."""

    kind: str  # string | hex | name | dopen | dclose | aopen | aclose | other
    start: int
    end: int
    text: str
    body: str = ""


def tokenize(src: str) -> list[Token]:
    """The tokens of PDF object source (whitespace and comments dropped)."""
    out: list[Token] = []
    for m in _LEX.finditer(src):  # fast path: no literal string with parentheses inside
        kind = m.lastgroup
        if kind == "lit":
            return _tokenize(src)
        if kind == "flat":
            out.append(Token("string", m.start(), m.end(), m.group(), m.group()[1:-1]))
        elif kind != "ws":
            out.append(Token(kind or "other", m.start(), m.end(), m.group()))
    return out


def _tokenize(src: str) -> list[Token]:
    """``tokenize`` one token at a time, for literal strings with nested parentheses."""
    out: list[Token] = []
    pos, n = 0, len(src)
    while pos < n:
        m = _LEX.match(src, pos)
        assert m is not None  # the last alternative matches any character
        kind = m.lastgroup or "other"
        if kind in ("lit", "flat"):
            end, body_end = _literal_end(src, m.end())
            out.append(Token("string", pos, end, src[pos:end], src[pos + 1 : body_end]))
            pos = end
            continue
        if kind != "ws":
            out.append(Token(kind, pos, m.end(), m.group()))
        pos = m.end()
    return out


def _literal_end(src: str, pos: int) -> tuple[int, int]:
    """End of the literal string whose body starts at ``pos`` (balanced parentheses, escapes);
    returns (token end, body end). An unterminated string runs to the end of the source."""
    depth = 1
    while True:
        m = _PAREN.search(src, pos)
        if m is None:
            return len(src), len(src)
        ch = m.group()
        if ch == "\\":
            pos = m.end() + 1
            continue
        depth += 1 if ch == "(" else -1
        pos = m.end()
        if depth == 0:
            return pos, pos - 1


def literal_bytes(body: str) -> bytes:
    """The bytes of a literal string body: escapes, octal codes and line continuations undone."""

    def repl(m: re.Match[str]) -> str:
        if m.group(1):
            return chr(int(m.group(1), 8) & 0xFF)
        if m.group(2):
            return ""  # backslash at the end of a line: the string continues
        if m.group(3) is not None:
            return _ESCAPES.get(m.group(3), m.group(3))
        return "\n"  # an unescaped end of line is a line feed

    text = _ESCAPE.sub(repl, body)
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:  # not MuPDF output (which is ASCII): keep what was meant
        return text.encode("utf-8")


def hex_bytes(token_text: str) -> bytes:
    """The bytes of a hex string token ``<…>`` (whitespace ignored, odd digit padded)."""
    digits = _NOT_HEX.sub("", token_text[1:-1])
    if len(digits) % 2:
        digits += "0"
    return bytes.fromhex(digits)


def string_bytes(token: Token) -> bytes:
    return literal_bytes(token.body) if token.kind == "string" else hex_bytes(token.text)


def decode_text(data: bytes) -> str:
    """A PDF text string: UTF-16 or UTF-8 with a byte-order mark, else PDFDocEncoding."""
    if data[:2] == b"\xfe\xff":
        return data[2:].decode("utf-16-be", "replace")
    if data[:2] == b"\xff\xfe":  # not allowed, but written by some tools
        return data[2:].decode("utf-16-le", "replace")
    if data[:3] == b"\xef\xbb\xbf":
        return data[3:].decode("utf-8", "replace")
    return data.decode("latin-1").translate(_PDFDOC)


def decode_name(token_text: str) -> str:
    """A name token without its slash, ``#xx`` escapes decoded (UTF-8, else Latin-1)."""
    raw = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), token_text[1:].encode())
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def encode_string(text: str, utf16: bool = False) -> str:
    """A hex string token for ``text``: PDFDocEncoding when it fits and ``utf16`` is not asked
    (so an ASCII URI stays ASCII bytes), else UTF-16BE with a byte-order mark."""
    if not utf16:
        codes = []
        for ch in text:
            o = ord(ch)
            if o in _PDFDOC_INVERSE:
                codes.append(_PDFDOC_INVERSE[o])
            elif o < 256 and o not in _PDFDOC:
                codes.append(o)
            else:
                break
        else:
            return "<" + bytes(codes).hex().upper() + ">"
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def encode_name(name: str) -> str:
    """A name token for ``name``: delimiters, whitespace, ``#`` and non-ASCII as ``#xx``."""
    out = []
    for b in name.encode("utf-8"):
        ch = chr(b)
        if b < 0x21 or b > 0x7E or ch in "#/<>[]()%{}":
            out.append(f"#{b:02X}")
        else:
            out.append(ch)
    return "/" + "".join(out)


# -- structure -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """A string or name token with where it sits: the dictionary keys leading to it."""

    token: Token
    path: tuple[str, ...]
    is_key: bool = False

    @property
    def where(self) -> str:
        return "/" + "/".join(self.path) if self.path else "(object)"


@dataclass
class Entry:
    """A top-level dictionary entry: the key, and the source spans of the entry and its value."""

    key: str
    start: int
    value_start: int
    end: int


@dataclass
class Parsed:
    """An object's strings and names (``items``) and its top-level dictionary entries."""

    items: list[Item] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    is_dict: bool = False

    def value(self, src: str, key: str) -> str:
        """Source text of a top-level key's value ('' when absent)."""
        for e in self.entries:
            if e.key == key:
                return src[e.value_start : e.end].strip()
        return ""

    def type_name(self, src: str) -> str:
        """The top-level /Type name ('' when none)."""
        value = self.value(src, "Type")
        return decode_name(value) if value.startswith("/") else ""


def parse(src: str, names: bool = True) -> Parsed:
    """Strings (and names if ``names``) of an object with their key paths, plus the top-level
    entries. A dictionary alternates key and value; ``n 0 R`` is one value of three tokens."""
    out = Parsed()
    stack: list[list] = []  # per open container: [is_dict, current key, expecting a key]
    for tok in tokenize(src):
        kind = tok.kind
        in_dict = bool(stack) and stack[-1][0]
        if kind == "name" and in_dict and stack[-1][2]:
            key = decode_name(tok.text)
            if names:
                path = tuple(f[1] for f in stack[:-1] if f[0] and f[1] is not None)
                out.items.append(Item(tok, path, is_key=True))
            stack[-1][1], stack[-1][2] = key, False
            if len(stack) == 1:
                out.entries.append(Entry(key, tok.start, tok.end, tok.end))
            continue
        if kind in ("dopen", "aopen"):
            if not stack and kind == "dopen":
                out.is_dict = True
            stack.append([kind == "dopen", None, True])
            continue
        if kind in ("dclose", "aclose"):
            if stack:
                stack.pop()
            if stack and stack[-1][0]:
                stack[-1][2] = True
            if len(stack) == 1 and out.entries:
                out.entries[-1].end = tok.end
            continue
        if kind in ("string", "hex") or (kind == "name" and names):
            path = tuple(f[1] for f in stack if f[0] and f[1] is not None)
            out.items.append(Item(tok, path))
        if in_dict and not (stack[-1][2] and kind == "other"):
            stack[-1][2] = True  # the value is complete ("0 R" of a reference changes nothing)
        if len(stack) == 1 and out.entries:
            out.entries[-1].end = tok.end
    return out


def apply_edits(src: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """``src`` with the spans replaced; a span inside an earlier (wider) one is dropped."""
    parts, pos = [], 0
    for start, end, new in sorted(edits, key=lambda e: (e[0], -e[1])):
        if start < pos:
            continue
        parts.append(src[pos:start])
        parts.append(new)
        pos = end
    parts.append(src[pos:])
    return "".join(parts)


# -- vocabulary ----------------------------------------------------------------------------------

_EXTRA_VOCABULARY = """
Document DocumentFragment Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference
BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form Title Aside Sub Em
Strong Artifact Pagination Layout Page Header Footer Watermark Background Top Bottom Left Right
Text FreeText Line Square Circle Polygon PolyLine Highlight Underline Squiggly StrikeOut Stamp
Caret Ink Popup FileAttachment Sound Movie Widget Screen PrinterMark TrapNet Redact Projection
Helvetica Courier Times Symbol ZapfDingbats Arial Roman Bold Italic Oblique
Cyan Magenta Yellow Black All None Approved Experimental NotApproved AsIs Expired
NotForPublicRelease Confidential Final Sold Departmental ForComment TopSecret Draft
ForPublicRelease Comment Key Help NewParagraph Paragraph Insert GoTo GoToR GoToE URI Named
Launch Thread Hide SubmitForm ResetForm ImportData JavaScript Rendition Trans GoTo3DView
NextPage PrevPage FirstPage LastPage XYZ Fit FitH FitV FitR FitB FitBH FitBV View Design Print
Export ON OFF Unchanged Off On Yes No WinAnsiEncoding MacRomanEncoding StandardEncoding
"""


def _vocabulary() -> frozenset[str]:
    """PDF names that are vocabulary, not data: MuPDF's name table plus common values."""
    words = set(_EXTRA_VOCABULARY.split())
    try:
        from pymupdf import mupdf

        for attr in dir(mupdf):
            if attr.startswith("PDF_ENUM_NAME_"):
                words.add(mupdf.pdf_to_name(mupdf.PdfObj(getattr(mupdf, attr))))
    except Exception:  # an older or trimmed binding: the list above still covers the basics
        pass
    return frozenset(w for w in words if w)


VOCABULARY = _vocabulary()
# names of fonts are product names, not data about anyone (and renaming them changes the look)
FONT_NAME_KEYS = frozenset({"BaseFont", "FontName", "FontFamily"})

# -- the walk ------------------------------------------------------------------------------------

_REF = re.compile(r"(\d+)\s+\d+\s+R\b")
_TYPE = re.compile(r"/Type\s*/([^\x00\t\n\x0c\r /<>\[\]()%{}]+)")
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
TEXT_STREAM_SHARE = 0.85  # share of printable ASCII bytes that makes a stream text
PRINTABLE_SHARE = 0.9  # share of printable characters that makes a string text
MAX_STREAM_TEXT = 64_000  # characters of one metadata stream or attachment fed to detection
MAX_PROBLEMS = 10  # objects named in verify's report; the rest are counted


# what ``redact.secret_patterns`` makes: whole word, any whitespace between the characters
_SECRET_SHAPE = re.compile(r"\(\?<!\\w\)((?:\\?.)(?:\\s\*\\?.)*)\(\?!\\w\)", re.S)
MAX_TRIE_KEY = 200  # longer keys go in the plain alternation (regex nesting depth)


def _secret_key(p: re.Pattern[str]) -> str | None:
    """The compact lower-case text of a pattern of the ``secret_patterns`` shape, else None."""
    m = _SECRET_SHAPE.fullmatch(p.pattern)
    if m is None or p.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL) != re.IGNORECASE:
        return None
    key = "".join(piece[-1] for piece in m.group(1).split(r"\s*"))
    rebuilt = r"(?<!\w)" + r"\s*".join(re.escape(ch) for ch in key) + r"(?!\w)"
    if rebuilt != p.pattern or len(key) > MAX_TRIE_KEY or key != key.lower():
        return None  # not exactly that shape: an alternative of its own
    return key


def _trie_regex(keys: Iterable[str]) -> str:
    """One regex for many keys, shared prefixes factored out, whitespace allowed between any
    two characters: a scan costs about the same for 10 keys or 10,000."""
    root: dict = {}
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = []
        for ch in sorted(c for c in node if c):
            child = node[ch]
            rest = emit(child)
            if rest:
                tail = r"\s*" + rest
                alts.append(re.escape(ch) + (f"(?:{tail})?" if "" in child else tail))
            else:
                alts.append(re.escape(ch))
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return r"(?i:(?<!\w)" + emit(root) + r"(?!\w))"


def combine(secrets: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern for all secrets: one scan per text. Patterns of the ``secret_patterns`` shape
    become a trie (a plain alternation of hundreds is a hundred times slower); any other
    pattern is an alternative of its own with its flags, longest first, so "Jan Jansen" is
    replaced whole rather than "Jan" alone. Cached: scrub and verify ask for the same set."""
    if not secrets:
        return None
    return _combine(tuple((p.pattern, p.flags) for p in secrets))


@lru_cache(maxsize=4)
def _combine(secrets: tuple[tuple[str, int], ...]) -> re.Pattern[str]:
    keys, others = set(), []
    for p in (re.compile(pattern, flags) for pattern, flags in secrets):
        key = _secret_key(p)
        if key:
            keys.add(key)
        else:
            others.append(p)
    parts = [_trie_regex(keys)] if keys else []
    for p in sorted(others, key=lambda p: -len(p.pattern)):
        flags = "".join(
            letter
            for flag, letter in ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"))
            if p.flags & flag
        )
        parts.append(f"(?{flags}:{p.pattern})" if flags else f"(?:{p.pattern})")
    return re.compile("|".join(parts))


def _source(doc: pymupdf.Document, xref: int) -> str | None:
    try:
        src = doc.xref_object(xref, compressed=False)
    except Exception:  # a free or broken object
        return None
    return src if src and src != "null" else None


def _has_strings(src: str) -> bool:
    return "(" in src or "<" in src.replace("<<", "")


_NAME_TOKEN = re.compile(rf"/([^{_DELIM}]+)")


def _odd_names(src: str) -> bool:
    """Whether the object may hold a name that is not PDF vocabulary (a cheap superset)."""
    return any(
        n not in VOCABULARY and ("#" not in n or decode_name("/" + n) not in VOCABULARY)
        for n in set(_NAME_TOKEN.findall(src))
    )


def _ref_xref(doc: pymupdf.Document, xref: int, key: str) -> int:
    kind, value = doc.xref_get_key(xref, key)
    return int(value.split()[0]) if kind == "xref" else 0


@dataclass(frozen=True)
class _Graph:
    """What deciding which names carry data needs: the catalog and the /Dests dictionary."""

    catalog: int
    dests: int

    @classmethod
    def of(cls, doc: pymupdf.Document) -> _Graph:
        catalog = doc.pdf_catalog()
        return cls(catalog, _ref_xref(doc, catalog, "Dests"))

    def relevant_name(self, item: Item, xref: int) -> bool:
        """Names that can carry data: keys of the /Dests dictionary, and values that are not
        PDF vocabulary or font names. Other keys are vocabulary or resource names."""
        if item.is_key:
            return (xref == self.dests and not item.path) or (
                xref == self.catalog and item.path == ("Dests",)
            )
        if item.path and item.path[-1] in FONT_NAME_KEYS:
            return False
        return decode_name(item.token.text) not in VOCABULARY

    def texts(self, src: str, xref: int, parsed: Parsed | None = None) -> list[tuple[Item, str]]:
        """The decoded strings and data-carrying names of one object, with their items."""
        names = xref in (self.catalog, self.dests) or _odd_names(src)
        if parsed is None:
            if not names and not _has_strings(src):
                return []
            parsed = parse(src, names=names)
        out = []
        for item in parsed.items:
            if item.token.kind != "name":
                out.append((item, decode_text(string_bytes(item.token))))
            elif self.relevant_name(item, xref):
                out.append((item, decode_name(item.token.text)))
        return out


def _hits(texts: list[tuple[Item, str]], pattern: re.Pattern[str]) -> list[tuple[Item, str]]:
    """The texts that match; one scan over all of them first (NUL keeps them apart)."""
    if not texts or not pattern.search("\x00".join(t for _, t in texts)):
        return []
    return [(item, text) for item, text in texts if pattern.search(text)]


def content_xrefs(doc: pymupdf.Document) -> set[int]:
    """The page content streams (an indirect /Contents array is followed)."""
    out: set[int] = set()
    for i in range(doc.page_count):
        try:
            kind, value = doc.xref_get_key(doc.page_xref(i), "Contents")
        except Exception:
            continue
        refs = [int(r) for r in _REF.findall(value)]
        if kind == "xref" and refs and not doc.xref_is_stream(refs[0]):
            refs = [int(r) for r in _REF.findall(_source(doc, refs[0]) or "")]  # an array
        out.update(refs)
    return out


def _name_value(doc: pymupdf.Document, xref: int, key: str) -> str:
    kind, value = doc.xref_get_key(xref, key)
    return value[1:] if kind == "name" else ""


def stream_kind(doc: pymupdf.Document, xref: int, content: set[int]) -> str:
    """content | image | font | internal | metadata | embedded | other (for a stream xref)."""
    if xref in content:
        return "content"
    type_, subtype = _name_value(doc, xref, "Type"), _name_value(doc, xref, "Subtype")
    if type_ in ("ObjStm", "XRef"):
        return "internal"
    if subtype in ("Form", "PS") or doc.xref_get_key(xref, "PatternType")[0] != "null":
        return "content"  # drawn content: its text is page text
    if subtype == "Image":
        return "image"
    if type_ == "Metadata" or subtype == "XML":
        return "metadata"
    if type_ == "EmbeddedFile":
        return "embedded"
    if subtype in ("Type1C", "CIDFontType0C", "OpenType") or (
        doc.xref_get_key(xref, "Length1")[0] != "null"
    ):
        return "font"
    return "other"


def stream_holds(text: str, pattern: re.Pattern[str]) -> bool:
    """A secret in a decoded stream: in its bytes as text, or in one of its string tokens
    (an orphaned content stream writes "Jansen" as ``<4a616e73656e>``)."""
    if pattern.search(text) or pattern.search(html.unescape(text)):
        return True
    if "(" not in text and "<" not in text:
        return False
    return any(
        pattern.search(decode_text(string_bytes(tok)))
        for tok in tokenize(text)
        if tok.kind in ("string", "hex")
    )


def _any_text(data: bytes) -> str:
    """A stream as text even when it is mostly binary (a damaged stream can still hold PDF
    syntax with strings in it): its text decoding, else Latin-1 byte for byte."""
    return _stream_text(data) or data.decode("latin-1")


def _stream_text(data: bytes) -> str | None:
    """A decoded stream as text, or None when it is binary."""
    if data[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return data.decode("utf-16", "replace")
    if not data:
        return None
    sample = data[:65536]
    if len(sample.translate(None, _PRINTABLE_ASCII)) > (1 - TEXT_STREAM_SHARE) * len(sample):
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _printable(text: str, data: bytes) -> bool:
    """Text, not a binary string (an /ID, a /Panose): mostly printable, mostly ASCII bytes."""
    if not text:
        return False
    shown = sum(1 for ch in text if ch.isprintable() or ch in "\t\n\r")
    if shown < PRINTABLE_SHARE * len(text):
        return False
    if data[:2] in (b"\xfe\xff", b"\xff\xfe", b"\xef\xbb"):
        return True
    return sum(1 for b in data if b < 0x80) >= 0.7 * len(data)


@dataclass(frozen=True)
class GraphString:
    """A string of the object graph: its object, where in it, and its text."""

    xref: int
    where: str
    text: str


_XML_TEXT = re.compile(r">([^<]+)<")
_XML_ATTR = re.compile(r"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def xml_texts(xml: str) -> list[str]:
    """Element text and attribute values of XML (XMP), entities decoded; namespaces left out."""
    out = [m.group(1) for m in _XML_TEXT.finditer(xml)]
    for m in _XML_ATTR.finditer(xml):
        if not m.group(1).startswith(("xmlns", "xml:", "rdf:about", "x:xmptk")):
            out.append(m.group(2) if m.group(2) is not None else m.group(3))
    return [html.unescape(t).strip() for t in out if t and t.strip()]


def _settled(doc: pymupdf.Document, walk: Callable[[], T]) -> T:
    """``walk()``, and once more if MuPDF repaired the file meanwhile: a repair rebuilds the
    object table from the file, so what the walk read or changed before it may be gone."""
    repaired = doc.is_repaired
    result = walk()
    if doc.is_repaired and not repaired:
        result = walk()
    return result


def iter_strings(doc: pymupdf.Document) -> Iterator[GraphString]:
    """Every printable string of the object graph, and the text of metadata streams and
    attachments; not page content, form XObject content, font programs or binary strings."""
    yield from _settled(doc, lambda: list(_strings(doc)))


def _strings(doc: pymupdf.Document) -> Iterator[GraphString]:
    content = content_xrefs(doc)
    graph = _Graph.of(doc)
    for xref in range(1, doc.xref_length()):
        src = _source(doc, xref)
        if src is None:
            continue
        names = xref in (graph.catalog, graph.dests)  # named destinations (PDF 1.1 style)
        if names or _has_strings(src):
            for item in parse(src, names=names).items:
                if item.token.kind == "name":
                    if item.is_key and graph.relevant_name(item, xref):
                        yield GraphString(xref, item.where, decode_name(item.token.text))
                    continue
                data = string_bytes(item.token)
                text = decode_text(data)
                if _printable(text, data):
                    yield GraphString(xref, item.where, text)
        if xref in content or not doc.xref_is_stream(xref):
            continue
        kind = stream_kind(doc, xref, content)
        if kind not in ("metadata", "embedded"):
            continue
        try:
            text = _stream_text(doc.xref_stream(xref) or b"")
        except Exception:  # a broken filter: nothing readable
            continue
        if not text:
            continue
        text = text[:MAX_STREAM_TEXT]
        pieces = xml_texts(text) if kind == "metadata" else [text]
        for piece in pieces:
            yield GraphString(xref, kind, piece)


_SKIP_KEYS = frozenset({"DA", "DS", "FontFamily", "Registry", "Ordering", "Style", "ID"})
_ONLY_DATE = re.compile(
    r"^(?:D:\d{4,14}.*|\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)$", re.S
)
_IDENTIFIER = re.compile(
    r"^(?:uuid:|xmp\.[di]id:|adobe:docid:)|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-", re.I
)
_TAGS = re.compile(r"<[^>]*>")
MIN_TEXT = 3


def graph_texts(doc: pymupdf.Document) -> list[str]:
    """Distinct graph strings worth detection, whitespace-folded: no dates, identifiers,
    appearance strings or font data, nothing under three characters; rich text untagged."""
    seen: set[str] = set()
    out: list[str] = []
    for s in iter_strings(doc):
        key = s.where.rsplit("/", 1)[-1]
        if key in _SKIP_KEYS:
            continue
        text = s.text
        if key == "RC":  # rich text: XHTML
            text = html.unescape(_TAGS.sub(" ", text))
        text = " ".join(text.split())
        if len(text) < MIN_TEXT or _ONLY_DATE.match(text) or _IDENTIFIER.match(text):
            continue
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


# -- JPEG ----------------------------------------------------------------------------------------

_SOI, _EOI, _SOS, _APP0, _APP14, _COM = 0xD8, 0xD9, 0xDA, 0xE0, 0xEE, 0xFE
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
# APP1 (EXIF, XMP) to APP13 (IPTC) and APP15 and comments go; APP0 (JFIF) and APP14 (Adobe:
# the colour transform) stay
_METADATA_MARKERS = frozenset({*range(0xE1, 0xEE), 0xEF, _COM})
_SCAN_END = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def _jpeg_parts(data: bytes) -> list[tuple[int | None, bytes]] | None:
    """A JPEG cut into marker segments (code, bytes) and entropy-coded data (None, bytes);
    anything after EOI is a part with the code -1. None if it is not a JPEG. A damaged file
    is cut where the damage starts; the rest is one (None, bytes) part, kept as it is."""
    if data[:2] != b"\xff\xd8":
        return None
    parts: list[tuple[int | None, bytes]] = [(_SOI, data[:2])]
    i, n = 2, len(data)
    while i < n:
        if data[i] != 0xFF:  # damaged: keep the rest as it is
            parts.append((None, data[i:]))
            return parts
        j = i + 1
        while j < n and data[j] == 0xFF:  # fill bytes
            j += 1
        if j >= n:
            parts.append((None, data[i:]))
            return parts
        code = data[j]
        if code == _EOI:
            parts.append((_EOI, data[i : j + 1]))
            if j + 1 < n:
                parts.append((-1, data[j + 1 :]))
            return parts
        if code in _STANDALONE:
            parts.append((code, data[i : j + 1]))
            i = j + 1
            continue
        length = int.from_bytes(data[j + 1 : j + 3], "big")
        end = j + 1 + length
        if length < 2 or end > n:
            parts.append((None, data[i:]))
            return parts
        parts.append((code, data[i:end]))
        i = end
        if code == _SOS:  # entropy-coded data up to the next marker that is not RSTn
            m = _SCAN_END.search(data, i)
            k = m.start() if m else n
            parts.append((None, data[i:k]))
            i = k
    return parts


def _payload(segment: bytes) -> bytes:
    """A marker segment's data after fill bytes, marker code and length."""
    fill = len(segment) - len(segment.lstrip(b"\xff"))
    return segment[fill + 3 :]


_JFIF = b"JFIF\x00"
_JFIF_HEADER = 12  # "JFIF\0", version, units, densities; then thumbnail size and pixels


def jpeg_metadata(data: bytes) -> list[bytes]:
    """What ``strip_jpeg_metadata`` removes: the payloads of APP1–APP13, APP15 and COM, a JFIF
    thumbnail, a non-JFIF APP0 (JFXX thumbnails), and anything after the end of the image."""
    out: list[bytes] = []
    for code, seg in _jpeg_parts(data) or []:
        if code == -1:
            out.append(seg)
        elif code in _METADATA_MARKERS:
            out.append(_payload(seg))
        elif code == _APP0:
            payload = _payload(seg)
            if not payload.startswith(_JFIF):
                out.append(payload)
            elif len(payload) > _JFIF_HEADER + 2:
                out.append(payload[_JFIF_HEADER + 2 :])
    return out


def strip_jpeg_metadata(data: bytes) -> bytes:
    """The JPEG without metadata segments, comments, thumbnails and trailing data; the image
    data, tables, JFIF and Adobe segments are kept byte for byte (so it decodes the same)."""
    parts = _jpeg_parts(data)
    if parts is None:
        return data
    out = []
    for code, seg in parts:
        if code in _METADATA_MARKERS or code == -1:
            continue
        if code == _APP0:
            payload = _payload(seg)
            if not payload.startswith(_JFIF):
                continue
            if len(payload) > _JFIF_HEADER + 2:  # drop the thumbnail: thumbnail size 0 × 0
                seg = b"\xff\xe0\x00\x10" + payload[:_JFIF_HEADER] + b"\x00\x00"
        out.append(seg)
    return b"".join(out)


def _filters(doc: pymupdf.Document, xref: int) -> list[str]:
    kind, value = doc.xref_get_key(xref, "Filter")
    if kind == "name":
        return [value[1:]]
    if kind == "array":
        return [decode_name(t.text) for t in tokenize(value) if t.kind == "name"]
    return []


def _raw_jpeg(doc: pymupdf.Document, xref: int) -> tuple[bytes, list[str]] | None:
    """The JPEG bytes of a DCT image (under a FlateDecode too) and its filter chain."""
    filters = _filters(doc, xref)
    if not filters or filters[-1] not in ("DCTDecode", "DCT"):
        return None
    raw = doc.xref_stream_raw(xref) or b""
    if filters[:-1] == ["FlateDecode"] or filters[:-1] == ["Fl"]:
        try:
            raw = zlib.decompress(raw)
        except zlib.error:
            return None
    elif len(filters) > 1:
        return None
    return raw, filters


# -- scrub ---------------------------------------------------------------------------------------

INFO_KEYS = frozenset(
    {"Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate",
     "Trapped"}
)  # fmt: skip
_REMOVE_HINT = re.compile(
    r"/(?:PieceInfo|Metadata|StructParents?|StructTreeRoot|MarkInfo|Threads|B|RC)"
    rf"(?![^{_DELIM}])"
)
NEUTRAL_NAME = "woo-redacted-{}"
_IMAGE_HINT = re.compile(r"/Subtype\s*/Image\b")


@dataclass
class _Counts:
    structure: int = 0
    piece: int = 0
    threads: int = 0
    metadata: int = 0
    rich_text: int = 0
    info_keys: int = 0
    strings: int = 0
    names: int = 0
    jpegs: int = 0
    unsupported_jpegs: int = 0
    streams: int = 0
    failed: int = 0

    def remarks(self) -> list[str]:
        out = []
        for count, text in (
            (self.structure, "structure tree removed (it mirrors the text, redactions included)"),
            (self.piece, "{} page-piece dictionary(ies) (/PieceInfo) removed"),
            (self.threads, "article threads removed"),
            (self.metadata, "{} metadata stream(s) on objects removed"),
            (self.rich_text, "{} rich-text note copy(ies) (/RC) removed"),
            (self.info_keys, "{} custom document-info key(s) removed"),
            (self.strings, "{} string(s) in the object graph redacted"),
            (self.names, "{} named destination(s) or name(s) renamed"),
            (self.jpegs, "metadata removed from {} JPEG image(s)"),
            (self.unsupported_jpegs, "{} JPEG image(s) with a filter chain not scrubbed"),
            (self.streams, "{} stream(s) that no page draws emptied (they held redacted text)"),
            (self.failed, "{} object(s) could not be rewritten"),
        ):
            if count:
                out.append(text.format(count))
        return out


def _removals(
    parsed: Parsed, src: str, xref: int, catalog: int, info: int, counts: _Counts
) -> list[tuple[int, int, str]]:
    """Spans of the top-level entries that go outright (see ``scrub_graph``)."""
    if not parsed.is_dict:
        return []
    type_ = parsed.type_name(src)
    keys = {e.key for e in parsed.entries}
    is_annot = type_ == "Annot" or {"Rect", "Subtype"} <= keys
    out = []
    for e in parsed.entries:
        k = e.key
        if xref == info and k not in INFO_KEYS:
            counts.info_keys += 1
        elif k == "PieceInfo":
            counts.piece += 1
        elif k == "Metadata":
            counts.metadata += xref != catalog  # the catalog's XMP is counted by scrub()
        elif k in ("StructParents", "StructParent"):
            pass  # keys into the removed structure tree
        elif xref == catalog and k in ("StructTreeRoot", "MarkInfo"):
            counts.structure = 1
        elif (xref == catalog and k == "Threads") or (type_ == "Page" and k == "B"):
            counts.threads = 1
        elif is_annot and k == "RC":
            counts.rich_text += 1
        else:
            continue
        out.append((e.start, e.end, ""))
    return out


def scrub_graph(doc: pymupdf.Document, secrets: list[re.Pattern[str]], label: str) -> list[str]:
    """Clean every object of the graph; returns remarks for the audit.

    (a) Removed outright: /PieceInfo (private application data) anywhere; the structure tree
    (/StructTreeRoot, /MarkInfo, /StructParents, /StructParent), because it mirrors the page
    text, including the text that was just redacted, in /Alt, /ActualText, /T and /E; article
    threads (/Threads and page /B beads); every /Metadata stream (XMP on images, fonts, pages);
    annotations' /RC (a rich-text copy of /Contents); and document-info keys other than the
    standard nine. Orphaned objects are dropped when the file is saved with garbage collection.
    (b) Every other string that matches a secret gets the match replaced by ``label`` (a URI
    ``mailto:jan@x.nl`` becomes ``mailto:[Redacted]``); a matching name that is a /Dests key or
    a non-vocabulary value (a /Dest) is renamed to one neutral name, the same everywhere.
    (c) JPEG images lose EXIF, XMP, IPTC, comments and thumbnails (pixels untouched).
    """
    pattern = combine(secrets)
    renamed: dict[str, str] = {}  # old name → neutral name, the same in a second pass
    return _settled(doc, lambda: _scrub_pass(doc, pattern, label, renamed))


def _neutral_name(doc: pymupdf.Document, graph: _Graph, renamed: dict[str, str]) -> str:
    """A name no /Dests key has yet (an input may have been through this tool before)."""
    taken = set(renamed.values())
    for xref in (graph.dests, graph.catalog):
        src = _source(doc, xref) if xref else None
        taken.update(decode_name(t.text) for t in tokenize(src or "") if t.kind == "name")
    n = len(renamed) + 1
    while NEUTRAL_NAME.format(n) in taken:
        n += 1
    return NEUTRAL_NAME.format(n)


def referenced(doc: pymupdf.Document) -> set[int]:
    """The objects some object (or the trailer) refers to. The others are dropped when the
    file is saved with garbage collection, as the redact stage saves it (the old content
    streams of every redacted page among them)."""
    out: set[int] = set()
    for xref in (-1, *range(1, doc.xref_length())):
        src = doc.xref_object(xref, compressed=False) if xref == -1 else _source(doc, xref)
        if src:
            out.update(int(m.group(1)) for m in _REF.finditer(src))
    return out


def _scrub_pass(
    doc: pymupdf.Document, pattern: re.Pattern[str] | None, label: str, renamed: dict[str, str]
) -> list[str]:
    counts = _Counts()
    graph = _Graph.of(doc)
    content = content_xrefs(doc)
    info = _ref_xref(doc, -1, "Info")
    kept = referenced(doc)  # a stream nothing refers to is not saved: not worth reading
    for xref in range(1, doc.xref_length()):
        src = _source(doc, xref)
        if src is None:
            continue
        edits: list[tuple[int, int, str]] = []
        parsed = None
        if xref in (graph.catalog, info) or _REMOVE_HINT.search(src):
            parsed = parse(src)
            edits = _removals(parsed, src, xref, graph.catalog, info, counts)
        if pattern is not None:
            for item, text in _hits(graph.texts(src, xref, parsed), pattern):
                tok = item.token
                if tok.kind == "name":
                    new = renamed.get(text) or _neutral_name(doc, graph, renamed)
                    renamed[text] = new
                    edits.append((tok.start, tok.end, encode_name(new)))
                    counts.names += 1
                else:
                    utf16 = string_bytes(tok)[:2] in (b"\xfe\xff", b"\xff\xfe")
                    new_text = pattern.sub(label, text)
                    edits.append((tok.start, tok.end, encode_string(new_text, utf16)))
                    counts.strings += 1
        try:
            if edits:
                doc.update_object(xref, apply_edits(src, edits))
            if _IMAGE_HINT.search(src) and doc.xref_is_stream(xref):
                _strip_image(doc, xref, counts)
            elif pattern is not None and xref in kept and doc.xref_is_stream(xref):
                _empty_stray_stream(doc, xref, pattern, content, counts)
        except Exception:  # a broken object MuPDF will not take back: verify judges it
            counts.failed += 1
    return counts.remarks()


def _empty_stray_stream(
    doc: pymupdf.Document, xref: int, pattern: re.Pattern[str], content: set[int], counts: _Counts
) -> None:
    """Empty a stream that no page draws (not content, font, image or metadata) and that holds
    a secret: a content stream cut loose from its page still carries the text, as hex strings
    no text extraction reads."""
    if stream_kind(doc, xref, content) != "other":
        return
    text = _any_text(doc.xref_stream(xref) or b"")
    if text and stream_holds(text, pattern):
        doc.update_stream(xref, b"")
        counts.streams += 1


def _strip_image(doc: pymupdf.Document, xref: int, counts: _Counts) -> None:
    """Strip a DCT image's metadata in place; /Filter and /DecodeParms are kept."""
    filters = _filters(doc, xref)
    if not filters or filters[-1] not in ("DCTDecode", "DCT"):
        return
    found = _raw_jpeg(doc, xref)
    parms_kind, parms = doc.xref_get_key(xref, "DecodeParms")
    if found is None or (len(filters) > 1 and parms_kind != "null"):
        counts.unsupported_jpegs += 1
        return
    data = found[0]
    clean = strip_jpeg_metadata(data)
    if clean == data and len(filters) == 1:
        return
    doc.update_stream(xref, clean, compress=False)  # this drops /Filter and /DecodeParms …
    doc.xref_set_key(xref, "Filter", "/DCTDecode")  # … so they are put back (a FlateDecode
    if parms_kind != "null":  # in front is gone: the JPEG is stored as it is)
        doc.xref_set_key(xref, "DecodeParms", parms)
    counts.jpegs += 1


# -- verify --------------------------------------------------------------------------------------


_IIM = re.compile(rb"\x1c[\x01-\x09].(..)", re.S)  # IPTC dataset: tag, record, number, length


def segment_texts(data: bytes) -> list[str]:
    """Ways a metadata segment may hold text: Latin-1, UTF-8, UTF-16 either way, either
    alignment (EXIF XP tags are UTF-16LE at any offset), and each IPTC value on its own (its
    length field may be a letter glued to the value)."""
    out = [data.decode("latin-1"), data.decode("utf-8", "ignore")]
    for codec in ("utf-16-le", "utf-16-be"):
        for offset in (0, 1):
            chunk = data[offset:]
            out.append(chunk[: len(chunk) // 2 * 2].decode(codec, "ignore"))
    for m in _IIM.finditer(data):
        value = data[m.end() : m.end() + int.from_bytes(m.group(1), "big")]
        out.extend((value.decode("latin-1"), value.decode("utf-8", "ignore")))
    return out


def _describe(xref: int, src: str) -> str:
    """ "object 12 (Annot)": the type only when it is PDF vocabulary (never data)."""
    type_ = _TYPE.search(src)
    known = type_ is not None and decode_name("/" + type_.group(1)) in VOCABULARY
    return f"object {xref}" + (f" ({type_.group(1)})" if known and type_ else "")


def _safe_where(item: Item, pattern: re.Pattern[str]) -> str:
    """The key path of an item for a message; a key that is itself a secret is not shown."""
    path = ["…" if pattern.search(k) else k for k in item.path]
    where = "/" + "/".join(path) if path else ""
    return f"{where} key" if item.is_key else where or "(the object itself)"


def graph_problems(doc: pymupdf.Document, secrets: list[re.Pattern[str]]) -> list[str]:
    """Where a secret is still in the object graph: a string, a name (a /Dests key or a value
    that is not PDF vocabulary), a text stream that is not page content (XMP anywhere, an
    attachment), or a JPEG metadata segment. Independent of what scrub did or counted."""
    pattern = combine(secrets)
    if pattern is None:
        return []
    found = _settled(doc, lambda: _problems_pass(doc, pattern))
    problems = [f"a redacted string is in the object graph: {f}" for f in found[:MAX_PROBLEMS]]
    if len(found) > MAX_PROBLEMS:
        problems.append(f"… and in {len(found) - MAX_PROBLEMS} more object(s)")
    return problems


def _problems_pass(doc: pymupdf.Document, pattern: re.Pattern[str]) -> list[str]:
    found: list[str] = []
    content = content_xrefs(doc)
    graph = _Graph.of(doc)
    for xref in range(1, doc.xref_length()):
        src = _source(doc, xref)
        if src is None:
            continue
        hits = _hits(graph.texts(src, xref), pattern)
        if hits:
            item = hits[0][0]
            what = "a name" if item.token.kind == "name" else "a string"
            found.append(f"{_describe(xref, src)} {_safe_where(item, pattern)}: {what}")
        if xref in content or not doc.xref_is_stream(xref):
            continue
        kind = stream_kind(doc, xref, content)
        if kind == "image":
            jpeg = _raw_jpeg(doc, xref)
            segments = jpeg_metadata(jpeg[0]) if jpeg else []
            if any(pattern.search(t) for seg in segments for t in segment_texts(seg)):
                found.append(f"{_describe(xref, src)}: JPEG metadata")
        elif kind not in ("content", "font", "internal"):
            try:
                data = doc.xref_stream(xref) or b""
            except Exception:  # a stream that cannot be decoded cannot be read either
                continue
            text = _stream_text(data) if kind != "other" else _any_text(data)
            if text and stream_holds(text, pattern):
                found.append(f"{_describe(xref, src)}: {kind} stream")
    return found
