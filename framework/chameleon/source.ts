/**
 * Pieces of a template's source that remember where they were, so that every error can name
 * the line and column (Chameleon's Token).
 */

/** A piece of the template source and where it starts. */
export interface Token {
  text: string;
  pos: number;
}

/** The part of `token` from `start` to `end`, with its position. */
export function sub(token: Token, start: number, end?: number): Token {
  return { text: token.text.slice(start, end), pos: token.pos + start };
}

/** `token` without its leading and trailing whitespace, with its position. */
export function strip(token: Token): Token {
  const lead = token.text.length - token.text.trimStart().length;
  return { text: token.text.trim(), pos: token.pos + lead };
}

/** Line (from 1) and column (from 0) of an offset, as Chameleon's Token.location. */
export function location(source: string, pos: number): [number, number] {
  let line = 1;
  let lastBreak = -1;
  for (let i = source.indexOf('\n'); i !== -1 && i < pos; i = source.indexOf('\n', i + 1)) {
    line++;
    lastBreak = i;
  }
  return [line, pos - lastBreak - 1];
}
