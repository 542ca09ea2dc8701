import crypto from "node:crypto";
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { CERT_MODULE_TITLE, earnCertificate } from "./certificate-helpers.ts";
import { createAccount, DEMO, expectAccessible, latestEmailTo, newPageAs, signIn, signInAs, uniqueEmail } from "./support.ts";

/**
 * Organisations and leaders: an admin sets up a school, a teacher chooses to share their CPD
 * record (and stops), the school's leader sees it only meanwhile, with a CSV export; anyone checks
 * several certificates at once. Tried as a matrix of who may see what.
 */
const IN_PROGRESS_TITLE = "Using the Unconscious Bias Toolkit";
const suffix = () => crypto.randomBytes(3).toString("hex");

/** The path of the invitation link in the newest email to `to`. */
async function invitationPath(to: string): Promise<string> {
  const email = await latestEmailTo(to);
  const match = email.text.match(/\/invitations\/[A-Za-z0-9_-]{43}/);
  expect(match, email.text).not.toBeNull();
  return match![0];
}

async function invite(leader: Page, organisation: string, email: string) {
  const field = leader.getByLabel(`Invite a member of staff by email to ${organisation}`);
  await field.fill(email);
  await leader.getByRole("button", { name: "Send invitation" }).click();
  await expect(leader.getByRole("status")).toContainText(`Invitation sent to ${email}`);
  // The field empties for the next person once the page has reloaded its data; typing before then
  // would be wiped (a race the full run hit once the invitation email became a job the server runs
  // at once, ADR 0053).
  await expect(field).toHaveValue("");
}

async function addPerson(admin: Page, organisation: string, email: string, role: "Member of staff" | "Leader") {
  const field = admin.getByLabel(`Add a person by email to ${organisation}`);
  // The form empties itself after a success: wait for that (from the last person added) before typing,
  // and again after this one, since the notice may still be the previous person's.
  await expect(field).toHaveValue("");
  await field.fill(email);
  await admin.getByLabel(`As (role in ${organisation})`).selectOption({ label: role });
  await admin.getByRole("button", { name: `Add to ${organisation}` }).click();
  await expect(field).toHaveValue("");
  await expect(admin.getByRole("status")).toContainText(`is now in ${organisation}`);
}

