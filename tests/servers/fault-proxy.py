#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A fault-injecting HTTP proxy on 127.0.0.1 for the reliability tests.

It stands between Resonanz and a test server (the Mastodon contract server,
the AT Protocol network or WordPress of servers/with-servers.sh) and, by a
seeded plan, spoils some of the requests the way real networks do:

  latency      wait, then pass the request on
  reset        drop the connection before the server saw the request
  lost-answer  pass the request on (the server does the work), then drop
               the connection without the answer
  truncate     pass it on, send the answer's head and half its body, drop
  stall        pass it on, send the head, then nothing until the client
               gives up (or --stall seconds)
  429          answer 429 Too Many Requests with Retry-After, unseen by the
               server
  5xx-burst    answer 503 to this request and the next two

With --rewrite the upstream's address in answers (headers and body) is
replaced by the proxy's, so a client that follows addresses it is given
(the PDS in an AT Protocol DID document) stays behind the proxy.

It prints "PORT <n>" once it listens, then one line per request to stdout
(or to --log FILE): "FAULT <kind> <method> <path>" or "PASS <method> <path>". SIGUSR1 turns the
faults off (everything passes from then on), SIGUSR2 on again. Only
loopback addresses are accepted as upstream.
"""

import argparse
import asyncio
import ipaddress
import random
import signal
import sys
import urllib.parse

KINDS = ["latency", "reset", "lost-answer", "truncate", "stall", "429", "5xx-burst"]


class Plan:
    def __init__(self, seed, rate, kinds, only):
        self.random = random.Random(seed)
        self.rate = rate
        self.kinds = kinds
        self.only = only
        self.enabled = True
        self.burst = 0
        self.counts = {}

    def choose(self, method, path):
        if not self.enabled:
            self.burst = 0
            return None
        if self.burst > 0:
            self.burst -= 1
            return "5xx-burst"
        if self.only and not any(path.startswith(p) for p in self.only):
            return None
        if self.random.random() >= self.rate:
            return None
        kind = self.random.choice(self.kinds)
        if kind == "5xx-burst":
            self.burst = 2
        return kind


LOG = sys.stdout


def log(line):
    LOG.write(line + "\n")
    LOG.flush()


async def read_request(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _version = lines[0].split(" ", 2)
    headers = []
    length = 0
    for line in lines[1:]:
        if not line:
            continue
        name, value = line.split(":", 1)
        value = value.strip()
        if name.lower() == "content-length":
            length = int(value)
        if name.lower() == "transfer-encoding":
            raise ValueError("chunked request bodies are not supported")
        headers.append((name, value))
    body = await reader.readexactly(length) if length else b""
    return method, target, headers, body


async def forward(upstream, method, target, headers, body):
    reader, writer = await asyncio.open_connection(upstream.hostname, upstream.port)
    out = [f"{method} {target} HTTP/1.1"]
    for name, value in headers:
        lower = name.lower()
        if lower in ("connection", "keep-alive", "proxy-connection", "host"):
            continue
        out.append(f"{name}: {value}")
    out.append(f"Host: {upstream.hostname}:{upstream.port}")
    out.append("Connection: close")
    writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + body)
    await writer.drain()
    response = await reader.read()
    writer.close()
    return response


def dechunk(body):
    out = b""
    while True:
        line, _, rest = body.partition(b"\r\n")
        size = int(line.split(b";")[0] or b"0", 16)
        if size == 0:
            return out
        out += rest[:size]
        body = rest[size + 2:]


def rewrite(response, olds, new):
    """Replaces the upstream's address by the proxy's in an answer, as a
    load balancer would: a client that follows an address it was given
    (the PDS in a DID document) stays behind the proxy."""
    head_end = response.find(b"\r\n\r\n")
    if head_end < 0:
        return response
    lines = response[:head_end].decode("latin-1").split("\r\n")
    body = response[head_end + 4:]
    kept = [lines[0]]
    chunked = False
    for line in lines[1:]:
        name = line.split(":", 1)[0].strip().lower()
        if name == "transfer-encoding" and "chunked" in line.lower():
            chunked = True
            continue
        if name == "content-length":
            continue
        for old in olds:
            line = line.replace(old, new)
        kept.append(line)
    if chunked:
        body = dechunk(body)
    for old in olds:
        body = body.replace(old.encode(), new.encode())
    kept.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(kept) + "\r\n\r\n").encode("latin-1") + body


def canned(status, reason, extra=()):
    body = b'{"error":"' + reason.encode() + b'"}'
    head = [f"HTTP/1.1 {status} {reason}", "Content-Type: application/json",
            f"Content-Length: {len(body)}", "Connection: close"]
    head.extend(extra)
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


class Proxy:
    def __init__(self, args):
        self.args = args
        self.upstream = urllib.parse.urlsplit(args.upstream)
        self.plan = Plan(args.seed, args.rate, args.kinds, args.only)
        self.own_url = None

    async def handle(self, reader, writer):
        try:
            method, target, headers, body = await read_request(reader)
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            writer.close()
            return
        path = urllib.parse.urlsplit(target).path
        kind = self.plan.choose(method, path)
        log(f"FAULT {kind} {method} {path}" if kind else f"PASS {method} {path}")
        try:
            await self.serve(kind, method, target, headers, body, writer)
        except ConnectionError:
            pass
        finally:
            if not writer.is_closing():
                writer.close()

    async def serve(self, kind, method, target, headers, body, writer):
        if kind == "reset":
            writer.transport.abort()
            return
        if kind == "429":
            writer.write(canned(429, "Too Many Requests", [f"Retry-After: {self.args.retry_after}"]))
            await writer.drain()
            return
        if kind == "5xx-burst":
            writer.write(canned(503, "Service Unavailable"))
            await writer.drain()
            return
        if kind == "latency":
            await asyncio.sleep(self.plan.random.uniform(0.05, self.args.latency))

        response = await forward(self.upstream, method, target, headers, body)
        if self.args.rewrite:
            port = self.upstream.port
            response = rewrite(response, [f"http://127.0.0.1:{port}", f"http://localhost:{port}"],
                               self.own_url)
        head_end = response.find(b"\r\n\r\n") + 4

        if kind == "lost-answer":
            writer.transport.abort()
        elif kind == "truncate":
            body_len = len(response) - head_end
            writer.write(response[:head_end + max(body_len // 2, 1) - 1] if body_len > 0 else response[:head_end // 2])
            await writer.drain()
            writer.transport.abort()
        elif kind == "stall":
            writer.write(response[:head_end])
            await writer.drain()
            await asyncio.sleep(self.args.stall)
            writer.transport.abort()
        else:
            writer.write(response)
            await writer.drain()


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", required=True, help="http://127.0.0.1:PORT of the real server")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: any)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=0.3, help="share of requests that get a fault")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated fault kinds")
    parser.add_argument("--only", default="", help="comma-separated path prefixes to spoil (default all)")
    parser.add_argument("--latency", type=float, default=0.6, help="longest added latency, seconds")
    parser.add_argument("--stall", type=float, default=4.0, help="how long a stall lasts, seconds")
    parser.add_argument("--log", help="write the request lines to this file")
    parser.add_argument("--rewrite", action="store_true",
                        help="replace the upstream's address by the proxy's in answers")
    parser.add_argument("--retry-after", type=int, default=1, help="Retry-After of a 429, seconds")
    args = parser.parse_args()
    args.kinds = [k for k in args.kinds.split(",") if k]
    args.only = [p for p in args.only.split(",") if p]
    for kind in args.kinds:
        if kind not in KINDS:
            parser.error(f"unknown fault kind {kind}")

    upstream = urllib.parse.urlsplit(args.upstream)
    if upstream.hostname != "localhost" and not ipaddress.ip_address(upstream.hostname).is_loopback:
        parser.error("the upstream must be on a loopback address")

    global LOG
    if args.log:
        LOG = open(args.log, "a", encoding="utf-8")

    proxy = Proxy(args)
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, lambda: setattr(proxy.plan, "enabled", False))
    loop.add_signal_handler(signal.SIGUSR2, lambda: setattr(proxy.plan, "enabled", True))
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set_result, None)

    server = await asyncio.start_server(proxy.handle, "127.0.0.1", args.port)
    proxy.own_url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    sys.stdout.write(f"PORT {server.sockets[0].getsockname()[1]}\n")
    sys.stdout.flush()
    async with server:
        await stop


if __name__ == "__main__":
    asyncio.run(main())
