import { data, type ActionFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/modules/auth/session.server.ts";
import { PREVIEW_MAX_LENGTH, previewMarkdown } from "~/modules/authoring/preview.server.ts";

/** Live preview for the Markdown editor: sanitised HTML from the publishing pipeline. Writes nothing. */
export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, "author", "admin");
  const form = await request.formData();
  const markdown = String(form.get("markdown") ?? "");
  if (markdown.length > PREVIEW_MAX_LENGTH) return data({ html: "", warnings: ["This text is too long to preview."] }, { status: 413 });
  return previewMarkdown(markdown);
}

export function loader() {
  throw new Response("Not found", { status: 404 });
}
