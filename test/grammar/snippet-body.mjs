// Expands a snippet body the way VS Code's snippet parser (snippetParser.ts) does,
// so the TM_DIRECTORY transforms can be checked without VS Code. It follows VS Code's
// rules: what each backslash escapes where, when ${n:+if}, ${n:-else}, ${n:?if:else}
// and ${n:else} parse (an empty if or else value makes the whole format fail), and that a
// transform whose regex does not match still runs its format when it has an else value.

const STATIC = {
  '$': 'dollar', ':': 'colon', ',': 'comma', '{': 'open', '}': 'close', '\\': 'backslash',
  '/': 'slash', '|': 'pipe', '+': 'plus', '-': 'dash', '?': 'question',
};
const isDigit = (c) => c >= '0' && c <= '9';
const isVarChar = (c) => c === '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

// Same token boundaries as VS Code's scanner: single static characters, runs of digits,
// variable names, and runs of any other characters.
function tokenize(source) {
  const tokens = [];
  let pos = 0;
  while (pos < source.length) {
    const c = source[pos];
    let end = pos + 1;
    let type;
    if (STATIC[c]) {
      type = STATIC[c];
    } else if (isDigit(c)) {
      type = 'int';
      while (end < source.length && isDigit(source[end])) end++;
    } else if (isVarChar(c)) {
      type = 'name';
      while (end < source.length && (isVarChar(source[end]) || isDigit(source[end]))) end++;
    } else {
      type = 'format';
      while (end < source.length && !STATIC[source[end]] && !isDigit(source[end]) && !isVarChar(source[end])) end++;
    }
    tokens.push({ type, text: source.slice(pos, end), pos });
    pos = end;
  }
  tokens.push({ type: 'eof', text: '', pos: source.length });
  return tokens;
}

class Parser {
  constructor(source) {
    this.source = source;
    this.tokens = tokenize(source);
    this.i = 0;
  }

  get tok() { return this.tokens[this.i]; }

  accept(type) {
    if (type !== undefined && this.tok.type !== type) return false;
    const text = this.tok.text;
    this.i++;
    return text === '' ? true : text;
  }

  parseAll() {
    const root = { kind: 'root', children: [] };
    while (this.parse(root)) { /* next marker */ }
    return root;
  }

  parse(parent) {
    return this.parseEscaped(parent) || this.parseSimple(parent) || this.parseComplex(parent) || this.parseAnything(parent);
  }

  // \$ \} \\ are escapes; any other backslash is literal.
  parseEscaped(parent) {
    if (!this.accept('backslash')) return false;
    const escaped = this.accept('dollar') || this.accept('close') || this.accept('backslash') || '\\';
    parent.children.push({ kind: 'text', value: escaped });
    return true;
  }

  // $1 or $NAME.
  parseSimple(parent) {
    const start = this.i;
    if (this.accept('dollar')) {
      const name = this.accept('name');
      if (name) { parent.children.push({ kind: 'variable', name, children: [] }); return true; }
      const index = this.accept('int');
      if (index) { parent.children.push({ kind: 'placeholder', index: Number(index), children: [] }); return true; }
    }
    this.i = start;
    return false;
  }

  // ${1}, ${1:default}, ${1/re/format/opts}, ${NAME}, ${NAME:default}, ${NAME/re/format/opts}.
  parseComplex(parent) {
    const start = this.i;
    let marker;
    if (this.accept('dollar') && this.accept('open')) {
      const index = this.accept('int');
      const name = index ? false : this.accept('name');
      if (index) marker = { kind: 'placeholder', index: Number(index), children: [] };
      else if (name) marker = { kind: 'variable', name, children: [] };
    }
    if (!marker) { this.i = start; return false; }
    const label = marker.kind === 'placeholder' ? String(marker.index) : marker.name;
    if (this.accept('colon')) {
      for (;;) {
        if (this.accept('close')) { parent.children.push(marker); return true; }
        if (this.parse(marker)) continue;
        // Unterminated: VS Code keeps the opening as text.
        parent.children.push({ kind: 'text', value: '${' + label + ':' }, ...marker.children);
        return true;
      }
    }
    if (marker.kind === 'placeholder' && marker.index > 0 && this.tok.type === 'pipe') {
      throw new Error('choices are not supported by this test helper');
    }
    if (this.accept('slash')) {
      if (this.parseTransform(marker)) { parent.children.push(marker); return true; }
      this.i = start;
      return false;
    }
    if (this.accept('close')) { parent.children.push(marker); return true; }
    this.i = start;
    return false;
  }

  parseAnything(parent) {
    if (this.tok.type === 'eof') return false;
    parent.children.push({ kind: 'text', value: this.tok.text });
    this.i++;
    return true;
  }

