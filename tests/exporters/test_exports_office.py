"""LibreOffice opens the Word and Excel exports and converts them to PDF without error."""
import shutil
import subprocess

import pytest
from roadmap.config import DEFAULT_SEED
from tests.exporters.test_exports import export
from tests.factories import ADMIN
from roadmap.interchange import bundle, importer

SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_seed_exports_to_pdf(session, tmp_path):
    importer.import_document(session, bundle.parse(DEFAULT_SEED.read_bytes()), actor=ADMIN)
    session.commit()
    files = []
    for fmt in ("docx", "xlsx"):
        path = tmp_path / f"roadmap-{fmt}.{fmt}"  # two names: each becomes its own PDF
        path.write_bytes(export(session, fmt))
        files.append(str(path))
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), *files],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    for fmt in ("docx", "xlsx"):
        pdf = tmp_path / "pdf" / f"roadmap-{fmt}.pdf"
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), result.stdout
