/**
 * Template errors as Chameleon reports them: a compile error (bad syntax, a misused TAL
 * attribute) names the template file, line, column and the offending text; an error raised
 * while rendering keeps its own class and gains the expression, file, line and column.
 */
import { location, type Token } from './source';

/** Where in a template something is: the text and its offset in the source. */
export interface Where {
  text: string;
  pos: number;
}

/** A template that cannot be compiled (Chameleon's LanguageError / ExpressionError / ParseError). */
export class TemplateError extends Error {
  filename = '<string>';
  line = 0;
  column = 0;
  /** The first line of the message, without the location details. */
  readonly reason: string;

  constructor(reason: string, readonly token: Token | Where, readonly offset = 0) {
    super(reason);
    this.name = 'TemplateError';
    this.reason = reason;
  }

  /** Adds the file, line and column, and the source line with the offending text underlined. */
  locate(source: string, filename: string): this {
    this.filename = filename;
    [this.line, this.column] = location(source, this.token.pos + this.offset);
    const lineText = source.split('\n')[this.line - 1] ?? '';
    const marker = ' '.repeat(this.column) + '^'.repeat(Math.max(1, Math.min(this.token.text.length - this.offset, lineText.length - this.column)));
    this.message = [
      this.reason,
      '',
      ` - String:     ${JSON.stringify(this.token.text)}`,
      ` - Filename:   ${filename}`,
      ` - Location:   (line ${this.line}: col ${this.column})`,
      ` - Source:     ${lineText}`,
      `               ${marker}`,
    ].join('\n');
    return this;
  }
}

/** Where a render error happened, attached to the error as `error.template`. */
interface RenderLocation {
  expression: string;
  filename: string;
  line: number;
  column: number;
}

const LOCATED = Symbol('chameleon.located');

/**
 * Adds the template location to an error raised while rendering (once: the innermost
 * expression is the one reported), keeping the error's class so `|` fallbacks and error views
 * still see what was thrown.
 */
export function locateRenderError(error: unknown, where: RenderLocation | undefined): unknown {
  if (!where || !(error instanceof Error) || (error as unknown as Record<symbol, unknown>)[LOCATED]) return error;
  Object.defineProperty(error, LOCATED, { value: true });
  (error as Error & { template?: RenderLocation }).template = where;
  // (HTTP exceptions are Responses, not Errors: they pass through unchanged.)
  error.message += `\n\n - Expression: ${JSON.stringify(where.expression)}\n - Filename:   ${where.filename}\n - Location:   (line ${where.line}: col ${where.column})`;
  return error;
}
