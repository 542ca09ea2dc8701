import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/session.server.ts";
import { listEventsForOrganisers } from "~/modules/events/organise.server.ts";

export const meta: MetaFunction = () => [{ title: "Organise events – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "organiser", "admin");
  return { events: await listEventsForOrganisers() };
}

export default function OrganiseEvents() {
  const { events } = useLoaderData<typeof loader>();
  return (
    <div className="container page">
      <h1>Organise events</h1>
      <p>
        Upcoming events and those of the last two months, with their bookings. Events are written as files under <code>events/</code> in the
        repository and published when the site starts (see <code>events/README.md</code>).
      </p>
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
