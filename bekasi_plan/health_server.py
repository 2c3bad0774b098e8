"""``/healthz`` on a port of its own (``HEALTH_PORT``), answered by a thread in every gunicorn
worker, so that a load balancer's check does not queue behind the pages being served.

On the app's port a health check waits like any request for a free worker: with every worker
busy computing dashboards it waited 0.8 s at the median and 1.3 s at worst in
``bench/health_under_load.py`` (2 workers, 16 connections), and under more load it waits longer,
until the load balancer takes a healthy, merely busy server out. This listener answers from its
own thread (Python hands it the interpreter every few milliseconds even while the worker
computes a page) with the same check as ``core.health``: one ``SELECT 1`` with a short timeout.

Every worker binds the port with ``SO_REUSEPORT``: the kernel spreads the checks over the
workers, and a worker that is replaced takes its listener with it while the others go on.
"""

import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from django.db import connection

from core.health import HEALTH_PATH, database_answers

logger = logging.getLogger(__name__)


class HealthRequestHandler(BaseHTTPRequestHandler):
    # A client that connects and sends nothing must not hold the listener.
    timeout = 5

    def do_GET(self):
        if self.path.split("?", 1)[0].rstrip("/") != HEALTH_PATH:
            self.answer(404, {"status": "not found"})
            return
        connection.close_if_unusable_or_obsolete()
        try:
            healthy = database_answers()
        finally:
            connection.close_if_unusable_or_obsolete()
        if healthy:
            self.answer(200, {"status": "ok", "database": "ok"})
        else:
            self.answer(503, {"status": "error", "database": "unavailable"})

    def do_HEAD(self):
        self.do_GET()

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format, *args):
        logger.debug("health check from %s: " + format, self.client_address[0], *args)


class SharedPortServer(HTTPServer):
    allow_reuse_address = True

    def server_bind(self):
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        super().server_bind()


def start(host, port):
    """Serve the health check on ``host:port`` from a daemon thread; returns the server."""
    server = SharedPortServer((host, port), HealthRequestHandler)
    threading.Thread(target=server.serve_forever, name="healthz", daemon=True).start()
    return server
