"""Opening inputs safely: one clear error line for every file that cannot be processed.

Inputs are only ever opened for reading; the file on disk is never changed. What this module
knows about hostile and broken PDFs lives here, in one place:

- ``open_pdf`` opens a PDF (with the officer's passwords when it is encrypted) and disarms its
  active content (JavaScript, launch and submit actions, open actions) *in memory*, so nothing
  that is saved from the returned document can carry them.
- ``inspect_pdf`` is the preflight that runs before extraction: limits against decompression
  bombs and absurd page sizes, broken object graphs, repairs, and pages whose text layer cannot
  be trusted (fonts without a Unicode map, scanned pages).
- ``output_problems`` is the post-check on a written output: no active content, no encryption.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from woo_redact.errors import EncryptedPdfError, InputError, InputLimitError

# -- passwords ---------------------------------------------------------------------------------

# The officer's passwords (from --password-file), tried in order on encrypted inputs. Kept in a
# module variable so that every open_pdf in this process and in forked workers can use them;
# never logged, never written anywhere.
_passwords: tuple[str, ...] = ()


def set_passwords(passwords: Sequence[str]) -> None:
    global _passwords
    _passwords = tuple(passwords)


def read_password_file(path: Path) -> list[str]:
    """One password per line; blank lines are skipped, the line end is not part of it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the password file {path}: {type(exc).__name__}") from exc
    return [line.rstrip("\r\n") for line in text.splitlines() if line.strip()]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# -- active content ----------------------------------------------------------------------------

# Action types that run code, open other files or send data somewhere. URI and GoTo links stay.
DANGEROUS_ACTIONS = frozenset(
    {
        "JavaScript",
        "Launch",
        "SubmitForm",
        "ImportData",
        "GoToR",
        "GoToE",
        "Rendition",
        "RichMediaExecute",
        "Movie",
        "Sound",
    }
)
_ACTION_NAMES = {"JavaScript": "JavaScript", "Launch": "launch action"}


def _name(value: tuple[str, str]) -> str:
    kind, text = value
    return text.lstrip("/") if kind == "name" else ""


def active_content(doc: pymupdf.Document, disarm: bool = False) -> list[str]:
    """The kinds of active content in ``doc`` (sorted, no repeats); remove them if ``disarm``.

    Walks every object: catalog and page /OpenAction and /AA (additional actions, the usual
    carrier of scripts), the /JavaScript name tree, XFA forms, and any action dictionary of a
    dangerous type (JavaScript, Launch, SubmitForm, ...) whether it stands alone or sits under an
    annotation's or outline item's /A. Only the document in memory is changed.
    """
    found: set[str] = set()
    for xref in range(1, doc.xref_length()):
        try:
            keys = doc.xref_get_keys(xref)
        except Exception:  # a broken or free object: nothing to run there
            continue
        if not keys:
            continue
        for key in ("OpenAction", "AA"):
            if key in keys and doc.xref_get_key(xref, key)[0] != "null":
                found.add("open action" if key == "OpenAction" else "additional actions (/AA)")
                if disarm:
                    doc.xref_set_key(xref, key, "null")
        if "JavaScript" in keys and doc.xref_get_key(xref, "JavaScript")[0] != "null":
            found.add("JavaScript")
            if disarm:
                doc.xref_set_key(xref, "JavaScript", "null")
        if "Names" in keys and doc.xref_get_key(xref, "Names/JavaScript")[0] not in ("null",):
            found.add("JavaScript")
            if disarm:
                doc.xref_set_key(xref, "Names/JavaScript", "null")
        if "AcroForm" in keys and doc.xref_get_key(xref, "AcroForm/XFA")[0] != "null":
            found.add("XFA form")
            if disarm:
                doc.xref_set_key(xref, "AcroForm/XFA", "null")
        if "XFA" in keys and doc.xref_get_key(xref, "XFA")[0] != "null":
            found.add("XFA form")
            if disarm:
                doc.xref_set_key(xref, "XFA", "null")
        for key in ("A", "Next", "PA"):
            if key in keys:
                kind = _name(doc.xref_get_key(xref, f"{key}/S"))
                if kind in DANGEROUS_ACTIONS:
                    found.add(_ACTION_NAMES.get(kind, f"{kind} action"))
                    if disarm:
                        doc.xref_set_key(xref, key, "null")
        kind = _name(doc.xref_get_key(xref, "S")) if "S" in keys else ""
        if kind in DANGEROUS_ACTIONS or "JS" in keys:
            found.add(_ACTION_NAMES.get(kind, f"{kind or 'JavaScript'} action"))
            if disarm and not doc.xref_is_stream(xref):
                doc.update_object(xref, "<<>>")
    return sorted(found)


