// The page's first script. It lets the page paint — the header and the map, which the build
// draws into index.html — before anything else is fetched, then loads the application (app.js).
// On a slow link the HTML and the stylesheet so have the bandwidth to themselves, and the first
// paint never waits for the scripts or the WebAssembly module.
//
// Integrity: the build fills PRELOAD with every module app.js needs and its SRI hash, and pins
// this file's own hash in index.html. Every module is preloaded with its hash, and checked,
// before the import, so a module changed on the server is refused. (Unbuilt, in www/, the list
// is empty.)
const PRELOAD = [];

/**
 * Resolves once the page has painted: when the browser reports the first contentful paint, which
 * it does once the frame is on screen. (Waiting only for the task after the first frame let the
 * downloads start while that frame was still being presented, and Lighthouse then counted them
 * in the first paint.) Where paint timing is missing, the task after the first frame. A hidden
 * page (a background tab, where frames do not run) has nothing to paint and goes on at once; the
 * one-second fallback is a safety net for a paint that is never reported.
 */
const painted = () =>
  new Promise((resolve) => {
    if (document.visibilityState === 'hidden') return resolve();
    setTimeout(resolve, 1000);
    if (!globalThis.PerformanceObserver?.supportedEntryTypes?.includes('paint')) {
      requestAnimationFrame(() => setTimeout(resolve, 0));
      return;
    }
    const observer = new PerformanceObserver((list) => {
      if (list.getEntriesByName('first-contentful-paint').length === 0) return;
      observer.disconnect();
      resolve();
    });
    observer.observe({ type: 'paint', buffered: true });
  });

/**
 * Preloads a module with its hash; resolves once it is fetched and checked. The import waits for
 * every preload: an import that reached a module before its preload did would fetch it unchecked.
 */
const preload = ([href, integrity]) =>
  new Promise((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = href;
    link.integrity = integrity;
    link.addEventListener('load', resolve);
    link.addEventListener('error', () => reject(new Error(`${href} could not be loaded or does not match its hash`)));
    document.head.append(link);
  });

/** Starts fetching the page's WebAssembly module; app.js's `init()` finds it in the preload cache. */
function preloadModule() {
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'fetch';
  link.type = 'application/wasm';
  link.crossOrigin = 'anonymous';
  link.href = 'ai_security_navigator_bg.wasm';
  document.head.append(link);
}

async function start() {
  await painted();
  if (PRELOAD.length > 0) preloadModule(); // alongside the scripts, not after them
  try {
    await Promise.all(PRELOAD.map(preload));
    await import('./app.js');
  } catch (error) {
    document.getElementById('status')?.replaceChildren();
    const message = document.createElement('p');
    message.className = 'error';
    message.setAttribute('role', 'alert');
    message.textContent = `The navigator could not start: its scripts could not be loaded (${error.message}).`;
    document.getElementById('main')?.append(message);
  }
}

start();
