"""OCDS import on the genuine CDMX publications: every form (release and record packages, linked, compiled and
versioned releases, concatenated documents), OCDS 1.0 and 1.1, UTF-8 and ISO-8859-1. Every release is accounted
for, every mapped row is loaded, and a second import adds nothing."""

import json
from pathlib import Path

import pytest

from qingfeng.procurement.ocds import Fields, compile_files, import_ocds, map_release, read_documents
from qingfeng.records import warehouse

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "ocds-cdmx"
FILES = sorted(DATA.glob("*.json"))
pytestmark = pytest.mark.skipif(not FILES, reason="../shared/data/ocds-cdmx is not beside the checkout")


def _rows(compiled):
    f = Fields()
    out = {}
    for r in compiled.values():
        for name, rows in map_release(r, f, lambda i, n: str(i or n)).items():
            out.setdefault(name, []).extend(rows)
    return out, f


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_file_compiles_one_process_per_ocid_and_nothing_is_skipped(path):
    compiled, report = compile_files([path])
    docs, _ = read_documents(path)
    ocids = set()

    def walk(d):
        if isinstance(d, list):
            for x in d:
                walk(x)
        elif isinstance(d, dict):
            if isinstance(d.get("ocid"), str):
                ocids.add(d["ocid"])
            for key in ("releases", "records"):
                walk(d.get(key) or [])
    walk(docs)
    assert set(compiled) == ocids
    assert report.skipped == []
    assert report.releases_read + report.counts.get("linked_release", 0) > 0


def test_iso_8859_1_reads_the_same_as_its_utf8_twin():
    latin, report = compile_files([DATA / "release-package_encoding-iso-8859-1.json"])
    utf8, _ = compile_files([DATA / "release-package_encoding-utf-8.json"])
    assert report.files[0][1] == "iso-8859-1"
    assert latin == utf8
    assert "Ó" in json.dumps(latin, ensure_ascii=False)


def test_merged_releases_agree_with_the_publishers_compiled_release():
    """record-package_package.json carries both the releases and the publisher's compiledRelease."""
    docs, _ = read_documents(DATA / "record-package_package.json")
    ours, _ = compile_files([DATA / "record-package_package.json"])
    for record in docs[0]["records"]:
        theirs = {"ocid": record["ocid"], **record["compiledRelease"]}
        mine = ours[record["ocid"]]
        ours_rows, _ = _rows({1: mine})
        their_rows, _ = _rows({1: theirs})
        for name in ("tenders", "awards", "contracts"):
            strip = [{k: v for k, v in r.items() if k != "release_date"} for r in ours_rows.get(name, [])]
            assert strip == [{k: v for k, v in r.items() if k != "release_date"} for r in their_rows.get(name, [])]


def test_versioned_release_compiles_to_the_latest_values():
    compiled, report = compile_files([DATA / "versioned-release-1.json"])
    (release,) = compiled.values()
    assert report.counts == {"versioned_release": 1}
    assert isinstance(release["tender"]["status"], str)
    assert not any(isinstance(v, list) and v and isinstance(v[0], dict) and "releaseID" in v[0] for v in release["tender"].values())


@pytest.mark.django_db
def test_all_files_import_without_loss_and_a_second_import_adds_nothing():
    report = import_ocds(FILES, actor="cli")
    assert report.skipped == []
    assert report.processes == 7
    for name, rep in report.imports.items():
        assert rep["loaded"] == report.rows[name] and rep["rejected"] == 0, (name, rep["rejections"][:3])
    assert report.fields["awards.value.amount"] == report.rows["awards"]
    assert sum(s["releases"] for s in report.sources.values()) + report.counts["repeated_release"] == report.counts["release"]
    assert len(warehouse.committed_files("tenders")) == 1
    again = import_ocds(FILES, actor="cli")
    assert {rep["status"] for rep in again.imports.values()} == {"duplicate"}


@pytest.mark.django_db(transaction=True)
def test_a_failure_in_any_dataset_leaves_no_dataset_and_no_file_stored(monkeypatch):
    """Six datasets, one transaction: the disk fills while the third batch is published, and the two batches
    already committed are rolled back with their files; the same import then succeeds whole."""
    from qingfeng.core.models import LedgerEvent
    from qingfeng.records.models import ImportBatch

    real_publish, calls = warehouse.publish, []

    def publish(tmp, dataset, batch_id):
        calls.append(dataset)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_publish(tmp, dataset, batch_id)

    monkeypatch.setattr(warehouse, "publish", publish)
    with pytest.raises(OSError):
        import_ocds(FILES, actor="cli")
    assert len(calls) == 3
    assert ImportBatch.objects.count() == 0
    assert not LedgerEvent.objects.filter(action="import.committed").exists()
    assert list(warehouse.root().rglob("*.parquet")) == []
    monkeypatch.setattr(warehouse, "publish", real_publish)
    report = import_ocds(FILES, actor="cli")
    assert {rep["status"] for rep in report.imports.values()} == {"committed"}
    assert ImportBatch.objects.count() == len(report.imports)
