/**
 * The Unicode class names `\p{..}` accepts, looked up as Go 1.25 and later do: Unicode TR18 loose
 * matching (case-insensitive, ignoring spaces, underscores and hyphens), general categories with
 * their long aliases (`Letter`, `Uppercase_Letter`), scripts, and `Any`, `ASCII`, `Assigned`.
 * The code point sets themselves come from the JavaScript engine's Unicode tables.
 */

/** Go's canonicalName: no `_`, `-` or space; the first ASCII letter upper case, the others lower case. */
export function canonicalName(name: string): string {
  const bare = name.replace(/[-_ ]/g, '');
  const head = bare.slice(0, 1).replace(/[a-z]/, (c) => c.toUpperCase());
  return head + bare.slice(1).replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** General category short names. RE2's `C` has no unassigned code points (no Cn), unlike `\p{C}` in JS. */
const CATEGORY_ITEMS: Readonly<Record<string, string>> = Object.fromEntries([
  ...'Cc Cf Cn Co Cs L LC Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'
    .split(' ')
    .map((c) => [c, `\\p{${c}}`]),
  ['C', '\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}'],
]);

/** Long names and other aliases of general categories (Unicode's PropertyValueAliases). */
const CATEGORY_ALIASES: Readonly<Record<string, string>> = {
  Other: 'C',
  Control: 'Cc',
  cntrl: 'Cc',
  Format: 'Cf',
  Unassigned: 'Cn',
  Private_Use: 'Co',
  Surrogate: 'Cs',
  Letter: 'L',
  Cased_Letter: 'LC',
  Lowercase_Letter: 'Ll',
  Modifier_Letter: 'Lm',
  Other_Letter: 'Lo',
  Titlecase_Letter: 'Lt',
  Uppercase_Letter: 'Lu',
  Mark: 'M',
  Combining_Mark: 'M',
  Spacing_Mark: 'Mc',
  Enclosing_Mark: 'Me',
  Nonspacing_Mark: 'Mn',
  Number: 'N',
  Decimal_Number: 'Nd',
  digit: 'Nd',
  Letter_Number: 'Nl',
  Other_Number: 'No',
  Punctuation: 'P',
  punct: 'P',
  Connector_Punctuation: 'Pc',
  Dash_Punctuation: 'Pd',
  Close_Punctuation: 'Pe',
  Final_Punctuation: 'Pf',
  Initial_Punctuation: 'Pi',
  Other_Punctuation: 'Po',
  Open_Punctuation: 'Ps',
  Symbol: 'S',
  Currency_Symbol: 'Sc',
  Modifier_Symbol: 'Sk',
  Math_Symbol: 'Sm',
  Other_Symbol: 'So',
  Separator: 'Z',
  Line_Separator: 'Zl',
  Paragraph_Separator: 'Zp',
  Space_Separator: 'Zs',
};

/** Unicode script long names (Unicode's PropertyValueAliases), as Go's unicode.Scripts names them (Unicode 15.0). */
const SCRIPT_NAMES = `Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali
Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham Cherokee
Chorasmian Common Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan
Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi Gurmukhi
Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic Inherited Inscriptional_Pahlavi
Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki
Khudawadi Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean
Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian
Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki
Old_Hungarian Old_Italic Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur
Oriya Osage Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan
Saurashtra Sharada Shavian Siddham SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese Syloti_Nagri Syriac
Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Toto
Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square`.split(/\s+/);

let names: Map<string, string> | undefined;

/** Canonical name → JS class items, built once. */
function knownNames(): Map<string, string> {
  if (names) return names;
  names = new Map([
    ['Any', '\\u{0}-\\u{10ffff}'],
    ['Ascii', '\\u{0}-\\u{7f}'],
    ['Assigned', '\\P{Cn}'],
  ]);
  // Go looks in categories, then scripts, then category aliases; the first hit wins.
  for (const [cat, items] of Object.entries(CATEGORY_ITEMS)) names.set(canonicalName(cat), items);
  for (const script of SCRIPT_NAMES) {
    try {
      new RegExp(`\\p{Script=${script}}`, 'v');
    } catch {
      continue; // a script newer than this engine's Unicode tables: unknown
    }
    if (!names.has(canonicalName(script))) names.set(canonicalName(script), `\\p{Script=${script}}`);
  }
  for (const [alias, cat] of Object.entries(CATEGORY_ALIASES)) {
    const key = canonicalName(alias);
    if (!names.has(key)) names.set(key, CATEGORY_ITEMS[cat] as string);
  }
  return names;
}

/**
 * The JavaScript class items (inside `[...]` with the `v` flag) for a Unicode class name,
 * or undefined when RE2 does not know the name.
 */
export function unicodeGroupItems(name: string): string | undefined {
  return knownNames().get(canonicalName(name));
}