# -- opening -----------------------------------------------------------------------------------


def open_pdf(path: Path) -> pymupdf.Document:
    """Open an input PDF read-only, turning every failure into one clear InputError line.

    Encrypted files are opened with the passwords given by ``set_passwords``; active content is
    disarmed in memory (see ``active_content``).
    """
    if path.stat().st_size == 0:
        raise InputError("empty file (0 bytes)")
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise InputError("not a PDF file (no %PDF header)")
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # MuPDF raises a handful of types for broken files
        raise InputError(f"cannot open PDF: {_mupdf_message(exc)}") from exc
    try:
        if doc.needs_pass:
            if not _passwords:
                raise EncryptedPdfError(
                    "encrypted PDF: a password is needed to open it (see --password-file)"
                )
            if not any(doc.authenticate(pw) for pw in _passwords):
                raise EncryptedPdfError(
                    "encrypted PDF: none of the passwords in the password file opens it"
                )
        if doc.page_count == 0:
            raise InputError("PDF has no pages")
        active_content(doc, disarm=True)
    except InputError:
        doc.close()
        raise
    except Exception as exc:
        doc.close()
        raise InputError(f"cannot read PDF structure: {_mupdf_message(exc)}") from exc
    return doc


def _mupdf_message(exc: BaseException) -> str:
    text = str(exc).strip()
    text = re.sub(r"^code=\d+:\s*", "", text)
    return text.splitlines()[0][:200] if text else type(exc).__name__


# -- preflight ---------------------------------------------------------------------------------

# The PDF specification's largest page is 14,400 units (200 inches) a side.
MAX_PAGE_SIDE = 14_400.0


@dataclass(frozen=True)
class InputLimits:
    """Limits that turn decompression bombs and absurd files into a clear error."""

    max_pages: int = 5_000
    max_page_area: float = MAX_PAGE_SIDE * MAX_PAGE_SIDE  # square points
    max_image_pixels: int = 300_000_000  # an A0 scan at 300 dpi is about 140 megapixels


@dataclass
class Inspection:
    """What the preflight learnt about one input before extraction."""

    pages: int
    repaired: bool = False
    remarks: list[str] = field(default_factory=list)
    # 0-based page → why its text layer cannot be trusted ("font" or "scanned")
    unreadable: dict[int, str] = field(default_factory=dict)


# MuPDF warnings that mean the object graph could not be read; MuPDF carries on with an empty
# page, so the page would silently pass as "nothing to redact".
_STRUCTURE_ERRORS = (
    ("stack overflow", "object graph nested too deeply"),
    ("nesting", "object graph nested too deeply"),
    ("cycle in", "cyclic object graph"),
    ("non-page object in page tree", "broken page tree"),
    ("cannot load object", "broken object graph"),
)

# CID collections MuPDF maps to Unicode without a ToUnicode CMap.
_CJK_ORDERINGS = ("Japan1", "GB1", "CNS1", "Korea1", "KR")


def _font_lacks_unicode(doc: pymupdf.Document, xref: int, cache: dict[int, bool]) -> bool:
    """True if text in this font cannot be mapped to Unicode (no ToUnicode, no usable encoding)."""
    if xref <= 0:
        return False
    if xref in cache:
        return cache[xref]
    bad = False
    try:
        if doc.xref_get_key(xref, "ToUnicode")[0] == "null":
            subtype = _name(doc.xref_get_key(xref, "Subtype"))
            enc_kind, enc = doc.xref_get_key(xref, "Encoding")
            if subtype == "Type0":
                identity = enc_kind != "name" or enc in ("/Identity-H", "/Identity-V")
                m = re.search(r"(\d+)\s+0\s+R", doc.xref_get_key(xref, "DescendantFonts")[1])
                ordering = (
                    doc.xref_get_key(int(m.group(1)), "CIDSystemInfo/Ordering")[1] if m else ""
                )
                bad = identity and not any(o in ordering for o in _CJK_ORDERINGS)
            else:
                diffs = doc.xref_get_key(xref, "Encoding/Differences")[1]
                names = re.findall(r"/([^\s/\[\]<>()]+)", diffs)
                names = [n for n in names if n != ".notdef"]
                unknown = [
                    n for n in names if pymupdf.mupdf.fz_unicode_from_glyph_name(n) in (0, 0xFFFD)
                ]
                bad = bool(names) and len(unknown) >= max(1, 0.2 * len(names))
                if subtype == "Type3" and not names:
                    bad = True  # glyph procedures with no names: nothing maps them to letters
    except Exception:
        bad = True  # a font we cannot even inspect is not one we can trust
    cache[xref] = bad
    return bad


