import { AppError, type AppEnv } from "@quire/kit";
import { Hono } from "hono";
import type { GraphRenderer } from "../adapters/graphviz.ts";
import type { Metrics } from "../adapters/prometheus.ts";
import { toDot } from "../domain/dot.ts";
import { buildServiceMap } from "../domain/service-map.ts";
import { MapPage } from "../pages/map.tsx";
import { reach } from "./reach.ts";

export function mapRoutes(metrics: Metrics, graphs: GraphRenderer) {
  return new Hono<AppEnv>()
    .get("/", (c) => c.redirect("/map"))
    .get("/map", async (c) => {
      const map = await reach(buildServiceMap(metrics));
      if (!map.ok) return c.html(<MapPage problem={map.problem} />);
      const svg = map.value.nodes.length > 0 ? await graphs.svg(toDot(map.value)) : undefined;
      return c.html(<MapPage map={map.value} svg={svg} />);
    })
    // For programs: a 503 says "ask again later" where a page would show the notice.
    .get("/map.json", async (c) => {
      const map = await reach(buildServiceMap(metrics));
      if (!map.ok) throw new AppError("UNAVAILABLE", map.problem);
      return c.json(map.value);
    });
}
