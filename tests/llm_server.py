"""A real local HTTP server speaking the OpenAI chat-completions protocol, with scripted replies.

The LLM is the one part outside the project, so the tests talk to it the way production
does: over HTTP, through LangChain's `ChatOpenAI`. Each test scripts what the next requests
get (a reply, a delay, an HTTP error, a body that is not the protocol) and reads back the
requests the server received.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

log = logging.getLogger(__name__)

COMPLETIONS_PATH = "/v1/chat/completions"


@dataclass(frozen=True)
class Reply:
    """What the server answers to one request."""

    text: str = ""
    status: int = 200
    delay_s: float = 0.0  # wait this long before answering (a timeout, for a short client limit)
    raw: str | None = None  # send this body verbatim instead of a well-formed one
    chunk_chars: int = 3  # streamed replies arrive in pieces this long (splitting words and [n])
    stall_after: int | None = None  # a streamed reply pauses once this many characters are sent
    stall_s: float = 0.0  # … for this long (a model still thinking mid-answer)


class ChatServer:
    """`ThreadingHTTPServer` on a free loopback port, in a background thread."""

    def __init__(self, model: str = "scripted-model"):
        self.model = model
        self.requests: list[dict] = []  # the JSON bodies received, in order
        self._replies: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fake-llm",
                                        daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> ChatServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self._stopping.set()  # wakes handlers still sleeping out a scripted delay
        if self._thread.is_alive():
            self._httpd.shutdown()  # would wait forever for a loop that never started
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ChatServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def script(self, *replies: Reply | str) -> None:
        """Queue the replies for the next requests (a str is a well-formed reply with that text)."""
        with self._lock:
            self._replies.extend(r if isinstance(r, Reply) else Reply(r) for r in replies)

    def reset(self) -> None:
        with self._lock:
            self._replies.clear()
            self.requests.clear()

    # -- used by the handler --------------------------------------------------------------
    def _take(self, body: dict) -> Reply:
        with self._lock:
            self.requests.append(body)
            if self._replies:
                return self._replies.popleft()
        return Reply(status=500, raw=json.dumps({"error": {"message": "no scripted reply",
                                                            "type": "server_error"}}))

    def _wait(self, seconds: float) -> bool:
        """Sleep; False when the server is shutting down meanwhile."""
        return not self._stopping.wait(seconds)


def _handler_for(server: ChatServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the http.server API)
            if self.path.rstrip("/") != COMPLETIONS_PATH:
                self._send(404, json.dumps({"error": {"message": f"no route {self.path}"}}))
                return
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except json.JSONDecodeError:
                self._send(400, json.dumps({"error": {"message": "request body is not JSON"}}))
                return
            reply = server._take(body)
            if reply.delay_s and not server._wait(reply.delay_s):
                return
            try:
                self._answer(body, reply)
            except (BrokenPipeError, ConnectionResetError):
                log.debug("client went away before the reply was sent")  # e.g. it timed out

        def _answer(self, body: dict, reply: Reply) -> None:
            streaming = bool(body.get("stream"))
            if reply.status != 200:
                self._send(reply.status, reply.raw or json.dumps(
                    {"error": {"message": f"scripted HTTP {reply.status}", "type": "server_error"}}))
            elif reply.raw is not None:
                self._send(200, reply.raw,
                           "text/event-stream" if streaming else "application/json")
            elif streaming:
                self._stream(body, reply)
            else:
                self._send(200, json.dumps(_completion(server.model, reply.text)))

        def _stream(self, body: dict, reply: Reply) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            pieces = [reply.text[i:i + reply.chunk_chars]
                      for i in range(0, len(reply.text), reply.chunk_chars)]
            deltas = [{"role": "assistant", "content": ""}] + [{"content": p} for p in pieces]
            created = int(time.time())
            sent = 0
            for i, delta in enumerate(deltas):
                self._event(_chunk(server.model, created, delta, None))
                before, sent = sent, sent + len(delta["content"])
                if reply.stall_after is not None and before < reply.stall_after <= sent \
                        and not server._wait(reply.stall_s):
                    return
                if i % 8 == 7:
                    time.sleep(0.001)  # let the client see several reads, as over a network
            self._event(_chunk(server.model, created, {}, "stop"))
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

        def _event(self, data: dict) -> None:
            self.wfile.write(f"data: {json.dumps(data, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()

        def _send(self, status: int, text: str, content_type: str = "application/json") -> None:
            data = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 (the http.server API)
            log.debug("fake LLM: " + format, *args)

    return Handler


def _completion(model: str, text: str) -> dict:
    return {
        "id": "chatcmpl-scripted", "object": "chat.completion", "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": text}}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(model: str, created: int, delta: dict, finish: str | None) -> dict:
    return {
        "id": "chatcmpl-scripted", "object": "chat.completion.chunk", "created": created,
        "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
