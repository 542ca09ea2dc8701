import { formatDate } from "~/utils/dates.ts";
/**
 * Which copy of a learner's code to show when an exercise opens. Pure. A draft lives in two places:
 * this device (localStorage, written as the learner types) and their account (ExerciseDraft,
 * written through the progress queue). The newer one wins and the learner is told which it was.
 * The two times come from different clocks (the device's and the server's); a few seconds of skew
 * do not matter for drafts minutes or days apart.
 */
export type DraftCopy = { code: string; at: number };
export type DraftChoice = { code: string; from: "starter" | "account" | "device"; notice: string | null };

export function chooseDraft({
  starter,
  account,
  device,
  what = "code",
}: {
  starter: string;
  account: DraftCopy | null;
  device: DraftCopy | null;
  /** What the draft is, for the notice: "code", or for a Parsons problem "arrangement". */
  what?: string;
}): DraftChoice {
  if (account && device && account.code !== device.code) {
    return device.at > account.at
      ? {
          code: device.code,
          from: "device",
          notice: `We restored the ${what} you made on this device (${formatDate(device.at, "shortDateTime")}). It is newer than the copy saved to your account, and will be saved there now.`,
        }
      : {
          code: account.code,
          from: "account",
          notice: `We loaded the copy of your ${what} saved to your account (${formatDate(account.at, "shortDateTime")}). It is newer than the copy on this device.`,
        };
  }
  const copy = account ?? device;
  if (!copy || copy.code === starter) return { code: starter, from: "starter", notice: null };
  return account
    ? { code: account.code, from: "account", notice: `We loaded the ${what} you saved (${formatDate(account.at, "shortDateTime")}).` }
    : {
        code: copy.code,
        from: "device",
        notice: `We restored the ${what} you made on this device (${formatDate(copy.at, "shortDateTime")}). It will be saved to your account now.`,
      };
}
