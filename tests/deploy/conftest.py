"""The worker tests' loopback media site, settings and receiver-side stores, for the test of
what a container's SIGTERM does to a worker."""

from tests.worker.conftest import media_site, queue, receiver, store, worker_settings

__all__ = ["media_site", "queue", "receiver", "store", "worker_settings"]
