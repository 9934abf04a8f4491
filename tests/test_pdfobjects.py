"""The object graph as a channel: strings planted anywhere are read, scrubbed and verified.

Each fixture is the same one-page letter with the name on the page, plus the name planted in one
more place with low-level PyMuPDF calls. Before scrubbing ``graph_problems`` must see it; after
``scrub_graph`` and after the whole ``burn`` it must be gone from every channel, and the page
text must be what it is without the plant.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from tests.pdf_fixtures import block_pixmap, redactions_for
from woo_redact.extract import extract_document
from woo_redact.pdfobjects import (
    combine,
    decode_name,
    decode_text,
    encode_name,
    encode_string,
    graph_problems,
    graph_texts,
    iter_strings,
    jpeg_metadata,
    parse,
    scrub_graph,
    segment_texts,
    string_bytes,
    strip_jpeg_metadata,
    tokenize,
)
from woo_redact.redact import DEFAULT_LABEL, burn, secret_patterns
from woo_redact.types import Redaction
from woo_redact.verify import verify

SECRET = "Karel Pietersen"
EMAIL = "karel.pietersen@almere.nl"
KEPT = "Gemeente Almere behandelt deze zaak."
LINES = [KEPT, f"Behandeld door {SECRET} op 3 april.", f"Contact: {EMAIL}"]


def pdf_str(text: str) -> str:
    return pymupdf.get_pdf_str(text)


# -- tokenizer -----------------------------------------------------------------------------------


def _only_string(src: str) -> str:
    (tok,) = [t for t in tokenize(src) if t.kind in ("string", "hex")]
    return decode_text(string_bytes(tok))


@pytest.mark.parametrize(
    ("src", "text"),
    [
        ("(Jan Jansen)", "Jan Jansen"),
        ("(a (nested (twice)) b)", "a (nested (twice)) b"),
        (r"(\(not nested\) \\ back)", r"(not nested) \ back"),
        (r"(\112\141\156)", "Jan"),  # octal
        (r"(\0533)", "+3"),  # at most three octal digits
        (r"(\7end)", "\x07end"),  # one octal digit
        (r"(line\nnext\ttab\rcr)", "line\nnext\ttab\rcr"),
        ("(Jan \\\nJansen)", "Jan Jansen"),  # a backslash at the end of a line continues it
        ("(two\r\nlines)", "two\nlines"),  # an unescaped end of line is a line feed
        (r"(\q)", "q"),  # an unknown escape is the character itself
        ("<4A616E>", "Jan"),
        ("<4A 61\n6E>", "Jan"),  # whitespace in hex
        ("<4A6>", "J`"),  # an odd digit is padded with 0
        ("<FEFF004A0061006E>", "Jan"),  # UTF-16BE with BOM
        ("<FEFF00E9D83DDE00>", "é😀"),  # with a surrogate pair
        (r"(\376\377\000J\000a\000n)", "Jan"),  # UTF-16 in a literal string
        (r"(\357\273\277J\303\251r\303\264me)", "Jérôme"),  # UTF-8 with BOM
        (r"(\225ukasz \240)", "Łukasz €"),  # PDFDocEncoding
        (r"(caf\351)", "café"),  # Latin-1 part of PDFDocEncoding
    ],
)
def test_string_tokens_decode(src: str, text: str) -> None:
    assert _only_string(f"<< /K {src} >>") == text


@pytest.mark.parametrize(
    ("token", "name"),
    [
        ("/Jan#20Jansen", "Jan Jansen"),
        ("/A#23B", "A#B"),
        ("/caf#C3#A9", "café"),  # UTF-8 bytes
        ("/caf#E9", "café"),  # not UTF-8: Latin-1
        ("/Type", "Type"),
    ],
)
def test_name_tokens_decode(token: str, name: str) -> None:
    (tok,) = [t for t in tokenize(f"[{token}]") if t.kind == "name"]
    assert tok.text == token
    assert decode_name(tok.text) == name
    assert decode_name(encode_name(name)) == name


def test_tokens_dict_is_not_a_hex_string() -> None:
    kinds = [t.kind for t in tokenize("<<<4A>/A<</B(x)>>>>")]
    assert kinds == ["dopen", "hex", "name", "dopen", "name", "string", "dclose", "dclose"]


def test_parse_paths_keys_and_references() -> None:
    src = (
        "<< /A << /S /URI /URI (mailto:x) >> /Kids [ 5 0 R << /T (y) >> ] /P 7 0 R "
        "/Dests << /Jan#20Jansen [ 3 0 R /XYZ 0 0 0 ] >> /Z (z) >>"
    )
    parsed = parse(src)
    strings = {
        decode_text(string_bytes(i.token)): i.path for i in parsed.items if i.token.kind != "name"
    }
    assert strings == {"mailto:x": ("A", "URI"), "y": ("Kids", "T"), "z": ("Z",)}
    keys = [(decode_name(i.token.text), i.path) for i in parsed.items if i.is_key]
    assert ("Jan Jansen", ("Dests",)) in keys and ("P", ()) in keys and ("Z", ()) in keys
    assert [e.key for e in parsed.entries] == ["A", "Kids", "P", "Dests", "Z"]
    assert parsed.value(src, "P") == "7 0 R"
    assert parsed.value(src, "Z") == "(z)"


@pytest.mark.parametrize(
    ("text", "utf16", "token"),
    [
        ("Jan", False, "<4A616E>"),
        ("mailto:[Redacted]", False, "<6D61696C746F3A5B52656461637465645D>"),  # ASCII stays
        ("Jan", True, "<FEFF004A0061006E>"),
        ("Łukasz", False, "<95756B61737A>"),  # PDFDocEncoding when it fits
        ("日本", False, "<FEFF65E5672C>"),  # else UTF-16BE
    ],
)
def test_strings_are_rewritten_as_hex(text: str, utf16: bool, token: str) -> None:
    assert encode_string(text, utf16) == token
    assert _only_string(f"[{token}]") == text


UNION_SECRETS = ["Jan Jansen", "jan", "a.b@almere.nl", "O'Brien-Smit", "06-12345678", "Ö. Çelik"]


@pytest.mark.parametrize(
    "text",
    [
        "Jan Jansen woont hier",
        "JAN   JANSEN",
        "Jansen",
        "Janssen en Jan",
        "mailto:a.b@almere.nl?subject=x",
        "xa.b@almere.nl",
        "o ' b r i e n - s m i t",
        "06-123456789",
        "bel 06-12345678.",
        "ö. çelik",
        "Ö.Çelik2",
        "",
    ],
)
def test_combined_pattern_matches_what_any_secret_matches(text: str) -> None:
    """The trie finds a secret exactly where one of the patterns would, and prefers the
    longest one, so "Jan Jansen" is replaced whole, not as "[Redacted] Jansen"."""
    patterns = secret_patterns_for(UNION_SECRETS)
    pattern = combine(patterns)
    assert pattern is not None
    assert bool(pattern.search(text)) == any(p.search(text) for p in patterns)
    if "Jan Jansen" in text:
        assert pattern.sub("[R]", text) == text.replace("Jan Jansen", "[R]")


def test_combined_pattern_keeps_each_flag() -> None:
    pattern = combine([re.compile("jan", re.I), re.compile("Piet")])
    assert pattern is not None
    assert pattern.search("JAN") and pattern.search("Piet") and not pattern.search("PIET")
    assert combine([]) is None


# -- JPEG ----------------------------------------------------------------------------------------


def _segment(code: int, payload: bytes) -> bytes:
    return bytes([0xFF, code]) + (len(payload) + 2).to_bytes(2, "big") + payload


def _exif(artist: str) -> bytes:
    """A minimal EXIF block: a big-endian TIFF header and one IFD with the Artist tag."""
    value = artist.encode() + b"\x00"
    ifd = (1).to_bytes(2, "big") + (0x013B).to_bytes(2, "big") + (2).to_bytes(2, "big")
    ifd += len(value).to_bytes(4, "big") + (26).to_bytes(4, "big") + (0).to_bytes(4, "big")
    return b"Exif\x00\x00" + b"MM\x00\x2a\x00\x00\x00\x08" + ifd + value


def _xmp(name: str) -> str:
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="Camera van {name}">'
        f"<dc:creator><rdf:Seq><rdf:li>{name}</rdf:li></rdf:Seq></dc:creator>"
        "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
    )


def _iim(value: bytes) -> bytes:
    record = b"\x1c\x02\x50" + len(value).to_bytes(2, "big") + value  # 2:80 By-line
    return len(record).to_bytes(4, "big") + record


def plain_jpeg() -> bytes:
    pix = block_pixmap(48, 24, (0, 80, 160))
    return pix.tobytes("jpeg")


def jpeg_with(*segments: bytes, trailer: bytes = b"", thumbnail: bool = False) -> bytes:
    """The plain JPEG with ``segments`` after its JFIF header (and a JFIF thumbnail)."""
    data = plain_jpeg()
    assert data[2:4] == b"\xff\xe0"
    app0_end = 4 + int.from_bytes(data[4:6], "big")
    app0 = data[2:app0_end]
    if thumbnail:  # 2 × 1 RGB pixels
        payload = app0[4:16] + b"\x02\x01" + b"\x10\x20\x30\x40\x50\x60"
        app0 = _segment(0xE0, payload)
    return data[:2] + app0 + b"".join(segments) + data[app0_end:] + trailer


NAME = SECRET.encode()
JPEG_CASES = {
    "comment": [_segment(0xFE, b"Foto: " + NAME)],
    "exif artist": [_segment(0xE1, _exif(SECRET))],
    "xmp": [_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + _xmp(SECRET).encode())],
    # an IPTC By-line of 75 bytes: its length field ends in 0x4B, a "K" glued to the name
    "iptc": [_segment(0xED, b"Photoshop 3.0\x008BIM\x04\x04\x00\x00" + _iim(NAME.ljust(75, b".")))],
    "icc and app15": [_segment(0xE2, b"ICC_PROFILE\x00" + NAME), _segment(0xEF, NAME)],
    "windows xp author": [
        _segment(0xE1, b"Exif\x00\x00MM\x00\x00\x00" + SECRET.encode("utf-16-le"))
    ],
}


@pytest.mark.parametrize("case", JPEG_CASES)
def test_jpeg_metadata_is_stripped_and_the_image_decodes_the_same(case: str) -> None:
    data = jpeg_with(*JPEG_CASES[case])
    pattern = combine(secret_patterns_for([SECRET]))
    assert pattern is not None
    found = jpeg_metadata(data)
    assert found and any(pattern.search(t) for seg in found for t in segment_texts(seg))
    clean = strip_jpeg_metadata(data)
    assert jpeg_metadata(clean) == []
    assert NAME not in clean and SECRET.encode("utf-16-le") not in clean
    assert clean == plain_jpeg()  # JFIF header, tables and scans kept byte for byte
    assert pymupdf.Pixmap(clean).samples == pymupdf.Pixmap(data).samples


def test_jpeg_thumbnail_trailer_and_adobe_segment() -> None:
    adobe = _segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01")
    data = jpeg_with(
        adobe, _segment(0xFE, NAME), trailer=b"\xff\xd8 second image " + NAME, thumbnail=True
    )
    clean = strip_jpeg_metadata(data)
    assert NAME not in clean
    assert adobe in clean  # the colour transform stays
    assert clean[2:20] == plain_jpeg()[2:20]  # a JFIF header without thumbnail
    assert clean.endswith(b"\xff\xd9")
    assert pymupdf.Pixmap(clean).samples == pymupdf.Pixmap(data).samples
    assert strip_jpeg_metadata(b"not a jpeg") == b"not a jpeg"
    assert jpeg_metadata(b"") == []


# -- planted PDFs --------------------------------------------------------------------------------


def secret_patterns_for(texts: list[str]) -> list[re.Pattern[str]]:
    return secret_patterns([_red(t) for t in texts])


def _red(text: str) -> Redaction:
    return Redaction("x.pdf", -1, (), "5.1.2e", "PERSON", "test", 1.0, "t", text)


def new_object(doc: pymupdf.Document, src: str) -> int:
    xref = doc.get_new_xref()
    doc.update_object(xref, src)
    return xref


def new_stream(doc: pymupdf.Document, src: str, data: bytes) -> int:
    xref = new_object(doc, src)
    doc.update_stream(xref, data, new=True)
    return xref


def _link(doc: pymupdf.Document, page: pymupdf.Page, src: str) -> int:
    xref = new_object(doc, src)
    kind, value = doc.xref_get_key(page.xref, "Annots")
    refs = value.strip("[] ") if kind == "array" else ""
    doc.xref_set_key(page.xref, "Annots", f"[{refs} {xref} 0 R]")
    return xref


def plant_rich_text(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    annot = page.add_text_annot((400, 60), "Zie de opmerking.")
    rich = (
        '<?xml version="1.0"?><body xmlns="http://www.w3.org/1999/xhtml">'
        f"<p>Vraag van {SECRET}</p></body>"
    )
    doc.xref_set_key(annot.xref, "RC", pdf_str(rich))


def plant_link_uri(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    page.insert_link(
        {"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(72, 90, 300, 104), "uri": f"mailto:{EMAIL}"}
    )
    page.insert_link(
        {
            "kind": pymupdf.LINK_URI,
            "from": pymupdf.Rect(72, 110, 300, 124),
            "uri": f"https://www.almere.nl/contact?mail={EMAIL}&zaak=12",
        }
    )


def plant_link_contents(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    _link(
        doc,
        page,
        "<< /Type /Annot /Subtype /Link /Rect [72 600 300 620] /Border [0 0 0] "
        "/A << /S /URI /URI (https://www.almere.nl/) >> "
        f"/Contents {pdf_str('Website van ' + SECRET)} >>",
    )


def plant_outline_action(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    doc.set_toc([[1, "Contact", 1]])
    _, ref = doc.xref_get_key(doc.pdf_catalog(), "Outlines/First")
    item = int(ref.split()[0])
    doc.xref_set_key(item, "Dest", "null")
    doc.xref_set_key(item, "A", f"<< /S /URI /URI {pdf_str('mailto:' + EMAIL)} >>")


def plant_dests_name(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    dests = new_object(doc, f"<< /Karel#20Pietersen [ {page.xref} 0 R /XYZ 72 800 0 ] >>")
    doc.xref_set_key(doc.pdf_catalog(), "Dests", f"{dests} 0 R")
    _link(
        doc,
        page,
        "<< /Type /Annot /Subtype /Link /Rect [72 600 300 620] /Dest /Karel#20Pietersen >>",
    )


def plant_dests_tree(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    tree = new_object(doc, f"<< /Names [ {pdf_str(SECRET)} [ {page.xref} 0 R /XYZ 72 800 0 ] ] >>")
    doc.xref_set_key(doc.pdf_catalog(), "Names", f"<< /Dests {tree} 0 R >>")
    _link(
        doc,
        page,
        f"<< /Type /Annot /Subtype /Link /Rect [72 600 300 620] /Dest {pdf_str(SECRET)} >>",
    )


def plant_page_label(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    doc.set_page_labels([{"startpage": 0, "prefix": f"{SECRET}-", "style": "D", "firstpagenum": 1}])


def plant_layer_name(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    doc.add_ocg(f"Notities {SECRET}", on=True)


def plant_layer_config(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    doc.add_ocg("Notities", on=True)
    doc.xref_set_key(doc.pdf_catalog(), "OCProperties/D/Name", pdf_str(f"Weergave {SECRET}"))


def plant_structure(key: str) -> Callable[[pymupdf.Document, pymupdf.Page], None]:
    def plant(doc: pymupdf.Document, page: pymupdf.Page) -> None:
        root, elem = doc.get_new_xref(), doc.get_new_xref()
        doc.update_object(
            elem,
            f"<< /Type /StructElem /S /Figure /P {root} 0 R /Pg {page.xref} 0 R /K 0 "
            f"/{key} {pdf_str('Foto van ' + SECRET)} >>",
        )
        doc.update_object(
            root,
            f"<< /Type /StructTreeRoot /K [ {elem} 0 R ] "
            f"/ParentTree << /Nums [ 0 [ {elem} 0 R ] ] >> >>",
        )
        cat = doc.pdf_catalog()
        doc.xref_set_key(cat, "StructTreeRoot", f"{root} 0 R")
        doc.xref_set_key(cat, "MarkInfo", "<< /Marked true >>")
        doc.xref_set_key(page.xref, "StructParents", "0")

    return plant


def plant_piece_info(on_page: bool) -> Callable[[pymupdf.Document, pymupdf.Page], None]:
    def plant(doc: pymupdf.Document, page: pymupdf.Page) -> None:
        data = new_stream(doc, "<< >>", f"%AI private data, author {SECRET}\n".encode())
        value = (
            "<< /Illustrator << /LastModified (D:20240403120000Z) "
            f"/Private << /Owner {pdf_str(SECRET)} /Data {data} 0 R >> >> >>"
        )
        doc.xref_set_key(page.xref if on_page else doc.pdf_catalog(), "PieceInfo", value)

    return plant


def plant_threads(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    thread, bead = doc.get_new_xref(), doc.get_new_xref()
    doc.update_object(
        thread,
        f"<< /Type /Thread /F {bead} 0 R /I << /Title {pdf_str('Artikel van ' + SECRET)} "
        f"/Author {pdf_str(SECRET)} >> >>",
    )
    doc.update_object(
        bead,
        f"<< /Type /Bead /T {thread} 0 R /N {bead} 0 R /V {bead} 0 R /P {page.xref} 0 R "
        "/R [ 72 600 500 750 ] >>",
    )
    doc.xref_set_key(doc.pdf_catalog(), "Threads", f"[ {thread} 0 R ]")
    doc.xref_set_key(page.xref, "B", f"[ {bead} 0 R ]")


def plant_info_key(key: str) -> Callable[[pymupdf.Document, pymupdf.Page], None]:
    def plant(doc: pymupdf.Document, page: pymupdf.Page) -> None:
        _, ref = doc.xref_get_key(-1, "Info")
        doc.xref_set_key(int(ref.split()[0]), key, pdf_str(SECRET))

    return plant


def plant_image_xmp(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    image = page.insert_image(
        pymupdf.Rect(400, 700, 480, 740), pixmap=block_pixmap(40, 20, (0, 80, 160))
    )
    meta = new_stream(doc, "<< /Type /Metadata /Subtype /XML >>", _xmp(SECRET).encode())
    doc.xref_set_key(image, "Metadata", f"{meta} 0 R")


def plant_jpeg(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    data = jpeg_with(*JPEG_CASES["comment"], *JPEG_CASES["exif artist"], *JPEG_CASES["xmp"])
    page.insert_image(pymupdf.Rect(400, 700, 496, 748), stream=data)


def plant_annot_name(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    annot = page.add_text_annot((400, 60), "Zie de opmerking.")
    doc.xref_set_key(annot.xref, "NM", pdf_str(f"{SECRET} 2024"))


# channel → (plant, a word the problem names, is the secret text in the side text)
CHANNELS: dict[str, tuple[Callable[[pymupdf.Document, pymupdf.Page], None], str, bool]] = {
    "annotation rich text /RC": (plant_rich_text, "/RC", True),
    "link URI mailto and query": (plant_link_uri, "/A/URI", True),
    "link /Contents": (plant_link_contents, "/Contents", True),
    "outline action /A /URI": (plant_outline_action, "/A/URI", True),
    "named destination in /Dests": (plant_dests_name, "a name", True),
    "named destination in the name tree": (plant_dests_tree, "/Names", True),
    "page label": (plant_page_label, "/PageLabels", True),
    "layer name": (plant_layer_name, "/Name", True),
    "layer configuration name": (plant_layer_config, "/OCProperties/D/Name", True),
    "structure tree /Alt": (plant_structure("Alt"), "/Alt", True),
    "structure tree /ActualText": (plant_structure("ActualText"), "/ActualText", True),
    "structure tree /T": (plant_structure("T"), "/T", True),
    "structure tree /E": (plant_structure("E"), "/E", True),
    "page /PieceInfo": (plant_piece_info(True), "/PieceInfo/Illustrator/Private/Owner", True),
    "catalog /PieceInfo": (plant_piece_info(False), "/PieceInfo", True),
    "article threads": (plant_threads, "/I/Title", True),
    "document info /Manager": (plant_info_key("Manager"), "/Manager", True),
    "document info /Company": (plant_info_key("Company"), "/Company", True),
    "document info /LastModifiedBy": (plant_info_key("LastModifiedBy"), "/LastModifiedBy", True),
    "image /Metadata XMP": (plant_image_xmp, "metadata stream", True),
    "JPEG EXIF, XMP and comment": (plant_jpeg, "JPEG metadata", False),
    "annotation /NM": (plant_annot_name, "/NM", True),
}


def letter(path: Path, plant: Callable[[pymupdf.Document, pymupdf.Page], None] | None) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i, line in enumerate(LINES):
        page.insert_text((72, 72 + 14 * i), line, fontsize=11, fontname="helv")
    doc.set_metadata({"title": "Notitie", "producer": "test", "creationDate": "D:20240403120000Z"})
    data = doc.tobytes()
    doc.close()
    doc = pymupdf.open("pdf", data)  # written once: /Info is an object of its own now
    if plant:
        plant(doc, doc[0])
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    doc.close()
    return path


@pytest.fixture(params=list(CHANNELS), ids=list(CHANNELS))
def channel(request: pytest.FixtureRequest) -> str:
    return request.param


def _secrets(path: Path) -> tuple:
    text = extract_document(path, path.name)
    reds = redactions_for(text, [SECRET, EMAIL])
    return text, reds, secret_patterns(reds)


def _no_secret_anywhere(path: Path) -> None:
    """Every stream expanded, every string decoded: the name and the e-mail are nowhere."""
    with pymupdf.open(path) as doc:
        raw = doc.tobytes(expand=255)
        strings = [s.text for s in iter_strings(doc)]
    for needle in (SECRET, "Pietersen", EMAIL):
        for encoded in (needle.encode(), needle.encode("utf-16-be")):
            assert encoded not in raw, needle
        assert not [s for s in strings if needle.lower() in s.lower()], needle


def _page_text(path: Path) -> str:
    with pymupdf.open(path) as doc:
        return " ".join(" ".join(p.get_text().split()) for p in doc)


def test_the_letter_alone_has_no_graph_problems(tmp_path: Path) -> None:
    """The name on the page is page text, not an object-graph string: no false alarm."""
    path = letter(tmp_path / "plain.pdf", None)
    _, _, secrets = _secrets(path)
    with pymupdf.open(path) as doc:
        assert graph_problems(doc, secrets) == []
        assert not [t for t in graph_texts(doc) if "Pietersen" in t]


def test_graph_problems_find_the_plant(tmp_path: Path, channel: str) -> None:
    plant, where, _ = CHANNELS[channel]
    path = letter(tmp_path / "in.pdf", plant)
    _, _, secrets = _secrets(path)
    with pymupdf.open(path) as doc:
        problems = graph_problems(doc, secrets)
    assert problems, channel
    assert where in " ".join(problems), problems
    assert not [p for p in problems if "Pietersen" in p or "karel" in p.lower()]  # never the text


def test_scrub_graph_removes_the_plant(tmp_path: Path, channel: str) -> None:
    plant, _, _ = CHANNELS[channel]
    path = letter(tmp_path / "in.pdf", plant)
    _, _, secrets = _secrets(path)
    with pymupdf.open(path) as doc:
        remarks = scrub_graph(doc, secrets, DEFAULT_LABEL)
        data = doc.tobytes(garbage=4, deflate=True)
    assert remarks
    with pymupdf.open("pdf", data) as doc:
        assert graph_problems(doc, secrets) == []
        assert not [s for s in iter_strings(doc) if "pietersen" in s.text.lower()]
        assert _page_text(path) == " ".join(" ".join(p.get_text().split()) for p in doc)


def test_burn_removes_the_plant_and_keeps_the_page(tmp_path: Path, channel: str) -> None:
    plant, _, _ = CHANNELS[channel]
    path = letter(tmp_path / "in" / "brief.pdf", plant)
    text, reds, _ = _secrets(path)
    out = tmp_path / "out.pdf"
    burnt = burn(path, out, text, reds)
    assert verify(out, text, reds, burnt) == []  # graph_problems included
    _no_secret_anywhere(out)
    plain = letter(tmp_path / "plain" / "brief.pdf", None)
    plain_text = extract_document(plain, "brief.pdf")
    plain_out = tmp_path / "plain-out.pdf"
    burn(plain, plain_out, plain_text, redactions_for(plain_text, [SECRET, EMAIL]))
    assert _page_text(out) == _page_text(plain_out)  # the kept page text is unchanged
    assert KEPT in _page_text(out)


def test_side_text_reads_the_graph(tmp_path: Path, channel: str) -> None:
    """What detection reads outside the pages includes the planted string (so a name that is
    only there is found), once, folded, without dates or short strings."""
    plant, _, in_side = CHANNELS[channel]
    path = letter(tmp_path / "in.pdf", plant)
    side = extract_document(path, "in.pdf").side
    assert side is not None
    lines = side.text.split("\n")
    found = [line for line in lines if "pietersen" in line.lower()]
    assert bool(found) == in_side, lines
    assert len(lines) == len(set(lines))
    assert not [line for line in lines if line.startswith("D:") or len(line) < 3]


def test_verify_names_objects_not_text_and_is_capped(tmp_path: Path) -> None:
    def plant(doc: pymupdf.Document, page: pymupdf.Page) -> None:
        for i in range(15):
            annot = page.add_text_annot((300, 60 + 20 * i), "Notitie")
            doc.xref_set_key(annot.xref, "NM", pdf_str(f"{SECRET} {i}"))

    path = letter(tmp_path / "in.pdf", plant)
    _, _, secrets = _secrets(path)
    with pymupdf.open(path) as doc:
        problems = graph_problems(doc, secrets)
    assert len(problems) == 11 and problems[-1].startswith("… and in 5 more")
    assert all("/NM" in p for p in problems[:10])
    assert not [p for p in problems if "Pietersen" in p]


# -- what scrub keeps ----------------------------------------------------------------------------


def test_link_uris_keep_their_shape(tmp_path: Path) -> None:
    path = letter(tmp_path / "in.pdf", plant_link_uri)
    _, _, secrets = _secrets(path)
    with pymupdf.open(path) as doc:
        scrub_graph(doc, secrets, DEFAULT_LABEL)
        uris = [link["uri"] for link in doc[0].get_links()]
    assert uris == ["mailto:[Redacted]", "https://www.almere.nl/contact?mail=[Redacted]&zaak=12"]


@pytest.mark.parametrize("plant", [plant_dests_name, plant_dests_tree], ids=["dests", "name tree"])
def test_named_destinations_still_resolve(tmp_path: Path, plant: Callable) -> None:
    path = letter(tmp_path / "in.pdf", plant)
    _, _, secrets = _secrets(path)
    with pymupdf.open(path) as doc:
        scrub_graph(doc, secrets, DEFAULT_LABEL)
        data = doc.tobytes(garbage=4)
    with pymupdf.open("pdf", data) as doc:
        names = doc.resolve_names()
        (link,) = [link for link in doc[0].get_links() if link.get("nameddest")]
        assert link["nameddest"] in names and names[link["nameddest"]]["page"] == 0
        assert not [n for n in names if "Pietersen" in n]


def test_structure_tree_and_threads_are_removed(tmp_path: Path) -> None:
    def plant(doc: pymupdf.Document, page: pymupdf.Page) -> None:
        plant_structure("Alt")(doc, page)
        plant_threads(doc, page)
        plant_piece_info(True)(doc, page)

    path = letter(tmp_path / "in.pdf", plant)
    with pymupdf.open(path) as doc:
        remarks = scrub_graph(doc, [], DEFAULT_LABEL)  # removed whether or not a name matches
        data = doc.tobytes(garbage=4)
    assert any("structure tree" in r for r in remarks) and any("threads" in r for r in remarks)
    with pymupdf.open("pdf", data) as doc:
        cat, page = doc.pdf_catalog(), doc[0].xref
        for xref, key in ((cat, "StructTreeRoot"), (cat, "MarkInfo"), (cat, "Threads"),
                          (page, "StructParents"), (page, "B"), (page, "PieceInfo")):  # fmt: skip
            assert key not in doc.xref_get_keys(xref), key
        types = {doc.xref_get_key(x, "Type")[1] for x in range(1, doc.xref_length())}
        assert not types & {"/StructTreeRoot", "/StructElem", "/Thread", "/Bead"}


def test_custom_info_keys_go_standard_ones_stay(tmp_path: Path) -> None:
    def plant(doc: pymupdf.Document, page: pymupdf.Page) -> None:
        plant_info_key("Company")(doc, page)
        plant_info_key("SourceModified")(doc, page)

    path = letter(tmp_path / "in.pdf", plant)
    with pymupdf.open(path) as doc:
        scrub_graph(doc, [], DEFAULT_LABEL)
        info = int(doc.xref_get_key(-1, "Info")[1].split()[0])
        keys = doc.xref_get_keys(info)
        assert "Company" not in keys and "SourceModified" not in keys
        assert doc.metadata["title"] == "Notitie" and doc.metadata["producer"] == "test"


@pytest.mark.parametrize("flate", [False, True], ids=["DCTDecode", "FlateDecode DCTDecode"])
def test_jpeg_in_the_pdf_keeps_filter_and_pixels(tmp_path: Path, flate: bool) -> None:
    data = jpeg_with(*JPEG_CASES["comment"], *JPEG_CASES["exif artist"])
    doc = pymupdf.open()
    page = doc.new_page()
    xref = page.insert_image(pymupdf.Rect(100, 100, 196, 148), stream=data)
    doc.xref_set_key(xref, "DecodeParms", "<< /ColorTransform 1 >>")
    if flate:
        doc.update_stream(xref, zlib.compress(data), compress=False)
        doc.xref_set_key(xref, "Filter", "[ /FlateDecode /DCTDecode ]")
        doc.xref_set_key(xref, "DecodeParms", "<< /ColorTransform 1 >>")  # for which filter?
    before = pymupdf.Pixmap(doc, xref).samples
    secrets = secret_patterns_for([SECRET])
    assert graph_problems(doc, secrets)
    remarks = scrub_graph(doc, secrets, DEFAULT_LABEL)
    if flate:  # a FlateDecode in front with its own parameters is not touched
        assert any("not scrubbed" in r for r in remarks)
        doc.xref_set_key(xref, "DecodeParms", "null")
        remarks = scrub_graph(doc, secrets, DEFAULT_LABEL)
    assert any("JPEG" in r for r in remarks)
    assert doc.xref_get_key(xref, "Filter") == ("name", "/DCTDecode")
    if not flate:
        assert doc.xref_get_key(xref, "DecodeParms")[1].replace(" ", "") == "<</ColorTransform1>>"
    assert jpeg_metadata(doc.xref_stream_raw(xref)) == []
    assert pymupdf.Pixmap(doc, xref).samples == before
    assert graph_problems(doc, secrets) == []
    doc.close()


def test_a_repair_during_the_walk_does_not_undo_the_scrub(tmp_path: Path) -> None:
    """MuPDF repairs a file when it meets a broken object, rebuilding its object table from the
    file; what was rewritten before that is gone, so the walk runs again."""
    path = letter(tmp_path / "in.pdf", plant_annot_name)
    with pymupdf.open(path) as doc:
        data = doc.tobytes()  # a classic xref table
    m = re.search(rb"xref\n0 (\d+)\n", data)
    assert m is not None
    last = m.end() + 20 * (int(m.group(1)) - 1)
    broken = data[:last] + b"0000000009 00000 n \n" + data[last + 20 :]  # wrong offset
    secrets = secret_patterns_for([SECRET])
    with pymupdf.open("pdf", broken) as doc:
        assert not doc.is_repaired
        scrub_graph(doc, secrets, DEFAULT_LABEL)
        assert doc.is_repaired
        data = doc.tobytes(garbage=4)
    with pymupdf.open("pdf", data) as doc:
        assert graph_problems(doc, secrets) == []


def test_neutral_names_do_not_collide_with_earlier_ones(tmp_path: Path) -> None:
    def plant(doc: pymupdf.Document, page: pymupdf.Page) -> None:
        dests = new_object(
            doc,
            f"<< /woo-redacted-1 [ {page.xref} 0 R /Fit ] "
            f"/Karel#20Pietersen [ {page.xref} 0 R /XYZ 72 800 0 ] >>",
        )
        doc.xref_set_key(doc.pdf_catalog(), "Dests", f"{dests} 0 R")

    path = letter(tmp_path / "in.pdf", plant)
    with pymupdf.open(path) as doc:
        scrub_graph(doc, secret_patterns_for([SECRET]), DEFAULT_LABEL)
        assert sorted(doc.resolve_names()) == ["woo-redacted-1", "woo-redacted-2"]
