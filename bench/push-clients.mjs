// The push benchmark's clients (bench/push.py prepares the customers and their sessions and
// passes them on stdin as JSON): opens every socket, spread over the instances in turn,
// reads the instances' RSS before and after, sends the announcement through the first
// instance (after an untimed one, see below) and times each socket's first
// `notification:new` from the send request. Prints one `RESULT key=value ...` line.
//
// Node rather than Python: 1000 sockets' frames decoded by Python's asyncio took tens of
// milliseconds of the latency we measure, on the same two cores as the servers.
import { readFileSync } from "node:fs";
import WebSocket from "ws";

const { bases, pids, cookies, admin, perUser, sockets, announcement } = JSON.parse(readFileSync(0, "utf8"));

const rssKib = () =>
  pids.reduce((sum, pid) => sum + Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]), 0);

/** Opens socket `n` and waits for its first frame, the unread count. */
function open(n) {
  const base = bases[n % bases.length].replace(/^http/, "ws");
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${base}/api/v1/notifications/socket`, {
      headers: { cookie: cookies[Math.floor(n / perUser)] },
    });
    socket.once("message", () => resolve(socket));
    socket.once("error", reject);
  });
}

const before = rssKib();
const connections = [];
for (let n = 0; n < sockets; n++) connections.push(await open(n));
await new Promise((resolve) => setTimeout(resolve, 2000));
const after = rssKib();

/** Sends `body` as an announcement through the first instance and times each socket's
 * `notification:new` from the send request; returns the request's own time and the sorted
 * latencies. */
async function announce(body) {
  const received = connections.map(
    (socket) =>
      new Promise((resolve) => {
        const onMessage = (data) => {
          if (JSON.parse(data).event !== "notification:new") return;
          socket.off("message", onMessage);
          resolve(performance.now());
        };
        socket.on("message", onMessage);
      }),
  );
  const sent = performance.now();
  const response = await fetch(`${bases[0]}/api/admin/announcements/send`, {
    method: "POST",
    headers: { accept: "application/json", cookie: admin, "x-forwarded-for": "10.78.0.1" },
    body: new URLSearchParams(body),
  });
  const answered = performance.now() - sent;
  if (!response.ok) throw new Error(`sending the announcement: ${response.status} ${await response.text()}`);
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("no notification within 60 s")), 60_000));
  const latencies = (await Promise.race([Promise.all(received), timeout])).map((at) => at - sent).sort((a, b) => a - b);
  return { answered, latencies };
}

// One announcement untimed first. These clients share the servers' two cores, and on the
// first burst of 2000 messages Node spent most of the window compiling its own message
// handler (V8's optimising compiler was two thirds of all CPU samples; `perf record -a`):
// that is the load generator's cost, not the server's. It also opens Node's HTTP
// connection for the send request.
await announce({ ...announcement, title_id: `${announcement.title_id} (pemanasan)`, title_en: `${announcement.title_en} (warm-up)` });
await new Promise((resolve) => setTimeout(resolve, 1000));
const { answered, latencies } = await announce(announcement);
for (const socket of connections) socket.close();

const median = latencies[Math.floor(latencies.length / 2)];
const p99 = latencies[Math.ceil(latencies.length * 0.99) - 1];
const ms = (value) => value.toFixed(1);
console.log(
  `RESULT instances=${bases.length} sockets=${connections.length} users=${cookies.length} rss_before_kib=${before} ` +
    `rss_after_kib=${after} per_socket_kib=${((after - before) / connections.length).toFixed(1)} ` +
    `answered_ms=${ms(answered)} min_ms=${ms(latencies[0])} p50_ms=${ms(median)} p99_ms=${ms(p99)} max_ms=${ms(latencies.at(-1))}`,
);
process.exit(0);
