"""The fast character source: pypdfium2 (PDFium) instead of pdfminer's parser.

:func:`~soc2parse.extract.pdfium.pages.pdfium_pages` gives the same
:class:`~soc2parse._pages.RawPage` records as the pdfplumber reference extractor, built the
way pdfminer builds them, so that the shared layout code makes the same lines from either
source: character boxes span the glyph's advance width and one font size upwards from the
font's descent (pdfminer's box, not the glyph's ink), in pdfplumber's coordinates
(top-left origin; ``/Rotate`` applied as pdfminer applies it); glyphs that pdfminer marks
as not upright are skipped, and so are the spaces and line breaks PDFium invents between
words and lines; ruling segments are the edges pdfplumber derives from painted paths.
Type 3 fonts, whose glyphs PDFium gives only as codes, are read as pdfminer reads them
where it can be told which of the document's Type 3 fonts a glyph is in. The modules, each
importing only those listed before it: ``bindings`` (PDFium's C functions, ready-made
ctypes arguments, the process-wide lock), ``geometry`` (page size and coordinate map),
``objects`` (a file's objects parsed one by one with pdfminer's parser), ``type3`` (the
document's Type 3 fonts as pdfminer reads them), ``fonts`` (names, descents, glyph
widths), ``textpage`` (a page's text, its text objects, one glyph's general box, a Type 3
glyph's reading), ``words`` (a text object of printable ASCII as one block of words),
``runs`` (a page's text objects into items for the layout code), ``paths`` (ruling lines)
and ``pages`` (the entry point and the page driver).
"""
