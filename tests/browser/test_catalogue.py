import io
import zipfile

import pytest

from tests.browser.conftest import EDITOR
from tests.interchange.test_catalogue import FIXTURES

pytestmark = pytest.mark.browser


def test_an_editor_previews_a_catalogue_and_cancels_it(page, tmp_path):
    archive = tmp_path / "relaton-data-itu.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted((FIXTURES / "itu").rglob("*.yaml")):
            out.write(path, f"relaton-data-itu-main/data/{path.name}")
    page.goto("/login")
    page.get_by_label("E-mail").fill(EDITOR[0])
    page.get_by_label("Password").fill(EDITOR[1])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Catalogue sync").click()
    page.get_by_label("Records").set_input_files(str(archive))
    page.get_by_label("ITU-T", exact=True).check()
    page.get_by_label("ITU-T SG20 IoT and smart cities and communities").check()
    page.get_by_role("button", name="Preview").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Preview of relaton-data-itu.zip"
    lede = page.locator("p.lede").inner_text()
    assert lede.startswith("Nothing has been written yet. 11 files read:")
    assert page.get_by_role("heading", name="Candidates").count() == 1
    page.get_by_role("button", name="Cancel").click()
    assert page.get_by_role("status").inner_text() == "Nothing was applied; the upload is removed."
