/**
 * Time zone abbreviations (what Go prints for "MST"). Go reads them from the tz database; JavaScript has
 * no such list, so they come from ICU's English short names (each locale knows the abbreviations of its
 * own region), then from a few tz database abbreviations ICU does not use, then tz-style numeric names
 * ("+03", "+0530") as the tz database itself writes zones without letters.
 */

/** Locales whose short zone names are tz-style abbreviations for their regions. */
const LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'en-ZA', 'en-NZ', 'en-IE', 'en-CA'] as const;

/** CLDR names the tz database replaced by numeric ones (Lord Howe, Chatham, Eucla). */
const NOT_TZDATA = new Set(['LHST', 'LHDT', 'CHAST', 'CHADT', 'ACWST', 'ACWDT']);

/** tz database abbreviations by zone and UTC offset (seconds) that ICU has no English short name for. */
const TZDATA: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  'Asia/Tokyo': { 32400: 'JST' },
  'Asia/Seoul': { 32400: 'KST' },
  'Asia/Shanghai': { 28800: 'CST' },
  'Asia/Chongqing': { 28800: 'CST' },
  'Asia/Harbin': { 28800: 'CST' },
  PRC: { 28800: 'CST' },
  'Asia/Taipei': { 28800: 'CST' },
  'Asia/Macau': { 28800: 'CST' },
  'Asia/Hong_Kong': { 28800: 'HKT', 32400: 'HKST' },
  'Asia/Manila': { 28800: 'PST' },
  'Asia/Jakarta': { 25200: 'WIB' },
  'Asia/Pontianak': { 25200: 'WIB' },
  'Asia/Makassar': { 28800: 'WITA' },
  'Asia/Jayapura': { 32400: 'WIT' },
  'Asia/Karachi': { 18000: 'PKT' },
  'Asia/Jerusalem': { 7200: 'IST', 10800: 'IDT' },
  'Asia/Tel_Aviv': { 7200: 'IST', 10800: 'IDT' },
  Israel: { 7200: 'IST', 10800: 'IDT' },
  'Europe/Moscow': { 10800: 'MSK' },
  'Europe/Simferopol': { 10800: 'MSK' },
  'Africa/Lagos': { 3600: 'WAT' },
  'Africa/Nairobi': { 10800: 'EAT' },
  'Africa/Maputo': { 7200: 'CAT' },
  'America/Havana': { [-18000]: 'CST', [-14400]: 'CDT' },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, zone: string): Intl.DateTimeFormat {
  const key = `${locale} ${zone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
    formatters.set(key, f);
  }
  return f;
}

const GMT_OFFSET = /^(GMT|UTC)[+-−]/;

/** Numeric name as the tz database writes zones without an abbreviation: "+03", "-0330", "+0545". */
export function numericZoneName(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const hh = String(h).padStart(2, '0');
  return m === 0 ? `${sign}${hh}` : `${sign}${hh}${String(m).padStart(2, '0')}`;
}

/** The abbreviation of IANA zone `zone` at `ms` (epoch milliseconds), whose UTC offset is `offset`. */
export function zoneAbbreviation(zone: string, ms: number, offset: number): string {
  const known = TZDATA[zone]?.[offset];
  if (known) return known;
  // Offsets in odd seconds are local mean time, before the zone adopted standard time.
  if (offset % 60 !== 0) return 'LMT';
  const date = new Date(ms);
  for (const locale of LOCALES) {
    const part = formatter(locale, zone)
      .formatToParts(date)
      .find((p) => p.type === 'timeZoneName');
    const name = part?.value;
    if (name && !GMT_OFFSET.test(name) && /^[A-Za-z]{2,6}$/.test(name) && !NOT_TZDATA.has(name)) return name;
  }
  return numericZoneName(offset);
}
