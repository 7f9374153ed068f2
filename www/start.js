// The page's first script. It lets the page paint — the header and the map, which the build
// draws into index.html — before anything else is fetched, then loads the application (app.js).
// On a slow link the HTML and the stylesheet so have the bandwidth to themselves, and the first
// paint never waits for the scripts or the WebAssembly module.
//
// Integrity: the build fills PRELOAD with every module app.js needs and its SRI hash, and pins
// this file's own hash in index.html. Each module is preloaded with its hash before the import,
// so a module changed on the server is refused. (Unbuilt, in www/, the list is empty.)
const PRELOAD = [];

/** Resolves once the page has painted, or after 100 ms should frames not run (a background tab). */
const painted = () =>
  new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });

async function start() {
  await painted();
  for (const [href, integrity] of PRELOAD) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = href;
    link.integrity = integrity;
    document.head.append(link);
  }
  try {
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
