import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import QRCode from "qrcode";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { ATTENDANCE_LABELS, ATTENDANCE_STATUSES, parseRegisterForm } from "~/modules/events/attendance.ts";
import { getRegister, saveRegister } from "~/modules/events/attendance.server.ts";
import { formatDate } from "~/utils/dates.ts";
import { formErrorReply, invariantResponse } from "~/utils/errors.ts";
import { appOrigin, readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Register: ${data.event.title}` : "Register"} – Pathways` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "organiser", "admin");
  const session = new URL(request.url).searchParams.get("session");
  const register = await getRegister(params.eventId ?? "", session);
  invariantResponse(register, "Event or session not found", 404);
  const checkInUrl = `${appOrigin(request)}/events/${encodeURIComponent(register.event.id)}/check-in?code=${register.checkIn.code}`;
  // Drawn on the server as SVG: no script, and nothing fetched from elsewhere.
  const qr = await QRCode.toString(checkInUrl, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { ...register, checkInUrl, qr };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const organiser = await requireRole(request, "organiser", "admin");
  const eventId = params.eventId ?? "";
  const form = await readForm(request);
  const sessionKey = String(form.get("session") ?? "");
  const entries = parseRegisterForm(form);
  if ("error" in entries) return data({ error: entries.error }, { status: 400 });
  try {
    const saved = await saveRegister({ eventId, sessionKey, entries, recordedBy: organiser.id });
    throw redirect(
      `/organise/events/${encodeURIComponent(eventId)}/register?${new URLSearchParams({ session: sessionKey, saved: String(saved) })}`,
    );
  } catch (error) {
    if (error instanceof Response) throw error;
    const { reply, status } = formErrorReply(error);
    return data(reply, { status });
  }
}

export default function Register() {
  const { event, sessions, session, checkIn, rows, checkInUrl, qr } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saved = params.get("saved");
  return (
    <div className="container page">
      <nav aria-label="Breadcrumb">
        <p>
          <Link to={`/organise/events/${event.id}`}>Bookings for {event.title}</Link>
        </p>
      </nav>
      <h1>Register: {event.title}</h1>
      <p className="lead">
        {session.title ? `${session.title}: ` : null}
        {session.when}
      </p>
      {sessions.length > 1 ? (
        <nav aria-label="Sessions">
          <ul className="button-row">
            {sessions.map((s) => (
              <li key={s.key}>
                {s.key === session.key ? (
                  <span aria-current="page">{s.title ?? s.when}</span>
                ) : (
                  <Link to={`?session=${encodeURIComponent(s.key)}`}>{s.title ?? s.when}</Link>
                )}
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {saved ? (
        <Alert tone="success" title="Register saved.">
          <p>
            {saved} {saved === "1" ? "person" : "people"} recorded for this session.
          </p>
        </Alert>
      ) : null}
      {actionData && "error" in actionData ? (
        <Alert tone="error" title="The register was not saved">
          <p>{actionData.error}</p>
        </Alert>
      ) : null}

      <section aria-labelledby="check-in-heading" className="check-in-panel">
        <h2 id="check-in-heading">Self check-in</h2>
        <p>
          Show this at the start. People with a place scan the code, or go to <strong>{checkInUrl.replace(/\?.*$/, "")}</strong> and type:
        </p>
        <p className="check-in-code" aria-label={`Check-in code: ${checkIn.code.split("").join(" ")}`}>
          {checkIn.code}
        </p>
        <div
          className="check-in-qr"
          role="img"
          aria-label="QR code that opens the check-in page with the code filled in"
          dangerouslySetInnerHTML={{ __html: qr }}
        />
        <p className="hint">
          {checkIn.open ? "Check-in is open now" : "Check-in is closed now"}: it opens at {formatDate(checkIn.opensAt, "time")} and closes
          at {formatDate(checkIn.closesAt, "time")} on {formatDate(checkIn.opensAt)}.
        </p>
      </section>

      <section aria-labelledby="register-heading">
        <h2 id="register-heading">Who is here</h2>
        {rows.length === 0 ? (
          <p>Nobody has a place on this event.</p>
        ) : (
          <Form method="post" className="register-form">
            <input type="hidden" name="session" value={session.key} />
            {rows.map((row) => (
              <fieldset key={row.bookingId} className="register-row">
                <legend>
                  {row.name} <span className="muted">({row.organisation})</span>
                  {row.method === "check-in" ? <span className="muted"> – checked in themselves</span> : null}
                </legend>
                <ul className="choices choices--inline">
                  {ATTENDANCE_STATUSES.map((status) => (
                    <li key={status}>
                      <input
                        type="radio"
                        id={`${row.bookingId}-${status}`}
                        name={`status:${row.bookingId}`}
                        value={status}
                        defaultChecked={row.status === status}
                      />
                      <label htmlFor={`${row.bookingId}-${status}`}>{ATTENDANCE_LABELS[status]}</label>
                    </li>
                  ))}
                </ul>
              </fieldset>
            ))}
            <Button>Save the register</Button>
          </Form>
        )}
      </section>
    </div>
  );
}
