import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { getCurrentUser, requireUser } from "~/modules/auth/session.server.ts";
import { describeAvailability } from "~/modules/catalog/availability.ts";
import { getModuleOverview, type ModuleOverview } from "~/modules/catalog/catalog.server.ts";
import { upcomingEventsForModule } from "~/modules/events/events.server.ts";
import { describeAverage } from "~/modules/feedback/rating.ts";
import { getPublicRating } from "~/modules/feedback/ratings.server.ts";
import { enrolInModule } from "~/modules/progress/enrolment.server.ts";
import { invariantResponse } from "~/utils/errors.ts";
import { formatDate } from "~/utils/dates.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.overview.title} – Pathways` }, { name: "description", content: data.overview.summary }] : [];

const EnrolSchema = z.object({ intent: z.literal("enrol") });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const overview = await getModuleOverview(params.moduleId ?? "", user?.id ?? null);
  invariantResponse(overview, "Module not found", 404);
  // Shown only from 5 ratings (ADR 0015): an average of two or three is noise.
  const [rating, events] = await Promise.all([getPublicRating(overview.id), upcomingEventsForModule(overview.id)]);
  // Worded here, against the server's clock, so the page and its hydration agree.
  const availability = describeAvailability(overview, new Date());
  return { overview, rating, signedIn: !!user, availability, events };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema: EnrolSchema });
  if (submission.status !== "success") return data({ message: "That request was not understood. Try again." }, { status: 400 });
  const moduleId = params.moduleId ?? "";
  const result = await enrolInModule({ userId: user.id, moduleId });
  if (!result.ok) {
    invariantResponse(result.reason !== "not-found", "Module not found", 404);
    return data({ message: result.message }, { status: 409 });
  }
  throw redirect(`/courses/${moduleId}/learn`);
}

const minutes = (n: number) => `${n} minute${n === 1 ? "" : "s"}`;

function EnrolPanel({ overview, signedIn, error }: { overview: ModuleOverview; signedIn: boolean; error?: string }) {
  const learnPath = `/courses/${overview.id}/learn`;
  if (overview.enrolled) {
    return (
      <div className="enrol-panel">
        <p>You are enrolled in this module. Your progress is saved as you go.</p>
        <Link to={learnPath} className="button">
          Continue learning
        </Link>
      </div>
    );
  }
  if (!overview.enrolment.open) {
    return (
      <div className="enrol-panel">
        <Alert tone="warning" title="Enrolment is closed">
          <p>{overview.enrolment.message}</p>
        </Alert>
      </div>
    );
  }
  return (
    <div className="enrol-panel">
      {error ? (
        <Alert tone="error" title="You could not be enrolled">
          <p>{error}</p>
        </Alert>
      ) : null}
      {signedIn ? (
        <Form method="post">
          <input type="hidden" name="intent" value="enrol" />
          <p>Enrolling is free. You can work through the activities at your own pace and come back to them at any time.</p>
          <Button>Enrol</Button>
        </Form>
      ) : (
        <>
          <p>Enrolling is free. Sign in so that Pathways can save your progress.</p>
          <div className="button-row">
            <Link to={`/sign-in?${new URLSearchParams({ redirectTo: `/courses/${overview.id}` })}`} className="button">
              Sign in to enrol
            </Link>
            <Link to="/sign-up">Create a free account</Link>
          </div>
        </>
      )}
    </div>
  );
}

export default function ModulePage() {
  const { overview, rating, signedIn, availability, events } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const activityCount = overview.outline.reduce((sum, section) => sum + section.activities.length, 0);
  return (
    <div className="container page">
      <nav aria-label="Breadcrumb">
        <p>
          <Link to="/courses">All courses</Link>
        </p>
      </nav>
      <h1>{overview.title}</h1>
      <p className="lead">{overview.summary}</p>

      <dl className="facts">
        <dt>CPD hours</dt>
        <dd>{overview.cpdHours}</dd>
        <dt>Time</dt>
        <dd>
          {overview.duration}, in {activityCount} activit{activityCount === 1 ? "y" : "ies"}
        </dd>
        <dt>Key stages</dt>
        <dd>{overview.keyStages.join(", ")}</dd>
        <dt>For</dt>
        <dd>{overview.audience.map((a) => a.label).join(", ")}</dd>
        <dt>Topics</dt>
        <dd>{overview.topics.map((t) => t.label).join(", ")}</dd>
        {availability ? (
          <>
            <dt>Availability</dt>
            <dd>{availability}</dd>
          </>
        ) : null}
        {rating ? (
          <>
            <dt>Rating by learners</dt>
            <dd>{describeAverage(rating.average, rating.count)}</dd>
          </>
        ) : null}
        <dt>Version</dt>
        <dd>
          Version {overview.version}, published {formatDate(overview.publishedAt)}
        </dd>
      </dl>

      <EnrolPanel overview={overview} signedIn={signedIn} error={actionData?.message} />

      {overview.descriptionHtml ? (
        <section aria-labelledby="about-heading">
          <h2 id="about-heading">About this module</h2>
          {/* Rendered and sanitised when the module was published (markdown.server.ts). */}
          <div className="module-description" dangerouslySetInnerHTML={{ __html: overview.descriptionHtml }} />
        </section>
      ) : null}

      {events.length ? (
        <section aria-labelledby="events-heading">
          <h2 id="events-heading">Live events that go with this module</h2>
          <ul>
            {events.map((event) => (
              <li key={event.id}>
                <Link to={`/events/${event.id}`}>{event.title}</Link> ({event.formatLabel}, {event.when}){" "}
                <span className="muted">
                  {event.relation === "prepare" ? "Take this module before it." : "Follow it up with this module."}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">What you will learn</h2>
        <p>By the end of this module you will be able to:</p>
        <ul>
          {overview.outcomes.map((outcome) => (
            <li key={outcome}>{outcome}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="prerequisites-heading">
        <h2 id="prerequisites-heading">Before you start</h2>
        {overview.prerequisites.length ? (
          <ul>
            {overview.prerequisites.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : (
          <p>You do not need to have done anything else first.</p>
        )}
      </section>

      <section aria-labelledby="outline-heading">
        <h2 id="outline-heading">Outline</h2>
        <ol className="outline">
          {overview.outline.map((section, index) => (
            <li key={index}>
              <h3>{section.title}</h3>
              <p className="muted">{section.duration}</p>
              <ol className="outline-activities">
                {section.activities.map((activity) => (
                  <li key={activity.id}>
                    {/* Enrolled learners can go straight to any activity; others see what is in the module. */}
                    {overview.enrolled ? (
                      <Link className="outline-title" to={`/courses/${overview.id}/learn/${activity.id}`}>
                        {activity.title}
                      </Link>
                    ) : (
                      <span className="outline-title">{activity.title}</span>
                    )}{" "}
                    <span className="muted">
                      ({activity.typeLabel}, {minutes(activity.minutes)}
                      {activity.required ? "" : ", optional"})
                    </span>
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="authors-heading">
        <h2 id="authors-heading">Who made it</h2>
        <ul>
          {overview.authors.map((author) => (
            <li key={`${author.name}-${author.role}`}>
              <strong>{author.name}</strong>, {author.roleLabel}
              {author.organisation ? ` (${author.organisation})` : ""}
            </li>
          ))}
        </ul>
        {overview.versionNotes ? <p className="muted">What changed in this version: {overview.versionNotes}</p> : null}
      </section>
    </div>
  );
}
