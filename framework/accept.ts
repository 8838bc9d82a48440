/**
 * The Accept header, as webob's `acceptparse` reads it for Pyramid: which of the media types a
 * view offers the client takes, most wanted first (`acceptableOffers`), what an offer may be
 * (`normalizeOffer`: one media type, no wildcard, no `q`), and Pyramid's server-side order
 * between offers (`sortAcceptOffers`, used with `addAcceptViewOrder`).
 *
 * The grammar is RFC 7231's, written as webob writes it; a header that does not follow it is
 * treated as webob treats it, as no header at all: every offer is acceptable.
 */

import { TopologicalSorter } from './topsort';
import { ConfigurationError } from './exceptions';

const OWS = '[ \\t]*';
const TOKEN = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+";
const QVALUE = '(?:0(?:\\.[0-9]{0,3})?)|(?:1(?:\\.0{0,3})?)';
const WEIGHT = `${OWS};${OWS}[qQ]=(${QVALUE})`;
const QUOTED_STRING = '"(?:[\\t \\x21\\x23-\\x5b\\x5d-\\x7e\\x80-\\xff]|\\\\[\\t \\x21-\\x7e\\x80-\\xff])*"';
const PARAMETER = `${TOKEN}=(?:${TOKEN}|${QUOTED_STRING})`;
/** type/subtype, then its parameters (a parameter named q starts the weight instead). */
const MEDIA_RANGE = `(${TOKEN}/${TOKEN})((?:${OWS};${OWS}(?![qQ]=)${PARAMETER})*)`;
const ACCEPT_EXT = `${OWS};${OWS}${TOKEN}(?:=(?:${TOKEN}|${QUOTED_STRING}))?`;
const ELEMENT = `${MEDIA_RANGE}(?:${WEIGHT}((?:${ACCEPT_EXT})*))?`;
/** A whole header: a list of zero or more elements, empty elements allowed (RFC 7230's #rule). */
const HEADER_RE = new RegExp(`^(?:$|(?:,|(?:${ELEMENT}))(?:${OWS},(?:${OWS}${ELEMENT})?)*$)`);
const ELEMENT_RE = new RegExp(ELEMENT, 'g');
const MEDIA_TYPE_RE = new RegExp(`^${MEDIA_RANGE}$`);
const PARAMETER_RE = new RegExp(`${OWS};${OWS}(${TOKEN})=(${TOKEN}|${QUOTED_STRING})`, 'g');
const TOKEN_RE = new RegExp(`^${TOKEN}$`);

type Params = Array<[string, string]>;

/** An offer taken apart (webob's AcceptOffer): type and subtype lower-cased, parameter names too. */
interface MediaType {
  type: string;
  subtype: string;
  params: Params;
}

/** Parameters from `;name=value` segments, quoted values unquoted, names lower-cased. */
function parseParams(segment: string): Params {
  const out: Params = [];
  if (!segment) return out;
  // exec in a loop: matchAll would copy the expression on every call, many times slower here.
  PARAMETER_RE.lastIndex = 0;
  for (let match = PARAMETER_RE.exec(segment); match; match = PARAMETER_RE.exec(segment)) {
    const raw = match[2];
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(?![\\])/g, '').replace(/\\\\/g, '\\') : raw;
    out.push([match[1].toLowerCase(), value]);
  }
  return out;
}

/**
 * A bounded memo: offers are the configuration's few strings, and clients send the same Accept
 * header again and again; past `size` entries it starts over, so no input grows memory for long.
 */
function memo<T>(size: number, longest: number, compute: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      if (key.length <= longest) {
        if (known.size >= size) known.clear();
        known.set(key, value);
      }
    }
    return value;
  };
}

/**
 * A media type a view offers (webob's `Accept.parse_offer`): `type/subtype` with parameters;
 * a wildcard, a `q`, a list or anything else is an Error saying what an offer may be.
 */
function parseOffer(offer: string): MediaType {
  return typeof offer === 'string' ? knownOffer(offer) : readOffer(offer);
}

const knownOffer = memo(256, 256, readOffer);

function readOffer(offer: string): MediaType {
  const match = typeof offer === 'string' ? MEDIA_TYPE_RE.exec(offer) : null;
  const [type, subtype] = match ? match[1].toLowerCase().split('/') : [];
  if (!match || type === '*' || subtype === '*') {
    throw new Error(`accept ${JSON.stringify(offer)} is not a media type: give one 'type/subtype' (parameters allowed: 'text/html;charset=utf-8'), no wildcard, list or q, as Pyramid 2.0`);
  }
  return { type, subtype, params: parseParams(match[2]) };
}

