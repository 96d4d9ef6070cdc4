"""Serve the roadmap: `python app.py` migrates, seeds an empty database and starts the server."""
import os

from roadmap import create_app
from roadmap.cli import prepare_database

app = create_app()

if __name__ == "__main__":
    message = prepare_database(app)
    if message:
        print(message)
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")))
