/** Types for ./transpile-cache.js (JavaScript: bin/pserve.js uses it before TypeScript can run). */
export function cacheDir(): string | null;
export function read(name: string): string | undefined;
export function write(name: string, body: string): void;
