"""The extract floor: a PDF's bytes into the page model, the only floor that touches the PDF.

``engine`` holds :func:`~soc2parse.extract.engine.extract`, which reads the source
(``source``), guards against decompression bombs (``inflate``), reads each page's
characters and ruling lines with PDFium (``pdfium``, the fast default) or pdfplumber
(``plumber``, the reference), reads scanned pages by OCR (``ocr``), and builds the page
model with the layout code both engines share (``layout``: characters into words and
lines, running headers and footers, contents pages); ``failures`` holds the errors for a
PDF that cannot be opened. See docs/model.md for the floor plan.
"""
