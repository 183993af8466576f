import { raw } from "hono/html";
import type { Child } from "hono/jsx";

export type Section = "map" | "traces" | "dead-letters" | "health";

const sections: [Section, string, string][] = [
  ["map", "/map", "Service map"],
  ["traces", "/traces", "Traces"],
  ["dead-letters", "/dead-letters", "Dead letters"],
  ["health", "/health", "Health"],
];

export function Layout({ title, section, children }: { title: string; section?: Section; children: Child }) {
  // The doctype keeps browsers out of quirks mode; JSX has no way to write it.
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · Quire console`}</title>
          <link rel="stylesheet" href="/assets/style.css" />
        </head>
        <body>
          <header class="top">
            <a class="brand" href="/map">Quire console</a>
            <nav aria-label="Console">
              {sections.map(([id, href, label]) => (
                <a href={href} aria-current={id === section ? "page" : undefined}>{label}</a>
              ))}
            </nav>
          </header>
          <main>{children}</main>
        </body>
      </html>
    </>
  );
}

// What a page shows instead of its data when a backend does not answer.
export function Notice({ kind = "error", children }: { kind?: "error" | "info"; children: Child }) {
  return <p class={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>{children}</p>;
}

// Jaeger's times are µs since the epoch; operators read UTC.
export const when = (us: number) => `${new Date(Math.floor(us / 1000)).toISOString().replace("T", " ").slice(0, 23)} UTC`;

export function duration(us: number): string {
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}

export function ErrorPage({ status, message, errors }: { status: number; message: string; errors?: Record<string, string[]> | undefined }) {
  const title = status === 404 ? "Not found" : status === 400 ? "Bad request" : "Something went wrong";
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <Notice>{message}</Notice>
      {errors ? (
        <ul>
          {Object.entries(errors).map(([field, msgs]) => (
            <li>{`${field}: ${msgs.join("; ")}`}</li>
          ))}
        </ul>
      ) : null}
      <p>
        <a href="/map">Back to the service map</a>
      </p>
    </Layout>
  );
}
