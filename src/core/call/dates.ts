// REST Client's date system variables (https://github.com/Huachao/vscode-restclient#system-variables):
// `{{$timestamp [OFFSET UNIT]}}`, `{{$datetime rfc1123|iso8601|"FORMAT" [OFFSET UNIT]}}` in UTC and
// `{{$localDatetime …}}` in this machine's time zone. An offset is a signed integer and one of y, Q, M, w, d, h, m, s,
// ms (Day.js's units, as REST Client passes them to its add()); a custom format takes Day.js's tokens (YYYY, MMMM,
// MMM, MM, DD, dddd, ddd, HH, hh, mm, ss, SSS, A, Z…, text in [brackets] as it is), in English as Day.js's default.

const UNITS: Record<string, number> = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** `now` moved by `count` of `unit`; months and years keep the day where the month has it, else its last day. */
function shifted(now: number, count: number, unit: string, local: boolean): number {
  if (unit === 'Q') return shifted(now, 3 * count, 'M', local);
  if (unit !== 'y' && unit !== 'M') return now + count * (UNITS[unit] ?? 0);
  const d = new Date(now);
  const get = local
    ? { y: d.getFullYear(), m: d.getMonth(), day: d.getDate() }
    : { y: d.getUTCFullYear(), m: d.getUTCMonth(), day: d.getUTCDate() };
  const months = get.y * 12 + get.m + (unit === 'y' ? 12 * count : count);
  const year = Math.floor(months / 12);
  const month = months - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  if (local) d.setFullYear(year, month, Math.min(get.day, last));
  else d.setUTCFullYear(year, month, Math.min(get.day, last));
  return d.getTime();
}

/** The time the offset in `rest` (`-1 d`) names; undefined when `rest` is not an offset. */
function withOffset(now: number, rest: string, local: boolean): number | undefined {
  if (!rest) return now;
  const m = /^([+-]?\d+)\s+(ms|[yQMwdhms])$/.exec(rest);
  return m ? shifted(now, Number(m[1]), m[2]!, local) : undefined;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function zone(minutesEast: number, colon: boolean): string {
  const sign = minutesEast < 0 ? '-' : '+';
  const abs = Math.abs(minutesEast);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ':' : ''}${pad(abs % 60)}`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// Day.js's own tokens (its format() without plugins), longest first.
const TOKENS = 'YYYY|YY|SSS|MMMM|MMM|MM|M|DD|D|dddd|ddd|dd|d|HH|H|hh|h|mm|m|ss|s|A|a|ZZ|Z';
const FORMAT_TOKENS = new RegExp(TOKENS, 'g');
/** The tokens, and `[text]` kept as it is (Day.js's escape). */
const FORMAT_WITH_ESCAPES = new RegExp(`\\[([^\\]]*)]|${TOKENS}`, 'g');

/** Day.js's format tokens, in UTC or local time. */
function format(time: number, pattern: string, local: boolean): string {
  const d = new Date(time);
  const f = local
    ? {
        Y: d.getFullYear(),
        M: d.getMonth() + 1,
        D: d.getDate(),
        W: d.getDay(),
        H: d.getHours(),
        m: d.getMinutes(),
        s: d.getSeconds(),
      }
    : {
        Y: d.getUTCFullYear(),
        M: d.getUTCMonth() + 1,
        D: d.getUTCDate(),
        W: d.getUTCDay(),
        H: d.getUTCHours(),
        m: d.getUTCMinutes(),
        s: d.getUTCSeconds(),
      };
  const offset = local ? -d.getTimezoneOffset() : 0;
  const h12 = f.H % 12 || 12;
  const tokens: Record<string, string> = {
    YYYY: String(f.Y),
    YY: pad(f.Y % 100),
    MMMM: MONTHS[f.M - 1]!,
    MMM: MONTHS[f.M - 1]!.slice(0, 3),
    MM: pad(f.M),
    M: String(f.M),
    dddd: DAYS[f.W]!,
    ddd: DAYS[f.W]!.slice(0, 3),
    dd: DAYS[f.W]!.slice(0, 2),
    d: String(f.W),
    DD: pad(f.D),
    D: String(f.D),
    HH: pad(f.H),
    H: String(f.H),
    hh: pad(h12),
    h: String(h12),
    mm: pad(f.m),
    m: String(f.m),
    ss: pad(f.s),
    s: String(f.s),
    SSS: pad(d.getUTCMilliseconds(), 3),
    A: f.H < 12 ? 'AM' : 'PM',
    a: f.H < 12 ? 'am' : 'pm',
    ZZ: zone(offset, false),
    Z: zone(offset, true),
  };
  // No `[…]` starts after the last `]`: tried there, each `[` of a run would scan to the end (quadratic).
  const cut = pattern.lastIndexOf(']') + 1;
  const head = pattern.slice(0, cut).replace(FORMAT_WITH_ESCAPES, (t, text?: string) => text ?? tokens[t]!);
  return head + pattern.slice(cut).replace(FORMAT_TOKENS, (t) => tokens[t]!);
}

/** The value of a date variable (`$timestamp`, `$datetime`, `$localDatetime` and what follows); undefined otherwise. */
export function dateVariable(expr: string, now: number): string | undefined {
  // `(?!\s)`: the blanks are all taken before the rest, or a blank run then a line break takes quadratic time.
  const m = /^(\$timestamp|\$datetime|\$localDatetime)(?:\s+(?!\s)(.*))?$/.exec(expr.trim());
  if (!m) return undefined;
  const local = m[1] === '$localDatetime';
  const rest = (m[2] ?? '').trim();
  if (m[1] === '$timestamp') {
    const t = withOffset(now, rest, false);
    return t === undefined ? undefined : String(Math.floor(t / 1000));
  }
  const spec = /^(rfc1123|iso8601|'[^']*'|"[^"]*")\s*(.*)$/.exec(rest || 'iso8601');
  const t = spec ? withOffset(now, spec[2]!, local) : undefined;
  if (!spec || t === undefined) return undefined;
  // REST Client: UTC as Date's toUTCString() and toISOString(); local time as Day.js formats it, with its offset.
  if (spec[1] === 'rfc1123') return local ? format(t, 'ddd, DD MMM YYYY HH:mm:ss ZZ', true) : new Date(t).toUTCString();
  if (spec[1] === 'iso8601') return local ? format(t, 'YYYY-MM-DDTHH:mm:ssZ', true) : new Date(t).toISOString();
  return format(t, spec[1]!.slice(1, -1), local);
}
