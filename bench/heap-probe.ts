/**
 * Preloaded into a server under test (`node --expose-gc -r dist/bench/heap-probe.js …`): when
 * BENCH_PROBE_PORT is set, GET http://127.0.0.1:PORT/ runs a full GC and answers process.memoryUsage().
 * Lets the benchmark measure heap per connection without touching the server's code.
 * With BENCH_CPU_PROF set, POST /profile/start and POST /profile/stop?file=PATH take a CPU profile of a
 * section of the run (written as a .cpuprofile for Chrome DevTools or speedscope).
 */
import fs from 'node:fs';
import http from 'node:http';
import inspector from 'node:inspector';

let session: inspector.Session | null = null;
function post(method: string, params: object = {}): Promise<unknown> {
  return new Promise((resolve, reject) =>
    session!.post(method, params, (err, result) => (err ? reject(err) : resolve(result))),
  );
}
async function profile(action: string, file: string | null): Promise<unknown> {
  if (action === 'start') {
    session ??= new inspector.Session();
    session.connect();
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 200 });
    await post('Profiler.start');
    return { started: true };
  }
  const { profile: result } = (await post('Profiler.stop')) as { profile: unknown };
  if (file) fs.writeFileSync(file, JSON.stringify(result));
  session!.disconnect();
  return { written: file };
}

const port = Number(process.env.BENCH_PROBE_PORT ?? '');
if (port) {
  const probe = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://probe');
    if (process.env.BENCH_CPU_PROF && url.pathname.startsWith('/profile/')) {
      profile(url.pathname.slice('/profile/'.length), url.searchParams.get('file')).then(
        (body) => res.end(JSON.stringify(body)),
        (err: unknown) => {
          res.writeHead(500);
          res.end(String(err));
        },
      );
      return;
    }
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      gc();
      gc();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ gc: !!gc, ...process.memoryUsage() }));
  });
  probe.listen(port, '127.0.0.1');
  probe.unref();
}
