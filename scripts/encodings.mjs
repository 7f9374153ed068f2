// Precompressed files: the build writes a Brotli (`.br`) and a gzip (`.gz`) copy next to every
// text file and module of the hosted site, compressed once at the highest settings; the server
// (serve.mjs) sends the best one the browser accepts, and static hosts can do the same (README,
// "Hosting"). Both come with Node, so no dependency. Dependency-free: the server imports it.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';

/** The types worth compressing (images such as PNG are compressed already). */
export const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.wasm', '.txt', '.md', '.ts']);

/**
 * The encodings, best first: `token` as in Accept-Encoding / Content-Encoding, `suffix` of the
 * precompressed file. Brotli's window of 16 MiB (`LGWIN` 24) is more than any file here.
 */
export const ENCODINGS = [
  {
    token: 'br',
    suffix: '.br',
    compress: (bytes, text) =>
      brotliCompressSync(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_LGWIN]: 24,
          [constants.BROTLI_PARAM_MODE]: text ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
    decompress: (bytes) => brotliDecompressSync(bytes),
  },
  // Node's gzip writes no file name and a zero time stamp: the same input gives the same bytes.
  { token: 'gzip', suffix: '.gz', compress: (bytes) => gzipSync(bytes, { level: 9 }), decompress: (bytes) => gunzipSync(bytes) },
];

/** Whether a file of the folder is a precompressed copy of another (and so not a file of its own). */
export const isEncodedCopy = (file) => ENCODINGS.some((e) => file.endsWith(e.suffix));

/**
 * Writes `file.br` and `file.gz` next to every compressible file of `dir` (not its subfolders),
 * each only when it is smaller than the file.
 */
export function precompress(dir) {
  for (const file of readdirSync(dir).sort()) {
    const full = path.join(dir, file);
    if (isEncodedCopy(file) || !COMPRESSIBLE.has(path.extname(file).toLowerCase()) || !statSync(full).isFile()) continue;
    const bytes = readFileSync(full);
    for (const encoding of ENCODINGS) {
      const encoded = encoding.compress(bytes, path.extname(file) !== '.wasm');
      if (encoded.length >= bytes.length) continue;
      writeFileSync(full + encoding.suffix, encoded);
    }
  }
}

/**
 * The Accept-Encoding header as a map from token to quality (`q`, 1 when absent). A malformed
 * quality counts as 0, so that a token is never chosen by mistake.
 * @param {string | undefined} header
 */
export function acceptedEncodings(header) {
  const accepted = new Map();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.toLowerCase().split(';');
    const token = name.trim();
    if (!token) continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.trim().split('=');
      if (key === 'q') q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value ?? '') ? Number(value) : 0;
    }
    accepted.set(token, q);
  }
  return accepted;
}

/**
 * The encoding to send among those available for a file (tokens), or null for the file as it is:
 * the best one the header accepts with a quality above 0 (`*` stands for any not named).
 * @param {string | undefined} header @param {Set<string>} available
 */
export function chooseEncoding(header, available) {
  const accepted = acceptedEncodings(header);
  const quality = (token) => accepted.get(token) ?? accepted.get('*') ?? 0;
  let best = null;
  for (const { token } of ENCODINGS) {
    if (!available.has(token) || quality(token) <= 0) continue;
    if (best === null || quality(token) > quality(best)) best = token;
  }
  return best;
}