def _is_garbage_char(ch: str) -> bool:
    if ch == "\ufffd":
        return True
    cat = unicodedata.category(ch)
    return cat in ("Co", "Cn", "Cs") or (cat == "Cc" and ch not in "\t\n\r")


def page_text_is_garbage(text: str, min_chars: int = 3, share: float = 0.2) -> bool:
    """True if a significant share of ``text`` is characters no real text consists of.

    Fonts without a Unicode map extract as U+FFFD, control characters (the raw character
    codes) or private-use characters. A few private-use bullets (Symbol font) are normal; a fifth
    of the page is not.
    """
    chars = [ch for ch in text if not ch.isspace()]
    bad = sum(1 for ch in chars if _is_garbage_char(ch))
    return bad >= min_chars and bad >= share * len(chars)


def _image_coverage(page: pymupdf.Page) -> float:
    area = abs(page.rect) or 1.0
    covered = 0.0
    for info in page.get_image_info():
        bbox = pymupdf.Rect(info["bbox"]) & page.rect
        covered += abs(bbox)
    return min(1.0, covered / area)


TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_USE_CID_FOR_UNKNOWN_UNICODE
SCANNED_COVERAGE = 0.3  # images cover this share of the page …
SCANNED_MAX_CHARS = 30  # … and there is hardly any text: a scan, not a text page


def _check_structure(warnings: str, where: str) -> None:
    low = warnings.lower()
    for needle, meaning in _STRUCTURE_ERRORS:
        if needle in low:
            line = next(w for w in warnings.splitlines() if needle in w.lower())
            raise InputError(f"{meaning} {where}: the PDF cannot be read reliably (MuPDF: {line})")


def inspect_pdf(path: Path, limits: InputLimits | None = None) -> Inspection:
    """Preflight one input: limits, structure, repairs, active content, untrustworthy text.

    Raises InputError (or a subclass) with one clear line for files that must not be processed.
    """
    limits = limits or InputLimits()
    pymupdf.TOOLS.mupdf_warnings(reset=True)
    doc = open_pdf(path)
    try:
        opened = pymupdf.TOOLS.mupdf_warnings(reset=True)
        _check_structure(opened, "in the document")
        result = Inspection(pages=doc.page_count, repaired=bool(doc.is_repaired))
        if result.repaired:
            result.remarks.append("repaired by MuPDF: the file was damaged or truncated")
        if doc.page_count > limits.max_pages:
            raise InputLimitError(
                f"too many pages ({doc.page_count}; the limit is {limits.max_pages}, "
                "see --max-pages)"
            )
        with pymupdf.open(path, filetype="pdf") as raw:  # what is there before disarming
            needed_password = bool(raw.needs_pass)
            if needed_password:
                any(raw.authenticate(pw) for pw in _passwords)
            active = active_content(raw)
        if active:
            result.remarks.append("active content removed: " + ", ".join(active))
        if needed_password:
            result.remarks.append("was encrypted; opened with a password from the password file")
        elif (doc.metadata or {}).get("encryption"):
            result.remarks.append("had usage restrictions (owner password); removed in the output")
        fonts: dict[int, bool] = {}
        for page in doc:
            n = page.number + 1
            rect = page.rect
            if abs(rect) > limits.max_page_area or not rect.is_valid or rect.is_infinite:
                raise InputLimitError(
                    f"page {n} is absurdly large ({rect.width:.0f} × {rect.height:.0f} pt; "
                    f"the PDF maximum is {MAX_PAGE_SIDE:.0f} pt a side)"
                )
            for img in page.get_images(full=True):
                width, height = int(img[2]), int(img[3])
                if width * height > limits.max_image_pixels:
                    raise InputLimitError(
                        f"page {n} has an image of {width} × {height} pixels (limit "
                        f"{limits.max_image_pixels:,} pixels): possible decompression bomb"
                    )
            text = page.get_text("text", flags=TEXT_FLAGS)
            _check_structure(pymupdf.TOOLS.mupdf_warnings(reset=True), f"on page {n}")
            kind = page_unreadable(doc, page, text, fonts)
            if kind:
                result.unreadable[page.number] = kind
        return result
    finally:
        doc.close()


def text_untrusted(doc: pymupdf.Document, page: pymupdf.Page, text: str, fonts: dict) -> bool:
    """The page has text whose letters cannot be trusted: garbage, or a font without a map.

    The one definition of an unreadable text layer: inspect (preflight) and extract (which
    then relies on OCR alone for that page) both ask this. Untrusted too: ActualText that
    differs from the glyphs, and a ToUnicode map that names other letters than those drawn.
    """
    if not any(not ch.isspace() for ch in text):
        return False
    if page_text_is_garbage(text):
        return True
    if any(_font_lacks_unicode(doc, f[0], fonts) for f in page.get_fonts(full=True)):
        return True
    return actual_text_differs(page) or glyphs_disagree(doc, page, fonts)


