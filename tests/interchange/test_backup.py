"""A backup (`roadmap export --format json`) restored into an empty PostgreSQL database."""
from roadmap import create_app, migrate
from roadmap.cli import prepare_database


def run(app, *args):
    result = app.test_cli_runner().invoke(args=["roadmap", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_backup_restores_into_empty_postgresql_as_the_same_export(tmp_path, pg_schemas):
    source = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'source.sqlite'}"})
    prepare_database(source)
    run(source, "register-gap", "S1")  # no e-government standard in the seed
    run(source, "update-gap", "GAP-01", "--status", "in_progress", "--note", "a draft started")
    backup = tmp_path / "backup.json"
    run(source, "export", "--format", "json", "--output", str(backup))

    target_url = pg_schemas.create("roadmap_restore")
    migrate.upgrade(target_url)
    target = create_app({"DATABASE_URL": target_url})
    run(target, "import", str(backup))
    again = tmp_path / "again.json"
    run(target, "export", "--format", "json", "--output", str(again))

    assert again.read_bytes() == backup.read_bytes()
    assert b'"code": "GAP-01"' in backup.read_bytes() and b"a draft started" in backup.read_bytes()
    for app in (source, target):
        app.extensions["roadmap.engine"].dispose()
