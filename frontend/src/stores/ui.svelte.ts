// UI preferences (theme, density, layout, the kind of list launches open on, top N per day, sort),
// stored by the backend per data directory — never in the web view's own storage, which every
// library opened in the same window would share.
import { api, DEFAULT_UI } from '../api';
import { notice } from './notice.svelte';
import type { ApiError, Density, Layout, Sort, ThemeSetting, UIKey, UISettings } from '../api';

/** WIDE is where the two-pane reader starts when the layout is auto. */
export const WIDE = '(min-width: 1100px)';

const THEMES: ThemeSetting[] = ['system', 'light', 'dark'];

/** initialTheme reads what the backend put in the page (<html data-theme>), so the first frame is right. */
function initialTheme(): ThemeSetting {
  const t = typeof document === 'undefined' ? '' : document.documentElement.dataset.theme;
  return t === 'light' || t === 'dark' ? t : 'system';
}

function media(q: string): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia(q)
    : null;
}

class UIStore {
  theme = $state<ThemeSetting>(initialTheme());
  density = $state<Density>(DEFAULT_UI.density);
  layout = $state<Layout>(DEFAULT_UI.layout);
  lastView = $state(DEFAULT_UI.lastView);
  topPerDay = $state(DEFAULT_UI.topPerDay);
  sort = $state<Sort>('upvotes');
  /** The settings came from the backend (until then the defaults and the page's theme apply). */
  loaded = $state(false);
  /** The window is wide enough for two panes. */
  wide = $state(media(WIDE)?.matches ?? false);

  /** twoPane: the list on the left and the selected paper on the right. */
  twoPane = $derived(this.layout === 'two-pane' || (this.layout === 'auto' && this.wide));

  /** The backend stores the sort too (not in every version: then it lasts until the window closes). */
  #sortStored = false;
  #seq = 0;

  /** watch follows the window's width; it returns the function that stops it. */
  watch(): () => void {
    const mq = media(WIDE);
    if (!mq) return () => {};
    const on = () => (this.wide = mq.matches);
    on();
    mq.addEventListener?.('change', on);
    return () => mq.removeEventListener?.('change', on);
  }

  async load(): Promise<void> {
    const n = ++this.#seq;
    try {
      const u = await api.ui();
      if (n !== this.#seq) return;
      this.#assign(u);
    } catch {
      // the defaults stay; the page still works
    } finally {
      if (n === this.#seq) this.loaded = true;
      this.apply();
    }
  }

  #assign(u: UISettings): void {
    if (THEMES.includes(u.theme)) this.theme = u.theme;
    if (u.density === 'compact' || u.density === 'cards') this.density = u.density;
    if (u.layout === 'auto' || u.layout === 'two-pane' || u.layout === 'single') this.layout = u.layout;
    this.lastView = typeof u.lastView === 'string' ? u.lastView : '';
    this.topPerDay = Number.isFinite(u.topPerDay) && u.topPerDay > 0 ? Math.floor(u.topPerDay) : 0;
    if (u.sort === 'upvotes' || u.sort === 'published') {
      this.sort = u.sort;
      this.#sortStored = true;
    }
  }

  /** apply puts the theme on <html>; no attribute means "follow the system". */
  apply(): void {
    const root = document.documentElement;
    if (this.theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = this.theme;
  }

  /**
   * set changes one preference at once and stores it; if the backend refuses, the old value comes
   * back and the error is returned for the caller to show.
   */
  async set<K extends UIKey>(key: K, value: UISettings[K]): Promise<ApiError | null> {
    const self = this as unknown as Record<UIKey, unknown>;
    const before = self[key];
    if (before === value) return null;
    self[key] = value;
    if (key === 'theme') this.apply();
    if (key === 'sort' && !this.#sortStored) return null;
    try {
      await api.setUI(key, value);
      return null;
    } catch (e) {
      self[key] = before;
      if (key === 'theme') this.apply();
      return e as ApiError;
    }
  }

  /** cycleTheme: system → light → dark → system; it returns the new theme. */
  cycleTheme(): ThemeSetting {
    const next = THEMES[(THEMES.indexOf(this.theme) + 1) % THEMES.length] ?? 'system';
    void this.set('theme', next).then((err) => {
      if (err) notice.error(err.message);
    });
    return next;
  }
}

export const ui = new UIStore();

export function themeLabel(t: ThemeSetting): string {
  return t === 'system' ? 'System' : t === 'dark' ? 'Dark' : 'Light';
}
