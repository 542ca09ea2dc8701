import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { addActivity, createDraft } from "~/modules/authoring/drafts.server.ts";
import { type Actor } from "~/modules/authoring/draft-access.server.ts";
import { publishFixtureModule } from "../factories/courses.ts";
import { createUser } from "../factories/users.ts";

/**
 * Issue 11: bad input never yields a 500. Every route module under app/routes is called as Remix
 * calls it (loader for GET, action for POST) with hostile query strings, parameters and bodies, as
 * an anonymous visitor, a learner, an author and an admin. A thrown value that is not a Response
 * (or `data()`) is what Remix answers with 500; none may occur.
 */
type RouteModule = {
  loader?: (args: { request: Request; params: Record<string, string>; context: object }) => unknown;
  action?: (args: { request: Request; params: Record<string, string>; context: object }) => unknown;
};
const ROUTES = import.meta.glob<RouteModule>("../../app/routes/*.{ts,tsx}", { eager: true });

/** `courses.$moduleId.learn.$activityId.tsx` -> "/courses/:moduleId/learn/:activityId" and its param names. */
function routeShape(file: string): { pattern: string; params: string[] } {
  const name = file
    .split("/")
    .pop()!
    .replace(/\.(tsx|ts)$/, "");
  const params: string[] = [];
  const segments = name
    .replace(/\[\.\]/g, "~dot~")
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => {
      const segment = s.replace(/~dot~/g, ".").replace(/[[\]]/g, "");
      if (segment === "$") {
        params.push("*");
        return ":*";
      }
      if (segment.startsWith("$")) {
        params.push(segment.slice(1));
        return `:${segment.slice(1)}`;
      }
      return segment;
    });
  return { pattern: `/${segments.join("/")}`, params };
}

const HUGE = "x".repeat(300_000);
const LONE_SURROGATE = "\ud800";
/** Parameters as Remix passes them: decoded from the URL, or left as sent when they do not decode (`%ED%A0%80`, a lone surrogate). */
const HOSTILE_PARAMS = ["%ZZ", "a%ED%A0%80b", "../\u0000x".repeat(500)];
const HOSTILE_QUERIES = [
  "",
  `?q=${"x".repeat(500)}&page=-1`,
  "?page=abc&page=2&q=&q=%00&format=xml&status=%ED%A0%80",
  `?redirectTo=%2F%09%2Fevil.example&token=${"a".repeat(2_000)}&x[]=1&filter[a]=b`,
  "?%ZZ=%ZZ&intent=unknown&yaml=1&saved=1&reset=1",
];
const FIELDS = [
  "intent",
  "id",
  "draftId",
  "userId",
  "moduleId",
  "activityId",
  "role",
  "email",
  "password",
  "confirmPassword",
  "currentPassword",
  "name",
  "title",
  "summary",
  "q",
  "page",
  "revision",
  "path",
  "clientId",
  "text",
  "code",
  "markdown",
  "settings",
  "body",
  "score",
  "comment",
  "decision",
  "direction",
  "token",
  "redirectTo",
  "type",
  "minutes",
  "credential",
  "organisationName",
  "organisationType",
  "roleInSchool",
  "index",
  "comments",
  "status",
  "answers",
  "urns",
  "arm",
  "urn",
  "assignedOn",
  "withdrawnOn",
  "purpose",
  "agreementRef",
];

function form(pairs: Array<[string, string]>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [k, v] of pairs) body.append(k, v);
  return body;
}

type Body = { label: string; body: BodyInit | null; type?: string };
function hostileBodies(): Body[] {
  const invalidUtf8 = Buffer.concat(
    FIELDS.slice(0, 12).flatMap((f) => [Buffer.from(`${f}=`), Buffer.from([0xed, 0xa0, 0x80, 0xff, 0xc3]), Buffer.from("&")]),
  );
  const multipart = new FormData();
  for (const f of FIELDS.slice(0, 10)) multipart.append(f, new Blob([crypto.randomBytes(64)]), "x.bin");
  return [
    { label: "empty", body: null },
    { label: "empty form", body: "", type: "application/x-www-form-urlencoded" },
    { label: "wrong types", body: form(FIELDS.map((f) => [f, f === "intent" ? "delete-everything" : "-1e309"])) },
    { label: "huge values", body: form(FIELDS.map((f) => [f, HUGE.slice(0, 20_000)])) },
    { label: "empty values", body: form(FIELDS.map((f) => [f, ""])) },
    {
      label: "duplicates",
      body: form(
        FIELDS.flatMap((f) => [[f, "1"] as [string, string], [f, "two"] as [string, string], [`${f}[0]`, "x"] as [string, string]]),
      ),
    },
    { label: "lone surrogates", body: form(FIELDS.map((f) => [f, `a${LONE_SURROGATE}b`])) },
    { label: "invalid UTF-8", body: invalidUtf8, type: "application/x-www-form-urlencoded" },
    {
      label: "JSON where a form is expected",
      body: JSON.stringify({ intent: ["x"], id: { $gt: "" }, text: LONE_SURROGATE }),
      type: "application/json",
    },
    { label: "broken JSON", body: '{"intent": "complete", "text": "\\ud800', type: "application/json" },
    {
      label: "JSON with a lone surrogate",
      body: JSON.stringify({ moduleId: "m", activityId: "a", clientId: "abcdefgh-1234", intent: "reflection", text: LONE_SURROGATE }),
      type: "application/json",
    },
    { label: "files where text is expected", body: multipart },
    { label: "bad multipart", body: "--x\r\nContent-Disposition: form-data\r\n\r\n", type: "multipart/form-data; boundary=y" },
  ];
}