test("a leader sees a teacher's certificates only while the teacher shares them", async ({ browser, baseURL }) => {
  test.slow(); // four people in four browsers, with axe on every page
  const origin = new URL(baseURL!).origin;
  const school = `Riverside Academy ${suffix()}`;
  const other = `Hilltop Primary ${suffix()}`;

  const teacher = await newPageAs(browser);
  const teacherAccount = await createAccount(teacher, { name: `Grace Sharer ${suffix()}` });
  const certificateId = await earnCertificate(teacher, origin);
  const leader = await newPageAs(browser);
  const leaderAccount = await createAccount(leader, { name: `Lena Leader ${suffix()}` });
  const otherLeader = await newPageAs(browser);
  const otherLeaderAccount = await createAccount(otherLeader, { name: `Omar Otherleader ${suffix()}` });

  // An admin creates two schools and adds people.
  const admin = await newPageAs(browser);
  await signInAs(admin, DEMO.admin);
  await admin.goto("/admin/organisations");
  await expectAccessible(admin);
  for (const [name, type] of [
    [school, "Secondary school"],
    [other, "Primary school"],
  ] as const) {
    await admin.getByLabel("Name", { exact: true }).fill(name);
    await admin.getByLabel("Type of organisation").selectOption({ label: type });
    await admin.getByRole("button", { name: "Add organisation" }).click();
    await expect(admin.getByRole("status")).toContainText(`${name} created`);
  }
  await addPerson(admin, school, leaderAccount.email, "Leader");
  await addPerson(admin, other, otherLeaderAccount.email, "Leader");
  await expectAccessible(admin);

  // The leader finds the school through "Your school"; nothing is shared yet.
  await leader.goto("/learning");
  await leader.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Your school" }).click();
  await expect(leader.getByRole("heading", { level: 1, name: `Staff CPD records: ${school}` })).toBeVisible();
  await expect(leader.getByText(`Nobody has shared their CPD record with ${school} yet.`)).toBeVisible();
  await expect(leader.getByText(teacherAccount.name)).toHaveCount(0);
  const schoolPath = new URL(leader.url()).pathname;
  await expectAccessible(leader);

  // The leader invites staff by email. An address without an account and one with an account get
  // the same answer, with no name; nobody is in the school until they accept.
  const nobody = `no-account-${suffix()}@school.example`;
  await invite(leader, school, nobody);
  await expect(leader.getByRole("status")).not.toContainText(teacherAccount.name);
  await invite(leader, school, teacherAccount.email);
  await expect(leader.getByRole("status")).not.toContainText(teacherAccount.name);
  const invitations = leader.getByRole("region", { name: "Invite members of staff" });
  await expect(invitations.getByRole("listitem").filter({ hasText: teacherAccount.email })).toContainText("the link works until");
  await expect(invitations.getByRole("listitem").filter({ hasText: nobody })).toBeVisible();
  await expect(leader.getByText(teacherAccount.name)).toHaveCount(0);
  await expectAccessible(leader);

  // The teacher opens the link from the email, signed in as the invited address, and accepts.
  await teacher.goto(await invitationPath(teacherAccount.email));
  await expect(teacher.getByRole("heading", { level: 1, name: `Join ${school} on Pathways` })).toBeVisible();
  await expect(teacher.getByText(`${leaderAccount.name} has invited ${teacherAccount.email}`)).toBeVisible();
  await expectAccessible(teacher);
  await teacher.getByRole("button", { name: `Accept and join ${school}` }).click();
  await expect(teacher.getByRole("status")).toContainText("You have joined");
  await leader.reload();
  const waiting = leader.getByRole("region", { name: "Waiting for consent" });
  await expect(waiting.getByRole("listitem").filter({ hasText: teacherAccount.name })).toContainText("has not shared their record");
  await expect(invitations.getByRole("listitem").filter({ hasText: teacherAccount.email })).toHaveCount(0);
  await expect(leader.getByRole("heading", { level: 2, name: teacherAccount.name })).toHaveCount(0);
  await expect(leader.getByRole("link", { name: new RegExp(CERT_MODULE_TITLE) })).toHaveCount(0);
  expect(await leader.content()).not.toContain(certificateId);

  // The teacher agrees to share.
  await teacher.goto("/learning");
  await teacher.getByRole("link", { name: "your organisations and sharing" }).click();
  await expect(teacher.getByText("Its leaders cannot see your CPD record.")).toBeVisible();
  await expectAccessible(teacher);
  await teacher.getByRole("button", { name: `Share my record with ${school}` }).click();
  await expect(teacher.getByRole("status")).toContainText("You are sharing your CPD record");
  await expectAccessible(teacher);

  // The teacher starts another module: with their consent it shows as in progress.
  await teacher.goto("/courses/unconscious-bias-toolkit");
  await teacher.getByRole("button", { name: "Enrol" }).click();
  await expect(teacher).toHaveURL(/\/learn\//);
  await teacher.goto("/organisations");

  // Now the leader sees the record, and can export it.
  await leader.reload();
  const working = leader.getByRole("table", { name: `Modules ${teacherAccount.name} is working through` });
  await expect(working.getByRole("row").filter({ hasText: IN_PROGRESS_TITLE })).toContainText("% of required activities");
  await expect(leader.getByRole("heading", { level: 2, name: teacherAccount.name })).toBeVisible();
  await expect(leader.getByRole("link", { name: `${CERT_MODULE_TITLE} (version 1)` })).toHaveAttribute(
    "href",
    `${origin}/verify/${certificateId}`,
  );
  await expectAccessible(leader);
  const pending = leader.waitForEvent("download");
  await leader.getByRole("link", { name: "Download these records as a spreadsheet (CSV)" }).click();
  const csv = fs.readFileSync((await (await pending).path())!, "utf8");
  expect(csv).toContain("Name,Email,Module,Version,CPD hours,Completed on,Status,Certificate reference,Verification address");
  expect(csv).toContain(`${teacherAccount.name},${teacherAccount.email},${CERT_MODULE_TITLE},1,0.5,`);
  expect(csv).toContain(certificateId);
  expect(csv).toMatch(new RegExp(`${teacherAccount.name},${teacherAccount.email},${IN_PROGRESS_TITLE},,,,in progress,,,\\d+,`));

  // Who else may look: another school's leader, the teacher, anonymous visitors, an admin: nobody.
  for (const [who, page] of [
    ["another school's leader", otherLeader],
    ["the teacher (a member, not a leader)", teacher],
    ["an admin", admin],
  ] as const) {
    for (const path of [schoolPath, `${schoolPath}/records.csv`]) {
      const response = await page.request.get(path, { maxRedirects: 0 });
      expect(response.status(), `${who}: ${path}`).toBe(404);
      expect(await response.text(), `${who}: ${path}`).not.toContain(teacherAccount.email);
    }
  }
  const anonymous = (await browser.newContext()).request;
  for (const path of [schoolPath, `${schoolPath}/records.csv`, "/organisations"]) {
    const response = await anonymous.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(302);
    expect(response.headers()["location"]).toMatch(/^\/sign-in/);
  }
  // Only admins manage organisations; only members change their own consent.
  expect((await teacher.request.get("/admin/organisations", { maxRedirects: 0 })).status()).toBe(403);
  const sneaky = await otherLeader.request.post("/admin/organisations?index", {
    form: { intent: "add-member", organisationId: schoolPath.split("/").pop()!, email: otherLeaderAccount.email, role: "leader" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(sneaky.status()).toBe(403);
  // Another school's leader cannot invite to or remove from this school; nobody becomes a leader here.
  const invitationId = await invitations
    .getByRole("listitem")
    .filter({ hasText: nobody })
    .locator('input[name="invitationId"]')
    .first()
    .inputValue();
  for (const form of [
    { intent: "invite", email: otherLeaderAccount.email },
    { intent: "cancel-invitation", invitationId },
  ] as Record<string, string>[]) {
    const response = await otherLeader.request.post(schoolPath, { form, headers: { Origin: origin }, maxRedirects: 0 });
    expect(response.status(), form.intent).toBe(404);
  }
  const promote = await leader.request.post(schoolPath, {
    form: { intent: "invite", email: otherLeaderAccount.email, role: "leader" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(promote.status()).toBe(403);
  await leader.reload();
  await expect(leader.getByText(otherLeaderAccount.name)).toHaveCount(0);
  const notMine = await otherLeader.request.post("/organisations?index", {
    form: { intent: "share", organisationId: schoolPath.split("/").pop()!, share: "yes" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(notMine.status()).toBe(404);

  // The teacher stops sharing: the leader sees nothing again, and the export is empty of them.
  await teacher.getByRole("button", { name: `Stop sharing my record with ${school}` }).click();
  await expect(teacher.getByRole("status")).toContainText("You have stopped sharing");
  await leader.reload();
  await expect(leader.getByText(`Nobody has shared their CPD record with ${school} yet.`)).toBeVisible();
  const after = await leader.request.get(`${schoolPath}/records.csv`);
  expect(await after.text()).not.toContain(teacherAccount.email);

  // The leader removes the teacher from the school, after a confirmation that says what ends.
  await leader.getByRole("link", { name: `Remove ${teacherAccount.name} from the organisation` }).click();
  await expect(leader.getByRole("heading", { level: 1, name: `Remove ${teacherAccount.name} from ${school}?` })).toBeVisible();
  await expect(leader.getByText("Their sharing ends")).toBeVisible();
  await expectAccessible(leader);
  await leader.getByRole("link", { name: `No, keep ${teacherAccount.name}` }).click();
  await expect(waiting.getByText(teacherAccount.name, { exact: true })).toBeVisible();
  await leader.getByRole("link", { name: `Remove ${teacherAccount.name} from the organisation` }).click();
  await leader.getByRole("button", { name: `Yes, remove ${teacherAccount.name}` }).click();
  await expect(leader.getByRole("status")).toContainText("Removed from the organisation: their sharing has ended");
  await expect(leader.getByText(teacherAccount.name)).toHaveCount(0);
  await expectAccessible(leader);
  await teacher.goto("/organisations");
  await expect(teacher.getByText(school)).toHaveCount(0);
});

test("who may manage a school's staff", async ({ browser, baseURL }) => {
  test.slow(); // five accounts in five browsers and two organisations before the checks start
  const origin = new URL(baseURL!).origin;
  const school = `Brookside College ${suffix()}`;
  const other = `Meadow Primary ${suffix()}`;
  const [leader, member, otherLeader, outsider] = await Promise.all([1, 2, 3, 4].map(() => newPageAs(browser)));
  const leaderAccount = await createAccount(leader!, { name: `Leo Leader ${suffix()}` });
  const memberAccount = await createAccount(member!, { name: `Mia Member ${suffix()}` });
  const otherLeaderAccount = await createAccount(otherLeader!, { name: `Olu Otherleader ${suffix()}` });
  const outsiderAccount = await createAccount(outsider!, { name: `Oscar Outsider ${suffix()}` });

  const admin = await newPageAs(browser);
  await signInAs(admin, DEMO.admin);
  await admin.goto("/admin/organisations");
  for (const name of [school, other]) {
    await admin.getByLabel("Name", { exact: true }).fill(name);
    await admin.getByLabel("Type of organisation").selectOption({ label: "Further education college" });
    await admin.getByRole("button", { name: "Add organisation" }).click();
    await expect(admin.getByRole("status")).toContainText(`${name} created`);
  }
  await addPerson(admin, school, leaderAccount.email, "Leader");
  await addPerson(admin, school, memberAccount.email, "Member of staff");
  await addPerson(admin, other, otherLeaderAccount.email, "Leader");
  await leader!.goto("/organisations");
  await leader!.getByRole("link", { name: `Staff CPD records for ${school}` }).click();
  await expect(leader!.getByRole("heading", { level: 1, name: `Staff CPD records: ${school}` })).toBeVisible();
  const schoolPath = new URL(leader!.url()).pathname;
  const removeHref = await leader!.getByRole("link", { name: `Remove ${memberAccount.name} from the organisation` }).getAttribute("href");
  const removePath = removeHref!;
  expect(removePath).toMatch(new RegExp(`^${schoolPath}/members/[^/]+/remove$`));
  // An invitation to the outsider, to act on.
  await invite(leader!, school, outsiderAccount.email);
  const invitationId = await leader!
    .getByRole("region", { name: "Invite members of staff" })
    .getByRole("listitem")
    .filter({ hasText: outsiderAccount.email })
    .locator('input[name="invitationId"]')
    .first()
    .inputValue();
  const firstLink = await invitationPath(outsiderAccount.email);

  const anonymous = (await browser.newContext()).request;
  const requester = (page: Page | undefined) => (page ? page.request : anonymous);
  const post = (page: Page | undefined, path: string, form: Record<string, string>, headers: Record<string, string> = { Origin: origin }) =>
    requester(page).post(path, { form, headers, maxRedirects: 0 });
  const inviteForm = { intent: "invite", email: uniqueEmail("matrix") };
  const resend = { intent: "resend-invitation", invitationId };
  const cancel = { intent: "cancel-invitation", invitationId };
  const remove = { intent: "remove-member" };

  // [who, page, path, form, expected status]: nothing below may change the school or its invitations.
  const refused: [string, Page | undefined, string, Record<string, string>, number][] = [
    ["anonymous, invite", undefined, schoolPath, inviteForm, 302],
    ["anonymous, cancel", undefined, schoolPath, cancel, 302],
    ["anonymous, remove", undefined, removePath, remove, 302],
    ["a member of staff, invite", member, schoolPath, inviteForm, 404],
    ["a member of staff, resend", member, schoolPath, resend, 404],
    ["a member of staff, cancel", member, schoolPath, cancel, 404],
    ["a member of staff, remove", member, removePath, remove, 404],
    ["another school's leader, invite", otherLeader, schoolPath, inviteForm, 404],
    ["another school's leader, resend", otherLeader, schoolPath, resend, 404],
    ["another school's leader, cancel", otherLeader, schoolPath, cancel, 404],
    ["another school's leader, remove", otherLeader, removePath, remove, 404],
    ["a learner outside the school, invite", outsider, schoolPath, inviteForm, 404],
    ["a learner outside the school, remove", outsider, removePath, remove, 404],
    ["an admin (admins use the admin page), invite", admin, schoolPath, inviteForm, 404],
    ["an admin, remove", admin, removePath, remove, 404],
    ["the leader, making someone a leader", leader, schoolPath, { ...inviteForm, role: "leader" }, 403],
    ["the leader, adding directly (no longer possible)", leader, schoolPath, { intent: "add-member", email: outsiderAccount.email }, 400],
    ["the leader, removing someone not in the school", leader, `${schoolPath}/members/not-a-member/remove`, remove, 404],
    ["a member accepting the outsider's invitation", member, firstLink, { intent: "accept" }, 403],
    ["another school's leader accepting it", otherLeader, firstLink, { intent: "accept" }, 403],
    ["another school's leader declining it", otherLeader, firstLink, { intent: "decline" }, 403],
  ];
  for (const [who, page, path, form, status] of refused) {
    const response = await post(page, path, form);
    expect(response.status(), who).toBe(status);
    // Nobody but the leader learns who is in the school (the member sees their own address only).
    if (page !== leader && page !== member) expect(await response.text(), who).not.toContain(memberAccount.email);
  }
  for (const [who, page, status] of [
    ["anonymous", undefined, 302],
    ["a member of staff", member, 404],
    ["another school's leader", otherLeader, 404],
    ["an admin", admin, 404],
  ] as const) {
    const response = await requester(page).get(removePath, { maxRedirects: 0 });
    expect(response.status(), `confirmation page: ${who}`).toBe(status);
    expect(await response.text(), who).not.toContain(memberAccount.email);
  }
  expect((await post(leader, schoolPath, inviteForm, { Origin: "https://evil.example" })).status(), "a foreign origin").toBe(403);
  expect((await post(leader, removePath, remove, { Origin: "https://evil.example" })).status(), "a foreign origin").toBe(403);

  await leader!.reload();
  const waiting = leader!.getByRole("region", { name: "Waiting for consent" });
  await expect(waiting.getByText(memberAccount.name, { exact: true })).toBeVisible();
  await expect(leader!.getByText(outsiderAccount.name)).toHaveCount(0);
  await expect(leader!.getByText(inviteForm.email)).toHaveCount(0);
  // Leaders are managed by admins: there is no link to remove one.
  await expect(leader!.getByRole("link", { name: `Remove ${leaderAccount.name} from the organisation` })).toHaveCount(0);
  await expectAccessible(leader!);

  // The leader resends (the first link stops working), then cancels (the new one stops too).
  await leader!.getByRole("button", { name: `Resend the invitation to ${outsiderAccount.email}` }).click();
  await expect(leader!.getByRole("status")).toContainText(`Invitation sent again to ${outsiderAccount.email}`);
  let secondLink = firstLink; // the new email is sent after the response: wait for it
  await expect.poll(async () => (secondLink = await invitationPath(outsiderAccount.email))).not.toBe(firstLink);
  await outsider!.goto(firstLink);
  await expect(outsider!.getByRole("heading", { level: 1, name: "This invitation link does not work" })).toBeVisible();
  await expectAccessible(outsider!);
  await leader!.getByRole("button", { name: `Cancel the invitation to ${outsiderAccount.email}` }).click();
  await expect(leader!.getByRole("status")).toContainText(`Invitation to ${outsiderAccount.email} cancelled`);
  await outsider!.goto(secondLink);
  await expect(outsider!.getByRole("heading", { level: 1, name: "This invitation link does not work" })).toBeVisible();

  // The leader may remove a member of staff (after confirming).
  const removed = await post(leader, removePath, remove);
  expect(removed.status()).toBe(302);
  expect(removed.headers()["location"]).toBe(`${schoolPath}?removed=1`);
  await leader!.reload();
  await expect(leader!.getByText(memberAccount.name)).toHaveCount(0);
});

test("a teacher asks to join the school they named at sign-up; its leader approves one request and declines another", async ({
  browser,
}) => {
  test.slow(); // four people in four browsers
  const school = `Brookfield High ${suffix()}`;
  const admin = await newPageAs(browser);
  await signInAs(admin, DEMO.admin);
  await admin.goto("/admin/organisations");
  await admin.getByLabel("Name", { exact: true }).fill(school);
  await admin.getByLabel("Type of organisation").selectOption({ label: "Secondary school" });
  await admin.getByRole("button", { name: "Add organisation" }).click();
  await expect(admin.getByRole("status")).toContainText(`${school} created`);
  const leader = await newPageAs(browser);
  const leaderAccount = await createAccount(leader, { name: `Lena Leader ${suffix()}` });
  await addPerson(admin, school, leaderAccount.email, "Leader");

  // Two teachers typed the school's name at sign-up (in their own case and spacing).
  const teacher = await newPageAs(browser);
  const teacherAccount = await createAccount(teacher, {
    name: `Tom Asker ${suffix()}`,
    organisation: { name: `  ${school.toLowerCase()} `, type: "secondary-school" },
  });
  const other = await newPageAs(browser);
  const otherAccount = await createAccount(other, {
    name: `Una Declined ${suffix()}`,
    organisation: { name: school, type: "secondary-school" },
  });

  for (const page of [teacher, other]) {
    await page.goto("/organisations");
    const offer = page.getByRole("region", { name: `${school} is on Pathways` });
    await expect(offer).toContainText("its leaders see your name and email address");
    await expectAccessible(page);
    await offer.getByRole("button", { name: `Ask to join ${school}` }).click();
    await expect(page.getByRole("status")).toContainText(`You have asked to join ${school}.`);
    await expect(page.getByRole("region", { name: `${school} is on Pathways` })).toContainText(
      "You join when one of its leaders approves.",
    );
  }
  // Asking is not joining: the school shows nothing of either teacher's record yet.
  await expect(teacher.getByRole("heading", { level: 2, name: school, exact: true })).toHaveCount(0);

  // The leader sees both requests on the staff page, approves one and declines the other.
  await leader.goto("/learning");
  await leader.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Your school" }).click();
  const requests = leader.getByRole("region", { name: "Requests to join" });
  await expect(requests.getByRole("listitem").filter({ hasText: teacherAccount.name })).toContainText(teacherAccount.email);
  await expect(requests.getByRole("listitem").filter({ hasText: otherAccount.name })).toBeVisible();
  await expectAccessible(leader);
  await requests.getByRole("button", { name: `Approve ${teacherAccount.name}` }).click();
  await expect(leader.getByRole("status")).toContainText(`${teacherAccount.name} is now a member of staff.`);
  await leader
    .getByRole("region", { name: "Requests to join" })
    .getByRole("button", { name: `Decline ${otherAccount.name}` })
    .click();
  await expect(leader.getByRole("status")).toContainText(`You declined ${otherAccount.name}'s request to join.`);
  await expect(leader.getByRole("region", { name: "Requests to join" })).toHaveCount(0);
  // The approved teacher is staff who has not shared their record.
  await expect(
    leader.getByRole("region", { name: "Waiting for consent" }).getByRole("listitem").filter({ hasText: teacherAccount.name }),
  ).toContainText("has not shared their record");
  await expectAccessible(leader);

  // The approved teacher now has the school, sharing nothing until they choose; the other is told.
  await teacher.reload();
  await expect(teacher.getByRole("heading", { level: 2, name: school, exact: true })).toBeVisible();
  await expect(teacher.getByText("Its leaders cannot see your CPD record.")).toBeVisible();
  await expect(teacher.getByRole("region", { name: `${school} is on Pathways` })).toHaveCount(0);
  await other.reload();
  await expect(other.getByRole("region", { name: `${school} is on Pathways` })).toContainText(
    `${school} declined your request. Ask one of its leaders to invite you instead.`,
  );
  await expect(other.getByRole("button", { name: `Ask to join ${school}` })).toHaveCount(0);
  await expectAccessible(other);
});

test("the demo leader lands on the demo school, where the demo learner has not shared yet", async ({ page }) => {
  await signIn(page, DEMO.leader);
  await expect(page.getByRole("heading", { level: 1, name: "Staff CPD records: Pathways Demo Academy" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Your school" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  const waiting = page.getByRole("region", { name: "Waiting for consent" });
  await expect(waiting.getByRole("listitem").filter({ hasText: "Lena Learner" })).toContainText("has not shared their record");
  await expect(page.getByLabel("Invite a member of staff by email to Pathways Demo Academy")).toBeVisible();
  await expectAccessible(page);
});

test("a leader invites someone without an account, who creates one from the link and joins", async ({ page, browser }) => {
  await signInAs(page, DEMO.leader);
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Your school" }).click();
  const email = uniqueEmail("newcomer");
  await invite(page, "Pathways Demo Academy", email);
  await expectAccessible(page);

  // Someone signed in as another address is told whose invitation it is, and cannot take it.
  const other = await newPageAs(browser);
  await createAccount(other, { name: `Ola Otheraddress ${suffix()}` });
  const link = await invitationPath(email);
  await other.goto(link);
  await expect(other.getByText("This invitation is for someone else")).toBeVisible();
  await expect(other.getByRole("button", { name: /Accept/ })).toHaveCount(0);
  await expectAccessible(other);

  // The newcomer opens the link: the address is fixed; a bad password keeps what was typed.
  const newcomer = await newPageAs(browser);
  await newcomer.goto(link);
  await expect(newcomer.getByRole("heading", { level: 1, name: "Join Pathways Demo Academy on Pathways" })).toBeVisible();
  await expect(newcomer.getByText(`Your account will use ${email}`)).toBeVisible();
  await expectAccessible(newcomer);
  const name = `Nia Newcomer ${suffix()}`;
  await newcomer.getByLabel("Full name").fill(name);
  await newcomer.getByLabel("Password", { exact: true }).fill("password");
  await newcomer.getByLabel("Your role").selectOption({ label: "Class or subject teacher" });
  await newcomer.getByRole("button", { name: "Create account and join" }).click();
  await expect(newcomer.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("too common");
  await expect(newcomer.getByLabel("Full name")).toHaveValue(name);
  await expectAccessible(newcomer);
  await newcomer.getByLabel("Password", { exact: true }).fill("lighthouse tangerine 42");
  await newcomer.getByRole("button", { name: "Create account and join" }).click();
  await expect(newcomer.getByRole("status")).toContainText("You have joined");
  await expect(newcomer.getByRole("heading", { level: 2, name: "Pathways Demo Academy" })).toBeVisible();
  await expect(newcomer.getByText("Its leaders cannot see your CPD record.")).toBeVisible();
  await expect(newcomer.getByRole("button", { name: /Sign out/ })).toBeVisible();

  // The link was used up; the leader sees the newcomer waiting for consent, not the invitation.
  await newcomer.goto(link);
  await expect(newcomer.getByRole("heading", { level: 1, name: "This invitation link does not work" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("region", { name: "Waiting for consent" }).getByText(name, { exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Invite members of staff" }).getByText(email)).toHaveCount(0);
});

test("anyone can check several certificates at once", async ({ page, browser, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const teacher = await newPageAs(browser);
  await createAccount(teacher, { name: `Bulk Teacher ${suffix()}` });
  const id = await earnCertificate(teacher, origin);

  await page.goto(`/verify/${id}`);
  await page.getByRole("link", { name: "Check several certificates at once" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check Pathways certificates" })).toBeVisible();
  await expectAccessible(page);
  await page
    .getByLabel("Certificate addresses or references")
    .fill(`${origin}/verify/${id}\nAAAAAAAAAAAAAAAAAAAAAAAA\n${id}\nnot-a-reference`);
  await page.getByRole("button", { name: "Check certificates" }).click();
  await expect(page.getByRole("heading", { name: "Results: 1 of 2 valid" })).toBeVisible();
  const rows = page.getByRole("row");
  await expect(rows.filter({ hasText: id })).toContainText("Valid");
  await expect(rows.filter({ hasText: "AAAAAAAAAAAAAAAAAAAAAAAA" })).toContainText("Not found");
  await expect(page.getByText("Not recognised as certificate addresses:")).toContainText("not-a-reference");
  await expectAccessible(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a leader invites a member of staff, who accepts, and removes them after confirming", async ({ page, browser }) => {
    const teacher = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    const teacherAccount = await createAccount(teacher, { name: `Nora Noscript ${suffix()}` });
    await signInAs(page, DEMO.leader);
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Your school" }).click();
    await invite(page, "Pathways Demo Academy", teacherAccount.email);
    await teacher.goto(await invitationPath(teacherAccount.email));
    await teacher.getByRole("button", { name: "Accept and join Pathways Demo Academy" }).click();
    await expect(teacher.getByRole("status")).toContainText("You have joined");
    await page.reload();
    const waiting = page.getByRole("region", { name: "Waiting for consent" });
    await expect(waiting.getByText(teacherAccount.name, { exact: true })).toBeVisible();
    await page.getByRole("link", { name: `Remove ${teacherAccount.name} from the organisation` }).click();
    await expect(page.getByText("Their sharing ends")).toBeVisible();
    await page.getByRole("button", { name: `Yes, remove ${teacherAccount.name}` }).click();
    await expect(page.getByRole("status")).toContainText("Removed from the organisation: their sharing has ended");
    await expect(page.getByText(teacherAccount.name)).toHaveCount(0);
  });

  test("a newcomer creates their account from an invitation", async ({ page, browser }) => {
    await signInAs(page, DEMO.leader);
    await page.goto("/organisations");
    await page.getByRole("link", { name: "Staff CPD records for Pathways Demo Academy" }).click();
    const email = uniqueEmail("noscript");
    await invite(page, "Pathways Demo Academy", email);
    const newcomer = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await newcomer.goto(await invitationPath(email));
    await newcomer.getByLabel("Full name").fill("Nico Noscript");
    await newcomer.getByLabel("Password", { exact: true }).fill("lighthouse tangerine 42");
    await newcomer.getByLabel("Your role").selectOption({ label: "Teaching assistant" });
    await newcomer.getByRole("button", { name: "Create account and join" }).click();
    await expect(newcomer.getByRole("status")).toContainText("You have joined");
  });
});
