// One short message at a time ("Copied", or an error in plain words), announced politely.
class NoticeStore {
  text = $state('');
  kind = $state<'info' | 'error'>('info');
  #timer: ReturnType<typeof setTimeout> | undefined;

  show(text: string, kind: 'info' | 'error' = 'info', ms = kind === 'error' ? 6000 : 2500): void {
    this.text = text;
    this.kind = kind;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => (this.text = ''), ms);
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.text = '';
  }
}

export const notice = new NoticeStore();
