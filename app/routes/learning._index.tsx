import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ConfirmEmailNotice } from "~/components/account/confirm-email-notice.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ProgressBar } from "~/components/ui/progress-bar.tsx";
import { requireUser } from "~/modules/auth/session.server.ts";
import { listCertificatesForUser } from "~/modules/certificates/certificates.server.ts";
import { certificateSubject } from "~/modules/certificates/certificate-subject.ts";
import { cpdEntries, cpdTotals } from "~/modules/certificates/cpd-record.ts";
import { listAttendedEvents } from "~/modules/events/attendance.server.ts";
import { pendingFollowUps } from "~/modules/followups/follow-ups.server.ts";
import { formatHours } from "~/modules/certificates/open-badge.ts";
import { listLearnerModules } from "~/modules/progress/progress.server.ts";
import { listMyBookings } from "~/modules/events/bookings.server.ts";
import { SessionList } from "~/components/events/event-summary.tsx";
import { formatDate } from "~/utils/dates.ts";

export const meta: MetaFunction = () => [{ title: "My learning – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [modules, certificates, bookings, attended, followUps] = await Promise.all([
    listLearnerModules(user.id),
    listCertificatesForUser(user.id),
    listMyBookings(user.id),
    listAttendedEvents(user.id),
    pendingFollowUps(user.id),
  ]);
  // Hours from live events count with or without a certificate of attendance (ADR 0057).
  const uncertified = attended.filter((e) => !e.certificateId);
  return {
    name: user.name,
    email: user.email,
    emailConfirmed: user.emailConfirmed,
    modules,
    certificates,
    bookings,
    attended,
    followUps,
    totals: cpdTotals(cpdEntries(certificates, uncertified)),
  };
}

