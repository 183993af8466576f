import type { FieldErrors } from "@quire/kit";
import { Csrf, Field, Layout, Notice, type Viewer } from "./layout.tsx";

type Form = { viewer: Viewer; next: string; values?: Record<string, string>; errors?: FieldErrors; problem?: string | undefined };

const reasons: Record<string, string> = {
  required: "Please sign in to see your cart and orders.",
  expired: "Your session expired. Please sign in again.",
};

export function LoginPage({ viewer, next, values = {}, errors, problem, reason }: Form & { reason?: string | undefined }) {
  const notice = problem ?? (reason ? reasons[reason] : undefined);
  return (
    <Layout title="Sign in" viewer={viewer}>
      <section class="narrow">
        <h1>Sign in</h1>
        {notice ? <Notice kind={problem ? "error" : "info"}>{notice}</Notice> : null}
        <form action="/login" method="post" novalidate>
          <Csrf viewer={viewer} />
          <input type="hidden" name="next" value={next} />
          <Field name="email" label="Email" type="email" autocomplete="email" value={values.email} errors={errors} maxlength={254} />
          <Field name="password" label="Password" type="password" autocomplete="current-password" errors={errors} maxlength={200} />
          <button type="submit">Sign in</button>
        </form>
        <p>
          New here? <a href={`/register?${new URLSearchParams({ next })}`}>Create an account</a>.
        </p>
      </section>
    </Layout>
  );
}

export function RegisterPage({ viewer, next, values = {}, errors, problem }: Form) {
  return (
    <Layout title="Create an account" viewer={viewer}>
      <section class="narrow">
        <h1>Create an account</h1>
        {problem ? <Notice kind="error">{problem}</Notice> : null}
        <form action="/register" method="post" novalidate>
          <Csrf viewer={viewer} />
          <input type="hidden" name="next" value={next} />
          <Field name="name" label="Name" autocomplete="name" value={values.name} errors={errors} maxlength={100} />
          <Field name="email" label="Email" type="email" autocomplete="email" value={values.email} errors={errors} maxlength={254} />
          <Field name="password" label="Password" type="password" autocomplete="new-password" hint="At least 8 characters." errors={errors} maxlength={200} />
          <button type="submit">Create account</button>
        </form>
        <p>
          Already have an account? <a href={`/login?${new URLSearchParams({ next })}`}>Sign in</a>.
        </p>
      </section>
    </Layout>
  );
}

export function ErrorPage({ viewer, status, message }: { viewer: Viewer; status: number; message: string }) {
  const title = status === 404 ? "Not found" : status === 403 ? "Not allowed" : status >= 500 ? "Something went wrong" : "That did not work";
  return (
    <Layout title={title} viewer={viewer}>
      <section class="narrow">
        <h1>{title}</h1>
        <Notice kind="error">{message}</Notice>
        <p>
          <a href="/">Back to the books</a>
        </p>
      </section>
    </Layout>
  );
}
