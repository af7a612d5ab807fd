// One short message at a time, announced politely: "Saved", "Copied", or an error in plain words.
// Errors stay until dismissed (or replaced); they may carry one action, such as Retry.
export interface NoticeAction {
  label: string;
  run: () => void;
}

class NoticeStore {
  text = $state('');
  kind = $state<'info' | 'error'>('info');
  action = $state.raw<NoticeAction | null>(null);
  /** Bumped by every show, so a repeated message ("Saved", "Saved") is announced again. */
  seq = $state(0);
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** show says something for a moment (info) or until dismissed (error, or ms = 0). */
  show(
    text: string,
    kind: 'info' | 'error' = 'info',
    ms = kind === 'error' ? 0 : 2500,
    action: NoticeAction | null = null,
  ): void {
    this.text = text;
    this.kind = kind;
    this.action = action;
    this.seq++;
    clearTimeout(this.#timer);
    if (ms > 0) this.#timer = setTimeout(() => this.clear(), ms);
  }

  error(text: string, action: NoticeAction | null = null): void {
    this.show(text, 'error', 0, action);
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.text = '';
    this.action = null;
  }
}

export const notice = new NoticeStore();
