/** The named character groups RE2 knows: Perl escapes, POSIX classes and Unicode properties. */
import type { Ranges } from './ranges.js';

export interface CharGroup {
  negated: boolean;
  ranges: Ranges;
}

const DIGIT: Ranges = [0x30, 0x39];
const SPACE_PERL: Ranges = [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20]; // \t \n \f \r space (no \v)
const WORD: Ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];

/** `\d \s \w` and their upper-case negations. */
export const PERL_GROUPS: Readonly<Record<string, CharGroup>> = {
  d: { negated: false, ranges: DIGIT },
  D: { negated: true, ranges: DIGIT },
  s: { negated: false, ranges: SPACE_PERL },
  S: { negated: true, ranges: SPACE_PERL },
  w: { negated: false, ranges: WORD },
  W: { negated: true, ranges: WORD },
};

/** `[:name:]` classes (ASCII only, as in RE2). */
export const POSIX_GROUPS: Readonly<Record<string, Ranges>> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0x00, 0x7f],
  blank: [0x09, 0x09, 0x20, 0x20],
  cntrl: [0x00, 0x1f, 0x7f, 0x7f],
  digit: [0x30, 0x39],
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [0x09, 0x0d, 0x20, 0x20],
  upper: [0x41, 0x5a],
  word: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};

/** General categories RE2 accepts in `\p{..}`. Its `C` excludes unassigned code points (no Cn). */
const CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' '),
);

/** Unicode script long names (Unicode's PropertyValueAliases), the only script spelling RE2 accepts. */
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

let scripts: Set<string> | undefined;

function knownScripts(): Set<string> {
  if (!scripts) {
    scripts = new Set();
    for (const name of SCRIPT_NAMES) {
      try {
        new RegExp(`\\p{Script=${name}}`, 'u');
        scripts.add(name);
      } catch {
        // A script newer than this engine's Unicode tables: treat it as unknown.
      }
    }
  }
  return scripts;
}

/**
 * The JavaScript class items (inside `[...]` with the `v` flag) for a Unicode group name,
 * or undefined when RE2 does not know the name.
 */
export function unicodeGroupItems(name: string): string | undefined {
  if (name === 'Any') return '\\u{0}-\\u{10ffff}';
  if (name === 'C') return '\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}';
  if (CATEGORIES.has(name)) return `\\p{${name}}`;
  if (knownScripts().has(name)) return `\\p{Script=${name}}`;
  return undefined;
}
