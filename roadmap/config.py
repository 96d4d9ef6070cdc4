"""Configuration: defaults here, `ROADMAP_*` environment variables override them."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = ROOT / "seeds" / "roadmap.json"


def from_environment(instance_path: str) -> dict:
    """Read settings from the environment; `ROADMAP_X` sets `X`."""
    config = {
        "DATABASE_URL": f"sqlite:///{Path(instance_path) / 'roadmap.sqlite'}",
        "SECRET_KEY": None,
        "ROADMAP_NAME": "Standardization roadmap for smart sustainable cities",
        "SEED_FILE": str(DEFAULT_SEED),
        "PAGE_SIZE": 50,
        "ENV": "development",  # ROADMAP_ENV=production requires ROADMAP_SECRET_KEY
    }
    for key, value in os.environ.items():
        if key.startswith("ROADMAP_") and not key.startswith(("ROADMAP_TEST_", "ROADMAP_NEW_")):
            name = key.removeprefix("ROADMAP_")
            config[name if name != "NAME" else "ROADMAP_NAME"] = value
    return config


def development_secret(instance_path: str) -> str:
    """Return a random key kept in the instance folder, so sessions survive restarts."""
    import secrets
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
