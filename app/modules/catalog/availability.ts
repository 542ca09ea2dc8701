/**
 * When a module is open for enrolment. Pure (no I/O), shared by the catalogue, the module page,
 * enrolment and the lesson player.
 *
 * Publishing stores `availability.from` as the start of that day (00:00:00 UTC) and
 * `availability.until` as its end (23:59:59 UTC), so both dates in module.yaml are inclusive.
 * The window only decides who may enrol: people already enrolled keep access after it closes.
 */
import { formatCalendarDate as formatDate } from "~/utils/dates.ts";

export type AvailabilityWindow = { availableFrom: Date | null; availableUntil: Date | null };

export const AVAILABILITY_STATUSES = ["open", "not-yet-available", "no-longer-available"] as const;
export type AvailabilityStatus = (typeof AVAILABILITY_STATUSES)[number];

export function availabilityStatus(version: AvailabilityWindow, now: Date): AvailabilityStatus {
  if (version.availableFrom && now.getTime() < version.availableFrom.getTime()) return "not-yet-available";
  if (version.availableUntil && now.getTime() > version.availableUntil.getTime()) return "no-longer-available";
  return "open";
}

/** True when `now` falls inside the module's availability window (both ends inclusive). */
export function isAvailable(version: AvailabilityWindow, now: Date): boolean {
  return availabilityStatus(version, now) === "open";
}

/**
 * The window in words for the module page, e.g. "Available until 31 July 2027"; null when there is
 * nothing worth saying. "Available from" is said only while that date is still ahead: once a module
 * is open, its start date is history and reads as if it were not open yet.
 */
export function describeAvailability(version: AvailabilityWindow, now: Date): string | null {
  const { availableFrom: from, availableUntil: until } = version;
  const status = availabilityStatus(version, now);
  if (status === "not-yet-available" && from) {
    return until ? `Available from ${formatDate(from)} until ${formatDate(until)}` : `Available from ${formatDate(from)}`;
  }
  if (status === "no-longer-available" && until) return `Closed to new enrolments (open until ${formatDate(until)})`;
  if (until) return `Available until ${formatDate(until)}`;
  return null;
}

/** Why enrolment is closed, in a sentence for the learner; null when it is open. */
export function enrolmentClosedMessage(version: AvailabilityWindow, now: Date): string | null {
  const status = availabilityStatus(version, now);
  if (status === "not-yet-available" && version.availableFrom) {
    return `This module opens for enrolment on ${formatDate(version.availableFrom)}.`;
  }
  if (status === "no-longer-available" && version.availableUntil) {
    return `This module closed for enrolment on ${formatDate(version.availableUntil)}. People who enrolled before then can still finish it.`;
  }
  return null;
}
