import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Account deleted – Pathways" }];

export default function AccountDeleted() {
  return (
    <div className="container page narrow">
      <h1>Your account has been deleted</h1>
      <p>Everything that was only yours has gone. Thank you for learning with Pathways.</p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </div>
  );
}
