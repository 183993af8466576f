import { describe, expect, it } from "vitest";
import { classify } from "./memory.ts";

describe("which process is which", () => {
  it.each([
    [{ comm: "daprd", args: ["daprd", "--app-id", "catalog"], env: {} }, { process: "daprd catalog", group: "sidecars" }],
    [{ comm: "daprd", args: ["daprd", "--app-id", "orders"], env: { APP_ID: "orders" } }, { process: "daprd orders", group: "sidecars" }],
    [{ comm: "node", args: ["node", "dist/main.js"], env: { APP_ID: "gateway" } }, { process: "gateway", group: "apps" }],
    [{ comm: "node", args: ["node", "--import", "tsx", "src/main.ts"], env: { APP_ID: "gateway" } }, { process: "gateway", group: "apps" }],
    [{ comm: "node", args: ["node", "--import", "tsx", "scripts/run-apps.ts"], env: {} }, { process: "run-apps.ts", group: "launcher" }],
    [{ comm: "esbuild", args: ["esbuild", "--service=0.25.0"], env: { APP_ID: "cart" } }, { process: "esbuild cart", group: "esbuild (tsx)" }],
    [{ comm: "python3", args: ["python3", "-m", "src.main"], env: { APP_ID: "recommendations" } }, { process: "recommendations (Python)", group: "apps" }],
    [{ comm: "shipping", args: ["./bin/shipping"], env: { APP_ID: "shipping" } }, { process: "shipping (Go)", group: "apps" }],
    [{ comm: "sh", args: ["sh"], env: {}, pid: 7 }, { process: "sh (7)", group: "other" }],
  ])("%j", (proc, expected) => {
    expect(classify(proc)).toEqual(expected);
  });
});
