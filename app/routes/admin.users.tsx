import { parseWithZod } from "@conform-to/zod/v4";
import { AppError } from "~/utils/errors.ts";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { GRANTABLE_ROLES, ROLE_LABELS } from "~/modules/auth/roles.ts";
import { requireRole } from "~/modules/auth/session.server.ts";
import { grantRole, listUsers, removeRole } from "~/modules/auth/users.server.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Users and roles – Pathways admin" }];

const ListQuerySchema = z.object({
  q: z.string().trim().max(100).optional().default(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

const RoleChangeSchema = z.object({
  intent: z.enum(["grant", "remove"]),
  userId: z.string().min(1).max(64),
  role: z.enum(GRANTABLE_ROLES),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const url = new URL(request.url);
  const parsed = ListQuerySchema.safeParse({ q: url.searchParams.get("q") ?? undefined, page: url.searchParams.get("page") ?? 1 });
  if (!parsed.success) throw new AppError("bad-request", "Search for at most 100 characters of a name or email address.").toResponse();
  const query = parsed.data;
  const result = await listUsers({ query: query.q || undefined, page: query.page });
  return { ...result, q: query.q, page: query.page };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const submission = parseWithZod(await readForm(request), { schema: RoleChangeSchema });
  if (submission.status !== "success") return data({ ok: false, message: "That change was not understood. Try again." }, { status: 400 });
  const { intent, userId, role } = submission.value;
  if (intent === "grant") {
    const ok = await grantRole(userId, role);
    return ok
      ? { ok: true, message: `${ROLE_LABELS[role]} role granted.` }
      : data({ ok: false, message: "That user no longer exists." }, { status: 404 });
  }
  const result = await removeRole(admin.id, userId, role);
  return result.ok
    ? { ok: true, message: `${ROLE_LABELS[role]} role removed.` }
    : data({ ok: false, message: result.message }, { status: 400 });
}

export default function AdminUsers() {
  const { users, total, page, pageCount, q } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page">
      <h1>Users and roles</h1>
      {actionData ? <Alert tone={actionData.ok ? "success" : "error"}>{actionData.message}</Alert> : null}
      <Form method="get" role="search" className="field">
        <label htmlFor="user-search">Search by name or email</label>
        <div className="button-row">
          <input id="user-search" type="search" name="q" defaultValue={q} />
          <Button variant="secondary">Search</Button>
        </div>
      </Form>
      <p className="muted">
        {total} user{total === 1 ? "" : "s"}. Every account can learn; the roles below are extra.
      </p>
      <table>
        <caption className="visually-hidden">Users, their organisations and roles</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Organisation</th>
            <th scope="col">Roles</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>{user.name}</td>
              <td>{user.email}</td>
              <td>{user.organisationName}</td>
              <td>
                <ul className="tag-list">
                  {GRANTABLE_ROLES.map((role) => {
                    const has = user.roles.includes(role);
                    return (
                      <li key={role}>
                        <Form method="post">
                          <input type="hidden" name="userId" value={user.id} />
                          <input type="hidden" name="role" value={role} />
                          <input type="hidden" name="intent" value={has ? "remove" : "grant"} />
                          <Button variant={has ? "secondary" : "link"}>
                            {has ? `Remove ${ROLE_LABELS[role]}` : `Make ${ROLE_LABELS[role]}`}
                            <span className="visually-hidden"> for {user.name}</span>
                          </Button>
                        </Form>
                      </li>
                    );
                  })}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pageCount > 1 ? (
        <nav aria-label="Pages of users" className="button-row">
          {page > 1 ? <Link to={`?${new URLSearchParams({ q, page: String(page - 1) })}`}>Previous page</Link> : null}
          <span>
            Page {page} of {pageCount}
          </span>
          {page < pageCount ? <Link to={`?${new URLSearchParams({ q, page: String(page + 1) })}`}>Next page</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
