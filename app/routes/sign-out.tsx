import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "~/modules/auth/session.server.ts";

/** Sign out is a POST (a GET must never change state); visiting the URL just goes home. */
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/", { headers: { "Set-Cookie": await endSession(request) } });
}
