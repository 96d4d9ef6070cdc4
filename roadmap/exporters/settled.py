"""Office files that are the same bytes for the same content: fixed dates inside the zip.

python-docx and openpyxl stamp every zip entry with the moment of saving, and openpyxl
its document properties too, so two exports of one frozen edition would differ. The
renderers pass their file through `settled` with the export's own date. (Reproducible-zip
libraries wrap the writing of a zip; these two libraries write theirs internally, so the
finished file is rewritten instead.)
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def settled(body: bytes, day: dt.date) -> bytes:
    """Return the zip `body` with every entry dated `day` and the core properties with it."""
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    iso = f"{day.isoformat()}T00:00:00Z".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(body)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "docProps/core.xml":
                data = _CORE_DATES.sub(lambda m: m.group(1) + iso + m.group(2), data)
            info = zipfile.ZipInfo(entry.filename, date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entry.external_attr
            target.writestr(info, data)
    return out.getvalue()
