import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FieldError } from "~/components/ui/field.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { KEY_STAGES } from "~/modules/catalog/course-format/module-file.ts";
import { AUDIENCE_LABELS } from "~/modules/catalog/labels.ts";
import { cellText, filtersQuery, readFilters, type ReportTable } from "~/modules/impact/impact.ts";
import { impactChoices } from "~/modules/impact/choices.server.ts";
import { buildImpactReport } from "~/modules/impact/report.server.ts";
import { renderChartSvg } from "~/modules/impact/charts.server.ts";
import { SUPPRESS_BELOW, SUPPRESSED_MARK } from "~/modules/impact/suppression.ts";
import { formatDate, londonIsoDate } from "~/utils/dates.ts";

export const meta: MetaFunction = () => [{ title: "Impact report – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "funder", "admin");
  const read = readFilters(new URL(request.url).searchParams, londonIsoDate(new Date()));
  const choices = await impactChoices();
  if (!read.ok) return { choices, values: read.values, errors: read.errors, report: null, charts: {}, query: "" };
  const report = await buildImpactReport(read.filters);
  // Each chart as SVG, drawn here from the table's own (suppressed) figures: no charting script is sent.
  const charts: Record<string, string> = {};
  for (const table of report.tables) {
    if (table.chart) charts[table.id] = await renderChartSvg(table.id, table.caption, table.chart);
  }
  return {
    choices,
    values: read.filters as Record<string, string>,
    errors: {} as Record<string, string>,
    report,
    charts,
    query: filtersQuery(read.filters),
  };
}

function DateField({
  name,
  label,
  values,
  errors,
}: {
  name: string;
  label: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const error = errors[name];
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={`impact-${name}`}>{label}</label>
      <FieldError id={`impact-${name}-error`} errors={error ? [error] : undefined} />
      <input
        type="date"
        id={`impact-${name}`}
        name={name}
        defaultValue={values[name] ?? ""}
        aria-describedby={error ? `impact-${name}-error` : undefined}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}

function Choice({
  name,
  label,
  options,
  values,
  errors,
  all,
}: {
  name: string;
  label: string;
  options: Record<string, string>;
  values: Record<string, string>;
  errors: Record<string, string>;
  all: string;
}) {
  const error = errors[name];
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={`impact-${name}`}>{label}</label>
      <FieldError id={`impact-${name}-error`} errors={error ? [error] : undefined} />
      <select
        id={`impact-${name}`}
        name={name}
        defaultValue={values[name] ?? ""}
        aria-describedby={error ? `impact-${name}-error` : undefined}
      >
        <option value="">{all}</option>
        {Object.entries(options).map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function Table({ table, chart, query }: { table: ReportTable; chart?: string; query: string }) {
  return (
    <section aria-labelledby={`table-${table.id}`} className="impact-table">
      <h2 id={`table-${table.id}`}>{table.caption}</h2>
      {chart ? (
        // Drawn on the server from our own figures (charts.server.ts); labels are escaped there.
        <div className="impact-chart" dangerouslySetInnerHTML={{ __html: chart }} />
      ) : null}
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{table.caption}</caption>
          <thead>
            <tr>
              {table.header.map((h, i) => (
                <th key={i} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) =>
                  j === 0 ? (
                    <th key={j} scope="row">
                      {cellText(cell)}
                    </th>
                  ) : (
                    <td key={j} className={typeof cell === "number" || cell === null ? "numeric" : undefined}>
                      {cellText(cell)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">{table.note}</p>
      <p className="no-print">
        <a href={`/impact/${table.id}.zip?${query}`} download>
          Download “{table.caption}” as CSV, with its manifest (zip)
        </a>
      </p>
    </section>
  );
}

export default function ImpactReportPage() {
  const { choices, values, errors, report, charts, query } = useLoaderData<typeof loader>();
  const problems = Object.entries(errors);
  return (
    <div className="container page impact-report">
      <h1>Impact report</h1>
      <p>
        Who Pathways reached, what they did and what they thought of it, for the period and filters you choose. Counts from 1 to{" "}
        {SUPPRESS_BELOW - 1} are shown as <strong>{SUPPRESSED_MARK}</strong>, and so is any other count that would let one be worked out
        from a total, on this page and in every download.
      </p>
      {problems.length ? (
        <div className="error-summary" role="alert" aria-labelledby="impact-errors-title" tabIndex={-1}>
          <h2 id="impact-errors-title">There is a problem</h2>
          <ul>
            {problems.map(([name, message]) => (
              <li key={name}>
                <a href={`#impact-${name}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="get" className="filters no-print" aria-label="Report filters">
        <div className="inline-fields">
          <DateField name="from" label="From" values={values} errors={errors} />
          <DateField name="to" label="To" values={values} errors={errors} />
        </div>
        <div className="inline-fields">
          {Object.keys(choices.programmes).length ? (
            <Choice name="programme" label="Programme" options={choices.programmes} values={values} errors={errors} all="All programmes" />
          ) : null}
          <Choice name="module" label="Module" options={choices.modules} values={values} errors={errors} all="All modules" />
          <Choice name="event" label="Live event" options={choices.events} values={values} errors={errors} all="All live events" />
          <Choice name="audience" label="Audience" options={AUDIENCE_LABELS} values={values} errors={errors} all="Every audience" />
          <Choice
            name="keyStage"
            label="Key stage"
            options={Object.fromEntries(KEY_STAGES.map((k) => [k, k]))}
            values={values}
            errors={errors}
            all="Every key stage"
          />
        </div>
        {Object.keys(choices.regions).length ? (
          <div className="inline-fields">
            <Choice name="region" label="Region" options={choices.regions} values={values} errors={errors} all="Every region" />
            <Choice
              name="localAuthority"
              label="Local authority"
              options={choices.localAuthorities}
              values={values}
              errors={errors}
              all="Every local authority"
            />
            <Choice name="phase" label="Phase" options={choices.phases} values={values} errors={errors} all="Every phase" />
          </div>
        ) : null}
        <p className="hint">Region, local authority and phase come from the schools organisations are matched to (Admin, Schools).</p>
        <Button variant="secondary">Show the report</Button>
      </Form>
      {report ? (
        <>
          <p>
            From {formatDate(`${report.filters.from}T12:00:00Z`)} to {formatDate(`${report.filters.to}T12:00:00Z`)}.{" "}
            {report.dataAsOf ? `The latest activity counted was on ${formatDate(report.dataAsOf)}.` : "No activity in this period."} To keep
            it as a document, print this page or save it as PDF from your browser&apos;s Print.
          </p>
          <section aria-labelledby="headlines">
            <h2 id="headlines">In figures</h2>
            <dl className="impact-headlines">
              {report.headlines.map((h) => (
                <div key={h.label}>
                  <dt>{h.label}</dt>
                  <dd>
                    <span className="impact-figure">{cellText(h.value)}</span>
                    <span className="hint">{h.note}</span>
                  </dd>
                </div>
              ))}
            </dl>
          </section>
          {report.tables.map((table) => (
            <Table key={table.id} table={table} chart={(charts as Record<string, string>)[table.id]} query={query} />
          ))}
          <section aria-labelledby="quotes">
            <h2 id="quotes">In their words</h2>
            {report.quotes.length ? (
              report.quotes.map((q, i) => (
                <figure key={i}>
                  <blockquote>
                    <p>{q.text}</p>
                  </blockquote>
                  <figcaption>
                    {q.by}, on {q.about}
                  </figcaption>
                </figure>
              ))
            ) : (
              <p>No attendee in this period agreed to be quoted.</p>
            )}
          </section>
        </>
      ) : (
        <Alert tone="info" title="No report yet.">
          <p>Put the filters right to see the report.</p>
        </Alert>
      )}
    </div>
  );
}
