/**
 * Booking a place on a live event, without I/O (docs/decisions/0056): the statuses, the booking
 * form, how many places are left and what that is called, and whether booking is open.
 */
import { z } from "zod";
import type { EventFormat } from "./event-format.ts";

export const BookingStatus = { confirmed: "confirmed", waiting: "waiting", cancelled: "cancelled" } as const;
export type BookingStatus = (typeof BookingStatus)[keyof typeof BookingStatus];

/** Access needs and dietary requirements are kept until this many days after the event ends. */
export const PERSONAL_DATA_RETENTION_DAYS = 30;

/** Only events people attend in person ask about access and food. */
export const asksForPersonalNeeds = (format: EventFormat | string) => format === "in-person" || format === "hybrid";

/** Conform's parse has already turned an empty field into undefined. */
const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, { error: `Keep ${what} to ${max} characters or fewer.` })
    .optional();

export const BookingFormSchema = z.object({
  accessNeeds: optionalText(1000, "access needs"),
  dietary: optionalText(300, "dietary requirements"),
});
export type BookingForm = z.infer<typeof BookingFormSchema>;

export type BookingWindow = { bookingOpensAt: Date | null; bookingClosesAt: Date; startsAt: Date; cancelledAt: Date | null };

export type BookingState = { open: true } | { open: false; reason: "cancelled" | "not-yet-open" | "closed" | "started"; message: string };

/** Whether a place (or the waiting list) can be booked at `now`, and if not, what to say. */
export function bookingState(event: BookingWindow, now: Date): BookingState {
  if (event.cancelledAt) return { open: false, reason: "cancelled", message: "This event has been cancelled." };
  if (event.startsAt <= now) return { open: false, reason: "started", message: "This event has started, so booking has closed." };
  if (event.bookingOpensAt && event.bookingOpensAt > now)
    return { open: false, reason: "not-yet-open", message: "Booking has not opened yet." };
  if (event.bookingClosesAt <= now) return { open: false, reason: "closed", message: "Booking has closed for this event." };
  return { open: true };
}

/** "3 places left", "1 place left", "Full – join the waiting list". */
export function placesLeftText(capacity: number, confirmed: number): string {
  const left = Math.max(0, capacity - confirmed);
  if (left === 0) return "Full – join the waiting list";
  return `${left} ${left === 1 ? "place" : "places"} left`;
}

/** The calendar SEQUENCE of a booked session: both numbers only rise, so their sum only rises. */
export const bookingSequence = (sessionSequence: number, bookingCalendarSequence: number) => sessionSequence + bookingCalendarSequence;

/** An online joining link (Teams, Zoom, Meet…): a web address, nothing else. */
export const JoiningLinkSchema = z.object({
  intent: z.literal("joining-link"),
  joiningUrl: z
    .url({ protocol: /^https$/, error: "Enter the joining link as a full web address starting https://" })
    .max(2000, { error: "That link is too long. Use the meeting's short joining link." })
    .optional(),
});

export const CancelEventSchema = z.object({
  intent: z.literal("cancel-event"),
  reason: z
    .string({ error: "Say why the event is cancelled: attendees are sent this." })
    .trim()
    .min(10, { error: "Say why the event is cancelled in a sentence: attendees are sent this." })
    .max(1000, { error: "Keep the reason to 1000 characters or fewer." }),
});