type Who = { label: string; cookie?: string };
let people: Who[] = [];
const VALID: Record<string, string[]> = {};

beforeAll(async () => {
  const learner = await createUser({ name: "Fuzz Learner" });
  const author = await createUser({ name: "Fuzz Author", roles: ["author"] });
  const admin = await createUser({ name: "Fuzz Admin", roles: ["admin"] });
  people = [
    { label: "anonymous" },
    { label: "learner", cookie: learner.cookie.split(";")[0] },
    { label: "author", cookie: author.cookie.split(";")[0] },
    { label: "admin", cookie: admin.cookie.split(";")[0] },
  ];
  const moduleId = `fuzz-${crypto.randomBytes(3).toString("hex")}`;
  await publishFixtureModule({
    id: moduleId,
    activities: [
      { id: "read-1", type: "reading" },
      { id: "the-quiz", type: "quiz" },
    ],
  });
  const actor: Actor = { id: author.id, name: "Fuzz Author", roles: ["author"] };
  const draft = await createDraft(actor, {
    moduleId: `${moduleId}-draft`,
    details: {
      title: "Fuzz",
      summary: "Fuzzing.",
      outcomes: ["x"],
      audience: ["primary-teachers"],
      keyStages: ["KS2"],
      topics: ["x"],
      cpdHours: 1,
      prerequisites: [],
    },
  });
  const activity = await addActivity(actor, { draftId: draft.draftId, revision: 1, type: "reading", title: "A reading" });
  VALID.moduleId = [moduleId];
  VALID.activityId = ["read-1", activity.path];
  VALID.id = [draft.draftId, moduleId];
});

type Outcome = { status: number; error?: unknown };

async function call(fn: NonNullable<RouteModule["loader"]>, request: Request, params: Record<string, string>): Promise<Outcome> {
  const statusOf = (value: unknown): number => {
    if (value instanceof Response) return value.status;
    if (value && typeof value === "object" && "type" in value && value.type === "DataWithResponseInit") {
      return (value as { init?: { status?: number } }).init?.status ?? 200;
    }
    return 200;
  };
  try {
    return {
      status: statusOf(await fn({ request, params, context: { cspNonce: "n", clientIp: `198.51.100.${crypto.randomInt(1, 250)}` } })),
    };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status };
    if (thrown && typeof thrown === "object" && "type" in thrown && thrown.type === "DataWithResponseInit")
      return { status: statusOf(thrown) };
    return { status: 500, error: thrown };
  }
}

/** Real ids get every hostile query and body; hostile ids (bounded time) a few of each. */
function paramSets(names: string[]): Array<{ params: Record<string, string>; all: boolean }> {
  if (names.length === 0) return [{ params: {}, all: true }];
  const valid = Object.fromEntries(names.map((n) => [n, VALID[n]?.[0] ?? "x"]));
  const second = Object.fromEntries(names.map((n) => [n, VALID[n]?.[1] ?? VALID[n]?.[0] ?? "x"]));
  const hostile = HOSTILE_PARAMS.map((bad) => ({ params: Object.fromEntries(names.map((n) => [n, bad])), all: false }));
  return [{ params: valid, all: true }, { params: second, all: true }, ...hostile];
}

const files = Object.keys(ROUTES).sort();

describe("fuzzing every route", () => {
  it("finds every route module", () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(files)(
    "%s answers hostile input without a 500",
    async (file) => {
      const mod = ROUTES[file]!;
      const { pattern, params: names } = routeShape(file);
      const failures: string[] = [];
      const record = (what: string, outcome: Outcome) => {
        if (outcome.status >= 500) {
          const error =
            outcome.error instanceof Error ? `${outcome.error.name}: ${outcome.error.message.slice(0, 200)}` : String(outcome.error);
          failures.push(`${what} -> ${outcome.status} ${error}`);
        }
      };
      for (const who of people) {
        const headers = (extra: Record<string, string> = {}) => ({ ...(who.cookie ? { Cookie: who.cookie } : {}), ...extra });
        for (const { params, all } of paramSets(names)) {
          const path = pattern.replace(/:(\*|\w+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? "x"));
          if (mod.loader) {
            for (const query of all ? HOSTILE_QUERIES : HOSTILE_QUERIES.slice(1, 3)) {
              const request = new Request(`http://localhost${path}${query}`, { headers: headers() });
              record(`${who.label} GET ${path.slice(0, 80)}${query.slice(0, 60)}`, await call(mod.loader, request, params));
            }
          }
          if (mod.action) {
            for (const { label, body, type } of all ? hostileBodies() : hostileBodies().filter((_, i) => i % 4 === 2)) {
              const request = new Request(`http://localhost${path}?index`, {
                method: "POST",
                body,
                headers: headers({ Origin: "http://localhost", ...(type ? { "Content-Type": type } : {}) }),
              });
              record(`${who.label} POST ${path.slice(0, 80)} (${label})`, await call(mod.action, request, params));
            }
          }
        }
      }
      expect(failures).toEqual([]);
    },
    120_000,
  );
});
