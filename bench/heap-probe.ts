/**
 * Preloaded into a server under test (`node --expose-gc -r dist/bench/heap-probe.js …`): when
 * BENCH_PROBE_PORT is set, GET http://127.0.0.1:PORT/ runs a full GC and answers process.memoryUsage().
 * Lets the benchmark measure heap per connection without touching the server's code.
 */
import http from 'node:http';

const port = Number(process.env.BENCH_PROBE_PORT ?? '');
if (port) {
  const probe = http.createServer((_req, res) => {
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
