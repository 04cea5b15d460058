#!/usr/bin/env python3
"""An AI agent runtime: keeps notes as embeddings in PostgreSQL/pgvector and answers questions
from the nearest notes through a model server (Ollama's HTTP API).

  POST /notes {"text": "..."}   embed the text and store it
  GET  /notes                   the stored notes
  POST /ask   {"q": "..."}      embed the question, take the nearest notes (pgvector <->), ask the
                                chat model with them as context, store the exchange, answer
  GET  /health                  200 when the database and the model server answer, else 503

Settings come from the environment: DATABASE_URL, MODEL_URL, EMBED_MODEL, CHAT_MODEL, EMBED_DIM
(the notes' vector column, fixed by the first migration), PORT. At start it applies its schema
migrations (table schema_migrations) and retries the database until it answers, logging each
failure in the client's own words. Releases differ as real ones do; what each changes is in
RELEASES, and the image's release is named in /app/release.json.
"""
import json
import logging
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg

# What each release does differently. db_env: the variable the database URL is read from;
# migrations: how many of MIGRATIONS it knows; use_notes: whether the retrieved notes reach the
# prompt; note_column: where a note's text lives.
RELEASES = {
    "1.0.0": dict(db_env="DATABASE_URL", migrations=1, use_notes=True, note_column="text"),
    # Records where a note came from: a new column with a default, so 1.0.0 keeps working.
    "1.1.0": dict(db_env="DATABASE_URL", migrations=2, use_notes=True, note_column="text"),
    # Settings renamed: reads DB_URL (and falls back to a local default without it).
    "1.2.0": dict(db_env="DB_URL", migrations=2, use_notes=True, note_column="text"),
    # A prompt refactoring that lost the notes: healthy, but answers from nothing.
    "1.3.0": dict(db_env="DATABASE_URL", migrations=2, use_notes=False, note_column="text"),
    # notes.text becomes notes.body: the migration drops the column 1.x reads and writes.
    "2.0.0": dict(db_env="DATABASE_URL", migrations=3, use_notes=True, note_column="body"),
}

MIGRATIONS = [
    (1, "notes and exchanges", """
        CREATE EXTENSION IF NOT EXISTS vector;
        CREATE TABLE notes (
            id bigserial PRIMARY KEY,
            text text NOT NULL,
            embedding vector({dim}) NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE exchanges (
            id bigserial PRIMARY KEY,
            question text NOT NULL,
            answer text NOT NULL,
            note_ids bigint[] NOT NULL DEFAULT '{{}}',
            created_at timestamptz NOT NULL DEFAULT now());"""),
    (2, "notes.source", """
        ALTER TABLE notes ADD COLUMN source text NOT NULL DEFAULT 'api';"""),
    (3, "notes.text renamed to notes.body", """
        ALTER TABLE notes ADD COLUMN body text;
        UPDATE notes SET body = text;
        ALTER TABLE notes ALTER COLUMN body SET NOT NULL;
        ALTER TABLE notes DROP COLUMN text;"""),
]

with open(os.environ.get("AGENT_RELEASE_FILE", "/app/release.json")) as f:
    VERSION = json.load(f)["version"]
RELEASE = RELEASES[VERSION]
DATABASE_URL = os.environ.get(RELEASE["db_env"]) or "postgresql://postgres@127.0.0.1:5432/postgres"
MODEL_URL = os.environ.get("MODEL_URL", "http://localhost:11434").rstrip("/")
EMBED_MODEL = os.environ.get("EMBED_MODEL", "all-minilm")
CHAT_MODEL = os.environ.get("CHAT_MODEL", "llama3.2")
EMBED_DIM = int(os.environ.get("EMBED_DIM", "384"))
PORT = int(os.environ.get("PORT", "8080"))
NEAREST = 3

logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO").upper(), stream=sys.stdout,
                    format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
log = logging.getLogger("agent")
access = logging.getLogger("agent.access")
ready = threading.Event()


class Unavailable(Exception):
    """A dependency did not answer; the request gets a 503."""


