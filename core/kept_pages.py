"""A page kept in a cache, compressed once, with a secret of each reader's written in.

A page cached per reader still carries something that must be new on every request: the CSRF
token of its forms (masked afresh each time, against BREACH). So it cannot be kept as one
gzip response; compressing the whole page again on every request cost the logged-in dashboard a
fifth of its time (1.2 ms of 5–7 ms here). A :class:`KeptPage` keeps the page cut at each place
the secret goes, each piece deflated once when the page is made. For a request,
:meth:`KeptPage.gzip` joins the pieces with the secret as an uncompressed (stored) deflate block
between them: one valid gzip member (RFC 1951 and 1952), the bytes the reader would have had
uncompressed. The secret is never compressed against the page's other text, so the response's
length says nothing of it; the header carries a random-length file name as Django's
``GZipMiddleware`` writes (its mitigation of BREACH for the rest of the page).
"""

import re
import secrets
import struct
import zlib

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

# As django.middleware.gzip: the reader takes gzip, and at most this many random bytes of name.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
MAX_RANDOM_BYTES = 100
LEVEL = 6  # Django's compress_string's level
STORED_MAX = 0xFFFF  # the longest stored block


def _deflated(piece, last):
    """``piece`` as raw deflate blocks of their own: ending on a byte boundary, not final (a sync
    flush), unless ``last``."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(piece) + compressor.flush(
        zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH
    )


def _stored(data):
    """``data`` as non-final stored deflate blocks (after a sync flush the stream is byte-aligned,
    so each block's three header bits and padding are one zero byte)."""
    blocks = []
    for start in range(0, len(data), STORED_MAX):
        chunk = data[start : start + STORED_MAX]
        blocks.append(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(blocks)


class KeptPage:
    """A page (a string of HTML) cut where ``placeholder`` stands, kept plain and deflated."""

    def __init__(self, html, placeholder):
        self.pieces = tuple(html.encode().split(placeholder.encode()))
        last = len(self.pieces) - 1
        self.deflated = tuple(_deflated(piece, i == last) for i, piece in enumerate(self.pieces))

    @property
    def takes_secret(self):
        return len(self.pieces) > 1

    def plain(self, secret=""):
        return secret.encode().join(self.pieces)

    def gzip(self, secret=""):
        """The page with ``secret`` written in, as one gzip member."""
        secret = secret.encode()
        written = _stored(secret)
        name = b"a" * secrets.randbelow(MAX_RANDOM_BYTES) + b"\x00"
        # ID1 ID2, deflate, FNAME, no time, no extra flags, unknown OS (as gzip.compress writes).
        body = [b"\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\xff" + name]
        crc = 0
        for i, (piece, deflated) in enumerate(zip(self.pieces, self.deflated, strict=True)):
            if i:
                body.append(written)
                crc = zlib.crc32(secret, crc)
            body.append(deflated)
            crc = zlib.crc32(piece, crc)
        size = sum(map(len, self.pieces)) + len(secret) * (len(self.pieces) - 1)
        body.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
        return b"".join(body)

    def response(self, request, secret=""):
        """An ``HttpResponse`` of the page for ``request``: gzip-compressed when the reader takes
        it, as ``GZipMiddleware`` would have answered (which leaves an encoded response alone)."""
        if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            response = HttpResponse(self.gzip(secret))
            response.headers["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(self.plain(secret))
        patch_vary_headers(response, ("Accept-Encoding",))
        return response
