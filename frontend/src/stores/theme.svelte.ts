export type ThemeMode = 'auto' | 'light' | 'dark';

const KEY = 'paperboy:theme';
const ORDER: ThemeMode[] = ['auto', 'light', 'dark'];

function load(): ThemeMode {
  try {
    const v = localStorage.getItem(KEY);
    if (v === 'light' || v === 'dark' || v === 'auto') return v;
  } catch {
    // storage unavailable
  }
  return 'auto';
}

class ThemeStore {
  mode = $state<ThemeMode>(load());

  apply(): void {
    const root = document.documentElement;
    if (this.mode === 'auto') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', this.mode);
  }

  set(mode: ThemeMode): void {
    this.mode = mode;
    try {
      localStorage.setItem(KEY, mode);
    } catch {
      // not persisted; still applied
    }
    this.apply();
  }

  /** auto → light → dark → auto */
  cycle(): void {
    const i = ORDER.indexOf(this.mode);
    this.set(ORDER[(i + 1) % ORDER.length] ?? 'auto');
  }
}

export const theme = new ThemeStore();
