"""A kept page: deflated once, a secret written in per request, still one valid gzip member."""

import gzip
import zlib

import pytest
from django.test import RequestFactory

from core.kept_pages import STORED_MAX, KeptPage

MARK = "SECRETGOESHERE"
PAGES = [
    "<p>no secret at all</p>" * 40,
    f"<form>{MARK}</form>" + "<p>Capaian ≥ 100 %: tercapai</p>" * 50,
    f"{MARK}<p>twice</p>{MARK}",  # at the start and at the end
    f"<p>{MARK}{MARK}</p>" + "x" * 5000,  # side by side
    "",
]


def body_after_name(compressed):
    """The deflate stream and trailer: the header ends with a random-length name and a zero."""
    assert compressed[:4] == b"\x1f\x8b\x08\x08"
    return compressed[compressed.index(b"\x00", 10) + 1 :]


@pytest.mark.parametrize("html", PAGES)
@pytest.mark.parametrize("secret", ["", "Zq9" * 21 + "x", "ü" * (STORED_MAX // 2 + 7)])
def test_the_gzip_member_holds_the_page_with_the_secret_written_in(html, secret):
    kept = KeptPage(html, MARK)
    expected = html.replace(MARK, secret).encode()
    assert kept.plain(secret) == expected
    assert gzip.decompress(kept.gzip(secret)) == expected
    # One member, checked by zlib itself (header, CRC and length), and nothing after it.
    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
    assert decompressor.decompress(kept.gzip(secret)) == expected
    assert decompressor.eof and decompressor.unused_data == b""
    assert kept.takes_secret == (MARK in html)


def test_a_large_page_is_compressed_and_the_secret_is_not_compressed_against_it():
    html = f'<input name="csrfmiddlewaretoken" value="{MARK}">' + "<td>Dinas Kesehatan</td>" * 400
    kept = KeptPage(html, MARK)
    one, other = "a" * 64, "Dinas Kesehatan<td>Dinas Kesehatan</td>"[:64].ljust(64, "a")
    assert len(kept.gzip(one)) < len(html) / 10
    # Secrets of one length give streams of one length whatever they hold (the secret is stored,
    # not matched against the page), and the name in the header varies in length.
    assert len(body_after_name(kept.gzip(one))) == len(body_after_name(kept.gzip(other)))
    assert len({len(kept.gzip(one)) for _ in range(40)}) > 1


def test_the_response_is_gzip_only_for_a_reader_who_takes_it():
    kept = KeptPage(f"<p>{MARK}</p>" * 100, MARK)
    factory = RequestFactory()
    compressed = kept.response(factory.get("/", HTTP_ACCEPT_ENCODING="br, gzip"), "t0ken")
    assert compressed["Content-Encoding"] == "gzip"
    assert compressed["Vary"] == "Accept-Encoding"
    assert gzip.decompress(compressed.content) == ("<p>t0ken</p>" * 100).encode()
    plain = kept.response(factory.get("/", HTTP_ACCEPT_ENCODING="identity"), "t0ken")
    assert not plain.has_header("Content-Encoding")
    assert plain["Vary"] == "Accept-Encoding"
    assert plain.content == ("<p>t0ken</p>" * 100).encode()
