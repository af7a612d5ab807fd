// Window-level layout state: the sidebar drawer of narrow windows.
class LayoutStore {
  /** On a narrow window the sidebar is an icon rail; open shows it in full over the page. */
  sidebarOpen = $state(false);

  toggleSidebar(): void {
    this.sidebarOpen = !this.sidebarOpen;
  }
}

export const layout = new LayoutStore();
