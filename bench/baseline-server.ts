// The benchmark's yardstick: a bare node:http server that answers GET /users/<uuid> with one
// primary-key SELECT through a pg pool of the portal's size, as JSON. Nothing a real portal can do
// per request is cheaper than this, so each scenario is reported as a ratio to it.
// POST /events is the yardstick for writes: one INSERT of an audit event (autocommit), the
// cheapest durable write a portal request can make; write scenarios are also reported against it.
// Usage: tsx bench/baseline-server.ts --port P --database-url URL --pool N
import http from "node:http";
import pg from "pg";

const args = process.argv.slice(2);
const get = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const port = Number(get("--port", "3900"));
const pool = new pg.Pool({
  connectionString: get("--database-url", process.env.DATABASE_URL ?? ""),
  max: Number(get("--pool", "10")),
});
pool.on("error", () => {});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const QUERY = "select id, email, first_name, last_name, email_confirmed_at from users where id = $1";
const INSERT =
  "insert into events (actor_type, action, subject_type, summary, request_id) values ('system', 'bench.write_yardstick', 'bench', '{}', $1)";
let inserted = 0;

const server = http.createServer((req, res) => {
  const id = req.url?.startsWith("/users/") ? req.url.slice(7) : "";
  if (req.url === "/readyz") {
    res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ready"}');
    return;
  }
  if (req.method === "POST" && req.url === "/events") {
    pool.query(INSERT, [`yardstick-${++inserted}`]).then(
      () => res.writeHead(201, { "content-type": "application/json" }).end("{}"),
      () => res.writeHead(500, { "content-type": "application/json" }).end('{"error":"internal"}'),
    );
    return;
  }
  if (!UUID.test(id)) {
    res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not_found"}');
    return;
  }
  pool.query(QUERY, [id]).then(
    (result) => {
      const row = result.rows[0];
      if (!row) {
        res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not_found"}');
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(row));
    },
    () => {
      res.writeHead(500, { "content-type": "application/json" }).end('{"error":"internal"}');
    },
  );
});

server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1");

const stop = () => {
  server.close();
  pool.end().finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
