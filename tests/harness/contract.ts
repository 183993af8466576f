import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// Every answer the system tests get through the gateway, checked against the OpenAPI document the
// gateway serves (fetched once per gateway): the status is one the operation documents, the
// content type is one documented for that status, and the body validates (ajv, JSON Schema
// 2020-12, the dialect of OpenAPI 3.1) against its schema. A request no operation describes (an
// unknown path or method) must be refused with a 4xx problem.
type Media = { schema?: object };
type Answer = { $ref?: string; content?: Record<string, Media>; headers?: Record<string, { required?: boolean; $ref?: string }> };
type Operation = { responses: Record<string, Answer> };
type Document = { paths: Record<string, Record<string, Operation>>; components: { responses?: Record<string, Answer> } };
type Matcher = { method: string; template: string; pattern: RegExp; literal: number };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

export class ContractChecker {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false });
  private readonly matchers: Matcher[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly doc: Document) {
    addFormats(this.ajv);
    // OpenAPI keywords ajv does not know (example, ...) are ignored, not errors: strict is off.
    this.ajv.addSchema(doc as object, "openapi");
    this.matchers = Object.entries(doc.paths).flatMap(([template, item]) =>
      Object.keys(item).map((method) => ({
        method,
        template,
        pattern: new RegExp(`^${template.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}$`),
        literal: template.replace(/\{[^}]+\}/g, "").length,
      })),
    );
  }

  // Problems found with one answer: none is a pass.
  async check(method: string, url: string, res: Response): Promise<string[]> {
    const what = `${method} ${url} → ${res.status}`;
    const op = this.operation(method, url);
    const body = method === "HEAD" ? "" : await res.clone().text();
    const type = res.headers.get("content-type")?.split(";")[0]?.trim() ?? "";
    if (!op) {
      if (res.status < 400 || res.status >= 500) return [`${what}: no operation describes this request, and only a 4xx problem may answer it`];
      return method === "HEAD" ? [] : this.validate(what, "#/components/schemas/Problem", type, "application/problem+json", body);
    }
    const declared = op.operation.responses[String(res.status)];
    const response = declared?.$ref ? this.doc.components.responses?.[declared.$ref.split("/").pop()!] : declared;
    if (!response) return [`${what}: ${op.method.toUpperCase()} ${op.template} documents ${Object.keys(op.operation.responses).join(", ")}, not ${res.status}`];
    const missing = Object.entries(response.headers ?? {})
      .filter(([name, h]) => h.required && !res.headers.has(name))
      .map(([name]) => `${what}: the documented header ${name} is missing`);
    if (method === "HEAD") return missing;
    const media = Object.keys(response.content ?? {});
    if (media.length === 0) return body === "" ? missing : [...missing, `${what}: documented without a body, but has one: ${body.slice(0, 200)}`];
    if (!media.includes(type)) return [...missing, `${what}: content type ${type || "(none)"}, documented: ${media.join(", ")}`];
    // Pages and scripts (the docs) are checked by their type only; JSON by its schema too.
    if (!/^application\/([a-z.+-]+\+)?json$/.test(type)) return missing;
    // A shared response (a $ref to components/responses) has its schema there.
    const at = declared!.$ref ?? `#/paths/${escape(op.template)}/${op.method}/responses/${res.status}`;
    return [...missing, ...this.validate(what, `${at}/content/${escape(type)}/schema`, type, type, body)];
  }

  private operation(method: string, url: string) {
    let path: string;
    try {
      // Matched decoded, as the gateway reads it: an escaped '/' is not part of one segment.
      // A trailing slash names the same resource: the owners' routers answer /api/books/ as /api/books.
      path = decodeURIComponent(new URL(url, "http://gateway").pathname).replace(/(.)\/$/, "$1");
    } catch {
      return undefined;
    }
    const wanted = method === "HEAD" ? "get" : method.toLowerCase();
    const found = this.matchers.filter((m) => m.method === wanted && m.pattern.test(path)).sort((a, b) => b.literal - a.literal)[0];
    return found && { ...found, operation: this.doc.paths[found.template]![found.method]! };
  }

  private validate(what: string, pointer: string, type: string, expected: string, body: string): string[] {
    if (type !== expected) return [`${what}: content type ${type || "(none)"}, documented: ${expected}`];
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return [`${what}: the body is not JSON: ${body.slice(0, 200)}`];
    }
    let validator = this.validators.get(pointer);
    if (!validator) {
      validator = this.ajv.getSchema(`openapi${pointer}`);
      if (!validator) return [`${what}: no schema at ${pointer}`];
      this.validators.set(pointer, validator);
    }
    if (validator(value)) return [];
    return [`${what}: the body does not match ${pointer}: ${this.ajv.errorsText(validator.errors)}; body: ${body.slice(0, 300)}`];
  }
}

// A JSON pointer segment: '~' and '/' escaped.
const escape = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

const checkers = new Map<string, Promise<ContractChecker>>();

// The document as the gateway serves it, once per gateway (a crash test's cluster has its own).
export function contractOf(gatewayUrl: string): Promise<ContractChecker> {
  let checker = checkers.get(gatewayUrl);
  if (!checker) {
    checker = fetch(`${gatewayUrl}/api/openapi.json`).then(async (res) => {
      if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}`);
      return new ContractChecker((await res.json()) as Document);
    });
    // A failed fetch (the gateway restarting) is tried again next time.
    checker.catch(() => checkers.delete(gatewayUrl));
    checkers.set(gatewayUrl, checker);
  }
  return checker;
}
