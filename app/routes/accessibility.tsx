import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Accessibility – Pathways" }];

export default function Accessibility() {
  return (
    <div className="container page narrow">
      <h1>Accessibility statement</h1>
      <p>
        Pathways aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA, as UK public-sector services must. Every page
        is checked automatically with axe, works with a keyboard alone, and its forms work without JavaScript.
      </p>
      <p>
        Everything Pathways needs is served from this site, so it works on school networks that block third-party content delivery networks.
      </p>
      <p>If something does not work for you, tell the administrators of your Pathways service and we will fix it.</p>
    </div>
  );
}
