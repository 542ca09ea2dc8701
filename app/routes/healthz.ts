import { checkDatabase } from "~/utils/health.server.ts";

/** For load balancers and uptime checks: 200 when the database answers, 503 otherwise. */
export async function loader() {
  const ok = await checkDatabase();
  return new Response(JSON.stringify({ status: ok ? "ok" : "unavailable", database: ok }), {
    status: ok ? 200 : 503,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}
