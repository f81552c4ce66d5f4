"""A PDF's objects found by their headers, each read on demand with pdfminer's own parser.

PDFium does not give a font's dictionary, and opening the document with pdfminer parses
whole object streams with a pure-Python tokenizer (10 ms for a 2 kB one). This module owns
:func:`object_streams` (the file's Flate-compressed object streams, inflated: the font
descriptors are read from them too) and :class:`PdfObjects`, an index of every object by
number, from the ``N G obj`` headers in the file's bytes and the headers of its object
streams (the cross-reference table is not read), whose objects are parsed one at a time by
pdfminer's parser, so that their values (numbers, names, strings, arrays, dictionaries,
streams, references) are the ones pdfminer reads. An object defined twice with different
bytes (an incremental update) is not read at all: which one pdfminer takes is not decided
here.
"""

from __future__ import annotations

import bisect
import io
import typing
import zlib
from collections.abc import Iterator
from typing import Any

import attrs
import regex

__all__ = ["ObjectStream", "PdfObjects", "UnreadObjectError", "object_streams"]

# An object stream's dictionary up to its stream keyword: "<< /Type /ObjStm ... >> stream".
_OBJECT_STREAM = regex.compile(
    rb"/Type \s* /ObjStm (?: [^>] | >(?!>) )* >> \s* stream\r?\n", regex.VERBOSE
)
# The most one object stream is inflated to here (the inflation guard has measured them all).
_MAX_OBJECT_STREAM = 16 * 1024 * 1024
# An object stream's count and first offset, written directly.
_COUNT = regex.compile(rb"/N \s+ (?P<value>[0-9]+) (?![0-9.\s]*R)", regex.VERBOSE)
_FIRST = regex.compile(rb"/First \s+ (?P<value>[0-9]+) (?![0-9.\s]*R)", regex.VERBOSE)
# An indirect object's header (found anywhere: one missed would hide its object inside the
# one before, and one found in a stream's data only makes its number look defined twice).
_HEADER = regex.compile(rb"(?<![0-9]) (?P<number>[0-9]+) \s+ [0-9]+ \s+ obj \b", regex.VERBOSE)
_END_OBJECT = b"endobj"


class UnreadObjectError(Exception):
    """An object that cannot be read as pdfminer would read it (missing, twice, damaged)."""


@attrs.frozen
class ObjectStream:
    """One Flate-compressed object stream: its dictionary's bytes and its inflated contents."""

    dictionary: bytes
    data: bytes


def object_streams(data: bytes) -> Iterator[ObjectStream]:
    """The file's Flate-compressed object streams, inflated (damaged ones left out)."""
    for match in _OBJECT_STREAM.finditer(data):
        opened = data.rfind(b"<<", max(0, match.start() - 512), match.start())
        if opened < 0 or b"/FlateDecode" not in data[opened : match.end()]:
            continue
        end = data.find(b"endstream", match.end())
        if end < 0:
            continue
        try:
            inflated = zlib.decompressobj().decompress(data[match.end() : end], _MAX_OBJECT_STREAM)
        except zlib.error:
            continue
        yield ObjectStream(data[opened : match.end()], inflated)


