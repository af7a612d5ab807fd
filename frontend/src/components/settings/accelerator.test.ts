import { describe, expect, it } from 'vitest';
import { accelerator } from './accelerator';

const press = (
  code: string,
  mods: Partial<Record<'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey', boolean>> = {},
  key = 'x',
) => ({
  key,
  code,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...mods,
});

describe('accelerator', () => {
  it('names a key with its modifiers in a fixed order', () => {
    expect(accelerator(press('KeyP', { ctrlKey: true, altKey: true }))).toBe('Ctrl+Alt+P');
    expect(accelerator(press('KeyK', { metaKey: true, shiftKey: true }))).toBe('Shift+Super+K');
    expect(accelerator(press('Digit1', { ctrlKey: true }))).toBe('Ctrl+1');
    expect(accelerator(press('F2'))).toBe('F2');
    expect(accelerator(press('ArrowUp', { altKey: true }))).toBe('Alt+Up');
  });
  it('waits while only modifiers are down, and refuses a bare letter', () => {
    expect(accelerator(press('ControlLeft', { ctrlKey: true }, 'Control'))).toBe('');
    expect(accelerator(press('KeyP'))).toBeNull();
    expect(accelerator(press('KeyP', { shiftKey: true }))).toBeNull();
    expect(accelerator(press('IntlBackslash', { ctrlKey: true }))).toBe('');
  });
});
