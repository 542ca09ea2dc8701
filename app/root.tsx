import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useNonce } from "./components/nonce.tsx";
import { clearMalformedSessionCookie, getCurrentUser, hasRole } from "./modules/auth/session.server.ts";
import { leaderLandingPath } from "./modules/organisations/organisations.server.ts";
import appCss from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Pathways: CPD for teaching digital skills" }];

type RootData = {
  user: {
    name: string;
    isAdmin: boolean;
    isAuthor: boolean;
    isOrganiser: boolean;
    seesImpact: boolean;
    seesEvaluations: boolean;
    yourSchool: string | null;
  } | null;
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const rootData: RootData = {
    user: user
      ? {
          name: user.name,
          isAdmin: hasRole(user, "admin"),
          isAuthor: hasRole(user, "author", "admin"),
          isOrganiser: hasRole(user, "organiser", "admin"),
          seesImpact: hasRole(user, "funder", "admin"),
          seesEvaluations: hasRole(user, "evaluator", "admin"),
          yourSchool: await leaderLandingPath(user.id), // leaders get a "Your school" link
        }
      : null,
  };
  // A garbled session cookie counts as no session, and is cleared so the browser stops sending it.
  const clear = clearMalformedSessionCookie(request);
  return data(rootData, clear ? { headers: { "Set-Cookie": clear } } : undefined);
}

function SiteHeader({ user }: { user: RootData["user"] }) {
  return (
    <header className="site-header">
      <div className="container">
        <Link to="/" className="brand">
          Pathways
        </Link>
        <nav className="site-nav" aria-label="Main">
          <ul>
            <li>
              <NavLink to="/courses">Courses</NavLink>
            </li>
            <li>
              <NavLink to="/events">Live events</NavLink>
            </li>
            {user ? (
              <>
                <li>
                  <NavLink to="/learning">My learning</NavLink>
                </li>
                {user.yourSchool ? (
                  <li>
                    <NavLink to={user.yourSchool}>Your school</NavLink>
                  </li>
                ) : null}
                <li>
                  <NavLink to="/account">Your account</NavLink>
                </li>
                {user.isAuthor ? (
                  <li>
                    <NavLink to="/author">Authoring</NavLink>
                  </li>
                ) : null}
                {user.isOrganiser ? (
                  <li>
                    <NavLink to="/organise">Organise events</NavLink>
                  </li>
                ) : null}
                {user.seesImpact ? (
                  <li>
                    <NavLink to="/impact">Impact</NavLink>
                  </li>
                ) : null}
                {user.seesEvaluations ? (
                  <li>
                    <NavLink to="/evaluations">Evaluations</NavLink>
                  </li>
                ) : null}
                {user.isAdmin ? (
                  <li>
                    <NavLink to="/admin">Admin</NavLink>
                  </li>
                ) : null}
                <li>
                  <Form method="post" action="/sign-out">
                    <button type="submit" className="link-button">
                      Sign out<span className="visually-hidden"> ({user.name})</span>
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <>
                <li>
                  <NavLink to="/sign-in">Sign in</NavLink>
                </li>
                <li>
                  <NavLink to="/sign-up">Create an account</NavLink>
                </li>
              </>
            )}
          </ul>
        </nav>
      </div>
    </header>
  );
}

function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="container">
        <p>Pathways is free, open-source professional development for teaching digital skills.</p>
        <ul>
          <li>
            <Link to="/courses">All courses</Link>
          </li>
          <li>
            <Link to="/accessibility">Accessibility</Link>
          </li>
        </ul>
      </div>
    </footer>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<RootData>("root");
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          Skip to main content
        </a>
        <SiteHeader user={data?.user ?? null} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  let title = "Sorry, there is a problem with the service";
  let message = "Try again later. What you had already saved is safe.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "Page not found";
      message = "If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.";
    } else if (error.status === 403) {
      title = "You do not have permission to see this page";
      message = "If you think you should, ask your Pathways administrator.";
    } else if (error.status === 429) {
      title = "Too many requests";
      message = "Wait a minute and try again.";
    } else if (error.status < 500) {
      title = error.statusText || "Something was not right with that request";
      message = "Go back and try again.";
    }
  }
  return (
    <div className="container page narrow">
      <title>{`${title} – Pathways`}</title>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">Go to the Pathways home page</Link>
      </p>
    </div>
  );
}
