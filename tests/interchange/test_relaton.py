"""The Relaton reader: both schema generations of real records, and every kind of bad input
refused in words with its place."""
import io
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from roadmap.interchange import relaton
from roadmap.interchange.problems import FileRefused

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "relaton"


def test_a_newer_record_gives_its_facts():
    record = relaton.read(FIXTURES / "itu" / "data" / "itu-t-y-4903-03-2022.yaml").records[0]
    assert record.identifier == "ITU-T Y.4903 (03/2022)"
    assert record.title == ("Key performance indicators for smart sustainable cities to assess "
                            "the achievement of sustainable development goals")
    assert (record.doctype, record.published, record.stage, record.edition) == (
        "recommendation", "2022-03-09", "Published", "2")
    assert record.committee == "ITU-T Study Group 20"
    assert record.url == "https://www.itu.int/rec/T-REC-Y.4903-202203-I"
    assert record.abstract.startswith("Recommendation ITU-T Y.4903 provides key performance")
    assert ("hasEdition", "Y.4903/L.1603 (10/2016)") in record.relations


def test_an_older_record_gives_the_same_facts():
    record = relaton.read(FIXTURES / "iso" / "data" / "iso-37120-2018.yaml").records[0]
    assert record.identifier == "ISO 37120:2018"
    assert record.title == ("Sustainable cities and communities - Indicators for city services "
                            "and quality of life")
    assert (record.doctype, record.published, record.stage, record.edition) == (
        "international-standard", "2018-07", "90.93", "2")
    assert record.committee == "ISO/TC 268"
    assert record.url == "https://www.iso.org/standard/68498.html"
    assert ("obsoletes", "ISO 37120:2014") in record.relations


def test_a_folder_and_a_zip_of_it_read_the_same_records(tmp_path):
    folder = relaton.read(FIXTURES / "itu")
    archive = tmp_path / "relaton-data-itu-main.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted((FIXTURES / "itu").rglob("*.yaml")):
            out.write(path, "relaton-data-itu-main/" + path.relative_to(FIXTURES / "itu").as_posix())
    zipped = relaton.read(archive)
    assert [r.identifier for r in zipped.records] == [r.identifier for r in folder.records]
    assert zipped.records[0].file.startswith("relaton-data-itu-main/data/")
    assert relaton.from_bytes("itu.zip", archive.read_bytes()).files == folder.files


def broken_folder(tmp_path, count: int, broken: dict[str, str]) -> Path:
    root = tmp_path / "catalogue" / "data"
    root.mkdir(parents=True)
    source = (FIXTURES / "itu" / "data" / "itu-t-y-4051-07-2019.yaml").read_text()
    for n in range(count):
        (root / f"itu-t-y-{9000 + n}.yaml").write_text(
            source.replace("Y.4051 (07/2019)", f"Y.{9000 + n} (07/2019)"))
    for name, text in broken.items():
        (root / name).write_text(text)
    return root.parent


def test_broken_files_are_named_with_their_place_and_refuse_the_catalogue(tmp_path):
    path = broken_folder(tmp_path, 300, {"a.yaml": "title: [unclosed\n", "b.yaml": "- a list\n",
                                         "c.yaml": "title: no identifier\n"})
    with pytest.raises(FileRefused) as refused:
        relaton.read(path)
    errors = refused.value.errors
    assert errors[0].startswith("data/a.yaml: line 2, column 1: not valid YAML")
    assert errors[1] == "data/b.yaml: is not a Relaton record: it holds no mapping of fields"
    assert errors[2] == ("data/c.yaml: is not a Relaton record: it has no docidentifier "
                         "(or docid)")
    assert errors[-1] == ("3 of 303 files cannot be read; nothing was changed (--skip-broken "
                          "reads the rest)")


def test_skip_broken_reads_the_rest_and_keeps_the_list(tmp_path):
    path = broken_folder(tmp_path, 300, {"a.yaml": "title: [unclosed\n"})
    catalogue = relaton.read(path, skip_broken=True)
    assert len(catalogue.records) == 300 and catalogue.files == 301
    assert catalogue.broken == ["data/a.yaml: line 2, column 1: not valid YAML "
                                "(did not find expected ',' or ']')"]


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 12)]
    (tmp_path / "bomb.yaml").write_text("docid: [{id: ISO 1:2000}]\n" + "\n".join(lines) + "\n")
    started = time.monotonic()
    with pytest.raises(FileRefused) as refused:
        relaton.read(tmp_path / "bomb.yaml")
    assert time.monotonic() - started < 5
    assert "uses YAML aliases" in refused.value.errors[0]


def test_a_zip_bomb_member_is_refused_without_unpacking_it(tmp_path):
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("data/bomb.yaml", "docid: [{id: ISO 1:2000}]\n" + "#" * (50 * 2**20))
    with pytest.raises(FileRefused) as refused:
        relaton.read(archive)
    assert refused.value.errors[0] == "data/bomb.yaml: is larger than 2 MiB, which no record is"


