import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useRef } from "react";
import { z } from "zod";
import { Button } from "~/components/ui/button.tsx";
import { CheckboxGroup, useFilterInputsFollowAddress, valuesOf } from "~/components/ui/filter-fields.tsx";
import { formatCalendarDate } from "~/utils/dates.ts";
import { listCatalogue, type CatalogueModule } from "~/modules/catalog/catalog.server.ts";
import { AUDIENCES, KEY_STAGES } from "~/modules/catalog/course-format/module-file.ts";
import { ID_MAX_LENGTH, ID_PATTERN } from "~/modules/catalog/course-format.ts";

export const meta: MetaFunction = () => [
  { title: "Courses – Pathways" },
  { name: "description", content: "Free, self-paced CPD modules for teachers, school leaders and IT professionals moving into teaching." },
];

const CatalogueQuerySchema = z.object({
  q: z
    .string()
    .catch("")
    .transform((q) => q.trim().slice(0, 200)),
  audience: valuesOf(z.enum(AUDIENCES)),
  keyStage: valuesOf(z.enum(KEY_STAGES)),
  topic: valuesOf(z.string().max(ID_MAX_LENGTH).regex(ID_PATTERN)),
  length: valuesOf(z.enum(["short", "medium", "long"])),
});

export async function loader({ request }: LoaderFunctionArgs) {
  // Public: anyone may browse the catalogue. Bad values are dropped by the schema, never a 500.
  const params = new URL(request.url).searchParams;
  const query = CatalogueQuerySchema.parse({
    q: params.get("q") ?? "",
    audience: params.getAll("audience"),
    keyStage: params.getAll("keyStage"),
    topic: params.getAll("topic"),
    length: params.getAll("length"),
  });
  const { modules, facets } = await listCatalogue(query);
  const chosen = [query.audience, query.keyStage, query.topic, query.length].reduce((sum, values) => sum + values.length, 0);
  const filtered = !!query.q || chosen > 0;
  return { modules, facets, filtered, chosen };
}

function ModuleResult({ module: m }: { module: CatalogueModule }) {
  return (
    <li className="card">
      <h3>
        <Link to={`/courses/${m.id}`}>{m.title}</Link>
      </h3>
      <p>{m.summary}</p>
      <dl className="facts">
        <dt>CPD hours</dt>
        <dd>{m.cpdHours}</dd>
        <dt>Time</dt>
        <dd>{m.duration}</dd>
        <dt>Key stages</dt>
        <dd>{m.keyStages.join(", ")}</dd>
        <dt>For</dt>
        <dd>{m.audience.map((a) => a.label).join(", ")}</dd>
      </dl>
      {m.availability === "not-yet-available" && m.availableFrom ? (
        <p className="muted">Opens for enrolment on {formatCalendarDate(m.availableFrom)}</p>
      ) : m.availability === "no-longer-available" ? (
        <p className="muted">Closed to new enrolments</p>
      ) : null}
    </li>
  );
}

function resultsMessage(count: number, filtered: boolean) {
  const modules = `${count} module${count === 1 ? "" : "s"}`;
  if (!filtered) return count === 0 ? "No modules have been published yet." : `Showing all ${modules}.`;
  if (count === 0) return "No modules match your search and filters.";
  return `${modules} ${count === 1 ? "matches" : "match"} your search and filters.`;
}

export default function Courses() {
  const { modules, facets, filtered, chosen } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const q = searchParams.get("q") ?? "";
  const formRef = useRef<HTMLFormElement>(null);
  useFilterInputsFollowAddress(formRef, searchParams);
  return (
    <div className="container page">
      <h1>Courses</h1>
      <p className="lead">Free, self-paced CPD modules. Each one is made of short activities you can fit between lessons.</p>
      <div className="catalogue">
        <Form ref={formRef} method="get" role="search" aria-labelledby="catalogue-search-heading" className="catalogue-filters">
          <h2 id="catalogue-search-heading">Search and filter</h2>
          <div className="field">
            <label htmlFor="catalogue-q">Search by keyword</label>
            <span className="hint" id="catalogue-q-hint">
              For example, a topic or something you want to be able to do.
            </span>
            <input id="catalogue-q" type="search" name="q" defaultValue={q} aria-describedby="catalogue-q-hint" maxLength={200} />
          </div>
          {/* A disclosure on phones (closed unless a filter is chosen); always open on wide screens (app.css). */}
          <details className="filter-disclosure" open={chosen > 0 || undefined}>
            <summary>Filter courses{chosen > 0 ? ` (${chosen} chosen)` : ""}</summary>
            <CheckboxGroup name="keyStage" legend="Key stage" options={facets.keyStages} checked={searchParams.getAll("keyStage")} />
            <CheckboxGroup name="audience" legend="Who it is for" options={facets.audiences} checked={searchParams.getAll("audience")} />
            <CheckboxGroup name="topic" legend="Topic" options={facets.topics} checked={searchParams.getAll("topic")} />
            <CheckboxGroup name="length" legend="Length" options={facets.lengths} checked={searchParams.getAll("length")} />
          </details>
          <Button>Show modules</Button>
        </Form>
        <section aria-labelledby="catalogue-results-heading">
          <h2 id="catalogue-results-heading" className="visually-hidden">
            Modules
          </h2>
          <p role="status" className="results-count">
            {resultsMessage(modules.length, filtered)}
          </p>
          {filtered ? (
            <p>
              <Link to="/courses">Clear search and filters</Link>
            </p>
          ) : null}
          {modules.length > 0 ? (
            <ul className="card-list catalogue-results">
              {modules.map((m) => (
                <ModuleResult key={m.id} module={m} />
              ))}
            </ul>
          ) : filtered ? (
            <p>Try fewer or different words, or choose fewer filters.</p>
          ) : null}
        </section>
      </div>
    </div>
  );
}
