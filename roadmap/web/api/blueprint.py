"""The API's blueprint, on which every endpoint module registers."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