BASE14 = {v.lower(): k for k, v in pymupdf.Base14_fontdict.items() if len(k) == 4}
MIN_WRONG_GLYPHS = 3  # letters whose Unicode is not the glyph drawn, before a page is distrusted


def _glyph_font(doc: pymupdf.Document, page: pymupdf.Page, name: str, cache: dict):
    """The font program that draws ``name`` on this page (embedded, or MuPDF's base-14)."""
    key = ("glyphs", name)
    if key not in cache:
        cache[key] = None
        for xref, _, _, basefont, *_ in page.get_fonts(full=True):
            if name not in (basefont, basefont.split("+", 1)[-1]):
                continue
            try:
                buffer = doc.extract_font(xref)[3]
                base = basefont.split("+", 1)[-1].lower()
                if buffer:
                    cache[key] = pymupdf.Font(fontbuffer=buffer)
                elif base in BASE14:
                    cache[key] = pymupdf.Font(BASE14[base])
            except Exception:  # a font MuPDF cannot load is not checked here
                cache[key] = None
            break
    return cache[key]


def glyphs_disagree(doc: pymupdf.Document, page: pymupdf.Page, cache: dict) -> bool:
    """Letters whose Unicode (what extraction reads) is not the glyph the font draws.

    A ToUnicode map can say "Gemeente" where the page shows a name. For each letter the
    font's own character map is asked which glyph that Unicode has; fonts without one (a
    subset without cmap) cannot be checked and are skipped.
    """
    wrong = 0
    for span in page.get_texttrace():
        font = _glyph_font(doc, page, span["font"], cache)
        if font is None:
            continue
        for ucs, gid, *_ in span["chars"]:
            if gid <= 0 or not chr(ucs).isalpha():
                continue
            expected = font.has_glyph(ucs)
            if expected and expected != gid:
                wrong += 1
                if wrong >= MIN_WRONG_GLYPHS:
                    return True
    return False


def actual_text_differs(page: pymupdf.Page) -> bool:
    """The page's /ActualText says something other than its glyphs show.

    Extraction reports the ActualText in place of the glyphs, so a visible name can hide
    behind a harmless replacement text (or the other way round). The page is then read as a
    picture. Only pages whose content mentions ActualText pay for the second extraction.
    """
    try:
        if b"ActualText" not in page.read_contents():
            return False
    except Exception:
        return False
    shown = page.get_text("text", flags=TEXT_FLAGS | pymupdf.TEXT_IGNORE_ACTUALTEXT)
    said = page.get_text("text", flags=TEXT_FLAGS)
    return shown.split() != said.split()


def page_unreadable(doc: pymupdf.Document, page: pymupdf.Page, text: str, fonts: dict) -> str:
    """ "font" (text cannot be trusted), "scanned" (a picture with hardly any text) or ""."""
    if text_untrusted(doc, page, text, fonts):
        return "font"
    visible = sum(1 for ch in text if not ch.isspace())
    if visible < SCANNED_MAX_CHARS and _image_coverage(page) >= SCANNED_COVERAGE:
        return "scanned"
    return ""


def unreadable_reason(page_no: int, kind: str) -> str:
    """The review remark for a page whose text layer cannot be trusted (page_no is 0-based)."""
    if kind == "scanned":
        return (
            f"page {page_no + 1}: scanned page without OCR text (OCR unavailable or switched off); "
            "OCR or manual review needed"
        )
    return (
        f"page {page_no + 1}: text cannot be read reliably (font without Unicode map); "
        "OCR or manual review needed"
    )


def ocr_covered(page: object) -> bool:
    """True if a page was OCR'd (then its own text layer was not relied on)."""
    if getattr(page, "ocr", False):
        return True
    return any(getattr(w, "source", "text") == "ocr" for w in getattr(page, "words", ()))


# -- post-check of an output -------------------------------------------------------------------


def output_problems(path: Path) -> list[str]:
    """Problems with a written output that the leak check does not see; empty means fine."""
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:
        return [f"output cannot be reopened: {_mupdf_message(exc)}"]
    try:
        problems = []
        if doc.needs_pass or doc.is_encrypted:
            problems.append("the output is encrypted, so it could not be checked")
        active = active_content(doc)
        if active:
            problems.append("the output still has active content: " + ", ".join(active))
        return problems
    finally:
        doc.close()
