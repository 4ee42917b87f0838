import { spawn, type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { expect } from './helpers';

// A server of a test's own (the binary scripts/test.sh built), on a fresh seeded SQLite
// database: for tests that kill it, or that need a configuration the shared server lacks.
export const BIN = process.env.WEBRANA_E2E_BIN;

/** A free port below Linux's ephemeral range (32768+). A port the OS hands out for
 * `listen(0)` is an ephemeral one, and while a killed server is down every connection
 * attempt to it (the readiness poll, the page's socket reconnecting) takes an ephemeral
 * source port: one of them can become a TCP self-connection on the very port, which then
 * keeps the restarted server from binding. Ports below the range are never source ports. */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

export class OwnServer {
  process?: ChildProcess;
  constructor(
    readonly port: number,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  /** A seeded server (`webrana seed-demo`) with `extra` settings; not started yet. */
  static async seeded(label: string, extra: NodeJS.ProcessEnv = {}): Promise<OwnServer> {
    const folder = mkdtempSync(join(tmpdir(), `webrana-${label}-`));
    const port = await freePort();
    const env = {
      ...process.env,
      DATABASE_URL: `sqlite://${folder}/webrana.db`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      WEBRANA_MAIL_OUTBOX: join(folder, 'outbox'),
      WEBRANA_SECRET_KEY_FILE: join(folder, 'secret.key'),
      WEBRANA_TRUSTED_PROXIES: '127.0.0.1',
      RUST_LOG: 'warn',
      ...extra,
    };
    execFileSync(BIN!, ['seed-demo'], { env, stdio: 'ignore' });
    return new OwnServer(port, env);
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    this.process = spawn(BIN!, ['serve'], { env: this.env, stdio: 'ignore' });
    await expect
      .poll(async () => (await fetch(`${this.base}/ready`, { signal: AbortSignal.timeout(2_000) }).catch(() => null))?.status ?? 0, {
        timeout: 30_000,
      })
      .toBe(200);
  }

  kill() {
    this.process?.kill('SIGKILL');
  }
}
