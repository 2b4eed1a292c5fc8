#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A slow stretch of network in front of a server, for tests.

    delay-proxy.py UPSTREAM [--rewrite-header NAME=FROM=TO]...

Listens on 127.0.0.1 at a free port, prints "PORT <n>" on standard output
and passes every HTTP request on to UPSTREAM (http://127.0.0.1:<port> or
http://localhost:<port>; nothing else is accepted), with its answer back.
Addresses of UPSTREAM in answers (the PDS's own address in a DID document,
for one) are replaced by the proxy's, so a client that follows them stays
behind the proxy, as it would behind a real load balancer.

A control interface under /_proxy/ lets a test make one request slow:
  POST /_proxy/delay?path=P&mode=M&seconds=S[&skip=N]
        the (N+1)th request whose path starts with P is delayed by S
        seconds, with M = "request": it reaches UPSTREAM only after S
        seconds (the server acts after the client may have given up), or
        M = "response": UPSTREAM acts at once and its answer is held back
  GET  /_proxy/events
        one entry per request: path, status, and for the delayed one
        "delayed": mode and "forwarded_at" (monotonic seconds), in order

--rewrite-header replaces a request header's value FROM by TO, e.g. the
AT Protocol's atproto-proxy header, so that the Bluesky AppView the app
asks for is the test network's. Ends on SIGTERM or SIGINT.
"""

import http.client
import http.server
import json
import signal
import socketserver
import sys
import threading
import time
import urllib.parse

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding",
              "te", "trailer", "upgrade", "content-length", "host"}


class State:
    def __init__(self, upstream, rewrites):
        self.upstream = upstream
        self.rewrites = rewrites
        self.lock = threading.Lock()
        self.delays = []
        self.events = []
        self.own_origin = None


def parse_upstream(url):
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost") or not parts.port:
        sys.exit("delay-proxy.py: the upstream must be http://127.0.0.1:PORT or http://localhost:PORT")
    return parts.port


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "delay-proxy"

    def log_message(self, fmt, *args):
        sys.stderr.write("delay-proxy: " + (fmt % args) + "\n")

    def log_request(self, code="-", size="-"):
        pass  # only delays and trouble are worth a line

    def reply(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def control(self):
        state = self.server.state
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if self.command == "GET" and url.path == "/_proxy/events":
            with state.lock:
                self.reply(200, list(state.events))
        elif self.command == "POST" and url.path == "/_proxy/delay":
            mode = query.get("mode", "response")
            if mode not in ("request", "response") or not query.get("path"):
                self.reply(400, {"error": "path and mode=request|response are needed"})
                return
            with state.lock:
                state.delays.append({"path": query["path"], "mode": mode,
                                     "seconds": float(query.get("seconds", "10")),
                                     "skip": int(query.get("skip", "0"))})
            self.reply(200, {})
        else:
            self.reply(404, {"error": "NotFound"})

    def take_delay(self):
        state = self.server.state
        with state.lock:
            for delay in state.delays:
                if self.path.startswith(delay["path"]):
                    if delay["skip"] > 0:
                        delay["skip"] -= 1
                        return None
                    state.delays.remove(delay)
                    return delay
        return None

    def rewrite_body(self, body, content_type):
        state = self.server.state
        if not content_type.startswith("application/json"):
            return body
        text = body.decode("utf-8", "surrogateescape")
        for host in ("127.0.0.1", "localhost"):
            text = text.replace("http://%s:%d" % (host, state.upstream), state.own_origin)
        return text.encode("utf-8", "surrogateescape")

    def forward(self):
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else None
        delay = self.take_delay()
        event = {"method": self.command, "path": self.path.split("?")[0]}
        if delay is not None:
            event["delayed"] = delay["mode"]
            event["held_at"] = time.monotonic()
            self.log_message("%s %s: the %s is held back for %.1f s", self.command, event["path"],
                             delay["mode"], delay["seconds"])
            if delay["mode"] == "request":
                time.sleep(delay["seconds"])

        headers = {}
        for name, value in self.headers.items():
            # Plain answers only, so that addresses in them can be replaced.
            if name.lower() in HOP_BY_HOP or name.lower() == "accept-encoding":
                continue
            for header, old, new in state.rewrites:
                if name.lower() == header and value == old:
                    value = new
            headers[name] = value
        upstream = http.client.HTTPConnection("127.0.0.1", state.upstream, timeout=120)
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            data = answer.read()
            answer_headers = answer.getheaders()
            status, reason = answer.status, answer.reason
        finally:
            upstream.close()
        event["status"] = status
        event["forwarded_at"] = time.monotonic()
        with state.lock:
            state.events.append(event)

        if delay is not None and delay["mode"] == "response":
            time.sleep(delay["seconds"])

        content_type = ""
        for name, value in answer_headers:
            if name.lower() == "content-type":
                content_type = value
        data = self.rewrite_body(data, content_type)
        try:
            self.send_response(status, reason)
            for name, value in answer_headers:
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up waiting: what the server did stays done.
            self.log_message("%s %s: the client was gone before the answer", self.command, self.path)
            self.close_connection = True

    def handle_one(self):
        if self.path.startswith("/_proxy/"):
            self.control()
        else:
            self.forward()

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_one


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    upstream = parse_upstream(args[0])
    rewrites = []
    rest = args[1:]
    while rest:
        if rest[0] != "--rewrite-header" or len(rest) < 2:
            sys.exit(__doc__)
        name, old, new = rest[1].split("=", 2)
        rewrites.append((name.lower(), old, new))
        rest = rest[2:]

    server = Server(("127.0.0.1", 0), Handler)
    server.state = State(upstream, rewrites)
    port = server.server_address[1]
    server.state.own_origin = "http://127.0.0.1:%d" % port

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    print("PORT %d" % port, flush=True)
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