/** webob's quoting of a parameter value: as a token when it is one, else a quoted string. */
function quoteParam(value: string): string {
  if (value === '') return '""';
  const escaped = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return TOKEN_RE.test(escaped) ? escaped : `"${escaped}"`;
}

/** The offer in its one written form (Pyramid's `normalize_accept_offer`): `TEXT/HTML; charset="utf8"` is `text/html;charset=utf8`. */
export function normalizeOffer(offer: string): string {
  const { type, subtype, params } = parseOffer(offer);
  return `${type}/${subtype}` + params.map(([name, value]) => `;${name}=${quoteParam(value)}`).join('');
}

interface Range {
  /** Lower-cased. */
  type: string;
  subtype: string;
  q: number;
  params: Params;
}

/** The header's media ranges in order, or null when it breaks the grammar (false: so that the memo keeps it). */
const parseHeader = memo(64, 1024, (header: string): Range[] | false => {
  if (!HEADER_RE.test(header)) return false;
  const out: Range[] = [];
  ELEMENT_RE.lastIndex = 0;
  for (let match = ELEMENT_RE.exec(header); match; match = ELEMENT_RE.exec(header)) {
    const [type, subtype] = match[1].toLowerCase().split('/');
    out.push({ type, subtype, q: match[3] ? Number(match[3]) : 1, params: parseParams(match[2]) });
  }
  return out;
});

const sameParams = (a: Params, b: Params) => a.length === b.length && a.every(([name, value], i) => b[i][0] === name && b[i][1] === value);

/**
 * The offers the client accepts, most wanted first (webob's `acceptable_offers`): each offer's
 * quality is that of the most specific range matching it (`text/html;level=1` over `text/html`
 * over `text/*` over `*\/*`); q=0 refuses; ties keep the offers' order. Without a header, or
 * with one that breaks the grammar, every offer. Offers that are not media types are left out.
 */
export function acceptableOffers(header: string | string[] | undefined, offers: readonly string[]): string[] {
  const parsedOffers: Array<{ offer: string; index: number; parsed: MediaType }> = [];
  offers.forEach((offer, index) => {
    try {
      parsedOffers.push({ offer, index, parsed: parseOffer(offer) });
    } catch {
      // As webob: an offer that is not a media type is never acceptable.
    }
  });
  const ranges = header === undefined ? false : parseHeader(Array.isArray(header) ? header.join(', ') : header);
  if (ranges === false) return parsedOffers.map((o) => o.offer);
  const found: Array<{ offer: string; index: number; q: number }> = [];
  for (const { offer, index, parsed } of parsedOffers) {
    let best = 0;
    let q = 0;
    for (const range of ranges) {
      const { type, subtype } = range;
      let specificity: number;
      if (type === parsed.type && subtype === parsed.subtype) {
        if (range.params.length === 0) specificity = 3;
        else if (sameParams(range.params, parsed.params)) specificity = 4;
        else continue;
      } else if (subtype === '*' && type === parsed.type) specificity = 2;
      else if (type === '*' && subtype === '*') specificity = 1;
      else continue;
      // The first of equally specific ranges wins.
      if (specificity <= best) continue;
      best = specificity;
      q = range.q;
    }
    if (q > 0) found.push({ offer, index, q });
  }
  return found.sort((a, b) => b.q - a.q || a.index - b.index).map((o) => o.offer);
}

/**
 * Offers in the server's order (Pyramid's `sort_accept_offers`): by the place of their
 * `type/subtype` in `order` (those not in it after), an offer with parameters before the bare
 * one, and among those with parameters by their own place in `order`. Ties keep the given order.
 */
export function sortAcceptOffers(offers: readonly string[], order: readonly string[] = []): string[] {
  const maxWeight = offers.length;
  const place = (value: string) => {
    const at = order.indexOf(value);
    return at === -1 ? maxWeight : at;
  };
  const key = (offer: string): [number, number] => {
    const { type, subtype, params } = parseOffer(offer);
    return [place(`${type}/${subtype}`), params.length ? place(offer) : maxWeight + 1];
  };
  const keyed = offers.map((offer) => ({ offer, key: key(offer) }));
  return keyed.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1]).map((o) => o.offer);
}

/** Pyramid's default server order, for clients that take anything (`Accept: *\/*` or none). */
const DEFAULT_ORDER = ['text/html', 'application/xhtml+xml', 'application/xml', 'text/xml', 'text/plain', 'application/json'];

