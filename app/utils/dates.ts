/**
 * The one date formatter (house style): every date shown to a person (pages, emails, PDFs, CSVs meant
 * for reading) is formatted here, in UK English and the Europe/London time zone, so a server in UTC
 * and a browser anywhere print the same day. Pure; no `.server`, so components import it too.
 *
 * Calendar dates without a time of day (module availability, written as dates in module.yaml and
 * stored as that UTC day, 00:00:00 to 23:59:59) use `formatCalendarDate`: 23:59:59 UTC in summer is
 * already the next day in London, so those must not be shifted.
 */
export const TIME_ZONE = "Europe/London";

const FORMATS = {
  /** "1 September 2026" */
  long: new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: TIME_ZONE }),
  /** "1 Sept 2026" (tables) */
  short: new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: TIME_ZONE }),
  /** "1 September 2026 at 14:05" */
  dateTime: new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: TIME_ZONE,
  }),
  /** "14:05" */
  time: new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: TIME_ZONE }),
  /** "1 Sept 2026, 14:05" (tables) */
  shortDateTime: new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: TIME_ZONE,
  }),
} as const;

export type DateStyle = keyof typeof FORMATS;
export type DateInput = Date | string | number;

/** A date for people: `formatDate(d)` -> "1 September 2026"; `formatDate(d, "dateTime")` -> "1 September 2026 at 14:05". */
export function formatDate(input: DateInput, style: DateStyle = "long"): string {
  const date = input instanceof Date ? input : new Date(input);
  if (Number.isNaN(date.getTime())) return "";
  return FORMATS[style].format(date);
}

const CALENDAR = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** A calendar date stored as its UTC day (module availability): "31 July 2027", never shifted a day by summer time. */
export function formatCalendarDate(input: DateInput): string {
  const date = input instanceof Date ? input : new Date(input);
  if (Number.isNaN(date.getTime())) return "";
  return CALENDAR.format(date);
}

const ISO_DAY = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: TIME_ZONE });

/** The calendar date in London as YYYY-MM-DD (for `<time dateTime>` and sorting by day). */
export function londonIsoDate(input: DateInput): string {
  const date = input instanceof Date ? input : new Date(input);
  return ISO_DAY.format(date);
}

const WEEKDAY_DATE = new Intl.DateTimeFormat("en-GB", {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: TIME_ZONE,
});
const TIME = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: TIME_ZONE });
const MONTH = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: TIME_ZONE });

/** A session of a live event: "Tuesday 19 January 2027, 09:30 to 11:30" (London time; same day). */
export function formatSessionTime(startsAt: DateInput, endsAt: DateInput): string {
  const [start, end] = [new Date(startsAt), new Date(endsAt)];
  return `${WEEKDAY_DATE.format(start)}, ${TIME.format(start)} to ${TIME.format(end)}`;
}

/** The month in London as "YYYY-MM" (a filter value) and its name, "January 2027". */
export function londonMonth(input: DateInput): { value: string; label: string } {
  const date = new Date(input);
  return { value: londonIsoDate(date).slice(0, 7), label: MONTH.format(date) };
}
