/** Types for ./transpile-cache.js (JavaScript: bin/hook.js uses it before TypeScript can run). */
export function read(name: string): string | undefined;
export function write(name: string, body: string): void;
