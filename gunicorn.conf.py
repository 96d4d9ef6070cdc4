"""Production serving: `gunicorn app:app` reads this file from the working directory.

Settings come from the environment so one file serves every deployment:
  ROADMAP_BIND (127.0.0.1:8000), ROADMAP_WORKERS (2), ROADMAP_THREADS (8 per worker),
  ROADMAP_TIMEOUT (60 s).

Workers are threaded (`gthread`): a thread waiting on an export's child process (see
roadmap/export_process.py) leaves the worker's other threads serving pages, so a few
large exports never hold up the site. ROADMAP_THREADS=1 gives one request per worker.
"""
import os

bind = os.environ.get("ROADMAP_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ROADMAP_WORKERS", "2"))
threads = int(os.environ.get("ROADMAP_THREADS", "8"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("ROADMAP_TIMEOUT", "60"))
graceful_timeout = 30
# each worker opens its own database pool after the fork
preload_app = False
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("ROADMAP_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Once the app is loaded in a worker: the collector skips what loading made (modules,
    the app, its mappers: all kept for the worker's life), and runs a young collection
    every 20,000 new objects rather than 700. At 80 requests/s of the load mix a worker
    spent 1.2 s of 15 s of CPU collecting, 0.4 s after (bench/load.py)."""
    import gc
    gc.collect()  # what loading left over goes now, not frozen with the rest
    gc.freeze()
    gc.set_threshold(20_000, 20, 10)
