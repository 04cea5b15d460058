#!/usr/bin/env python3
"""A stand-in for an Ollama model server: the same HTTP API, deterministic answers, no weights.

Embeddings are bag-of-words vectors: each word gets a vector derived from its hash and a text's
vector is their normalized sum, so texts that share words are near each other (what a vector
search needs) and the same text always gets the same vector. Generation picks, from the context it
was given, the line that shares the most words with the question and answers with it; with no
context it makes something up, as a model does. What differs between releases (the version, the
embedding model's dimension, how long the models take to load) is in /app/release.json.
"""
import hashlib
import json
import math
import os
import re
import signal
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RELEASE_FILE = os.environ.get("MODEL_RELEASE_FILE", "/app/release.json")
with open(RELEASE_FILE) as f:
    RELEASE = json.load(f)
VERSION = RELEASE["version"]
EMBED_DIM = int(RELEASE["embed_dim"])
LOAD_SECONDS = float(RELEASE.get("load_seconds", 0))
STARTED = time.monotonic()
STARTED_AT = datetime.now(timezone.utc)

MODELS = {
    "all-minilm:latest": {
        "kind": "embedding", "family": "bert", "parameter_size": "23M", "quantization": "F16",
        "size": 45960996 if EMBED_DIM == 384 else 66960996,
        "info": {"general.architecture": "bert", "bert.embedding_length": EMBED_DIM,
                 "bert.context_length": 512, "bert.block_count": 6 if EMBED_DIM == 384 else 12},
    },
    "llama3.2:latest": {
        "kind": "completion", "family": "llama", "parameter_size": "3.2B", "quantization": "Q4_K_M",
        "size": 2019393189,
        "info": {"general.architecture": "llama", "llama.embedding_length": 3072,
                 "llama.context_length": 131072, "llama.block_count": 28},
    },
}
STOPWORDS = set("""a an and are as at be by did do does for from has have how i in is it its of on or
    that the their there this to was were what when where which who why will with you your""".split())
# What a model says when it has nothing to go on: confident and wrong.
MADE_UP = ["It is on the third floor.", "The answer is 42.", "It happens every Tuesday at noon.",
           "That is handled by the blue team.", "It was decided in 2019 and never changed."]


def log(msg, level="INFO"):
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    print(f"time={now} level={level} msg={json.dumps(msg)}", flush=True)


def canonical(name):
    if not isinstance(name, str) or not name:
        return None
    return name if ":" in name else name + ":latest"


def loaded():
    return time.monotonic() - STARTED >= LOAD_SECONDS


def words(text):
    out = []
    for w in re.findall(r"[a-z0-9]+", text.lower()):
        if w in STOPWORDS:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(w)
    return out


def word_vector(word, dim):
    raw = hashlib.shake_256(("all-minilm/" + word).encode()).digest(2 * dim)
    return [int.from_bytes(raw[2 * i:2 * i + 2], "big") / 32767.5 - 1.0 for i in range(dim)]


def embed(text, dim):
    tokens = words(text) or [hashlib.sha256(text.encode()).hexdigest()]
    vec = [0.0] * dim
    for w in tokens:
        for i, x in enumerate(word_vector(w, dim)):
            vec[i] += x
    norm = math.sqrt(sum(x * x for x in vec)) or 1.0
    return [round(x / norm, 6) for x in vec]


def split_prompt(prompt, system):
    """The question (after the last "Question:", else the last line with a '?') and the context lines."""
    lines = [l.strip() for l in ((system or "") + "\n" + prompt).splitlines() if l.strip()]
    question, qline = None, None
    for i, l in enumerate(lines):
        if l.lower().startswith("question:"):
            question, qline = l.split(":", 1)[1].strip(), i
    if question is None:
        for i, l in enumerate(lines):
            if l.endswith("?"):
                question, qline = l, i
    if question is None:
        return prompt.strip(), []
    context = [re.sub(r"^[-*\d.)\s]+", "", l) for i, l in enumerate(lines)
               if i != qline and re.match(r"^([-*]|\d+[.)])\s", l)]
    return question, [c for c in context if c]


def answer(prompt, system):
    question, context = split_prompt(prompt, system)
    if not context:
        pick = int(hashlib.sha256(question.encode()).hexdigest(), 16) % len(MADE_UP)
        return MADE_UP[pick]
    q = set(words(question))
    best = max(context, key=lambda c: (len(q & set(words(c))), -context.index(c)))
    return f"According to the notes: {best.rstrip('.')}."


