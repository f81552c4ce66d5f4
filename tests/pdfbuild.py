"""Write small, valid PDFs by hand for extractor tests (no PDF library needed)."""

from __future__ import annotations

from collections.abc import Sequence


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(
    pages: Sequence[Sequence[str]], *, image_only: bool = False, watermark: str = ""
) -> bytes:
    """A PDF with one page per item, each line of text in Helvetica 10 pt, top to bottom.

    With ``image_only`` each page instead paints a small grey image and holds no text; with
    ``watermark`` each page also carries that text in 60 pt, turned 45 degrees.
    """
    objects: list[bytes] = []
    page_ids: list[int] = []
    font_id = 3
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"")  # pages tree, filled in below
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for lines in pages:
        if image_only:
            image_id = len(objects) + 1
            objects.append(
                b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray"
                b" /BitsPerComponent 8 /Length 4 >>\nstream\n\x80\x80\x80\x80\nendstream"
            )
            content = b"q 400 0 0 400 100 200 cm /Im1 Do Q"
            resources = f"<< /XObject << /Im1 {image_id} 0 R >> >>".encode()
        else:
            ops = ["BT /F1 10 Tf 72 740 Td 14 TL"]
            ops += [f"({_escape(line)}) Tj T*" for line in lines]
            ops.append("ET")
            if watermark:
                turned = "0.7071 0.7071 -0.7071 0.7071 150 250 Tm"
                ops.append(f"BT /F1 60 Tf {turned} ({_escape(watermark)}) Tj ET")
            content = "\n".join(ops).encode("latin-1")
            resources = f"<< /Font << /F1 {font_id} 0 R >> >>".encode()
        content_id = len(objects) + 1
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        page_ids.append(len(objects) + 1)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
            b" /Resources %s >>" % (content_id, resources)
        )
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects[1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


SOC_PAGES: list[list[str]] = [
    ["Acme Cloud, Inc.", "SOC 2 Type 2 Report", "Relevant to Security", "Confidential"],
    [
        "Independent Service Auditor's Report",
        "We have examined the description of the system of Acme Cloud, Inc.",
        "based on the trust services criteria relevant to security.",
        "In our opinion, in all material respects, the description presents fairly",
        "Confidential",
    ],
    ["Management's Assertion", "We have prepared the accompanying description.", "Confidential"],
]
