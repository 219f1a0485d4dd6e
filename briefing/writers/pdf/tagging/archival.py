"""What PDF/A-2a (ISO 19005-2) and PDF/UA-1 (ISO 14289-1) ask of the file beyond its tags: XMP metadata and an output intent."""

from __future__ import annotations

import functools

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

from briefing.paths import SRGB_PROFILE  # the sRGB profile every colour here is meant in
from briefing.writers.pdf.flate import FLATE

STANDARDS = ("a-2a", "ua-1")


class ProfileMissing(Exception):
    """The output intent's ICC profile is not installed."""


@functools.lru_cache(maxsize=1)
def profile_bytes() -> bytes:
    """The profile, read once per process: every PDF of a build embeds the same."""
    try:
        with open(SRGB_PROFILE, "rb") as handle:
            return handle.read()
    except OSError:
        raise ProfileMissing(f"{SRGB_PROFILE}: the sRGB profile PDF/A needs is missing "
                             "(install Debian's icc-profiles-free, or build with --pdf-standard none)") from None


def declare(canvas, titles: dict[str, str], standards: tuple[str, ...]) -> None:
    """Adds the XMP packet (matching the Info dictionary) and, for PDF/A, the sRGB output intent to the catalog."""
    document = canvas._doc
    catalog = document.Catalog
    catalog.__NoDefault__ = list(type(catalog).__NoDefault__) + ["OutputIntents"]
    packet = _xmp(document, titles, standards).encode("utf-8")
    # PDF/A-2 §6.6.2.1: the metadata stream is not filtered, so any tool can read it.
    catalog.Metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                                 packet, filters=[])
    if "a-2a" in standards:
        profile = PDFStream(PDFDictionary({"N": 3}), profile_bytes(), filters=[FLATE])  # compressed once per process
        catalog.OutputIntents = PDFArray([PDFDictionary({
            "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString("sRGB IEC61966-2.1"), "Info": PDFString("sRGB IEC61966-2.1"),
            "DestOutputProfile": document.Reference(profile),
        })])


def _date(document) -> str:
    """The Info dictionary's date (ReportLab's, from SOURCE_DATE_EPOCH when set) in XMP's form."""
    stamp = document._timeStamp
    year, month, day, hour, minute, second = stamp.YMDhms
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{stamp.dhh:+03d}:{stamp.dmm:02d}"


def escape(text: str) -> str:
    """Text as XML character data or an attribute value in double quotes: &, <, > and " as entities.

    (Not xml.sax.saxutils.escape: it leaves " alone, which ends an attribute, and imports urllib, http and ssl.)
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _xmp(document, titles: dict[str, str], standards: tuple[str, ...]) -> str:
    info = document.info
    alternatives = [f'<rdf:li xml:lang="x-default">{escape(info.title)}</rdf:li>'] + [
        f'<rdf:li xml:lang="{escape(language)}">{escape(title)}</rdf:li>' for language, title in titles.items()]
    languages = "".join(f"<rdf:li>{escape(language)}</rdf:li>" for language in titles)
    date = _date(document)
    claims = ""
    if "a-2a" in standards:
        claims += ' pdfaid:part="2" pdfaid:conformance="A"'
    if "ua-1" in standards:
        claims += ' pdfuaid:part="1"'
    # PDF/A-2 §6.6.2.3: a schema outside XMP's predefined ones (pdfuaid) is described by an extension schema.
    extension = _PDFUA_EXTENSION if "ua-1" in standards and "a-2a" in standards else ""
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"
 pdf:Producer="{escape(info.producer)}" pdf:Keywords="{escape(info.keywords)}" pdf:Trapped="{escape(info.trapped)}"
 xmp:CreatorTool="{escape(info.creator)}" xmp:CreateDate="{date}" xmp:ModifyDate="{date}" xmp:MetadataDate="{date}"{claims}>
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt>{"".join(alternatives)}</rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(info.subject)}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag>{languages}</rdf:Bag></dc:language>{extension}
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""


_PDFUA_EXTENSION = """
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>"""
