"""With the database gone, pages answer 503 plainly; when it returns, the app recovers by itself."""
import socket
import threading

import pytest
from sqlalchemy.engine import make_url

from roadmap import create_app
from tests.conftest import PG_URL


class Switch:
    """A loopback TCP relay to PostgreSQL that can be cut and restored, like a database outage."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.links: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            server = socket.create_connection(self.target)
            self.links += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.close()
                except OSError:
                    pass

    def cut(self):
        self.up = False
        for s in self.links:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.links.clear()

    def restore(self):
        self.up = True

    def close(self):
        self.cut()
        self.listener.close()


@pytest.mark.skipif(not PG_URL, reason="ROADMAP_TEST_POSTGRES_URL is not set")
def test_pages_answer_503_while_the_database_is_away_and_recover(pg_roadmap_url):
    url = make_url(pg_roadmap_url)
    switch = Switch(url.host, url.port or 5432)
    relayed = url.set(host="127.0.0.1", port=switch.port).render_as_string(hide_password=False)
    app = create_app({"DATABASE_URL": relayed, "SECRET_KEY": "x"})
    client = app.test_client()
    try:
        assert client.get("/gaps").status_code == 200
        switch.cut()
        for page in ("/gaps", "/", "/work-items"):
            response = client.get(page)
            assert response.status_code == 503, page
            body = response.get_data(as_text=True)
            assert "temporarily unavailable" in body and "Traceback" not in body
            assert response.headers["Retry-After"] == "5"
        api = client.get("/api/v1/work-items")  # a program gets the error shape
        assert api.status_code == 503 and api.get_json()["error"]["code"] == "unavailable"
        switch.restore()
        assert client.get("/gaps").status_code == 200  # no restart needed
    finally:
        switch.close()
        app.extensions["roadmap.engine"].dispose()
