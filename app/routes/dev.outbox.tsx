import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listOutbox } from "~/modules/email/email.server.ts";
import { invariantResponse } from "~/utils/errors.ts";
import { devOutboxEnabled } from "~/utils/env.server.ts";
import { formatDate } from "~/utils/dates.ts";

export const meta: MetaFunction = () => [{ title: "Dev outbox – Pathways" }];

/** Emails that would have been sent, when no SMTP server is configured. Never in production. */
export async function loader() {
  invariantResponse(devOutboxEnabled(), "Not found");
  return { messages: await listOutbox() };
}

export default function DevOutbox() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <div className="container page">
      <h1>Dev outbox</h1>
      <p>No SMTP server is configured, so emails are written to the outbox folder and listed here, newest first.</p>
      {messages.length === 0 ? <p>No emails yet.</p> : null}
      {messages.map((m) => (
        <article key={m.id} className="card" aria-labelledby={`mail-${m.id}`}>
          <h2 id={`mail-${m.id}`}>{m.subject}</h2>
          <p className="muted">
            To {m.to}, {formatDate(m.sentAt, "dateTime")}
          </p>
          <pre style={{ whiteSpace: "pre-wrap" }}>{m.text}</pre>
        </article>
      ))}
    </div>
  );
}