class Handler(BaseHTTPRequestHandler):
    server_version = "ollama"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def log_request(self, code="-", size="-"):
        took = (time.monotonic() - getattr(self, "t0", time.monotonic())) * 1000
        stamp = datetime.now().strftime("%Y/%m/%d - %H:%M:%S")
        print(f"[GIN] {stamp} | {code} | {took:10.3f}ms | {self.client_address[0]:>15} | "
              f"{self.command:<7} \"{self.path}\"", flush=True)

    def send_json(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, message):
        self.send_json(status, {"error": message})

    def read_json(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            self.error(400, "invalid request body")
            return None
        return body

    def model_of(self, body, kind=None):
        """The model the request names, or None after answering the error."""
        name = canonical(body.get("model") or body.get("name"))
        if name is None:
            self.error(400, "model is required")
            return None
        if name not in MODELS:
            self.error(404, f'model "{body.get("model") or body.get("name")}" not found, try pulling it first')
            return None
        if not loaded():
            self.error(503, "model loading")
            return None
        if kind and MODELS[name]["kind"] != kind:
            self.error(400, f'"{name}" does not support {"embeddings" if kind == "embedding" else "generate"}')
            return None
        return name

    def do_HEAD(self):
        self.t0 = time.monotonic()
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        self.t0 = time.monotonic()
        if self.path == "/":
            data = b"Ollama is running"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif self.path == "/api/version":
            self.send_json(200, {"version": VERSION})
        elif self.path == "/api/tags":
            self.send_json(200, {"models": [self.tag(n) for n in MODELS] if loaded() else []})
        elif self.path == "/api/ps":
            self.send_json(200, {"models": [self.tag(n) for n in MODELS] if loaded() else []})
        else:
            self.error(404, "404 page not found")

    def tag(self, name):
        m = MODELS[name]
        digest = hashlib.sha256(f"{name}/{m['info']}".encode()).hexdigest()
        return {"name": name, "model": name, "modified_at": STARTED_AT.isoformat(), "size": m["size"],
                "digest": digest,
                "details": {"parent_model": "", "format": "gguf", "family": m["family"],
                            "families": [m["family"]], "parameter_size": m["parameter_size"],
                            "quantization_level": m["quantization"]}}

    def do_POST(self):
        self.t0 = time.monotonic()
        route = {"/api/embed": self.embed, "/api/embeddings": self.embeddings,
                 "/api/generate": self.generate, "/api/show": self.show}.get(self.path)
        if route is None:
            self.error(404, "404 page not found")
            return
        body = self.read_json()
        if body is not None:
            route(body)

    def embed(self, body):
        name = self.model_of(body, "embedding")
        if not name:
            return
        inputs = body.get("input", "")
        inputs = [inputs] if isinstance(inputs, str) else inputs
        if not isinstance(inputs, list) or not all(isinstance(i, str) for i in inputs):
            self.error(400, "invalid input type")
            return
        took = int((time.monotonic() - self.t0) * 1e9)
        self.send_json(200, {"model": body.get("model"), "embeddings": [embed(i, EMBED_DIM) for i in inputs],
                             "total_duration": took, "load_duration": 0,
                             "prompt_eval_count": sum(len(i.split()) for i in inputs)})

    def embeddings(self, body):
        name = self.model_of(body, "embedding")
        if name:
            self.send_json(200, {"embedding": embed(str(body.get("prompt", "")), EMBED_DIM)})

    def generate(self, body):
        name = self.model_of(body, "completion")
        if not name:
            return
        prompt, system = str(body.get("prompt", "")), body.get("system")
        text = answer(prompt, system if isinstance(system, str) else None)
        now = datetime.now(timezone.utc).isoformat()
        final = {"model": body.get("model"), "created_at": now, "response": "", "done": True,
                 "done_reason": "stop", "total_duration": int((time.monotonic() - self.t0) * 1e9),
                 "load_duration": 0, "prompt_eval_count": len(prompt.split()), "eval_count": len(text.split())}
        if body.get("stream", True) is False:
            final["response"] = text
            self.send_json(200, final)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        pieces = re.findall(r"\S+\s*", text)
        for piece in pieces:
            self.chunk({"model": body.get("model"), "created_at": now, "response": piece, "done": False})
        self.chunk(final)
        self.wfile.write(b"0\r\n\r\n")

    def chunk(self, obj):
        data = (json.dumps(obj) + "\n").encode()
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")

    def show(self, body):
        name = self.model_of(body)
        if not name:
            return
        m = MODELS[name]
        info = dict(m["info"])
        self.send_json(200, {
            "modelfile": f"FROM {name}\n", "parameters": "", "template": "{{ .Prompt }}",
            "details": self.tag(name)["details"], "model_info": info,
            "capabilities": ["embedding"] if m["kind"] == "embedding" else ["completion"],
            "modified_at": STARTED_AT.isoformat()})


def main():
    host = os.environ.get("OLLAMA_HOST", "0.0.0.0:11434")
    addr, _, port = host.rpartition(":")
    server = ThreadingHTTPServer((addr or "0.0.0.0", int(port)), Handler)
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: (log("shutting down"), sys.exit(0)))
    log(f"Listening on {addr or '0.0.0.0'}:{port} (version {VERSION})")
    if LOAD_SECONDS:
        log(f"loading models {sorted(MODELS)} (about {LOAD_SECONDS:g}s)")
        threading.Timer(LOAD_SECONDS, lambda: log(f"models loaded: {sorted(MODELS)}")).start()
    log(f"embedding model all-minilm:latest, dimension {EMBED_DIM}")
    server.serve_forever()


if __name__ == "__main__":
    main()
