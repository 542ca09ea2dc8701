import { data, type ActionFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/modules/auth/session.server.ts";
import { PREVIEW_MAX_LENGTH, previewMarkdown } from "~/modules/authoring/preview.server.ts";
import { readForm } from "~/utils/http.server.ts";

/** Live preview for the Markdown editor: sanitised HTML from the publishing pipeline. Writes nothing. */
export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, "author", "admin");
  const form = await readForm(request);
  const markdown = form.get("markdown");
  if (typeof markdown !== "string")
    return data({ html: "", warnings: ["Send the Markdown to preview as the form field markdown."] }, { status: 400 });
  if (markdown.length > PREVIEW_MAX_LENGTH) return data({ html: "", warnings: ["This text is too long to preview."] }, { status: 413 });
  // Text that is too slow to render comes back as a warning in place of the HTML (the live preview shows it).
  return previewMarkdown(markdown);
}

export function loader() {
  throw new Response("Not found", { status: 404 });
}
