import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/session.server.ts";
import { formatMean } from "~/modules/events/event-feedback.ts";
import { getOverallEventRating } from "~/modules/events/event-feedback.server.ts";
import { listEventsForOrganisers } from "~/modules/events/organise.server.ts";

export const meta: MetaFunction = () => [{ title: "Organise events – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "organiser", "admin");
  const [events, overall] = await Promise.all([listEventsForOrganisers(), getOverallEventRating()]);
  return { events, overall };
}

export default function OrganiseEvents() {
  const { events, overall } = useLoaderData<typeof loader>();
  return (
    <div className="container page">
      <h1>Organise events</h1>
      <p>
        Upcoming events and those of the last two months, with their bookings. Create an event here, or write it as a file under{" "}
        <code>events/</code> in the repository, published when the site starts (see <code>events/README.md</code>).
      </p>
      <p>
        <Link to="/organise/events/new" className="button">
          Create an event
        </Link>
      </p>
      <h2>Live events&apos; rating</h2>
      <p>
        {overall.mean === null
          ? "No feedback yet."
          : `${formatMean(overall.mean)}: the mean of ${overall.n} response${overall.n === 1 ? "" : "s"} from ${overall.events} event${overall.events === 1 ? "" : "s"} (median ${overall.median}).`}
      </p>
      <h2>Events</h2>
      {events.length === 0 ? (
        <p>There are no events yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Events and their bookings</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Starts</th>
              <th scope="col">Format</th>
              <th scope="col">Booked</th>
              <th scope="col">Waiting</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <th scope="row">
                  <Link to={`/organise/events/${e.id}`}>{e.title}</Link>
                  {e.cancelled ? " (cancelled)" : e.past ? " (taken place)" : null}
                </th>
                <td>{e.when}</td>
                <td>{e.formatLabel}</td>
                <td>
                  {e.confirmed} of {e.capacity}
                </td>
                <td>{e.waiting}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
