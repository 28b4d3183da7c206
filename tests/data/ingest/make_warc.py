"""Regenerate formats/pages.warc.gz, the WARC sample of the ingest tests (run once; the output is committed).

    .venv/bin/python tests/data/ingest/make_warc.py

Records, in order: 1 warcinfo, 2 request, 3 response (English news page, HTML), 4 response (PNG image:
not an article, passed over), 5 response (HTTP 404: passed over), 6 response (Spanish news page: skipped
as not English), 7 response (page with almost no text: skipped as empty).
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
ENGLISH = (HERE / "formats" / "article.html").read_bytes()
SPANISH = (
    "<html><head><title>Ataque contra un cuartel</title></head><body><article>"
    "<h1>Ataque contra un cuartel</h1>"
    "<p>Un grupo de hombres armados atacó el domingo por la noche un cuartel de la policía en el norte"
    " del país y mató a tres agentes, según informaron las autoridades locales a los periodistas.</p>"
    "<p>Los atacantes huyeron en dirección a las montañas y las fuerzas de seguridad iniciaron una"
    " operación de búsqueda en toda la zona durante la madrugada del lunes.</p></article></body></html>"
).encode()
TINY = b"<html><head><title>Gallery</title></head><body><p>Photos.</p></body></html>"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def _response(writer: WARCWriter, url: str, body: bytes, ctype: str, status: str = "200 OK") -> None:
    http = StatusAndHeaders(
        status, [("Content-Type", ctype), ("Content-Length", str(len(body)))], protocol="HTTP/1.1"
    )
    writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http))


def main() -> None:
    out = HERE / "formats" / "pages.warc.gz"
    with out.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(
            writer.create_warcinfo_record("pages.warc.gz", {"software": "warcio", "format": "WARC/1.1"})
        )
        req = StatusAndHeaders(
            "GET /world/roadside-bomb HTTP/1.1", [("Host", "ledger.example.com")], is_http_request=True
        )
        url = "https://ledger.example.com/world/roadside-bomb?ref=crawl"
        writer.write_record(writer.create_warc_record(url, "request", http_headers=req))
        _response(writer, url, ENGLISH, "text/html; charset=utf-8")
        _response(writer, "https://ledger.example.com/logo.png", PNG, "image/png")
        _response(
            writer,
            "https://ledger.example.com/missing",
            b"<html><body>Not found</body></html>",
            "text/html",
            "404 Not Found",
        )
        _response(writer, "https://diario.example.es/ataque", SPANISH, "text/html; charset=utf-8")
        _response(writer, "https://ledger.example.com/gallery", TINY, "text/html")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
