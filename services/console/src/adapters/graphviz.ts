import { instance } from "@viz-js/viz";

export interface GraphRenderer {
  svg(dot: string): Promise<string>;
}

// Graphviz compiled to WebAssembly: no `dot` binary to install, no browser needed. The instance
// takes a moment to start, so it is made once, on first use, and kept.
export class GraphvizRenderer implements GraphRenderer {
  private viz: ReturnType<typeof instance> | undefined;

  async svg(dot: string): Promise<string> {
    this.viz ??= instance();
    const svg = (await this.viz).renderString(dot, { format: "svg" });
    // Inline in a page, the XML prolog and doctype are noise; the <svg> element is what counts.
    return svg.slice(svg.indexOf("<svg"));
  }
}
