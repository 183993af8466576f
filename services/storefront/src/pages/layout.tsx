import type { Child } from "hono/jsx";
import type { FieldErrors } from "@quire/kit";

export type Viewer = { signedIn: boolean; admin?: boolean; csrf: string };

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
export const price = (cents: number) => money.format(cents / 100);
export const day = (iso: string) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function Layout({ title, viewer, children }: { title: string; viewer: Viewer; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Quire`}</title>
        <link rel="stylesheet" href="/assets/style.css" />
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <a class="brand" href="/">Quire</a>
          <form class="search" role="search" action="/" method="get">
            <label for="q" class="hidden">Search books</label>
            <input id="q" name="q" type="search" placeholder="Title or author" maxlength={100} />
            <button type="submit">Search</button>
          </form>
          <nav aria-label="Account">
            <a href="/cart">Cart</a>
            <a href="/orders">Orders</a>
            <a href="/notifications">Updates</a>
            {viewer.admin ? <a href="/staff">Staff</a> : null}
            {viewer.signedIn ? (
              <form action="/logout" method="post" class="inline">
                <Csrf viewer={viewer} />
                <button type="submit" class="link">Sign out</button>
              </form>
            ) : (
              <a href="/login">Sign in</a>
            )}
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer>Quire — a bookstore on Dapr. Test cards: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined.</footer>
      </body>
    </html>
  );
}

export const Csrf = ({ viewer }: { viewer: Viewer }) => <input type="hidden" name="_csrf" value={viewer.csrf} />;

// A labelled input with its errors right beside it, tied together for screen readers.
export function Field(props: { name: string; label: string; errors?: FieldErrors | undefined; value?: string | undefined; type?: string; autocomplete?: string; hint?: string; required?: boolean; inputmode?: "numeric" | "email"; maxlength?: number }) {
  const { name, label, errors, value, type = "text", autocomplete, hint, required = true, inputmode, maxlength } = props;
  const problems = errors?.[name] ?? [];
  const describedBy = [hint ? `${name}-hint` : "", problems.length ? `${name}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={problems.length ? "field invalid" : "field"}>
      <label for={name}>{label}</label>
      {hint ? <p class="hint" id={`${name}-hint`}>{hint}</p> : null}
      <input id={name} name={name} type={type} value={value ?? ""} required={required} autocomplete={autocomplete} inputmode={inputmode} maxlength={maxlength} aria-invalid={problems.length ? "true" : undefined} aria-describedby={describedBy || undefined} />
      {problems.length ? <p class="error" id={`${name}-error`}>{`${label} ${problems.join("; ")}.`}</p> : null}
    </div>
  );
}

export function Notice({ kind, children }: { kind: "error" | "info"; children: Child }) {
  return <p class={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>{children}</p>;
}
