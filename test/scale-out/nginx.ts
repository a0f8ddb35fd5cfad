// nginx in front of the replicas, as the README's "Run several replicas" section configures it: Debian's
// package, started as a child process (not a daemon) with a generated configuration in a temp dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type Nginx = {
  port: number;
  url: string;
  log: string;
  /** Requests nginx tried on more than one replica (from its access log: `$upstream_status` lists each try). */
  passedOn(): number;
  stop(): Promise<void>;
};

/** The nginx binary: on PATH, or where Debian's package puts it (/usr/sbin is not on every PATH). */
function nginxBinary(): string {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'])
    if (existsSync(candidate)) return candidate;
  return 'nginx';
}

/**
 * The proxy part of the configuration, also shown in the README. A replica that refuses the connection,
 * resets it, times out or answers 502/503 (a replica draining for SIGTERM answers 503 before reading
 * anything) has the request passed to the other one; `non_idempotent` lets nginx do that for POSTs, which
 * is safe here because a request's record is its idempotency key (Slack's trigger id): a request the
 * first replica recorded before dying is a duplicate to the second, which acknowledges it and leaves the
 * work to the resumer.
 */
export function upstreamConfig(ports: readonly number[], listen: string): string {
  return `  upstream dealdesk {
${ports.map((port) => `    server 127.0.0.1:${String(port)} max_fails=1 fail_timeout=10s;`).join('\n')}
    keepalive 32;
  }

  server {
    listen ${listen};
    client_max_body_size 1m;

    location / {
      proxy_pass http://dealdesk;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_connect_timeout 1s;
      proxy_send_timeout 5s;
      proxy_read_timeout 10s;
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_next_upstream_tries 2;
      proxy_next_upstream_timeout 5s;
    }
  }`;
}

export async function startNginx(options: { dir: string; port: number; upstreams: readonly number[] }): Promise<Nginx> {
  const dir = path.join(options.dir, 'nginx');
  mkdirSync(path.join(dir, 'temp'), { recursive: true });
  // As root, nginx's workers run as `nobody`: they must be able to reach the temp folders.
  chmodSync(options.dir, 0o755);
  chmodSync(dir, 0o755);
  chmodSync(path.join(dir, 'temp'), 0o777);
  const conf = path.join(dir, 'nginx.conf');
  const temp = (name: string) => path.join(dir, 'temp', name);
  writeFileSync(
    conf,
    `daemon off;
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  log_format tries '$status $request_uri $upstream_addr $upstream_status';
  access_log ${path.join(dir, 'access.log')} tries;
  client_body_temp_path ${temp('body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
${upstreamConfig(options.upstreams, `127.0.0.1:${String(options.port)}`)}
}
`,
  );
  const log = path.join(dir, 'stderr.log');
  const access = path.join(dir, 'access.log');
  const fd = openSync(log, 'a');
  const child: ChildProcess = spawn(nginxBinary(), ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')], {
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const failed = new Promise<never>((_resolve, reject) => {
    child.once('error', (error) => reject(new Error(`nginx could not start (apt-get install -y nginx): ${error.message}`)));
    void exited.then(() => reject(new Error(`nginx stopped; see ${log} and ${path.join(dir, 'error.log')}`)));
  });
  failed.catch(() => undefined);
  const url = `http://127.0.0.1:${String(options.port)}`;
  const until = Date.now() + 15_000;
  for (;;) {
    const up = await Promise.race([
      fetch(`${url}/healthz`).then(
        (response) => response.ok,
        () => false,
      ),
      failed,
    ]);
    if (up) break;
    if (Date.now() > until) throw new Error(`nginx did not answer on ${url}; see ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    port: options.port,
    url,
    log,
    passedOn() {
      if (!existsSync(access)) return 0;
      return readFileSync(access, 'utf8')
        .split('\n')
        .filter((line) => line.includes(', ')).length;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGQUIT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
