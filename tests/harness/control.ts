import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Cluster } from "./cluster.ts";

// The suite's cluster lives in the process that ran global setup; the tests run in workers. A test
// that must take an app down and bring it back (a subscriber that was away) asks that process over
// this channel: loopback only, with a token of this run.
export type Control = { url: string; token: string };

export async function serveControl(cluster: Cluster): Promise<Control & { close(): Promise<void> }> {
  const token = randomBytes(16).toString("hex");
  const server = createServer((req, res) => {
    const match = /^\/apps\/([a-z-]+)\/(stop|start)$/.exec(req.url ?? "");
    if (req.method !== "POST" || !match || req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(404).end();
    const [, appId, action] = match as unknown as [string, string, "stop" | "start"];
    (action === "stop" ? cluster.stopApp(appId) : cluster.startApp(appId)).then(
      () => res.writeHead(204).end(),
      (err: Error) => res.writeHead(500, { "content-type": "text/plain" }).end(err.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, token, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

// Stops (SIGTERM) or starts an app of the suite's cluster together with its sidecar; a start
// returns once both answer.
export async function appAction(control: Control, appId: string, action: "stop" | "start"): Promise<void> {
  const res = await fetch(`${control.url}/apps/${appId}/${action}`, { method: "POST", headers: { authorization: `Bearer ${control.token}` } });
  if (res.status !== 204) throw new Error(`could not ${action} ${appId}: ${res.status} ${await res.text()}`);
}