export default function MyLearning() {
  const { name, email, emailConfirmed, modules, certificates, bookings, attended, followUps, totals } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="container page">
      <h1>My learning</h1>
      {params.get("confirmed") && emailConfirmed ? (
        <Alert tone="success" title={`Welcome to Pathways, ${name}.`}>
          <p>
            Your email address {email} is confirmed. <Link to="/courses">Find a course</Link> to start.
          </p>
        </Alert>
      ) : null}
      {params.get("welcome") ? (
        <Alert tone="success" title={`Welcome to Pathways, ${name}.`}>
          <p>
            Your account is ready. <Link to="/courses">Find a course</Link> to start.
          </p>
        </Alert>
      ) : null}
      {modules.length === 0 ? (
        <p>
          You have not enrolled in any modules yet. <Link to="/courses">Browse the courses</Link>.
        </p>
      ) : (
        <ul className="card-list">
          {modules.map((m) => (
            <li key={m.moduleId} className="card">
              <h2>
                <Link to={`/courses/${m.moduleId}`}>{m.title}</Link>
              </h2>
              <ProgressBar value={m.summary.percent} label={`Progress in ${m.title}`} />
              <p className="muted">
                {m.completedAt
                  ? `Completed on ${formatDate(m.completedAt)}.`
                  : m.lastActivityAt
                    ? `Last activity ${formatDate(m.lastActivityAt)}${m.lastActivityTitle ? `: ${m.lastActivityTitle}` : ""}.`
                    : `Enrolled on ${formatDate(m.enrolledAt)}.`}
              </p>
              {m.next && !m.completedAt ? (
                <p>
                  Next step: <Link to={`/courses/${m.moduleId}/learn/${m.next.activityId}`}>{m.next.title}</Link>
                </p>
              ) : null}
              {/* A finished module's main action is its certificate (or getting it); the module stays open to revisit. */}
              {m.summary.complete ? (
                <>
                  <CertificateAction
                    moduleId={m.moduleId}
                    title={m.title}
                    certificates={certificates}
                    unconfirmedEmail={emailConfirmed ? null : email}
                  />
                  <p>
                    <Link to={`/courses/${m.moduleId}/learn`}>
                      Look back over the module<span className="visually-hidden"> {m.title}</span>
                    </Link>
                  </p>
                </>
              ) : (
                <p>
                  <Link to={`/courses/${m.moduleId}/learn`} className="button">
                    {m.summary.completedRequired === 0 && !m.lastActivityAt ? "Start" : "Continue"}
                    <span className="visually-hidden"> {m.title}</span>
                  </Link>
                </p>
              )}
              {m.completedAt ? (
                <p>
                  <Link to={`/courses/${m.moduleId}/rate`}>
                    {m.rating ? `Your rating: ${m.rating.score} out of 6. Change it` : "Rate this module"}
                    <span className="visually-hidden"> ({m.title})</span>
                  </Link>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <h2 id="live-events">Your live events</h2>
      {bookings.length === 0 ? (
        <p>
          You have not booked any live events. <Link to="/events">See what is on</Link>.
        </p>
      ) : (
        <ul className="card-list">
          {bookings.map((b) => (
            <li key={b.eventId} className="card">
              <h3>
                <Link to={`/events/${b.eventId}`}>{b.title}</Link>
              </h3>
              <SessionList sessions={b.sessions} />
              <p>
                <strong>
                  {b.eventCancelled
                    ? "Cancelled by the organisers."
                    : b.status === "confirmed"
                      ? "You have a place."
                      : "You are on the waiting list."}
                </strong>
              </p>
            </li>
          ))}
        </ul>
      )}
      {attended.length ? (
        <>
          <h3>Live events you attended</h3>
          <ul>
            {attended.map((e) => (
              <li key={e.eventId}>
                <Link to={`/events/${e.eventId}`}>{e.title}</Link>: {formatHours(e.hours)} of CPD.{" "}
                {e.certificateId ? (
                  <Link to={`/certificates/${e.certificateId}`}>
                    Certificate of attendance<span className="visually-hidden"> for {e.title}</span>
                  </Link>
                ) : (
                  "No certificate of attendance (fewer sessions than it needs); the hours still count."
                )}
                {e.feedbackDue ? (
                  <>
                    {" "}
                    <Link to={`/events/${e.eventId}/feedback`}>
                      Give feedback<span className="visually-hidden"> on {e.title}</span>
                    </Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {followUps.length ? (
        <section aria-labelledby="follow-ups">
          <h2 id="follow-ups">Did it change your classroom?</h2>
          <p>Two minutes each: whether you have used what you learned with learners, and what changed.</p>
          <ul>
            {followUps.map((f) => (
              <li key={f.id}>
                <Link to={`/follow-up/${f.id}`}>Tell us about {f.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2 id="cpd-hours">Your CPD hours</h2>
      <p>
        This academic year ({totals.academicYear}): <strong>{formatHours(totals.thisYear)}</strong>. All time:{" "}
        <strong>{formatHours(totals.allTime)}</strong>
        {totals.certificates ? `, from ${totals.certificates} certificate${totals.certificates === 1 ? "" : "s"}` : ""}. Hours count from
        the day you complete a module or attend a live event; an academic year runs from 1 September to 31 August.
      </p>
      <p>
        <a href="/learning/cpd.csv" download>
          Download your CPD record (CSV)
        </a>{" "}
        for your appraisal or professional development review: each certificate, its hours and where anyone can check it.
      </p>
      <h2 id="certificates">Your certificates</h2>
      {certificates.length === 0 ? (
        <p>When you complete a module, you can get a certificate that anyone can check.</p>
      ) : (
        <ul>
          {certificates.map((c) => (
            <li key={c.id}>
              <Link to={`/certificates/${c.id}`}>Certificate for {c.moduleTitle}</Link>
              {certificateSubject(c.moduleId).kind === "event"
                ? ` (live event), last attended on ${formatDate(c.completedAt)}`
                : ` (version ${c.versionNumber}), completed on ${formatDate(c.completedAt)}`}
              {c.status === "revoked" ? <strong>: revoked</strong> : null}
            </li>
          ))}
        </ul>
      )}
      <p>
        Your school or employer can see your certificates only if you choose to share them:{" "}
        <Link to="/organisations">your organisations and sharing</Link>.
      </p>
      <h2>Your journal</h2>
      <p>
        Your reflections are private to you. <Link to="/learning/journal">Read or export your journal</Link>.
      </p>
    </div>
  );
}

/** A complete module's main action: "View certificate" once issued, otherwise "Get your certificate" (a plain POST form). */
function CertificateAction({
  moduleId,
  title,
  certificates,
  unconfirmedEmail,
}: {
  moduleId: string;
  title: string;
  certificates: { id: string; moduleId: string }[];
  /** The address still to confirm (ADR 0031), or null. */
  unconfirmedEmail: string | null;
}) {
  const issued = certificates.find((c) => c.moduleId === moduleId);
  if (issued) {
    return (
      <p>
        <Link to={`/certificates/${issued.id}`} className="button">
          View certificate<span className="visually-hidden"> for {title}</span>
        </Link>
      </p>
    );
  }
  if (unconfirmedEmail) return <ConfirmEmailNotice email={unconfirmedEmail} />;
  return (
    <Form method="post" action="/certificates?index">
      <input type="hidden" name="moduleId" value={moduleId} />
      <Button>
        Get your certificate<span className="visually-hidden"> for {title}</span>
      </Button>
    </Form>
  );
}
