"""DiWoo metadata: one XML file per published document (``DIR/diwoo/<ID>.xml``).

Follows the DiWoo metadata schema 0.9.8 (``diwoo-metadata.xsd``, namespace
``https://standaarden.overheid.nl/diwoo/metadata/``): a ``diwoo:Document`` holding one
``diwoo:DiWoo`` with the elements the schema requires (``publisher``, ``titelcollectie/
officieleTitel``, ``classificatiecollectie/informatiecategorieen/informatiecategorie``,
``documenthandelingen/documenthandeling`` with ``soortHandeling`` and ``atTime``) and those the
publication conditions ask for besides (``creatiedatum``, ``language``, ``format``).

Value-list URIs are those of the schema's lists (``diwoo-metadata-lijsten.xsd`` 0.9.8): Woo
category "Woo-verzoeken en -besluiten", language Dutch, format PDF. The redaction is recorded as
a document action ``anonimiseren`` with its time. The 0.9.8 list of document actions
(``ccw_plooi_documenthandelingen`` version 2) has no concept for it (only ondertekening,
ontvangst, vaststelling), so the action is written as a label without a ``resource`` URI, which
the schema allows; :data:`ANONYMISE_URI` is the one place to set it once TOOI has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

from woo_redact.atomic import write_text

NS = "https://standaarden.overheid.nl/diwoo/metadata/"
SCHEMA_VERSION = "0.9.8"
TOOI_KERN = "https://identifier.overheid.nl/tooi/def/thes/kern/"
WOO_REQUESTS = (TOOI_KERN + "c_3baef532", "Woo-verzoeken en -besluiten")
DUTCH = ("http://publications.europa.eu/resource/authority/language/NLD", "Nederlands")
PDF = ("http://publications.europa.eu/resource/authority/file-type/PDF", "pdf")
ANONYMISE = "anonimiseren"
ANONYMISE_URI = ""  # no TOOI concept in the 0.9.8 value list (see the module docstring)
FOLDER = "diwoo"

# The elements the 0.9.8 schema requires (minOccurs 1), as paths below diwoo:DiWoo, and those
# the issue asks for besides. Tests check every written file against this list.
REQUIRED = (
    "publisher",
    "titelcollectie/officieleTitel",
    "classificatiecollectie/informatiecategorieen/informatiecategorie",
    "documenthandelingen/documenthandeling/soortHandeling",
    "documenthandelingen/documenthandeling/atTime",
)
ALSO_WRITTEN = ("creatiedatum", "language", "format")

ET.register_namespace("diwoo", NS)


@dataclass(frozen=True)
class Publisher:
    """The organisation that publishes; ``uri`` a TOOI organisation URI, when known."""

    name: str = ""
    uri: str = ""


def _el(parent: ET.Element, name: str, text: str = "", resource: str = "") -> ET.Element:
    el = ET.SubElement(parent, f"{{{NS}}}{name}")
    if resource:
        el.set("resource", resource)
    if text:
        el.text = text
    return el


def diwoo_xml(
    doc_id: str,
    title: str,
    created: str,
    redacted_at: str,
    publisher: Publisher,
) -> str:
    """The DiWoo metadata of one published document.

    ``created`` is an ISO date (YYYY-MM-DD), ``redacted_at`` an ISO date-time with zone.
    """
    root = ET.Element(f"{{{NS}}}Document")
    dw = _el(root, "DiWoo")
    ids = _el(dw, "identifiers")
    _el(ids, "identifier", doc_id)
    _el(dw, "publisher", publisher.name, publisher.uri)
    titles = _el(dw, "titelcollectie")
    _el(titles, "officieleTitel", title)
    classes = _el(dw, "classificatiecollectie")
    cats = _el(classes, "informatiecategorieen")
    _el(cats, "informatiecategorie", WOO_REQUESTS[1], WOO_REQUESTS[0])
    if created:
        _el(dw, "creatiedatum", created)
    _el(dw, "language", DUTCH[1], DUTCH[0])
    _el(dw, "format", PDF[1], PDF[0])
    actions = _el(dw, "documenthandelingen")
    action = _el(actions, "documenthandeling")
    _el(action, "soortHandeling", ANONYMISE, ANONYMISE_URI)
    _el(action, "atTime", redacted_at)
    if publisher.name or publisher.uri:
        _el(action, "wasAssociatedWith", publisher.name, publisher.uri)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def diwoo_path(published_rel: str, taken: set[str] | None = None) -> str:
    """Where the metadata of a published document goes, relative to the publication folder:
    ``diwoo/<ID>.xml``, or ``diwoo/<file name>.xml`` when two names differ only in suffix."""
    rel = str(PurePosixPath(FOLDER) / PurePosixPath(published_rel).with_suffix(".xml"))
    if taken is not None and rel in taken:
        rel = str(PurePosixPath(FOLDER) / f"{published_rel}.xml")
    if taken is not None:
        taken.add(rel)
    return rel


def write_diwoo(
    out: Path,
    published_rel: str,
    created: str,
    redacted_at: str,
    publisher: Publisher,
    taken: set[str] | None = None,
) -> str:
    """Write the metadata of one document below ``out``; returns its relative path."""
    rel = diwoo_path(published_rel, taken)
    path = PurePosixPath(published_rel)
    doc_id = str(path.with_suffix(""))
    xml = diwoo_xml(doc_id, path.stem, created, redacted_at, publisher)
    write_text(out / rel, xml)
    return rel
