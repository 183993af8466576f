import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Cluster } from "./cluster.ts";

// The suite's cluster lives in the process that ran global setup; the tests run in workers. A test
// that must take an app down and bring it back (a subscriber that was away), or kill one process
// and start it again (a crash), asks that process over this channel: loopback only, with a token
// of this run.
export type Control = { url: string; token: string };

export async function serveControl(cluster: Cluster): Promise<Control & { close(): Promise<void> }> {
  const token = randomBytes(16).toString("hex");
  const server = createServer((req, res) => {
    const match = /^\/(apps|processes)\/([a-z0-9-]+)\/(stop|start|crash|restart)$/.exec(req.url ?? "");
    if (req.method !== "POST" || !match || req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(404).end();
    const [, kind, name, action] = match as unknown as [string, "apps" | "processes", string, Action];
    const actions: Record<string, () => Promise<void>> = {
      "apps/stop": () => cluster.stopApp(name),
      "apps/start": () => cluster.startApp(name),
      "processes/crash": () => cluster.crash(name),
      "processes/restart": async () => cluster.restart(name),
    };
    const act = actions[`${kind}/${action}`];
    if (!act) return void res.writeHead(404).end();
    act().then(
      () => res.writeHead(204).end(),
      (err: Error) => res.writeHead(500, { "content-type": "text/plain" }).end(err.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, token, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

type Action = "stop" | "start" | "crash" | "restart";

// Stops (SIGTERM) or starts an app of the suite's cluster together with its sidecar; a start
// returns once both answer.
export const appAction = (control: Control, appId: string, action: "stop" | "start") => post(control, `apps/${appId}/${action}`);

// Kills one process of the suite's cluster the hard way (SIGKILL), or starts it again: returns at
// once, as a crash and a supervisor's restart would.
export const processAction = (control: Control, name: string, action: "crash" | "restart") => post(control, `processes/${name}/${action}`);

async function post(control: Control, path: string): Promise<void> {
  const res = await fetch(`${control.url}/${path}`, { method: "POST", headers: { authorization: `Bearer ${control.token}` } });
  if (res.status !== 204) throw new Error(`could not ${path.split("/").reverse()[0]} ${path.split("/")[1]}: ${res.status} ${await res.text()}`);
}
