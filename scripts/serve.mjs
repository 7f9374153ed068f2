// A small dependency-free static server for dist/site with the production security headers.
// `npm start` uses it; so do the end-to-end tests, so that they run under the real policy.
// It sends the build's precompressed copies (Brotli, else gzip; scripts/encodings.mjs) to
// browsers that accept them, and an ETag with every file, so that a returning visitor's browser
// revalidates each file and downloads only what changed.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { COMPRESSIBLE, ENCODINGS, chooseEncoding } from './encodings.mjs';
import { dist, isMain } from './lib.mjs';

/** The Content-Security-Policy the page is built for (and that a host should send). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  // 'wasm-unsafe-eval' lets the page compile its WebAssembly module and nothing else.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  // blob: lets the page turn its own diagram into a PNG for download.
  "img-src 'self' blob:",
  // The module is fetched from the same origin; nothing else is ever requested.
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
  // No HTML is ever parsed from strings: every DOM sink that would do so is refused.
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

/**
 * The same policy as the site's own pages carry it in a `<meta http-equiv>` element (build.mjs,
 * `pinPolicy`): a browser ignores `frame-ancestors` there, with a warning, so it is left out.
 */
export const PAGE_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

/**
 * The least a host page must allow for the widget (README, "Embedding the widget"): its own
 * scripts and WebAssembly, its own styles, and Trusted Types enforced. The tests embed the
 * widget under exactly this policy.
 */
export const HOST_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; require-trusted-types-for 'script'";

/**
 * The widget's files may be loaded by portals on other origins (a `<script type="module">` from
 * this host needs CORS): scripts, the module and the data files are public and carry no
 * credentials. Pages are not shared: they keep `same-origin` and refuse to be framed elsewhere —
 * portals embed the element, not the page, so framing would only serve clickjacking.
 */
const SHAREABLE = new Set(['.js', '.mjs', '.wasm', '.json', '.css', '.svg']);
export const SHARED_FILE_HEADERS = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };

export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), display-capture=(), browsing-topics=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'SAMEORIGIN',
};

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

function send(res, status, body, extra = {}, headers = SECURITY_HEADERS) {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', ...extra });
  res.end(body);
}

/**
 * A server for the files under `root`. Only GET and HEAD; never serves outside `root`.
 * `headers` replace the security headers (the tests serve host pages with other policies).
 * @param {{ root?: string, headers?: Record<string, string> }} [options]
 */
export function createServer({ root = path.join(dist, 'site'), headers = SECURITY_HEADERS } = {}) {
  const base = path.resolve(root);
  return http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      send(res, 400, 'Bad request\n');
      return;
    }
    let file = path.resolve(base, `.${pathname}`);
    if (file !== base && !file.startsWith(base + path.sep)) {
      send(res, 404, 'Not found\n');
      return;
    }
    let stat;
    try {
      stat = statSync(file);
      if (stat.isDirectory()) {
        file = path.join(file, 'index.html');
        stat = statSync(file);
      }
    } catch {
      send(res, 404, 'Not found\n');
      return;
    }
    const extension = path.extname(file).toLowerCase();
    const type = MIME_TYPES[extension] ?? 'application/octet-stream';
    const compressible = COMPRESSIBLE.has(extension);
    const copies = compressible ? encodedCopies(file, stat) : new Map();
    const encoding = chooseEncoding(req.headers['accept-encoding'], new Set(copies.keys()));
    const sent = encoding ? copies.get(encoding) : { file, stat };
    const tag = etag(sent.file, sent.stat);
    const common = {
      ...headers,
      ...(SHAREABLE.has(extension) ? SHARED_FILE_HEADERS : {}),
      // Always revalidate (the files change with every build); the ETag makes that cheap.
      'Cache-Control': 'no-cache',
      ETag: tag,
      ...(compressible ? { Vary: 'Accept-Encoding' } : {}),
    };
    if (matches(req.headers['if-none-match'], tag)) {
      res.writeHead(304, common);
      res.end();
      return;
    }
    res.writeHead(200, {
      ...common,
      'Content-Type': type,
      ...(encoding ? { 'Content-Encoding': encoding } : {}),
      'Content-Length': sent.stat.size,
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(sent.file).pipe(res);
  });
}

/**
 * The precompressed copies of a file, by encoding token, with their stat: those that exist and
 * decode to exactly the file. A copy left from before the file was changed is never sent, and a
 * folder copied without its times (copies may then look older than their files) keeps its copies.
 */
function encodedCopies(file, original) {
  const copies = new Map();
  for (const encoding of ENCODINGS) {
    const copy = file + encoding.suffix;
    let stat;
    try {
      stat = statSync(copy);
    } catch {
      continue; // no copy in this encoding
    }
    if (stat.isFile() && decodesTo(encoding, copy, stat, file, original)) copies.set(encoding.token, { file: copy, stat });
  }
  return copies;
}

/** What decodesTo found, by copy, while neither the copy nor its file changes size or time. */
const checked = new Map();
function decodesTo(encoding, copy, copyStat, file, fileStat) {
  const key = `${copyStat.size}:${copyStat.mtimeMs}:${fileStat.size}:${fileStat.mtimeMs}`;
  const known = checked.get(copy);
  if (known?.key === key) return known.same;
  let same = false;
  try {
    same = encoding.decompress(readFileSync(copy)).equals(readFileSync(file));
  } catch {
    same = false; // not even a valid stream: never sent
  }
  checked.set(copy, { key, same });
  return same;
}

/** Strong ETags from the bytes sent, remembered while the file's size and time are unchanged. */
const etags = new Map();
function etag(file, stat) {
  const known = etags.get(file);
  if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known.tag;
  const tag = `"${createHash('sha256').update(readFileSync(file)).digest('base64url').slice(0, 27)}"`;
  etags.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, tag });
  return tag;
}

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks). */
function matches(header, tag) {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === tag);
}

/** Starts a server; resolves with it and its URL once it listens. Port 0 picks a free port. */
export function listen(server, port, host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(`http://${host}:${typeof address === 'object' && address ? address.port : port}/`);
    });
  });
}

if (isMain(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`[serve] PORT must be a number from 0 to 65535, got '${process.env.PORT}'`);
    process.exit(2);
  }
  try {
    statSync(path.join(dist, 'site', 'index.html'));
  } catch {
    console.error('[serve] dist/site is not built yet: run `npm start` (or `npm run build` first).');
    process.exit(1);
  }
  listen(createServer(), port)
    .then((url) => console.log(`AI Security Navigator is served at ${url} (Ctrl+C stops it)`))
    .catch((error) => {
      console.error(`[serve] cannot listen on 127.0.0.1:${port}: ${error.message}`);
      process.exit(1);
    });
}
