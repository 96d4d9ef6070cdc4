"""Files kept between an import's preview and its apply, and removed after.

Each upload is private to the account that sent it and sits beside the snapshot its
preview read (interchange/freshness.py). It goes on apply, on cancel, and once it is older
than UPLOAD_TTL seconds (an hour by default): every visit to /import sweeps the folder,
so no cron job is needed.
"""
from __future__ import annotations

import json
import secrets
import time
from pathlib import Path

from flask import abort, current_app
from flask_login import current_user

DEFAULT_TTL = 3600


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(token: str) -> Path:
    if not (token.isascii() and token.isalnum()):
        abort(400, "That upload is not known.")
    return _folder() / f"{current_user.account.id}-{token}"


def keep(data: bytes, snapshot: dict) -> str:
    """Keep the upload and its preview's snapshot; return the token that names them."""
    token = secrets.token_hex(16)
    path = _path(token)
    path.write_bytes(data)
    path.with_suffix(".snapshot").write_text(json.dumps(snapshot), encoding="utf-8")
    return token


def load(token: str) -> tuple[bytes, dict] | None:
    """The upload and its snapshot, or None when applied, cancelled or expired."""
    path = _path(token)
    try:
        if time.time() - path.stat().st_mtime > _ttl():
            remove(token)
            return None
        return path.read_bytes(), json.loads(path.with_suffix(".snapshot").read_text("utf-8"))
    except (OSError, ValueError):
        return None


def remove(token: str) -> None:
    path = _path(token)
    path.unlink(missing_ok=True)
    path.with_suffix(".snapshot").unlink(missing_ok=True)


def sweep(now: float | None = None) -> int:
    """Remove every kept upload older than the time to live; return how many files went."""
    ttl = _ttl()
    now = time.time() if now is None else now
    gone = 0
    for path in _folder().iterdir():
        try:
            if now - path.stat().st_mtime > ttl:
                path.unlink()
                gone += 1
        except OSError:  # another worker swept it first
            continue
    return gone


def _ttl() -> float:
    return float(current_app.config.get("UPLOAD_TTL", DEFAULT_TTL))
