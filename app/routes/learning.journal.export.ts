import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server.ts";
import { journalAsMarkdown, listJournal } from "~/modules/progress/progress.server.ts";

/** The learner's own journal as a file: Markdown (to read) or JSON (to take elsewhere). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const entries = await listJournal(user.id);
  const format = new URL(request.url).searchParams.get("format") === "json" ? "json" : "md";
  const body =
    format === "json"
      ? JSON.stringify({ exportedAt: new Date().toISOString(), name: user.name, entries }, null, 2)
      : journalAsMarkdown(user.name, entries);
  return new Response(body, {
    headers: {
      "Content-Type": format === "json" ? "application/json; charset=utf-8" : "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="pathways-journal.${format}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
