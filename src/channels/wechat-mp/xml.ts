/**
 * The XML both WeChat callbacks speak: flat `<xml><Field>…</Field></xml>` documents, text mostly in
 * CDATA. Parsing is strict (malformed input is a 400, never a crash) and refuses DOCTYPE and
 * entity declarations, which WeChat never sends and which are the usual XML bombs.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CodedError } from '../../core/errors.js';

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, processEntities: true, htmlEntities: false });

/** Parse a WeChat XML document into its top-level fields as strings (nested elements are skipped). */
export function parseWechatXml(text: string): Record<string, string> {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new CodedError('bad_request', 'XML with DOCTYPE or ENTITY is refused');
  if (XMLValidator.validate(text) !== true) throw new CodedError('bad_request', 'body is not well-formed XML');
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (err) {
    throw new CodedError('bad_request', 'body is not well-formed XML', { cause: err });
  }
  const root = (doc as { xml?: unknown } | undefined)?.xml;
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw new CodedError('bad_request', 'XML has no <xml> root element');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(root as Record<string, unknown>)) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  }
  return out;
}

/** CDATA that stays CDATA whatever the text holds ("]]>" is split across two sections). */
function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** Render fields as a WeChat XML document: strings in CDATA, numbers bare. */
export function buildWechatXml(fields: Record<string, string | number>): string {
  const body = Object.entries(fields)
    .map(([k, v]) => `<${k}>${typeof v === 'number' ? String(v) : cdata(v)}</${k}>`)
    .join('');
  return `<xml>${body}</xml>`;
}
