import type { ScreenConfig } from './figures.ts';

export const KEY_STORAGE = 'redstream.screen.key';

/** The page's configuration, written into the HTML by the server (`screenRoutes`). */
export function readConfig(doc: Document = document): ScreenConfig {
  const text = doc.getElementById('rs-config')?.textContent;
  if (!text) throw new Error('this page is served by redstream at /screen; the configuration is missing');
  return JSON.parse(text) as ScreenConfig;
}

/**
 * The screen's API key. Opened once as `/screen?key=<key>`, the key is kept in localStorage (per
 * origin) and removed from the address bar, so the URL on the hall's PC shows no secret and a
 * reload or a reboot of the browser needs nothing typed. `?key=` again replaces it.
 */
export function screenKey(loc: Location = window.location, storage: Storage = window.localStorage): string | undefined {
  const url = new URL(loc.href);
  const given = url.searchParams.get('key');
  if (given) {
    storage.setItem(KEY_STORAGE, given.trim());
    url.searchParams.delete('key');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return storage.getItem(KEY_STORAGE) ?? undefined;
}