  parseTransform(marker) {
    const transform = { children: [] };
    let regex = '';
    let options = '';
    // Regex: only \/ is unescaped; other backslashes stay for RegExp.
    for (;;) {
      if (this.accept('slash')) break;
      if (this.accept('backslash')) { regex += this.accept('slash') || '\\'; continue; }
      if (this.tok.type === 'eof') return false;
      regex += this.tok.text;
      this.i++;
    }
    // Format: \\ and \/ are unescaped; $n and ${n…} are format strings.
    for (;;) {
      if (this.accept('slash')) break;
      if (this.accept('backslash')) {
        transform.children.push({ kind: 'text', value: this.accept('backslash') || this.accept('slash') || '\\' });
        continue;
      }
      if (this.parseFormatString(transform) || this.parseAnything(transform)) continue;
      return false;
    }
    for (;;) {
      if (this.accept('close')) break;
      if (this.tok.type === 'eof') return false;
      options += this.tok.text;
      this.i++;
    }
    try {
      transform.regexp = new RegExp(regex, options);
    } catch {
      return false;
    }
    marker.transform = transform;
    return true;
  }

  parseFormatString(parent) {
    const start = this.i;
    const fail = () => { this.i = start; return false; };
    if (!this.accept('dollar')) return false;
    const complex = Boolean(this.accept('open'));
    const index = this.accept('int');
    if (!index) return fail();
    const push = (extra) => { parent.children.push({ kind: 'format', index: Number(index), ...extra }); return true; };
    if (!complex || this.accept('close')) return push({});
    if (!this.accept('colon')) return fail();
    if (this.accept('slash')) {
      const shorthand = this.accept('name');
      return shorthand && this.accept('close') ? push({ shorthand }) : fail();
    }
    if (this.accept('plus')) {
      const ifValue = this.until('close');
      return ifValue ? push({ ifValue }) : fail();
    }
    if (this.accept('dash')) {
      const elseValue = this.until('close');
      return elseValue ? push({ elseValue }) : fail();
    }
    if (this.accept('question')) {
      const ifValue = this.until('colon');
      const elseValue = ifValue && this.until('close');
      return elseValue ? push({ ifValue, elseValue }) : fail();
    }
    const elseValue = this.until('close');
    return elseValue ? push({ elseValue }) : fail();
  }

  // Text up to a token type, with \$ \} \\ unescaped; '' or false count as failure to callers.
  until(type) {
    const from = this.tok.pos;
    while (this.tok.type !== type) {
      if (this.tok.type === 'eof') return false;
      if (this.tok.type === 'backslash') {
        const next = this.tokens[this.i + 1].type;
        if (next !== 'dollar' && next !== 'close' && next !== 'backslash') return false;
        this.i++;
      }
      this.i++;
    }
    const value = this.source.slice(from, this.tok.pos).replace(/\\(\$|}|\\)/g, '$1');
    this.i++;
    return value;
  }
}

function resolveFormat(format, value) {
  const { shorthand, ifValue, elseValue } = format;
  if (shorthand === 'upcase') return value ? value.toLocaleUpperCase() : '';
  if (shorthand === 'downcase') return value ? value.toLocaleLowerCase() : '';
  if (shorthand === 'capitalize') return value ? value[0].toLocaleUpperCase() + value.slice(1) : '';
  if (value && typeof ifValue === 'string') return ifValue;
  if (!value && typeof elseValue === 'string') return elseValue;
  return value || '';
}

export function applyTransform(transform, value) {
  const build = (groups) => transform.children
    .map((child) => (child.kind === 'format' ? resolveFormat(child, groups[child.index] || '') : child.value))
    .join('');
  let matched = false;
  let result = value.replace(transform.regexp, (...args) => {
    matched = true;
    return build(args.slice(0, -2));
  });
  if (!matched && transform.children.some((child) => child.kind === 'format' && child.elseValue)) {
    result = build([]);
  }
  return result;
}

/**
 * Expands `body` (a string or an array of lines) with the given variables.
 * Returns the inserted text and the tab stops in document order: { index, offset, text }.
 */
export function expandSnippet(body, variables) {
  const source = Array.isArray(body) ? body.join('\n') : body;
  const root = new Parser(source).parseAll();
  const defaults = new Map();
  const tabstops = [];
  let text = '';

  const collectDefaults = (marker) => {
    for (const child of marker.children ?? []) {
      if (child.kind === 'placeholder' && child.children.length > 0 && !defaults.has(child.index)) {
        defaults.set(child.index, child.children);
      }
      collectDefaults(child);
    }
  };
  const emit = (children) => {
    for (const child of children) {
      if (child.kind === 'text') {
        text += child.value;
      } else if (child.kind === 'variable') {
        let value = Object.hasOwn(variables, child.name) ? variables[child.name] : undefined;
        if (child.transform) value = applyTransform(child.transform, value || '');
        if (value !== undefined) text += value;
        else emit(child.children);
      } else if (child.kind === 'placeholder') {
        // Outer stops come before the stops nested in them, as in VS Code.
        const stop = { index: child.index, offset: text.length, text: '' };
        tabstops.push(stop);
        emit(child.children.length > 0 ? child.children : (defaults.get(child.index) ?? []));
        stop.text = text.slice(stop.offset);
      }
    }
  };
  collectDefaults(root);
  emit(root.children);
  return { text, tabstops };
}
