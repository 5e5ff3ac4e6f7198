"""A fake HTTP server on 127.0.0.1 for robot webhooks and tracking providers.

Bounded: it answers at most `max_requests` requests and stops by itself after `lifetime`
seconds (or when the `with` block ends). Each request is recorded (path, query, body).
Answers are scripted: a list of (status, json body, delay seconds[, headers]), the n-th request
gets the n-th answer and the last one repeats; or a function(request) -> (status, body, delay).

neiqin posts to loopback addresses only when site_config.json lists them
(`neiqin_local_addresses`): ./run-tests lists 127.0.0.1 on the test site, so these servers are
reachable; a test that proves a refusal takes the listing away (`Listener` counts connections).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PORTS = range(18300, 18400)


class FakeServer:
	def __init__(self, answers=((200, {"errcode": 0, "errmsg": "ok"}, 0),), max_requests=20, lifetime=60):
		self.answers = answers if callable(answers) else list(answers)
		self.max_requests = max_requests
		self.lifetime = lifetime
		self.requests: list[dict] = []
		self._lock = threading.Lock()
		self._server = None
		self._timer = None

	# ------------------------------------------------------------------ lifecycle
	def __enter__(self):
		handler = self._handler()
		for port in PORTS:
			try:
				self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
				break
			except OSError:
				continue
		else:
			raise RuntimeError("no free port in 18300-18399")
		self._server.daemon_threads = True
		threading.Thread(
			target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
		).start()
		self._timer = threading.Timer(self.lifetime, self.stop)
		self._timer.daemon = True
		self._timer.start()
		return self

	def __exit__(self, *exc):
		self.stop()

	def stop(self):
		if self._timer:
			self._timer.cancel()
		if self._server:
			server, self._server = self._server, None
			server.shutdown()
			server.server_close()

	@property
	def url(self) -> str:
		host, port = self._server.server_address[:2]
		return f"http://{host}:{port}"

	# ------------------------------------------------------------------ requests
	def _next_answer(self, request: dict):
		if callable(self.answers):
			return self.answers(request)
		with self._lock:
			index = min(len(self.requests) - 1, len(self.answers) - 1)
			return self.answers[index]

	def _handler(self):
		fake = self

		class Handler(BaseHTTPRequestHandler):
			def do_POST(self):
				length = int(self.headers.get("Content-Length") or 0)
				raw = self.rfile.read(length).decode("utf-8")
				parts = urlsplit(self.path)
				with fake._lock:
					if len(fake.requests) >= fake.max_requests:
						self.send_error(429)
						return
					request = {
						"path": parts.path,
						"query": {k: v[0] for k, v in parse_qs(parts.query).items()},
						"raw_query": parts.query,
						"content_type": self.headers.get("Content-Type", ""),
						"raw": raw,
						"json": _json(raw),
						"form": {k: v[0] for k, v in parse_qs(raw).items()},
					}
					fake.requests.append(request)
				status, body, delay, *more = fake._next_answer(request)
				if delay:
					threading.Event().wait(delay)
				data = json.dumps(body, ensure_ascii=False).encode("utf-8")
				try:
					self.send_response(status)
					self.send_header("Content-Type", "application/json; charset=utf-8")
					self.send_header("Content-Length", str(len(data)))
					for header, value in (more[0] if more else {}).items():
						self.send_header(header, value)
					self.end_headers()
					self.wfile.write(data)
				except (TimeoutError, BrokenPipeError, ConnectionResetError):
					pass

			def log_message(self, *args):
				pass

		return Handler


def _json(raw: str):
	try:
		return json.loads(raw)
	except ValueError:
		return None


class Listener:
	"""A TCP listener on 127.0.0.1 that only counts the connections it accepts: proof that
	nothing arrived (not even a connection). Bounded like FakeServer."""

	def __init__(self, lifetime=60):
		import socket

		self.connections = 0
		self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
		self._socket.bind(("127.0.0.1", 0))
		self._socket.listen(8)
		self._socket.settimeout(0.2)
		self._stop = threading.Event()
		self._lifetime = lifetime

	@property
	def port(self) -> int:
		return self._socket.getsockname()[1]

	@property
	def url(self) -> str:
		return f"http://127.0.0.1:{self.port}"

	def _serve(self):
		deadline = threading.Timer(self._lifetime, self._stop.set)
		deadline.daemon = True
		deadline.start()
		while not self._stop.is_set():
			try:
				conn, _addr = self._socket.accept()
			except OSError:
				continue
			self.connections += 1
			conn.close()
		deadline.cancel()

	def __enter__(self):
		threading.Thread(target=self._serve, daemon=True).start()
		return self

	def __exit__(self, *exc):
		self._stop.set()
		self._socket.close()
