/**
 * PLACEHOLDER (h12): a minimal stand-in for h12b's Python expression compiler (names, literals,
 * attributes, subscripts, calls, not/and/or, ==, !=, is, +), only so that the engine can be
 * compiled and tried before h12b's branch lands. Replaced by h12b's pyexpr.ts on merge.
 */
export class PythonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|([A-Za-z_]\w*)|(==|!=|<=|>=|[()[\]{},.:+\-*/%<>=]))/y;

export function compilePython(source: string): string {
  const toks: Array<{ t: string; v: string; pos: number }> = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const at = TOKEN.lastIndex;
    if (/^\s*$/.test(source.slice(at))) break;
    const m = TOKEN.exec(source);
    if (!m) throw new PythonSyntaxError('invalid syntax', at);
    toks.push(m[1] ? { t: 'num', v: m[1], pos: at } : m[2] ? { t: 'str', v: m[2], pos: at } : m[3] ? { t: 'name', v: m[3], pos: at } : { t: 'op', v: m[4], pos: at });
  }
  if (!toks.length) throw new PythonSyntaxError('invalid syntax', 0);
  let i = 0;
  const peek = () => toks[i];
  const take = (v?: string) => {
    const t = toks[i];
    if (!t || (v !== undefined && t.v !== v)) throw new PythonSyntaxError('invalid syntax', t ? t.pos : source.length);
    i++;
    return t;
  };
  const atom = (): string => {
    const t = take();
    if (t.t === 'num') return t.v;
    if (t.t === 'str') return JSON.stringify(t.v.slice(1, -1).replace(/\\(.)/g, '$1'));
    if (t.v === '(') {
      const e = expr();
      take(')');
      return `(${e})`;
    }
    if (t.v === '[') {
      const items: string[] = [];
      while (peek()?.v !== ']') {
        items.push(expr());
        if (peek()?.v === ',') take(',');
      }
      take(']');
      return `[${items.join(', ')}]`;
    }
    if (t.v === '{') {
      const items: string[] = [];
      while (peek()?.v !== '}') {
        const k = expr();
        take(':');
        items.push(`[${k}]: ${expr()}`);
        if (peek()?.v === ',') take(',');
      }
      take('}');
      return `({${items.join(', ')}})`;
    }
    if (t.t === 'name') {
      if (t.v === 'None') return 'null';
      if (t.v === 'True') return 'true';
      if (t.v === 'False') return 'false';
      if (t.v === 'not') return `!$py.truthy(${unary()})`;
      return `$lookup(${JSON.stringify(t.v)})`;
    }
    throw new PythonSyntaxError('invalid syntax', t.pos);
  };
  const postfix = (): string => {
    let e = atom();
    for (;;) {
      const t = peek();
      if (t?.v === '.') {
        take();
        e = `$py.getattr(${e}, ${JSON.stringify(take().v)})`;
      } else if (t?.v === '[') {
        take();
        const k = expr();
        take(']');
        e = `$py.getitem(${e}, ${k})`;
      } else if (t?.v === '(') {
        take();
        const args: string[] = [];
        const kw: string[] = [];
        while (peek()?.v !== ')') {
          if (peek()?.t === 'name' && toks[i + 1]?.v === '=') {
            const name = take().v;
            take('=');
            kw.push(`${JSON.stringify(name)}: ${expr()}`);
          } else args.push(expr());
          if (peek()?.v === ',') take(',');
        }
        take(')');
        e = `$py.call(${e}, [${args.join(', ')}], {${kw.join(', ')}})`;
      } else return e;
    }
  };
  const unary = (): string => postfix();
  const sum = (): string => {
    let e = unary();
    while (peek()?.v === '+') {
      take();
      e = `$py.add(${e}, ${unary()})`;
    }
    return e;
  };
  const cmp = (): string => {
    let e = sum();
    for (;;) {
      const t = peek();
      if (t?.v === '==') {
        take();
        e = `$py.eq(${e}, ${sum()})`;
      } else if (t?.v === '!=') {
        take();
        e = `!$py.eq(${e}, ${sum()})`;
      } else if (t?.v === 'is') {
        take();
        const neg = peek()?.v === 'not' ? (take(), '!') : '';
        e = `${neg}(${e} == ${sum()})`;
      } else return e;
    }
  };
  const not = (): string => {
    if (peek()?.v === 'not') {
      take();
      return `!$py.truthy(${not()})`;
    }
    return cmp();
  };
  const and = (): string => {
    let e = not();
    while (peek()?.v === 'and') {
      take();
      e = `((a) => $py.truthy(a) ? ${not()} : a)(${e})`;
    }
    return e;
  };
  const expr = (): string => {
    let e = and();
    while (peek()?.v === 'or') {
      take();
      e = `((a) => $py.truthy(a) ? a : ${and()})(${e})`;
    }
    return e;
  };
  const out = expr();
  if (i < toks.length) throw new PythonSyntaxError('invalid syntax', toks[i].pos);
  return out;
}
