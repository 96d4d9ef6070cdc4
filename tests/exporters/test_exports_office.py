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
    files = {"roadmap-docx": export(session, "docx"), "roadmap-xlsx": export(session, "xlsx"),
             "roadmap-portrait": export(session, "docx", {"layout": "portrait"})}
    paths = []
    for name, data in files.items():  # each name becomes its own PDF
        path = tmp_path / f"{name}.{'xlsx' if name.endswith('xlsx') else 'docx'}"
        path.write_bytes(data)
        paths.append(str(path))
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), *paths],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for name in files:
        pdf = tmp_path / "pdf" / f"{name}.pdf"
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), result.stdout