class ModelError(Exception):
    """The model server answered with an error; passed on with its status."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def connect(timeout=5, autocommit=False):
    return psycopg.connect(DATABASE_URL, connect_timeout=timeout, autocommit=autocommit,
                           application_name=f"agent/{VERSION}")


def migrate():
    """Applies the migrations this release knows that the database lacks, under an advisory lock."""
    known = MIGRATIONS[:RELEASE["migrations"]]
    with connect(autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(7317)")
        conn.execute("""CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY, description text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now())""")
        applied = {r[0] for r in conn.execute("SELECT version FROM schema_migrations")}
        for version, description, sql in known:
            if version in applied:
                continue
            log.info("applying migration %d (%s)", version, description)
            with conn.transaction():
                conn.execute(sql.format(dim=EMBED_DIM))
                conn.execute("INSERT INTO schema_migrations (version, description) VALUES (%s, %s)",
                             (version, description))
        newer = sorted(v for v in applied if v > len(known))
        if newer:
            log.warning("database schema has migrations %s that release %s does not know; continuing",
                        newer, VERSION)
        current = max(applied | {v for v, _, _ in known})
        conn.execute("SELECT pg_advisory_unlock(7317)")
        log.info("schema at version %d", current)


def start():
    """Retries the database until the migrations ran; every failure is logged as the client says it."""
    attempt = 0
    while True:
        attempt += 1
        try:
            migrate()
            ready.set()
            log.info("ready: database reachable, models %s (embeddings) and %s (chat) at %s",
                     EMBED_MODEL, CHAT_MODEL, MODEL_URL)
            return
        except psycopg.OperationalError as e:
            log.error("database not reachable (attempt %d), retrying in 2s: %s", attempt, e)
        except psycopg.Error as e:
            log.error("migration failed (attempt %d), retrying in 5s: %s", attempt, e)
            time.sleep(3)
        time.sleep(2)


def model_call(path, body, timeout=30):
    req = urllib.request.Request(MODEL_URL + path, data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        try:
            message = json.load(e).get("error", e.reason)
        except ValueError:
            message = e.reason
        log.error("model server answered %d to %s: %s", e.code, path, message)
        raise ModelError(503 if e.code == 503 else 502, f"model server: {message}") from None
    except (urllib.error.URLError, OSError) as e:
        log.error("model server not reachable at %s: %s", MODEL_URL, getattr(e, "reason", e))
        raise Unavailable(f"model server not reachable: {getattr(e, 'reason', e)}") from None


def embed(text):
    return model_call("/api/embed", {"model": EMBED_MODEL, "input": text})["embeddings"][0]


def vector_literal(vec):
    return "[" + ",".join(repr(float(x)) for x in vec) + "]"


def db():
    try:
        return connect()
    except psycopg.OperationalError as e:
        log.error("database not reachable: %s", e)
        raise Unavailable(f"database not reachable: {e}") from None


def add_note(body):
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        return 400, {"error": "text is required"}
    vec = embed(text)
    col = RELEASE["note_column"]
    with db() as conn:
        if RELEASE["migrations"] >= 2:
            row = conn.execute(f"INSERT INTO notes ({col}, embedding, source) VALUES (%s, %s::vector, %s) RETURNING id",
                               (text, vector_literal(vec), str(body.get("source") or "api"))).fetchone()
        else:
            row = conn.execute(f"INSERT INTO notes ({col}, embedding) VALUES (%s, %s::vector) RETURNING id",
                               (text, vector_literal(vec))).fetchone()
    log.info("note %d stored (%d dimensions)", row[0], len(vec))
    return 201, {"id": row[0], "text": text}


def list_notes():
    col = RELEASE["note_column"]
    with db() as conn:
        rows = conn.execute(f"SELECT id, {col} FROM notes ORDER BY id LIMIT 1000").fetchall()
    return 200, {"count": len(rows), "notes": [{"id": i, "text": t} for i, t in rows]}


def ask(body):
    q = body.get("q")
    if not isinstance(q, str) or not q.strip():
        return 400, {"error": "q is required"}
    vec = vector_literal(embed(q))
    col = RELEASE["note_column"]
    with db() as conn:
        notes = conn.execute(f"SELECT id, {col}, embedding <-> %s::vector AS distance FROM notes "
                             f"ORDER BY distance LIMIT {NEAREST}", (vec,)).fetchall()
        context = notes if RELEASE["use_notes"] else []
        prompt = "Answer the question using only these notes.\nNotes:\n"
        prompt += "".join(f"- {text}\n" for _, text, _ in context) or "(none)\n"
        prompt += f"Question: {q}\n"
        answer = model_call("/api/generate", {"model": CHAT_MODEL, "prompt": prompt, "stream": False})["response"]
        conn.execute("INSERT INTO exchanges (question, answer, note_ids) VALUES (%s, %s, %s)",
                     (q, answer, [i for i, _, _ in notes]))
    return 200, {"answer": answer, "model": CHAT_MODEL, "version": VERSION,
                 "notes": [{"id": i, "text": t, "distance": round(d, 4)} for i, t, d in notes]}


def health():
    result = {"version": VERSION, "database": "ok", "model": "ok", "migrations": "ok" if ready.is_set() else "pending"}
    try:
        with connect(timeout=2) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as e:
        result["database"] = str(e).strip().splitlines()[0]
    try:
        with urllib.request.urlopen(MODEL_URL + "/api/tags", timeout=2) as r:
            r.read()
    except (urllib.error.URLError, OSError) as e:
        result["model"] = str(getattr(e, "reason", e))
    ok = ready.is_set() and result["database"] == "ok" and result["model"] == "ok"
    result["status"] = "ok" if ok else "unavailable"
    return (200 if ok else 503), result


class Handler(BaseHTTPRequestHandler):
    server_version = "agent/" + VERSION
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def log_request(self, code="-", size="-"):
        if self.path != "/health":
            access.info('%s "%s %s" %s', self.client_address[0], self.command, self.path, code)

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_with(self, fn, *args):
        try:
            if fn is not health and not ready.is_set():
                self.reply(503, {"error": "starting: the database is not ready"})
                return
            self.reply(*fn(*args))
        except Unavailable as e:
            self.reply(503, {"error": str(e)})
        except ModelError as e:
            self.reply(e.status, {"error": str(e)})
        except psycopg.Error as e:
            log.error("%s %s failed: %s", self.command, self.path, str(e).strip())
            self.reply(500, {"error": str(e).strip()})

    def do_GET(self):
        if self.path == "/health":
            self.handle_with(health)
        elif self.path == "/notes":
            self.handle_with(list_notes)
        else:
            self.reply(404, {"error": "not found"})

    def do_POST(self):
        route = {"/notes": add_note, "/ask": ask}.get(self.path)
        if route is None:
            self.reply(404, {"error": "not found"})
            return
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            self.reply(400, {"error": "a JSON object is required"})
            return
        self.handle_with(route, body)


def main():
    signal.signal(signal.SIGTERM, lambda *_: (log.info("shutting down"), sys.exit(0)))
    log.info("agent %s starting; database from %s, model server %s", VERSION, RELEASE["db_env"], MODEL_URL)
    threading.Thread(target=start, name="start", daemon=True).start()
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Handler)
    server.daemon_threads = True
    log.info("listening on :%d", PORT)
    server.serve_forever()


if __name__ == "__main__":
    main()