@attrs.define
class PdfObjects:
    """Every object of a file by number, parsed on demand by pdfminer's parser.

    ``complete`` is False when some objects could not be indexed (an object stream that is
    not Flate-compressed, has decode parameters or an indirect count, or a file that is
    encrypted): what is not indexed may hold what a caller looks for. The instance stands
    for pdfminer's document to the references it parses (``getobj``, ``decipher``).
    """

    data: bytes
    streams: list[ObjectStream]
    complete: bool
    # Object number -> where it is defined: (-1, offset of its header) in the file's
    # bytes, or (index of its object stream, offset of its value in the inflated data).
    places: dict[int, list[tuple[int, int]]] = attrs.Factory(dict)
    # Per source (-1 for the file's bytes, else an object stream): its objects' starts,
    # in order, and their numbers.
    starts: dict[int, tuple[list[int], list[int]]] = attrs.Factory(dict)
    cache: dict[int, Any] = attrs.Factory(dict)
    decipher: None = None

    @classmethod
    def index(cls, data: bytes, streams: list[ObjectStream]) -> PdfObjects:
        """Index the objects of the file's bytes and of its inflated object streams."""
        complete = b"/Encrypt" not in data
        if sum(1 for _ in _OBJECT_STREAM.finditer(data)) != len(streams):
            complete = False
        found = cls(data, streams, complete)
        headers = [(m.start(), int(m["number"])) for m in _HEADER.finditer(data)]
        found._add(-1, headers)
        for source, stream in enumerate(streams):
            total, first = _COUNT.search(stream.dictionary), _FIRST.search(stream.dictionary)
            if total is None or first is None or b"/DecodeParms" in stream.dictionary:
                found.complete = False
                continue
            start = int(first["value"])
            pairs = stream.data[:start].split()
            if len(pairs) != 2 * int(total["value"]) or not all(p.isdigit() for p in pairs):
                found.complete = False
                continue
            found._add(
                source,
                [(start + int(pairs[k + 1]), int(pairs[k])) for k in range(0, len(pairs), 2)],
            )
        return found

    def _add(self, source: int, objects: list[tuple[int, int]]) -> None:
        objects.sort()
        self.starts[source] = ([o for o, _ in objects], [n for _, n in objects])
        for offset, number in objects:
            self.places.setdefault(number, []).append((source, offset))

    def getobj(self, number: int) -> Any:
        """Object ``number``'s value, as pdfminer parses it.

        Raises:
            UnreadObjectError: the object is not in the file, is defined twice with different
                bytes, or cannot be parsed.
        """
        if number in self.cache:
            return self.cache[number]
        places = self.places.get(number)
        if not places or len({self._raw(place) for place in places}) > 1:
            raise UnreadObjectError(number)
        try:
            value = self._parse(places[0])
        except Exception as error:  # pdfminer raises many types on damaged objects
            raise UnreadObjectError(number) from error
        self.cache[number] = value
        return value

    def holding(self, marker: bytes) -> list[int]:
        """The numbers of the objects whose bytes hold ``marker``, in order, each once.

        Raises:
            UnreadObjectError: ``marker`` is also outside every indexed object.
        """
        found: list[int] = []
        sources = [(-1, self.data), *((k, s.data) for k, s in enumerate(self.streams))]
        for source, data in sources:
            offsets, numbers = self.starts.get(source, ([], []))
            at = data.find(marker)
            while at >= 0:
                k = bisect.bisect_right(offsets, at) - 1
                if k < 0 or at + len(marker) > offsets[k] + len(self._raw((source, offsets[k]))):
                    raise UnreadObjectError(marker)
                if numbers[k] not in found:
                    found.append(numbers[k])
                at = data.find(marker, at + 1)
        return found

    def _raw(self, place: tuple[int, int]) -> bytes:
        """The bytes of one definition: up to ``endobj`` in the file, up to the next
        object in an object stream."""
        source, offset = place
        if source < 0:
            end = self.data.find(_END_OBJECT, offset)
            return self.data[offset : end if end >= 0 else len(self.data)]
        data = self.streams[source].data
        offsets = self.starts[source][0]
        k = bisect.bisect_right(offsets, offset)
        return data[offset : offsets[k] if k < len(offsets) else len(data)]

    def _parse(self, place: tuple[int, int]) -> Any:
        from pdfminer.pdfparser import PDFParser, PDFStreamParser
        from pdfminer.psparser import KWD

        source, offset = place
        if source >= 0:
            # pdfminer reads an object stream's values one after another from its start.
            stream_parser = PDFStreamParser(self.streams[source].data)
            stream_parser.set_document(typing.cast(Any, self))
            stream_parser.seek(offset)
            return stream_parser.nextobject()[1]
        parser = PDFParser(io.BytesIO(self.data))
        parser.set_document(typing.cast(Any, self))
        # pdfminer's PDFDocument._getobj_parse: number, generation, "obj", then the value.
        parser.seek(offset)
        parser.nexttoken()
        parser.nexttoken()
        if parser.nexttoken()[1] is not KWD(b"obj"):
            raise UnreadObjectError(offset)
        return parser.nextobject()[1]
