// Turning a key press into an accelerator string the backend registers ("Ctrl+Alt+P").

const MODIFIER_KEYS = new Set(['Control', 'Alt', 'Shift', 'Meta', 'AltGraph', 'OS', 'Super', 'Hyper']);

/** keyName is the accelerator's name of the key pressed (by its place, KeyboardEvent.code), or "" for none. */
export function keyName(code: string): string {
  if (/^Key[A-Z]$/.test(code)) return code.slice(3);
  if (/^Digit[0-9]$/.test(code)) return code.slice(5);
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(code)) return code;
  const named: Record<string, string> = {
    Space: 'Space',
    Tab: 'Tab',
    Enter: 'Enter',
    Backspace: 'Backspace',
    Delete: 'Delete',
    Insert: 'Insert',
    Home: 'Home',
    End: 'End',
    PageUp: 'PageUp',
    PageDown: 'PageDown',
    ArrowUp: 'Up',
    ArrowDown: 'Down',
    ArrowLeft: 'Left',
    ArrowRight: 'Right',
    Minus: 'Minus',
    Equal: 'Plus',
  };
  return named[code] ?? '';
}

/**
 * accelerator reads a key press: "Ctrl+Alt+P" when it is a key with at least one of Ctrl, Alt or
 * Super; "" while only modifiers are down or the key has no name; null for a key that needs a
 * modifier it lacks (a bare letter would steal typing in every application).
 */
export function accelerator(
  e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>,
): string | null {
  if (MODIFIER_KEYS.has(e.key)) return '';
  const key = keyName(e.code);
  if (!key) return '';
  const mods = [e.ctrlKey && 'Ctrl', e.altKey && 'Alt', e.shiftKey && 'Shift', e.metaKey && 'Super'].filter(
    Boolean,
  ) as string[];
  const fkey = /^F\d+$/.test(key);
  if (!e.ctrlKey && !e.altKey && !e.metaKey && !fkey) return null;
  return [...mods, key].join('+');
}
