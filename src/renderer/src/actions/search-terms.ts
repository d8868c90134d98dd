/** Search-box terms the sidebar writes: `in:"My crate"`, `tag:kick`, `tag:"deep bass"`. */

// The parser has no escapes: a quote inside a name cannot be written, so it is left out.
const quoted = (value: string) => `"${value.replace(/["“”]/g, '')}"`;

export function collectionTerm(name: string): string {
  return `in:${quoted(name)}`;
}

export function tagTerm(name: string): string {
  return /^[\p{L}\p{N}_.#+-]+$/u.test(name) ? `tag:${name}` : `tag:${quoted(name)}`;
}
