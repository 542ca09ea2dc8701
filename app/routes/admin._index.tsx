import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { requireRole } from "~/modules/auth/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Administration – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return null;
}

export default function AdminHome() {
  return (
    <div className="container page narrow">
      <h1>Administration</h1>
      <ul>
        <li>
          <Link to="/admin/users">Users and roles</Link>
        </li>
        <li>
          <Link to="/admin/certificates">Certificates: search and revoke</Link>
        </li>
        <li>
          <Link to="/admin/organisations">Organisations and their staff</Link>
        </li>
      </ul>
    </div>
  );
}
