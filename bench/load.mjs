// Open-loop load: virtual users arrive at a fixed rate, whatever the server's answers, and each
// walks the customer journey: landing page, plans, sign in, dashboard, then polls its service's
// status as the control panel does. A closed loop (wrk, or users that wait for each other)
// would slow down with the server and hide its queueing; this one does not (bench/load.sh).
//   node bench/load.mjs BASE_URL CUSTOMERS_JSON SERVER_PID OUT_CSV [SQLITE_DB]
// Settings from the environment: LOAD_RATE (users per second), LOAD_SECONDS (arrivals for this
// long), LOAD_POLLS and LOAD_POLL_SECONDS (status polls per user and their interval).
// Writes one CSV row per request (start second, step, latency ms, status) and, each second, one
// of server memory and users in flight and one of the database's write-ahead log size (SQLITE_DB
// plus `-wal`) and the job queue (jobs queued/seconds the oldest due one waited, from the
// server's /metrics): the two suspects when latency comes in waves. Prints `RESULT key=value ...` lines per step and in all.
import { readFileSync, statSync, writeFileSync } from 'node:fs';

const [base, customersFile, serverPid, outCsv, sqliteDb] = process.argv.slice(2);
if (!base || !customersFile || !serverPid || !outCsv) {
  console.error('usage: node bench/load.mjs BASE_URL CUSTOMERS_JSON SERVER_PID OUT_CSV');
  process.exit(2);
}
const RATE = Number(process.env.LOAD_RATE ?? 20);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 600);
const POLLS = Number(process.env.LOAD_POLLS ?? 10);
const POLL_SECONDS = Number(process.env.LOAD_POLL_SECONDS ?? 5);
const PASSWORD = 'rahasia-pelanggan-demo-2026';
// [{ email, service }]: customers with one service each, made by `bench/services.py --customers`.
const customers = JSON.parse(readFileSync(customersFile, 'utf8'));

const started = performance.now();
const samples = [];
const memory = [];
const storage = [];
let inFlight = 0;
let usersDone = 0;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// One timed request; anything but a 200 counts as an error (a redirect to the sign-in page
// too: the journey would have broken there).
async function timed(step, url, init) {
  const begin = performance.now();
  let status = 0;
  let response;
  try {
    response = await fetch(url, { redirect: 'manual', ...init });
    status = response.status;
    await response.arrayBuffer();
  } catch {
    status = 0;
  }
  samples.push([((begin - started) / 1000).toFixed(3), step, (performance.now() - begin).toFixed(1), status]);
  return response;
}

// Each user comes from an address of its own, as real customers do (the server trusts the
// benchmark's X-Forwarded-For; per-address limits then apply per user, not to all of them).
function address(n) {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

async function user(n) {
  inFlight += 1;
  const customer = customers[n % customers.length];
  const headers = { 'x-forwarded-for': address(n) };
  await timed('landing', `${base}/`, { headers });
  await timed('plans', `${base}/plans`, { headers });
  const login = await timed('sign-in', `${base}/api/auth/login`, {
    method: 'POST',
    headers: { ...headers, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: customer.email, password: PASSWORD }),
  });
  const cookie = login?.headers.get('set-cookie')?.split(';')[0];
  if (cookie) {
    const signedIn = { ...headers, cookie };
    await timed('dashboard', `${base}/dashboard`, { headers: signedIn });
    for (let poll = 0; poll < POLLS; poll += 1) {
      await sleep(POLL_SECONDS * 1000);
      await timed('status', `${base}/api/services/get`, {
        method: 'POST',
        headers: { ...signedIn, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ id: customer.service }),
      });
    }
  }
  inFlight -= 1;
  usersDone += 1;
}

function rssKib() {
  try {
    const line = readFileSync(`/proc/${serverPid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return Number(line.split(/\s+/)[1]);
  } catch {
    return 0;
  }
}

function walKib() {
  try {
    return Math.round(statSync(`${sqliteDb}-wal`).size / 1024);
  } catch {
    return 0;
  }
}

// The job queue as the server reports it at scrape time (/metrics): the jobs queued, due now
// or later (`webrana_jobs{status="queued"}`), and how long the job due longest has waited for
// a worker (`webrana_job_wait_seconds`): the wait grows when the workers fall behind.
async function jobQueue() {
  const value = (text, name) => {
    const line = text.split('\n').find((l) => l.startsWith(name));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };
  try {
    const text = await (await fetch(`${base}/metrics`)).text();
    return [value(text, 'webrana_jobs{status="queued"}'), value(text, 'webrana_job_wait_seconds')];
  } catch {
    return [-1, -1];
  }
}

const sampler = setInterval(() => {
  const second = ((performance.now() - started) / 1000).toFixed(0);
  memory.push([second, rssKib(), inFlight]);
  if (sqliteDb) {
    const wal = walKib();
    jobQueue().then(([queued, wait]) => storage.push([second, wal, queued, wait]));
  }
}, 1000);

// Arrivals on a fixed schedule: user n starts at n / RATE seconds, late or not.
const total = Math.round(RATE * SECONDS);
const users = [];
for (let n = 0; n < total; n += 1) {
  const due = started + (n / RATE) * 1000;
  const wait = due - performance.now();
  if (wait > 0) await sleep(wait);
  users.push(user(n));
}
await Promise.all(users);
clearInterval(sampler);

writeFileSync(
  outCsv,
  ['kind,second,step,value,status']
    .concat(samples.map(([second, step, ms, status]) => `request,${second},${step},${ms},${status}`))
    .concat(memory.map(([second, rss, flying]) => `memory,${second},rss_kib,${rss},${flying}`))
    .concat(storage.map(([second, wal, queued, wait]) => `storage,${second},wal_kib,${wal},${queued}/${wait}`))
    .join('\n') + '\n',
);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
function summary(name, rows) {
  const ms = rows.map((row) => Number(row[2])).sort((a, b) => a - b);
  const errors = rows.filter((row) => row[3] !== 200).length;
  return `RESULT step=${name} requests=${rows.length} errors=${errors} p50_ms=${percentile(ms, 50).toFixed(0)} p95_ms=${percentile(ms, 95).toFixed(0)} p99_ms=${percentile(ms, 99).toFixed(0)} max_ms=${(ms.at(-1) ?? 0).toFixed(0)}`;
}
for (const step of ['landing', 'plans', 'sign-in', 'dashboard', 'status']) {
  console.log(summary(step, samples.filter((row) => row[1] === step)));
}
console.log(summary('all', samples));
const peak = Math.max(...memory.map((row) => row[2]));
console.log(`RESULT users=${total} done=${usersDone} peak_in_flight=${peak} seconds=${((performance.now() - started) / 1000).toFixed(0)}`);
