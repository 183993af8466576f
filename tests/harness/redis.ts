import { connect } from "node:net";

// Empties one Redis database (the cluster's own), so a run never inherits an aborted run's
// reservations or workflow state. Two RESP commands over a socket; no client library needed.
export function flushRedisDb(db: number, host = "127.0.0.1", port = 6379): Promise<void> {
  const command = (...args: string[]) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => socket.write(command("SELECT", String(db)) + command("FLUSHDB")));
    let reply = "";
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.split("\r\n").filter(Boolean).length >= 2) {
        socket.end();
        reply.includes("-ERR") ? reject(new Error(`Redis refused to flush db ${db}: ${reply}`)) : resolve();
      }
    });
    socket.on("error", reject);
  });
}
