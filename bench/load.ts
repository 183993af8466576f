import autocannon from "autocannon";
import { Agent, request } from "node:http";
import { summarize } from "./stats.ts";

export type Target = { url: string; headers: Record<string, string> };
export type LoadResult = { throughput: number; p50: number; p99: number; failed: number; seconds: number };

// Full speed: autocannon keeps `connections` requests in flight for `seconds`. Latencies come from
// its per-response event in fractional milliseconds (its own histogram keeps whole ones).
export async function fullSpeed(target: Target, connections: number, seconds: number): Promise<LoadResult> {
  const samples: number[] = [];
  let failed = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: target.url, headers: target.headers, connections, duration: seconds }, (err, done) => (err ? reject(err) : resolve(done)));
    instance.on("response", (_client, status, _bytes, ms) => (status >= 200 && status < 300 ? samples.push(ms) : failed++));
    instance.on("reqError", () => failed++);
  });
  const { p50, p99 } = summarize(samples);
  return { throughput: samples.length / result.duration, p50, p99, failed, seconds: result.duration };
}

// A fixed rate, open loop: requests leave on a schedule, one every 1/rate s, whether or not earlier
// ones have answered, and each one's latency counts from when it was due. autocannon's own rate
// option sends each connection's share back to back at the start of every second, which measures
// bursts, not a steady rate.
export async function fixedRate(target: Target, rate: number, seconds: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const url = new URL(target.url);
  const total = Math.round(rate * seconds);
  const samples: number[] = [];
  let failed = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];

  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, headers: target.headers, agent }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode && res.statusCode >= 200 && res.statusCode < 300) samples.push(performance.now() - due);
          else failed++;
          resolve();
        });
      });
      req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
      req.on("error", () => {
        failed++;
        resolve();
      });
      req.end();
    });

  for (let i = 0; i < total; ) {
    const now = performance.now();
    // Everything due by now goes out, so a late timer never lowers the rate.
    for (; i < total && started + (i * 1000) / rate <= now; i++) inFlight.push(send(started + (i * 1000) / rate));
    await new Promise((r) => setTimeout(r, Math.max(0, started + (i * 1000) / rate - performance.now())));
  }
  await Promise.all(inFlight);
  agent.destroy();
  const elapsed = (performance.now() - started) / 1000;
  const { p50, p99 } = summarize(samples);
  return { throughput: samples.length / elapsed, p50, p99, failed, seconds: elapsed };
}