def test_a_member_that_unpacks_out_of_all_proportion_is_refused(tmp_path):
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("data/x.yaml", b"a" * 400_000)  # compresses a thousandfold
    catalogue = relaton.from_bytes("x.zip", packed.getvalue(), skip_broken=True)
    assert catalogue.broken == ["data/x.yaml: unpacks to hundreds of times its packed size "
                                "(a zip bomb); refused"]


@pytest.mark.parametrize("name", ["../evil.yaml", "/etc/evil.yaml", "data/../../evil.yaml",
                                  "C:/evil.yaml"])
def test_a_zip_with_a_path_outside_its_folder_is_refused_whole(tmp_path, name):
    archive = tmp_path / "slip.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("data/good.yaml", (FIXTURES / "itu" / "data" /
                                        "itu-t-y-4051-07-2019.yaml").read_text())
        out.writestr(name, "docid: [{id: ISO 1:2000}]\n")
    with pytest.raises(FileRefused) as refused:
        relaton.read(archive)
    assert refused.value.errors == [f"slip.zip: {name}: a path outside the zip's folder"]


@pytest.mark.parametrize("name, data, message", [
    ("x.json", b"{}", "x.json: is not a Relaton record (.yaml) or a .zip of them"),
    ("x.zip", b"not a zip", "x.zip: is not a readable zip (File is not a zip file)"),
])
def test_uploads_that_are_no_catalogue_are_refused(name, data, message):
    with pytest.raises(FileRefused) as refused:
        relaton.from_bytes(name, data)
    assert refused.value.errors == [message]


def test_an_empty_folder_is_no_catalogue(tmp_path):
    with pytest.raises(FileRefused) as refused:
        relaton.read(tmp_path)
    assert refused.value.errors == ["the catalogue holds no .yaml record"]


@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_are_read_or_refused_in_words(data):
    try:
        catalogue = relaton.from_bytes("x.yaml", data, skip_broken=True)
    except FileRefused:  # pragma: no cover - one file is never refused whole with skip
        raise
    assert len(catalogue.records) + len(catalogue.broken) == 1


def test_a_link_in_a_folder_is_not_followed(tmp_path):
    root = tmp_path / "data"
    root.mkdir()
    shutil.copy(FIXTURES / "itu" / "data" / "itu-t-y-4051-07-2019.yaml", root / "a.yaml")
    (root / "b.yaml").symlink_to("/etc/passwd")
    catalogue = relaton.read(tmp_path, skip_broken=True)
    assert catalogue.broken == ["data/b.yaml: is a link; only plain files are read"]


def test_a_large_folder_is_read_on_every_core_with_the_same_records(tmp_path):
    path = broken_folder(tmp_path, 1200, {"zz.yaml": "title: [unclosed\n"})
    catalogue = relaton.read(path, skip_broken=True)
    serial = relaton.parse_chunk(list(relaton.relaton_files.folder(path)))
    assert [(r.file, r.identifier) for r in catalogue.records] == [
        (name, found.identifier) for name, found in serial if not isinstance(found, str)]
    assert catalogue.broken == [f"{name}: {found}" for name, found in serial
                                if isinstance(found, str)]
    assert catalogue.files == 1201


def test_a_zip_member_with_no_real_date_is_read_without_one():
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as out:
        member = zipfile.ZipInfo("data/x.yaml", date_time=(1980, 0, 0, 0, 0, 0))
        out.writestr(member, (FIXTURES / "itu" / "data" / "itu-t-y-4051-07-2019.yaml").read_bytes())
    [record] = relaton.from_bytes("x.zip", packed.getvalue()).records
    assert record.identifier == "ITU-T Y.4051 (07/2019)" and record.dated is None


def test_a_record_of_countless_values_is_refused(tmp_path):
    (tmp_path / "long.yaml").write_text("docid: [{id: ISO 1:2000}]\nnote:\n" + "- a\n" * 150_000)
    with pytest.raises(FileRefused) as refused:
        relaton.read(tmp_path / "long.yaml")
    assert refused.value.errors[0] == ("long.yaml: is not a Relaton record: it holds over "
                                       "100000 values")


def test_an_upload_that_unpacks_past_its_limit_is_refused_whole():
    packed = io.BytesIO()
    record = (FIXTURES / "itu" / "data" / "itu-t-y-4903-03-2022.yaml").read_bytes()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as out:
        for n in range(50 * 2**20 // len(record) + 2):
            out.writestr(f"data/{n}.yaml", record)
    with pytest.raises(FileRefused) as refused:
        relaton.from_bytes("big.zip", packed.getvalue())
    assert refused.value.errors == ["big.zip: would unpack to more than 50 MiB"]
