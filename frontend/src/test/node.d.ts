// The few Node APIs tests use to read the real Hugging Face corpus (the app itself never runs in Node).
declare module 'node:fs' {
  export function existsSync(p: string): boolean;
  export function readdirSync(p: string): string[];
  export function readFileSync(p: string): Uint8Array;
}
declare module 'node:zlib' {
  export function gunzipSync(b: Uint8Array): { toString(encoding: 'utf8'): string };
}
