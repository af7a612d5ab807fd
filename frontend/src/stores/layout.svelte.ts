// Window-level layout state: the sidebar drawer of narrow windows, and the calendar and backfill dialogs.
class LayoutStore {
  /** On a narrow window the sidebar is an icon rail; open shows it in full over the page. */
  sidebarOpen = $state(false);
  /** The calendar picker is open. */
  calendarOpen = $state(false);
  /** The backfill dialog is open. */
  backfillOpen = $state(false);

  toggleSidebar(): void {
    this.sidebarOpen = !this.sidebarOpen;
  }

  /** A dialog owns the keyboard. */
  get modal(): boolean {
    return this.calendarOpen || this.backfillOpen;
  }
}

export const layout = new LayoutStore();