/**
 * The server's order between media types (Pyramid's IAcceptOrder, filled by
 * `add_accept_view_order`): Pyramid's defaults first, then each `add` placed as asked, an earlier
 * one before a later one otherwise; adding a type again moves it.
 */
export class AcceptViewOrder {
  private readonly sorter = new TopologicalSorter<string>({ before: 'LAST', after: null }, 'FIRST', 'LAST');

  constructor() {
    for (const type of DEFAULT_ORDER) this.sorter.add(type, type);
  }

  /**
   * Checks what Pyramid checks when `addAcceptViewOrder` is called: every value a media type,
   * and compared only with its like (with parameters to the same type with parameters, without
   * to without). Returns the values normalized.
   */
  static check(value: string, weighsMoreThan: readonly string[], weighsLessThan: readonly string[]): { value: string; more: string[]; less: string[] } {
    const offer = parseOffer(value);
    const normalize = (than: string) => {
      const other = parseOffer(than);
      if (!offer.params.length !== !other.params.length) throw new Error(`cannot compare a media type with parameters (${normalizeOffer(offer.params.length ? value : than)}) to one without (${normalizeOffer(offer.params.length ? than : value)})`);
      if (offer.params.length && (offer.type !== other.type || offer.subtype !== other.subtype)) throw new Error(`cannot compare parameters across different media types (${normalizeOffer(value)}, ${normalizeOffer(than)})`);
      return normalizeOffer(than);
    };
    return { value: normalizeOffer(value), more: weighsMoreThan.map(normalize), less: weighsLessThan.map(normalize) };
  }

  /** Where each type was placed, for errors. */
  private readonly sites = new Map<string, string>();

  add(value: string, weighsMoreThan: readonly string[], weighsLessThan: readonly string[], site: string): void {
    this.sorter.add(value, value, weighsLessThan.length ? weighsLessThan : null, weighsMoreThan.length ? weighsMoreThan : null);
    this.sites.set(value, site);
  }

  /** The media types, most preferred first; a type placed against one never added, or a cycle, is an error naming where. */
  sorted(): string[] {
    try {
      return this.sorter.sorted().map(([name]) => name);
    } catch (error) {
      const where = [...this.sites].filter(([name]) => (error as Error).message.includes(name)).map(([name, site]) => `${name} at ${site}`);
      throw new ConfigurationError(`addAcceptViewOrder(): ${(error as Error).message} (${where.join('; ')})`);
    }
  }
}

const CODING_RE = new RegExp(`(${TOKEN})(?:${WEIGHT})?`, 'g');
const ACCEPT_ENCODING_RE = new RegExp(`^(?:$|(?:,|(?:${TOKEN}(?:${WEIGHT})?))(?:${OWS},(?:${OWS}${TOKEN}(?:${WEIGHT})?)?)*$)`);

/**
 * The content-codings (and `identity`) the client takes among `offers`, most wanted first
 * (webob's AcceptEncoding `acceptable_offers`): a coding named with q=0 is refused, `*` stands
 * for the codings not named, `identity` is taken unless refused. Null when the header is
 * missing or breaks the grammar: webob's false header, which callers read as "no encoding asked".
 */
export function acceptableEncodings(header: string | string[] | undefined, offers: readonly string[]): string[] | null {
  if (header === undefined) return null;
  const value = Array.isArray(header) ? header.join(', ') : header;
  if (!ACCEPT_ENCODING_RE.test(value)) return null;
  const refused = new Set<string>();
  const taken = new Map<string, number>();
  let asterisk: number | null = null;
  CODING_RE.lastIndex = 0;
  for (let match = CODING_RE.exec(value); match; match = CODING_RE.exec(value)) {
    const name = match[1].toLowerCase();
    const q = match[2] ? Number(match[2]) : 1;
    if (name === '*') asterisk ??= q;
    // The first mention of a coding counts.
    else if (!taken.has(name) && !refused.has(name)) {
      if (q === 0) refused.add(name);
      else taken.set(name, q);
    }
  }
  const found: Array<{ offer: string; q: number; index: number }> = [];
  offers.forEach((offer, index) => {
    const name = offer.toLowerCase();
    if (refused.has(name)) return;
    const q = taken.get(name) ?? (asterisk ? asterisk : asterisk !== 0 && name === 'identity' ? 1 : null);
    if (q !== null) found.push({ offer, q, index });
  });
  return found.sort((a, b) => b.q - a.q || a.index - b.index).map((o) => o.offer);
}
